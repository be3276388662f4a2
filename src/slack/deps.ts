import type { Logger } from '@slack/logger';
import type { WebClient } from '@slack/web-api';
import type { Answers, LookupStats } from '../answers.ts';
import type { ChatAnswering } from '../chat/answering.ts';
import type { ChannelSettings } from '../chat/ports.ts';
import type { EscalationStatus } from '../escalation/ports.ts';
import type { EscalationService } from '../escalation/service.ts';
import type { FeedbackService } from '../feedback/service.ts';
import type { DeliveryFailures } from '../outbox/failures.ts';
import type { LanguageResolver } from './locale.ts';
import type { AnswerRenderer } from './render.ts';

/** What the listeners need, passed in when they are registered. */
export interface ListenerDeps {
  answers: Answers;
  /** Answers as Slack messages, the same wherever they are shown. */
  render: AnswerRenderer;
  /** Pasted errors and mentions: answered exactly once. */
  chat: ChatAnswering;
  channels: ChannelSettings;
  stats: LookupStats;
  /** 👍/👎 on answers, and answers removed as wrong. */
  feedback: FeedbackService;
  logger: Logger;
  /** The user's answer language; built over the app's Web API client. */
  language: LanguageResolver;
  /** Support tickets. */
  escalation: EscalationService;
  /** Looks at the escalation channel again now (a form opened while tickets could not be posted). */
  recheckEscalation: () => Promise<EscalationStatus>;
  /** Deliveries that failed for good: listed in App Home, retried from there. */
  failures: DeliveryFailures;
  /** The client for modals and App Home: no retries, a short timeout, a queue no rate-limited call can stall. */
  ui: WebClient;
  /** errcode was let into a channel: what it could not post there is queued again. */
  letIn: (channel: string) => Promise<void>;
  /** The configured escalation channel, if any. */
  escalationChannel?: string;
}
