import { StringDecoder } from 'node:string_decoder';

/** A readable byte stream, as `process.stdin` is. */
export type Input = AsyncIterable<Buffer | string>;

/**
 * Reads UTF-8 text up to `limit` characters (the engine's MAX_INPUT), plus one so the engine can tell the input was cut. Whatever follows is
 * read and dropped, not kept: memory stays bounded whatever is piped in, and the writer is never left blocked or
 * broken by a pipe closed early.
 */
export async function readBounded(input: Input, limit: number): Promise<string> {
  const decoder = new StringDecoder('utf8');
  let text = '';
  for await (const chunk of input) {
    if (text.length > limit) continue;
    text += typeof chunk === 'string' ? chunk : decoder.write(chunk);
  }
  if (text.length <= limit) text += decoder.end();
  return text.length > limit + 1 ? text.slice(0, limit + 1) : text;
}

/** One input line: its text, or that it was longer than the limit (its text then dropped as it streamed by). */
export type Line = { text: string; tooLong?: false } | { tooLong: true };

/**
 * The lines of a stream (`\n` or `\r\n`), none held past `limit` characters: a longer line is reported as too long
 * and the rest of it skipped while it streams, so one huge line cannot exhaust memory.
 */
export async function* boundedLines(input: Input, limit: number): AsyncGenerator<Line> {
  const decoder = new StringDecoder('utf8');
  let line = '';
  let tooLong = false;
  const take = function* (text: string): Generator<Line> {
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl >= 0; nl = text.indexOf('\n', start)) {
      const part = text.slice(start, nl);
      start = nl + 1;
      if (!tooLong && line.length + part.length <= limit) yield { text: (line + part).replace(/\r$/, '') };
      else yield { tooLong: true };
      line = '';
      tooLong = false;
    }
    if (tooLong) return;
    line += text.slice(start);
    if (line.length > limit) {
      line = '';
      tooLong = true;
    }
  };
  for await (const chunk of input) yield* take(typeof chunk === 'string' ? chunk : decoder.write(chunk));
  yield* take(decoder.end());
  if (tooLong) yield { tooLong: true };
  else if (line !== '') yield { text: line.replace(/\r$/, '') };
}
