import type { AnswerLang } from './messages/index.ts';

/** Looks up a user's Slack locale (`zh-CN`, `en-US`…), or undefined when Slack does not say. */
export type LocaleLookup = (userId: string) => Promise<string | undefined>;

const TTL_MS = 6 * 3600_000;

/**
 * The answer language per user, from their Slack locale, cached for six hours so a busy channel costs one
 * users.info call per person. A failed lookup answers in English rather than not at all.
 */
export function createLanguageResolver(lookup: LocaleLookup, now: () => number = Date.now) {
  const cache = new Map<string, { lang: AnswerLang; at: number }>();
  return async (userId: string | undefined): Promise<AnswerLang> => {
    if (!userId) return 'en';
    const hit = cache.get(userId);
    if (hit && now() - hit.at < TTL_MS) return hit.lang;
    let lang: AnswerLang = 'en';
    try {
      lang = (await lookup(userId))?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
    } catch {
      return 'en'; // not cached: the next message tries again
    }
    cache.set(userId, { lang, at: now() });
    return lang;
  };
}

/** Resolves a user's answer language. */
export type LanguageResolver = ReturnType<typeof createLanguageResolver>;

/**
 * A user's language, waiting at most `ms` for Slack: a form must open within its trigger's 3 s, so a slow users.info
 * shows it in English this time (the lookup goes on, and is cached for the next).
 */
export function languageWithin(resolve: LanguageResolver, user: string, ms = 700): Promise<AnswerLang> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<AnswerLang>((r) => {
    timer = setTimeout(() => r('en'), ms);
  });
  return Promise.race([resolve(user), late]).finally(() => clearTimeout(timer));
}
