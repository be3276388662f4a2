import { closeSync, openSync, readSync } from 'node:fs';

/** What reading a SQLite write-ahead log found. */
export type WalCheck =
  | { ok: true; frames: number }
  | {
      ok: false;
      /** What is wrong, in a sentence's words. */
      problem: string;
      /** Frames SQLite will use (up to the last commit before the damage). */
      usable: number;
    };

const MAGIC = 0x377f0682;
const VERSION = 3007000;
const HEADER = 32;
const FRAME_HEADER = 24;

/** SQLite's WAL checksum over `data` (a multiple of 8 bytes), continuing from `s`. */
function checksum(data: Buffer, bigEndian: boolean, s: [number, number]): [number, number] {
  let [s0, s1] = s;
  for (let i = 0; i + 8 <= data.length; i += 8) {
    const x0 = bigEndian ? data.readUInt32BE(i) : data.readUInt32LE(i);
    const x1 = bigEndian ? data.readUInt32BE(i + 4) : data.readUInt32LE(i + 4);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}

/**
 * Reads a write-ahead log the way SQLite recovers it, to tell a log SQLite would silently cut short from one it
 * reads whole. SQLite uses the frames from the start whose salts and running checksums hold, up to the last commit,
 * and ignores the rest without a word: after a crash, garbage over the log's header or frames makes committed
 * transactions vanish. What may legitimately follow the good frames is nothing, the frames of a transaction that
 * never committed, the one frame being written when the process stopped, or stale frames of an earlier
 * generation of the log (their first salt is this header's minus 1 … checkpoint count: SQLite adds one per
 * restart). Anything else is damage: a frame of this generation after an unreadable one, bytes that are no frame,
 * a log cut mid-frame, an unreadable header over a log with frames. (Damage confined to the last frame's page
 * looks like a frame cut off by a crash, and is not told apart.)
 */
export function checkWal(file: string, size: number): WalCheck {
  if (size === 0) return { ok: true, frames: 0 };
  const fd = openSync(file, 'r');
  try {
    const read = (length: number, at: number): Buffer => {
      const buffer = Buffer.alloc(length);
      const got = readSync(fd, buffer, 0, length, at);
      return got === length ? buffer : buffer.subarray(0, got);
    };
    const header = read(HEADER, 0);
    if (header.length < HEADER) return { ok: false, problem: 'it is shorter than its own header', usable: 0 };
    const magic = header.readUInt32BE(0);
    const pageSize = header.readUInt32BE(8);
    const bigEndian = (magic & 1) === 1;
    const valid =
      (magic & 0xfffffffe) === MAGIC &&
      header.readUInt32BE(4) === VERSION &&
      pageSize >= 512 &&
      pageSize <= 65536 &&
      (pageSize & (pageSize - 1)) === 0;
    const [h0, h1] = checksum(header.subarray(0, 24), bigEndian, [0, 0]);
    if (!valid || h0 !== header.readUInt32BE(24) || h1 !== header.readUInt32BE(28))
      return size > HEADER
        ? { ok: false, problem: 'its header is unreadable, so SQLite would ignore every frame in it', usable: 0 }
        : { ok: true, frames: 0 };

    const checkpoints = header.readUInt32BE(12);
    const salt1 = header.readUInt32BE(16);
    const salt2 = header.readUInt32BE(20);
    const frameSize = FRAME_HEADER + pageSize;
    const slots = Math.floor((size - HEADER) / frameSize);
    let running: [number, number] = [h0, h1];
    let good = 0;
    let usable = 0;
    for (; good < slots; good++) {
      const frame = read(frameSize, HEADER + good * frameSize);
      if (frame.readUInt32BE(8) !== salt1 || frame.readUInt32BE(12) !== salt2 || frame.readUInt32BE(0) === 0) break;
      const sum = checksum(frame.subarray(FRAME_HEADER), bigEndian, checksum(frame.subarray(0, 8), bigEndian, running));
      if (sum[0] !== frame.readUInt32BE(16) || sum[1] !== frame.readUInt32BE(20)) break;
      running = sum;
      if (frame.readUInt32BE(4) !== 0) usable = good + 1;
    }
    for (let slot = good; slot < slots; slot++) {
      const frame = read(FRAME_HEADER, HEADER + slot * frameSize);
      const s1 = frame.readUInt32BE(8);
      const s2 = frame.readUInt32BE(12);
      if (s1 === salt1 && s2 === salt2) {
        // The frame being written when the process stopped (its header out, its page not): never committed.
        if (slot === good) continue;
        return { ok: false, problem: `frame ${good + 1} is unreadable, and frames written after it are lost`, usable };
      }
      const generationsAgo = (salt1 - s1) >>> 0;
      if (generationsAgo < 1 || generationsAgo > checkpoints)
        return { ok: false, problem: `bytes after frame ${good} are not frames SQLite wrote`, usable };
    }
    const tail = (size - HEADER) % frameSize;
    if (tail > 0) {
      // SQLite appends a frame as its header, then its page: a process stopped between the two leaves a header of
      // this generation at the end. Anything else cut short lost what came after the cut.
      const partial = tail >= FRAME_HEADER ? read(FRAME_HEADER, HEADER + slots * frameSize) : undefined;
      const appending = partial?.readUInt32BE(8) === salt1 && partial.readUInt32BE(12) === salt2;
      if (!appending || good < slots)
        return { ok: false, problem: `it ends in the middle of frame ${slots + 1}: it was cut short`, usable };
    }
    return { ok: true, frames: good };
  } finally {
    closeSync(fd);
  }
}
