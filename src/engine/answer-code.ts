import type { CatalogEntry } from '../catalog/catalog.ts';
import { keyOfCode } from '../catalog/codes.ts';
import type { Answer, AnswerItem } from './answer.ts';
import { type EngineContext, entriesAt } from './context.ts';
import type { Extracted } from './extract.ts';
import { summarise, toItem, unknownFields } from './items.ts';
import { type KnownCode, lookUpCode, type UnknownCode } from './lookup-code.ts';
import { type MessageHit, messageFit } from './lookup-message.ts';

/**
 * The answer to a paste that carries codes: each code's own entries (stage 2), narrowed by the pasted message, the API
 * host and the code's home. An unknown code is named with its prefix's service; entries of similar text, or of near
 * codes, are only suggestions, labelled as other codes: never the answer.
 */
export function answerByCodes(
  ctx: EngineContext,
  ex: Extracted,
  message: string | undefined,
  exactHit: MessageHit | undefined,
): Answer {
  const { catalog, index, opts } = ctx;
  const matches = new Map<string, AnswerItem>();
  const suggestions = new Map<string, AnswerItem>();
  let unknown: UnknownCode | undefined;
  let host: string | undefined;
  const fit = (entry: CatalogEntry, m: string) =>
    messageFit(index, entry.index, m, m === message ? exactHit : undefined);
  for (const candidate of ex.codes) {
    if (matches.size >= opts.maxMatches * 3) break;
    const found: KnownCode | UnknownCode = lookUpCode(catalog, candidate.code, { message, hosts: ex.hosts, fit });
    if (found.kind === 'unknown') {
      unknown ??= found;
      for (const near of found.near) suggestions.set(near.id, toItem(near, 'near-code', 0.5));
      continue;
    }
    host ??= found.host;
    const alias = keyOfCode(candidate.code) !== keyOfCode(found.entries[0]?.code ?? '');
    const alsoIn = found.others.map((s) => s.name);
    for (const entry of found.entries) {
      if (matches.has(entry.id)) continue;
      matches.set(
        entry.id,
        toItem(entry, alias ? 'alias' : 'code', 1, { input: candidate.code, ...(alsoIn.length ? { alsoIn } : {}) }),
      );
    }
  }
  if (matches.size === 0 && unknown && message) {
    // A similar text may appear only as a suggestion, labelled as a different code: never as the answer.
    const similar = exactHit ? undefined : ctx.words(message);
    const ids = exactHit?.ids ?? [...(similar?.matches ?? []), ...(similar?.suggestions ?? [])].map((c) => c.id);
    for (const e of entriesAt(ctx, ids)) {
      if (suggestions.size < opts.maxSuggestions * 2) suggestions.set(e.id, toItem(e, 'text', 0.5));
    }
  }
  for (const k of matches.keys()) suggestions.delete(k);
  return {
    // A code's variants are all shown, up to a bound that any answer view can hold.
    matches: [...matches.values()].slice(0, opts.maxMatches * 3),
    suggestions: [...suggestions.values()].slice(0, opts.maxSuggestions),
    extracted: summarise(ex),
    decidedBy: 'code',
    ...(host ? { host } : {}),
    // An unknown code is always named; its service's rule only matters when nothing else was answered.
    ...(unknown ? (matches.size === 0 ? unknownFields(unknown) : { unknownCode: unknown.input }) : {}),
  };
}
