import { cleanCell, findUpdated, isStatusHeader, parseStatus } from './clean.ts';
import type { Layout, PageProblem, PageRow } from './types.ts';

/**
 * Text copied from a web page: one table cell per paragraph (paragraphs split by blank lines). A cell may span several
 * paragraphs (a numbered list, a bullet list): those are joined back before cells are assigned.
 */
export const paragraphCells: Layout = {
  name: 'paragraph-cells',
  detect(text) {
    return /\n\s*\n\s*Status Code\s*\n\s*\n\s*Error Code\s*\n/i.test(text) ? 0.9 : 0;
  },
  read(text) {
    const paras = paragraphs(text);
    const rows: PageRow[] = [];
    const problems: PageProblem[] = [];
    let i = 0;
    while (i < paras.length) {
      if (!isStatusHeader(paras[i]?.text ?? '')) {
        i++;
        continue;
      }
      i += 5; // Status Code, Error Code, Message, Description, Handling Measure
      while (i < paras.length && !isStatusHeader(paras[i]?.text ?? '')) {
        const start = rowStart(paras, i);
        if (start === undefined) break;
        let end = i + 2;
        while (end < paras.length && rowStart(paras, end) === undefined && !isEndOfTable(paras, end)) end++;
        const codePara = paras[i + 1];
        if (!codePara) break;
        const units = joinContinuations(paras.slice(i + 2, end).map((p) => p.text));
        const row = toRow(start, cleanCell(codePara.text), units, codePara.line);
        if ('code' in row) rows.push(row);
        else problems.push(row);
        i = end;
        if (isEndOfTable(paras, end)) break;
      }
    }
    return { table: { rows, title: title(paras), updated: findUpdated(text) }, problems };
  },
};

interface Para {
  text: string;
  line: number;
}

function paragraphs(text: string): Para[] {
  const out: Para[] = [];
  let current: string[] = [];
  let startLine = 0;
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') {
      if (current.length) out.push({ text: current.join('\n'), line: startLine });
      current = [];
      return;
    }
    if (!current.length) startLine = index + 1;
    current.push(line);
  });
  if (current.length) out.push({ text: current.join('\n'), line: startLine });
  return out;
}

const CODE_CELL = /^(?:[A-Za-z][A-Za-z0-9]*[._-][A-Za-z0-9]+|\d{3,6}|Others|其他)$/;

/** The status of a row starting at `i` (a status paragraph followed by a code paragraph), else undefined. */
function rowStart(paras: Para[], i: number): number | undefined {
  const status = parseStatus(paras[i]?.text ?? '');
  const code = paras[i + 1]?.text.trim() ?? '';
  return status !== undefined && CODE_CELL.test(code) ? status : undefined;
}

const FOOTER = /^(?:Feedback|Was this page helpful|Parent topic|Previous topic|Next topic|Helpful|Not helpful)\b/i;

function isEndOfTable(paras: Para[], i: number): boolean {
  return FOOTER.test(paras[i]?.text.trim() ?? '');
}

const BULLET = /^\s*[•·●▪◦*-]\s/;
const NUMBERED = /^\s*(\d+)[.)、]\s*/;

/** Joins paragraphs that continue a cell: bullet items, and numbered items after their predecessor. */
export function joinContinuations(texts: string[]): string[] {
  const units: string[] = [];
  let lastNumber = 0;
  for (const text of texts) {
    const num = NUMBERED.exec(text);
    const n = num?.[1] ? Number(num[1]) : 0;
    const prev = units.length - 1;
    const continuesList = n > 1 && n === lastNumber + 1;
    if (prev >= 0 && (BULLET.test(text) || continuesList)) {
      units[prev] = `${units[prev]}\n${text}`;
    } else {
      units.push(text);
    }
    lastNumber = n > 0 ? n : BULLET.test(text) ? lastNumber : 0;
  }
  return units;
}

function toRow(status: number, code: string, units: string[], line: number): PageRow | PageProblem {
  if (/^(?:Others|其他)$/i.test(code)) {
    return { status, code, message: '', description: '', measure: cleanCell(units.join('\n')), line };
  }
  if (units.length < 3) {
    return {
      line,
      message: `row ${code} has ${units.length} cells after the code; expected message, description and measure`,
    };
  }
  const [message = '', description = '', ...measure] = units;
  return {
    status,
    code,
    message: cleanCell(message),
    description: cleanCell(description),
    measure: cleanCell(measure.join('\n')),
    line,
  };
}

function title(paras: Para[]): string | undefined {
  const t = paras.find((p) => !/^Updated on/i.test(p.text));
  return t ? cleanCell(t.text) : undefined;
}
