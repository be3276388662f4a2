import type { CatalogEntry } from '../catalog/catalog.ts';
import type { Answer, AnswerItem, DecidedBy, MatchKind } from './answer.ts';
import { type EngineContext, entriesAt } from './context.ts';
import type { Extracted } from './extract.ts';
import { confidenceOf, summarise, toItem } from './items.ts';
import { narrowServices } from './lookup-code.ts';
import { isGenericHttp, lookUpMessage, type MessageHit, summaryOf } from './lookup-message.ts';
import type { Candidate } from './search-words.ts';

/**
 * The answer to a text without codes: each of its messages as the catalog publishes it (stage 3), else its words
 * (stages 4 and 5), else its summary before a colon. A message published by more codes than an answer may name is
 * no answer: how many codes publish it is told instead.
 */
export function answerByText(
  ctx: EngineContext,
  ex: Extracted,
  queries: readonly string[],
  exactHit: MessageHit | undefined,
): Answer {
  const { index, opts } = ctx;
  const base = { extracted: summarise(ex) };
  const answered = (items: AnswerItem[], decidedBy: DecidedBy, host: string | undefined): Answer => ({
    ...base,
    matches: items,
    suggestions: [],
    decidedBy,
    ...(host ? { host } : {}),
  });
  const suggestions = new Map<string, AnswerItem>();
  let sharedBy: number | undefined;
  for (const query of queries) {
    const hit = query === ex.messages[0] ? exactHit : lookUpMessage(index, query);
    if (hit) {
      const found = byCode(ctx, entriesAt(ctx, hit.ids), ex.hosts, hit.kind);
      if (found.codes <= opts.maxCodes)
        return answered(found.items.slice(0, opts.maxMatches * 3), 'message', found.host);
      sharedBy ??= found.codes;
      continue;
    }
    if (query.length > opts.maxTextQuery * 2 || isGenericHttp(query)) continue;
    // Words of the whole message; then its summary before a colon, as a message and as words (`Incorrect IAM
    // authentication information: <detail>`, `calc aksk signature fail:body too large`).
    const summary = summaryOf(query);
    for (const form of summary ? [query, summary] : [query]) {
      if (form === summary) {
        const head = lookUpMessage(index, summary, [summary]);
        const found = head && byCode(ctx, entriesAt(ctx, head.ids), ex.hosts, head.kind);
        if (found && found.codes <= opts.maxCodes) {
          return answered(found.items.slice(0, opts.maxMatches * 3), 'message', found.host);
        }
      }
      const decision = ctx.words(form);
      for (const c of decision.suggestions) {
        const e = ctx.entryAt(c.id);
        if (e && !suggestions.has(e.id)) suggestions.set(e.id, toItem(e, 'text', confidenceOf(c, false)));
      }
      if (decision.matches.length === 0) continue;
      const confidence = confidenceOf(decision.matches[0] as Candidate, true);
      const found = byCode(
        ctx,
        entriesAt(
          ctx,
          decision.matches.map((c) => c.id),
        ),
        ex.hosts,
        'text',
        confidence,
      );
      for (const m of found.items) suggestions.delete(m.id);
      return {
        ...answered(found.items.slice(0, opts.maxMatches), 'words', found.host),
        suggestions: [...suggestions.values()].slice(0, opts.maxSuggestions),
      };
    }
  }
  return {
    ...answered([], 'none', undefined),
    suggestions: [...suggestions.values()].slice(0, opts.maxSuggestions),
    ...(sharedBy ? { sharedBy } : {}),
  };
}

/**
 * Entries a message or words found, by code: where several services publish one code under that text, the host
 * chooses, then the code's home service (the others are named). How many codes remain decides if it is an answer.
 */
function byCode(
  ctx: EngineContext,
  found: readonly CatalogEntry[],
  hosts: readonly string[],
  matchedBy: MatchKind,
  confidence = 1,
): { items: AnswerItem[]; codes: number; host: string | undefined } {
  const groups = new Map<string, CatalogEntry[]>();
  for (const e of found) groups.set(e.key, [...(groups.get(e.key) ?? []), e]);
  const items: AnswerItem[] = [];
  let host: string | undefined;
  for (const group of groups.values()) {
    const narrowed = narrowServices(ctx.catalog, group, hosts, group[0]?.code ?? '');
    host ??= narrowed.host;
    const chosen = new Set(narrowed.entries.map((e) => e.service));
    const alsoIn = [...new Set(group.map((e) => e.service))].filter((s) => !chosen.has(s)).map((s) => s.name);
    for (const e of narrowed.entries) items.push(toItem(e, matchedBy, confidence, alsoIn.length ? { alsoIn } : {}));
  }
  return { items, codes: groups.size, host };
}
