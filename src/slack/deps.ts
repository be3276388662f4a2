import type { Logger } from '@slack/logger';
import type { Answers, LookupStats } from '../answers.ts';
import type { ChatAnswering } from '../chat/answering.ts';
import type { ChannelSettings } from '../chat/ports.ts';
import type { EscalationService } from '../escalation/service.ts';
import type { LanguageResolver } from './locale.ts';

/** What the listeners need, passed in when they are registered. */
export interface ListenerDeps {
  answers: Answers;
  /** Pasted errors: answered exactly once. */
  chat: ChatAnswering;
  channels: ChannelSettings;
  stats: LookupStats;
  logger: Logger;
  /** The user's answer language; built over the app's Web API client. */
  language: LanguageResolver;
  /** Support tickets. */
  escalation: EscalationService;
  /** The configured escalation channel, if any. */
  escalationChannel?: string;
}
