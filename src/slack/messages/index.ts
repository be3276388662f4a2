import { en, type Messages } from './en.ts';
import { zh } from './zh.ts';

export type { Messages } from './en.ts';
export { en } from './en.ts';
export { zh } from './zh.ts';

/** The languages errcode speaks in Slack: Chinese for users whose Slack locale is zh-*, English for everyone else. */
export type AnswerLang = 'en' | 'zh';

/** What the catalog covers, as an answer that matched nothing says it. */
export interface CatalogCoverage {
  services: number;
  codes: number;
  /** Each service's short name (`ECS`, `IMS`), sorted. */
  names: string[];
}

/** Everything errcode says, in one language. */
export function messages(lang: AnswerLang | undefined): Messages {
  return lang === 'zh' ? zh : en;
}
