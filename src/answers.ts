import { randomUUID } from 'node:crypto';
import type { Catalog } from './catalog/catalog.ts';
import { parseCode } from './catalog/codes.ts';
import type { Answer } from './engine/answer.ts';
import type { Engine } from './engine/engine.ts';
import type { LookupRecord, Store } from './store/store.ts';

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

/** Longest query kept with a stored answer: enough for a ticket's "message as received". */
const MAX_STORED_QUERY = 8000;

/**
 * The one domain call the Slack listeners and the console make: answer a text, record what was asked for App Home,
 * and keep the answer for the buttons on it. Knows nothing of Slack.
 */
export class Answers {
  constructor(
    private readonly engine: Engine,
    private readonly store: Store,
  ) {}

  /** Answers `text`, records the lookup and stores the answer; `record: false` for chat messages that get no reply. */
  ask(text: string, ctx: AnswerContext, record = true): StoredAnswer {
    const answer = this.engine.answer(text);
    const stored: StoredAnswer = { id: randomUUID(), query: text.slice(0, MAX_STORED_QUERY), answer, ...ctx };
    if (record) this.record(stored);
    return stored;
  }

  /** Records the lookup and keeps the answer (for an answer decided to be shown after `ask(…, false)`). */
  record(stored: StoredAnswer): void {
    const { answer } = stored;
    for (const m of answer.matches)
      this.store.recordLookup({ code: m.code, service: m.service, found: true, via: stored.via });
    if (answer.unknownCode) this.store.recordLookup({ code: answer.unknownCode, found: false, via: stored.via });
    this.store.saveAnswer(stored.id, stored);
  }

  /** A stored answer by id, if it is still kept. */
  load(id: string): StoredAnswer | undefined {
    const value = this.store.loadAnswer(id);
    return isStoredAnswer(value) ? value : undefined;
  }

  get catalog() {
    return this.engine.catalog;
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
