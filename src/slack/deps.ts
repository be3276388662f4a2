import type { Logger } from '@slack/logger';
import type { Answers } from '../answers.ts';
import type { Store } from '../store/store.ts';
import type { Escalation } from './escalation.ts';
import type { LanguageResolver } from './locale.ts';

/** What the listeners need, passed in when they are registered. */
export interface ListenerDeps {
  answers: Answers;
  store: Store;
  logger: Logger;
  /** The user's answer language; built over the app's Web API client. */
  language: LanguageResolver;
  /** Support tickets: the desk (Slack side), the tickets and the outbox that delivers them. */
  escalation: Escalation;
}
