/**
 * Word wrapping for the terminal: display widths (a Chinese character takes two columns), break opportunities at
 * spaces and between Chinese characters, never before closing punctuation, and a hanging indent.
 */

/** East Asian wide and fullwidth characters: two terminal columns each. */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u;
/** Zero-width: combining marks, joiners and other format characters, variation selectors. */
const ZERO = /[\p{Mn}\p{Me}\p{Cf}]/u;
/** Characters a line may not start with: they stay with what precedes them. */
const CLOSING = /[.,;:!?)\]}'"%。，、；：！？）」』》〉】〕”’…]/u;
/** Characters a line may not end with: they stay with what follows them. */
const OPENING = /[（「『《〈【〔“‘]/u;

/** Columns a string takes in a terminal. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += WIDE.test(ch) ? 2 : ZERO.test(ch) ? 0 : 1;
  return width;
}

/** A run of text that is never broken, and whether a space separates it from the previous one. */
interface Atom {
  text: string;
  space: boolean;
}

/** Splits a paragraph into unbreakable runs: words, and single Chinese characters with their punctuation. */
function atoms(paragraph: string): Atom[] {
  const out: Atom[] = [];
  let current = '';
  let space = false;
  let lastWide = false;
  const flush = () => {
    if (current) out.push({ text: current, space });
    current = '';
    space = false;
  };
  for (const ch of paragraph) {
    if (/\s/.test(ch)) {
      flush();
      space = out.length > 0;
      lastWide = false;
      continue;
    }
    const wide = WIDE.test(ch);
    if (CLOSING.test(ch)) {
      // Glued to what precedes it, even across a flush.
      if (current === '' && !space && out.length > 0) {
        const last = out[out.length - 1] as Atom;
        last.text += ch;
      } else current += ch;
    } else if (current !== '' && (wide || lastWide) && !OPENING.test(current.slice(-1))) {
      flush();
      current = ch;
    } else current += ch;
    lastWide = wide;
  }
  flush();
  return out;
}

/** A leading list marker (`• `, `- `, `1. `, `2) `): continuation lines of the item align after it. */
const MARKER = /^(?:[•·*-]|\(?\d{1,3}[.)、])\s+/u;

/**
 * Wraps `text` to `width` columns. The first line starts with `first` (a label, say); every other line starts with
 * `indent` spaces, so the text hangs under itself. Each line of `text` is a paragraph of its own; a list item's
 * continuation lines also align after its marker. A word longer than a line is left whole (a URL must stay
 * copyable), overflowing.
 */
export function hang(first: string, text: string, width: number, indent = displayWidth(first)): string[] {
  const lines: string[] = [];
  const pad = ' '.repeat(indent);
  for (const paragraph of text.split('\n')) {
    const start = lines.length === 0 ? first : pad;
    const marker = MARKER.exec(paragraph.trimStart())?.[0] ?? '';
    const under = pad + ' '.repeat(displayWidth(marker));
    let line = start;
    let used = displayWidth(start);
    let empty = true;
    for (const atom of atoms(paragraph)) {
      const w = displayWidth(atom.text);
      const gap = !empty && atom.space ? 1 : 0;
      if (!empty && used + gap + w > width) {
        lines.push(line);
        line = under + atom.text;
        used = displayWidth(under) + w;
        continue;
      }
      line += (gap ? ' ' : '') + atom.text;
      used += gap + w;
      empty = false;
    }
    lines.push(line.trimEnd());
  }
  return lines;
}
