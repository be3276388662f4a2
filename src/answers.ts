import { randomUUID } from 'node:crypto';
import type { Catalog } from './catalog/catalog.ts';
import { parseCode } from './catalog/codes.ts';
import type { Answer, AnswerItem } from './engine/answer.ts';
import type { Engine } from './engine/engine.ts';

/** A code looked up, for App Home's statistics. */
export interface LookupRecord {
  code: string;
  service?: string;
  found: boolean;
  via: 'command' | 'message' | 'mention' | 'shortcut' | 'console';
}

/** Lookup statistics: what was asked, for App Home. */
export interface LookupStats {
  record(lookup: LookupRecord): Promise<void>;
  /** The codes asked most often since `since`, most first. */
  topCodes(limit: number, since?: number): Promise<{ code: string; service?: string; count: number }[]>;
  /** Codes people asked about that the catalog lacks, most recent first: what to import next. */
  recentUnknownCodes(limit: number): Promise<{ code: string; count: number; lastAt: number }[]>;
}

/** Answers kept for the buttons on them; they expire after a week. */
export interface AnswerCache {
  save(id: string, payload: unknown): Promise<void>;
  /** A kept answer, if it has not expired. */
  load(id: string): Promise<unknown>;
}

/** The ports answering records into; a unit of work hands out the same shape. */
export interface AnswerRecords {
  lookups: LookupStats;
  answers: AnswerCache;
}

/** An answer kept for the buttons on it: what was asked, what came back, and where. */
export interface StoredAnswer {
  id: string;
  query: string;
  answer: Answer;
  channel?: string;
  /** The message the answer is about (a pasted message, or the one a shortcut was used on). */
  messageTs?: string;
  threadTs?: string;
  user?: string;
  via: LookupRecord['via'];
}

/** Where an answer will be shown: everything of a StoredAnswer but what the engine adds. */
export type AnswerContext = Omit<StoredAnswer, 'id' | 'query' | 'answer'>;

/** Longest query kept with a stored answer: a whole Slack message (Slack keeps 40,000 characters of one), for tickets. */
const MAX_STORED_QUERY = 40_000;

/**
 * The one domain call the Slack listeners and the console make: answer a text, record what was asked for App Home,
 * and keep the answer for the buttons on it. Knows nothing of Slack.
 */
export class Answers {
  constructor(
    private readonly engine: Engine,
    private readonly records: AnswerRecords,
  ) {}

  /** Answers `text` without recording anything: the decision, for callers that record later (or never). */
  decide(text: string, ctx: AnswerContext): StoredAnswer {
    const answer = this.engine.answer(text);
    return { id: randomUUID(), query: text.slice(0, MAX_STORED_QUERY), answer, ...ctx };
  }

  /** Answers `text`, records the lookup and stores the answer. */
  async ask(text: string, ctx: AnswerContext): Promise<StoredAnswer> {
    const stored = this.decide(text, ctx);
    await this.record(stored);
    return stored;
  }

  /** Records the lookup and keeps the answer; `into` a unit of work's ports to commit with other changes. */
  async record(stored: StoredAnswer, into: AnswerRecords = this.records): Promise<void> {
    const { answer } = stored;
    for (const m of answer.matches)
      await into.lookups.record({ code: m.code, service: m.service, found: true, via: stored.via });
    if (answer.unknownCode) await into.lookups.record({ code: answer.unknownCode, found: false, via: stored.via });
    await into.answers.save(stored.id, stored);
  }

  /** A stored answer by id, if it is still kept. */
  async load(id: string): Promise<StoredAnswer | undefined> {
    const value = await this.records.answers.load(id);
    return isStoredAnswer(value) ? value : undefined;
  }

  get catalog() {
    return this.engine.catalog;
  }

  /**
   * For each item of an answer, the page in `lang` that publishes its entry (the vendor publishes IMS's codes in
   * English and Chinese): what to cite when that language's text is shown. Items without such a page are left out.
   */
  sourcesIn(answer: Answer, lang: string): Record<string, NonNullable<AnswerItem['source']>> {
    const found: Record<string, NonNullable<AnswerItem['source']>> = {};
    for (const item of answer.matches.slice(0, 3)) {
      const entry = this.catalog.byCode(item.code).find((e) => e.id === item.id);
      const source = entry?.sources.find((s) => s.page.lang === lang);
      if (!source) continue;
      found[item.id] = {
        page: source.page.file,
        row: source.row,
        line: source.line,
        ...(source.page.title ? { title: source.page.title } : {}),
        ...(source.page.url ? { url: source.page.url } : {}),
      };
    }
    return found;
  }
}

function isStoredAnswer(value: unknown): value is StoredAnswer {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as StoredAnswer).id === 'string' &&
    typeof (value as StoredAnswer).query === 'string' &&
    typeof (value as StoredAnswer).answer === 'object'
  );
}

/**
 * Whether a chat message deserves an unprompted answer: it names a catalog code, or holds an error body the catalog
 * knows by its message, or an error body / code of a known service that the catalog lacks. Words alone never do.
 */
export function worthAnsweringInChat(answer: Answer, catalog: Catalog): boolean {
  if (answer.matches.some((m) => m.matchedBy !== 'text')) return true;
  if (!answer.unknownCode) return false;
  const prefix = parseCode(answer.unknownCode)?.prefix;
  return answer.extracted.structured || (!!prefix && catalog.servicesOfPrefix(prefix).length > 0);
}
