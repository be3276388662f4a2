import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadQueries } from '../../scripts/queries.ts';
import { catalogFiles } from '../../src/catalog/files.ts';
import {
  catalogSummary,
  indexPathOf,
  type OpenOptions,
  openEngine,
  snapshotKey,
  writeSnapshotFile,
} from '../../src/engine/snapshot.ts';
import { FORMAT } from '../../src/engine/snapshot-file.ts';
import { CATALOG_DIR, tempDir } from '../helpers.ts';

/**
 * Snapshots are built into temporary directories from copies of the shipped catalog: nothing here writes into
 * `catalog/` or `dist/`.
 */
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

/** A copy of the shipped catalog's YAML files (all, or the services named), with an empty cache directory beside it. */
function sandbox(services?: string[]): OpenOptions & { catalogDir: string; cacheDir: string; dir: string } {
  const tmp = tempDir('errcode-snapshot-');
  cleanups.push(tmp.cleanup);
  const catalogDir = join(tmp.dir, 'catalog');
  mkdirSync(catalogDir);
  for (const file of catalogFiles(CATALOG_DIR)) {
    if (!services || services.includes(basename(file, '.yaml'))) copyFileSync(file, join(catalogDir, basename(file)));
  }
  return { dir: tmp.dir, catalogDir, cacheDir: join(tmp.dir, 'cache') };
}

/** The snapshots in a cache directory (each with its index beside it, checked here). */
const cached = (dir: string) => {
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir);
  const snapshots = names.filter((n) => /^catalog-[0-9a-f]{16}\.json$/.test(n)).sort();
  expect(names.filter((n) => n.endsWith('.index.json')).sort()).toEqual(snapshots.map((n) => basename(indexPathOf(n))));
  return snapshots;
};

const CFW_FILE = 'cfw.yaml';
const OLD = 'The import task is in progress. Please operate after the task is completed.';
const NEW = 'The import task is still running. Try again once it has finished.';

describe('snapshot: it cannot go stale unnoticed', () => {
  it('is keyed by the YAML files’ names and bytes, not by where they are', () => {
    const box = sandbox(['cfw', 'ims']);
    const key = snapshotKey(box.catalogDir);
    const copy = sandbox(['cfw', 'ims']);
    expect(snapshotKey(copy.catalogDir)).toBe(key);

    const cfw = join(box.catalogDir, CFW_FILE);
    appendFileSync(cfw, '# a comment\n');
    const edited = snapshotKey(box.catalogDir);
    expect(edited).not.toBe(key);

    renameSync(cfw, join(box.catalogDir, 'cfw2.yaml'));
    const renamed = snapshotKey(box.catalogDir);
    expect(renamed).not.toBe(edited);

    copyFileSync(join(CATALOG_DIR, 'vpc.yaml'), join(box.catalogDir, 'vpc.yaml'));
    const added = snapshotKey(box.catalogDir);
    expect(added).not.toBe(renamed);

    rmSync(join(box.catalogDir, 'vpc.yaml'));
    expect(snapshotKey(box.catalogDir)).toBe(renamed);
  });

  it('is built from the YAML once, then read back', async () => {
    const box = sandbox();
    const first = await openEngine(box);
    expect(first).toMatchObject({ from: 'yaml', path: join(box.cacheDir, `catalog-${first.key.slice(0, 16)}.json`) });
    expect(cached(box.cacheDir)).toEqual([basename(first.path ?? '')]);

    const second = await openEngine(box);
    expect(second).toMatchObject({ from: 'snapshot', path: first.path, key: first.key });
    expect(second.engine.answer('CFW.00900016')).toEqual(first.engine.answer('CFW.00900016'));
  }, 60_000);

  it('is not used once a message is edited: the engine answers with the new text, and a new snapshot is written', async () => {
    const box = sandbox();
    const before = await openEngine(box);
    expect(before.engine.answer('CFW.00900016').matches[0]?.message).toBe(OLD);
    const oldSnapshot = readFileSync(before.path ?? '', 'latin1');

    const cfw = join(box.catalogDir, CFW_FILE);
    const yaml = readFileSync(cfw, 'utf8');
    const entry = `  - code: CFW.00900016\n    status: 400\n    message: ${OLD}\n`;
    expect(yaml).toContain(entry);
    writeFileSync(cfw, yaml.replace(entry, entry.replace(OLD, NEW)));

    const after = await openEngine(box);
    expect(after.from).toBe('yaml');
    expect(after.key).not.toBe(before.key);
    expect(after.path).not.toBe(before.path);
    expect(after.engine.answer('CFW.00900016').matches[0]?.message).toBe(NEW);
    expect(after.engine.answer(NEW)).toMatchObject({ decidedBy: 'message', matches: [{ code: 'CFW.00900016' }] });
    // The old snapshot was neither read nor rewritten; the new one sits beside it.
    expect(readFileSync(before.path ?? '', 'latin1')).toBe(oldSnapshot);
    expect(cached(box.cacheDir)).toEqual([basename(before.path ?? ''), basename(after.path ?? '')].sort());

    const again = await openEngine(box);
    expect(again).toMatchObject({ from: 'snapshot', path: after.path });
    expect(again.engine.answer('CFW.00900016').matches[0]?.message).toBe(NEW);

    // Undoing the edit finds the first snapshot again.
    writeFileSync(cfw, yaml);
    expect(await openEngine(box)).toMatchObject({ from: 'snapshot', path: before.path, key: before.key });
  }, 60_000);
});

describe('snapshot: the key, with digests kept in the cache', () => {
  const digestsOf = (cacheDir: string) =>
    JSON.parse(readFileSync(join(cacheDir, 'file-digests.json'), 'utf8')) as Record<
      string,
      [number, number, number, number, number, string]
    >;

  it('is the same key as one read from every byte, and keeps a digest per file', () => {
    const box = sandbox(['ims', 'cfw']);
    const key = snapshotKey(box.catalogDir, box.cacheDir);
    expect(key).toBe(snapshotKey(box.catalogDir));
    expect(snapshotKey(box.catalogDir, box.cacheDir)).toBe(key);
    expect(Object.keys(digestsOf(box.cacheDir))).toEqual(
      expect.arrayContaining([join(box.catalogDir, 'ims.yaml'), join(box.catalogDir, CFW_FILE)]),
    );
  });

  it('reuses a digest only while the file is unchanged, and not when it was taken right after a change', () => {
    const box = sandbox(['ims', 'cfw']);
    const key = snapshotKey(box.catalogDir, box.cacheDir);
    const cfw = join(box.catalogDir, CFW_FILE);
    const forge = (digestedAfterChange: number) => {
      const digests = digestsOf(box.cacheDir);
      const d = digests[cfw];
      if (!d) throw new Error('no digest kept for cfw.yaml');
      digests[cfw] = [d[0], d[1], d[2], d[3], d[2] + digestedAfterChange, '0'.repeat(40)];
      writeFileSync(join(box.cacheDir, 'file-digests.json'), JSON.stringify(digests));
    };
    // A digest taken well after the file's last change is trusted: the forged one is used (so the cache is read).
    forge(5000);
    expect(snapshotKey(box.catalogDir, box.cacheDir)).not.toBe(key);
    // One taken within two seconds of it is not: the file is read again.
    forge(1000);
    expect(snapshotKey(box.catalogDir, box.cacheDir)).toBe(key);
  });

  it('notices a write that keeps the size and sets the times back', () => {
    const box = sandbox(['ims', 'cfw']);
    const cfw = join(box.catalogDir, CFW_FILE);
    const before = statSync(cfw);
    const key = snapshotKey(box.catalogDir, box.cacheDir);
    const yaml = readFileSync(cfw, 'utf8');
    writeFileSync(cfw, yaml.replace(OLD, OLD.replace('import', 'IMPORT')));
    utimesSync(cfw, before.atime, before.mtime);
    expect(statSync(cfw).size).toBe(before.size);
    expect(snapshotKey(box.catalogDir, box.cacheDir)).not.toBe(key);
    expect(snapshotKey(box.catalogDir, box.cacheDir)).toBe(snapshotKey(box.catalogDir));
  });

  it('survives a damaged digest file, and forgets files that are gone', () => {
    const box = sandbox(['ims', 'cfw']);
    const key = snapshotKey(box.catalogDir, box.cacheDir);
    writeFileSync(join(box.cacheDir, 'file-digests.json'), '{"not": [1, 2]');
    expect(snapshotKey(box.catalogDir, box.cacheDir)).toBe(key);
    rmSync(join(box.catalogDir, CFW_FILE));
    snapshotKey(box.catalogDir, box.cacheDir);
    expect(Object.keys(digestsOf(box.cacheDir))).not.toContain(join(box.catalogDir, CFW_FILE));
  });
});

describe('snapshot: the cache', () => {
  it('keeps the newest four snapshots, the current one always, and removes abandoned temp files', async () => {
    const box = sandbox(['cfw']);
    const cfw = join(box.catalogDir, CFW_FILE);
    const yaml = readFileSync(cfw, 'utf8');
    const abandoned = join(box.cacheDir, 'catalog-0123456789abcdef.json.4242.tmp');
    const writing = join(box.cacheDir, 'catalog-fedcba9876543210.json.4243.tmp');
    mkdirSync(box.cacheDir, { recursive: true });
    writeFileSync(abandoned, '{');
    writeFileSync(writing, '{');
    const twoHoursAgo = new Date(Date.now() - 7_200_000);
    utimesSync(abandoned, twoHoursAgo, twoHoursAgo);
    const paths: string[] = [];
    for (let i = 0; i < 6; i++) {
      writeFileSync(cfw, `${yaml}\n# edit ${i}\n`);
      const opened = await openEngine(box);
      expect(opened.from).toBe('yaml');
      paths.push(opened.path ?? '');
      // Modification times a second apart, so "newest" does not depend on the file system's clock resolution.
      const at = new Date(Date.now() - (6 - i) * 1000);
      utimesSync(opened.path ?? '', at, at);
    }
    expect(cached(box.cacheDir)).toEqual(
      paths
        .slice(2)
        .map((p) => basename(p))
        .sort(),
    );
    expect(existsSync(abandoned)).toBe(false);
    expect(existsSync(writing)).toBe(true);
  }, 120_000);
});

describe('snapshot: a damaged or foreign snapshot is ignored and rebuilt, never a crash', () => {
  // Two services are enough: what is read does not depend on the catalog's size.
  const box = sandbox(['ims', 'image-search']);
  let good = '';
  let goodIndex = '';
  let path = '';
  let key = '';

  const opened = async () => {
    if (!good) {
      const first = await openEngine(box);
      path = first.path ?? '';
      key = first.key;
      good = readFileSync(path, 'latin1');
      goodIndex = readFileSync(indexPathOf(path), 'latin1');
    }
    return { good, goodIndex, path, key };
  };

  /** Cuts `count` base64 characters (three bytes per four) from the start of a field of the snapshot. */
  const cut = (text: string, field: string, count: number) =>
    text.replace(new RegExp(`"${field}":"[A-Za-z0-9+/]{${count}}`), `"${field}":"`);
  const parsed = (text: string) => JSON.parse(text) as Record<string, unknown>;
  const junk = () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));

  /** What the engine must answer whatever it was opened from: by code, by message and by words. */
  const answersRight = (o: { engine: { answer(text: string): { matches: { code: string }[] } } }) => {
    expect(o.engine.answer('IMG.0024').matches.map((m) => m.code)).toEqual(['IMG.0024']);
    expect(o.engine.answer('The image type in the request is incorrect.').matches.map((m) => m.code)).toEqual([
      'IMG.0024',
    ]);
    expect(o.engine.answer('image search instance does not exist').matches.map((m) => m.code)).toEqual(['IS.2019']);
  };

  it.each<[string, (text: string) => string | Buffer]>([
    ['empty', () => ''],
    ['cut in half', (t) => t.slice(0, t.length / 2)],
    ['cut just after its key', (t) => t.slice(0, 200)],
    ['binary junk', junk],
    ['of another catalog (another key)', (t) => t.replace(`"key":"${key}"`, `"key":"${'0'.repeat(64)}"`)],
    ['of another format', (t) => t.replace(`"format":${FORMAT},`, `"format":${FORMAT + 1},`)],
    ['without its catalog', (t) => JSON.stringify({ ...parsed(t), catalog: undefined })],
    ['with a catalog column cut short', (t) => cut(t, 'sourceBounds', 16)],
  ])(
    'ignores a snapshot %s, answers from the YAML, and writes a good one over it',
    async (_name, damage) => {
      const { good, path } = await opened();
      const damaged = damage(good);
      expect(damaged).not.toEqual(good);
      writeFileSync(path, damaged);

      const o = await openEngine(box);
      expect(o).toMatchObject({ from: 'yaml', path });
      answersRight(o);
      expect(readFileSync(path, 'latin1')).toBe(good);
      expect((await openEngine(box)).from).toBe('snapshot');
    },
    30_000,
  );

  it.each<[string, (text: string) => string | Buffer | undefined]>([
    ['missing', () => undefined],
    ['empty', () => ''],
    ['cut in half', (t) => t.slice(0, t.length / 2)],
    ['binary junk', junk],
    ['of another catalog (another key)', (t) => t.replace(`"key":"${key}"`, `"key":"${'0'.repeat(64)}"`)],
    ['of the wrong kind', (t) => JSON.stringify({ ...parsed(t), index: { terms: 42 } })],
    ['with an array cut mid-number', (t) => cut(t, 'postDoc', 4)],
    ['with arrays that no longer fit together', (t) => cut(t, 'listIds', 16)],
    ['with its message table cut short', (t) => cut(t, 'exactIds', 16)],
  ])(
    'opens the snapshot whose index is %s, builds the index from its catalog when first needed, and writes it back',
    async (_name, damage) => {
      const { good, goodIndex, path } = await opened();
      const damaged = damage(goodIndex);
      if (damaged === undefined) rmSync(indexPathOf(path));
      else writeFileSync(indexPathOf(path), damaged);

      const o = await openEngine(box);
      expect(o).toMatchObject({ from: 'snapshot', path });
      answersRight(o);
      expect(readFileSync(path, 'latin1')).toBe(good);
      expect(readFileSync(indexPathOf(path), 'latin1')).toBe(goodIndex);
    },
    30_000,
  );

  it('never reads the index to answer a code', async () => {
    const { path } = await opened();
    const index = readFileSync(indexPathOf(path), 'latin1');
    writeFileSync(indexPathOf(path), 'not read');
    try {
      const o = await openEngine(box);
      expect(o.engine.answer('IMG.0024').matches.map((m) => m.code)).toEqual(['IMG.0024']);
      expect(readFileSync(indexPathOf(path), 'latin1')).toBe('not read');
    } finally {
      writeFileSync(indexPathOf(path), index);
    }
  });

  it('answers from the YAML where no snapshot can be written', async () => {
    const blocked = sandbox(['ims']);
    writeFileSync(blocked.cacheDir, 'a file where the cache directory should be');
    const o = await openEngine(blocked);
    expect(o.from).toBe('yaml');
    expect(o.path).toBeUndefined();
    expect(o.engine.answer('IMG.0024').matches.map((m) => m.code)).toEqual(['IMG.0024']);
  });
});

describe('snapshot: the shipped snapshot', () => {
  const shippedBox = async () => {
    const box = sandbox(['ims', 'image-search']);
    const shipped = join(box.dir, 'dist', 'catalog.snapshot.json');
    const key = await writeSnapshotFile(box.catalogDir, shipped);
    return { ...box, shipped, key };
  };

  it('is keyed like any snapshot, and read first: nothing is built or cached', async () => {
    const box = await shippedBox();
    expect(box.key).toBe(snapshotKey(box.catalogDir));
    const o = await openEngine(box);
    expect(o).toMatchObject({ from: 'snapshot', path: box.shipped, key: box.key });
    expect(cached(box.cacheDir)).toEqual([]);
    expect(o.engine.answer('IMG.0024').matches.map((m) => m.code)).toEqual(['IMG.0024']);
  });

  it('is preferred to a cached snapshot of the same key', async () => {
    const box = await shippedBox();
    const cachedOnly = await openEngine({ catalogDir: box.catalogDir, cacheDir: box.cacheDir });
    expect(cachedOnly.from).toBe('yaml');
    expect(await openEngine(box)).toMatchObject({ from: 'snapshot', path: box.shipped });
  });

  it('gives way to the cache when it is damaged', async () => {
    const box = await shippedBox();
    const cache = await openEngine({ catalogDir: box.catalogDir, cacheDir: box.cacheDir });
    writeFileSync(box.shipped, readFileSync(box.shipped, 'latin1').slice(0, 1000));
    expect(await openEngine(box)).toMatchObject({ from: 'snapshot', path: cache.path });
  });

  it('is not used once the catalog changes, and is never written', async () => {
    const box = await shippedBox();
    const shipped = readFileSync(box.shipped, 'latin1');
    appendFileSync(join(box.catalogDir, 'ims.yaml'), '# reviewed\n');
    const o = await openEngine(box);
    expect(o.from).toBe('yaml');
    expect(o.path?.startsWith(box.cacheDir)).toBe(true);
    expect(readFileSync(box.shipped, 'latin1')).toBe(shipped);
  });

  it("gives the catalog's size from its head, and nothing once it is stale", async () => {
    const box = await shippedBox();
    const o = await openEngine(box);
    expect(catalogSummary(box)).toEqual({
      codes: o.engine.catalog.codes,
      entries: o.engine.catalog.size,
      services: 2,
    });
    appendFileSync(join(box.catalogDir, 'ims.yaml'), '# reviewed\n');
    expect(catalogSummary(box)).toBeUndefined();
  });
});

describe('snapshot: an engine restored from a snapshot answers as one built from the YAML', () => {
  const queries = loadQueries();

  it(`answers all ${queries.length} labelled queries identically, and its words stage sees the same`, async () => {
    const cache = sandbox([]);
    const fresh = await openEngine({ catalogDir: CATALOG_DIR, cacheDir: cache.cacheDir });
    const restored = await openEngine({ catalogDir: CATALOG_DIR, cacheDir: cache.cacheDir });
    expect([fresh.from, restored.from]).toEqual(['yaml', 'snapshot']);
    expect(restored.engine.catalog.size).toBe(fresh.engine.catalog.size);
    expect(restored.engine.catalog.codes).toBe(fresh.engine.catalog.codes);
    for (const { query } of queries) {
      expect(restored.engine.answer(query), query).toEqual(fresh.engine.answer(query));
      expect(restored.engine.explain(query), query).toEqual(fresh.engine.explain(query));
    }
  }, 60_000);
});
