import { type AnswerRecords, type Answers, type StoredAnswer, worthAnsweringInChat } from '../answers.ts';
import type { Delivery } from '../escalation/ports.ts';
import type { Concerned } from '../outbox/failures.ts';
import { type JobHandler, PermanentJobError } from '../outbox/outbox.ts';
import type { Job, JobQueue, UnitOfWork } from '../outbox/ports.ts';
import type { ChannelSettings, ClaimResult, MessageLedger } from './ports.ts';

/** A message someone posted where errcode listens. */
export interface ChatMessage {
  channel: string;
  ts: string;
  /** The thread it was posted in, if any. */
  threadTs?: string;
  user: string;
  text: string;
  /** A direct message to errcode: every one is a question, answered in place. */
  direct: boolean;
  /**
   * errcode was mentioned: a question like a direct message (words and `help` answered, the channel's mute does not
   * apply), answered in the message's thread.
   */
  mention?: boolean;
}

/** The `post_answer` job: what to post, where. */
export interface AnswerJob {
  answerId: string;
  channel: string;
  ts: string;
  /** The thread to answer in; undefined: in place (a direct message). */
  threadTs?: string;
  user: string;
  /** `help` in a direct message or a mention: the usage rather than an answer. */
  help: boolean;
  /** Answered in a direct message (not in a channel, where the answer may be removed as wrong). */
  direct?: boolean;
}

/** The answer poster port: renders and posts an answer (or the usage) in the chat tool; resolves to where it lives. */
export interface AnswerPoster {
  post(job: AnswerJob, stored: StoredAnswer | undefined, delivery: Delivery): Promise<string>;
}

/** What answering a chat message's units of work touch. */
export interface ChatTx extends AnswerRecords {
  ledger: MessageLedger;
  jobs: JobQueue;
}

/** What happened to a chat message. */
export type ChatOutcome = 'queued' | 'muted' | 'not-worth' | Exclude<ClaimResult, 'claimed'>;

/** What chat answering is built from. */
export interface ChatAnsweringDeps {
  answers: Answers;
  channels: ChannelSettings;
  ledger: MessageLedger;
  transaction: UnitOfWork<ChatTx>;
  poster: AnswerPoster;
  /** Asks the outbox to deliver soon. */
  kick: () => void;
}

const HELP = /^\s*(help|\?)\s*$/i;

function isAnswerJob(value: unknown): value is AnswerJob {
  const v = value as AnswerJob;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof v.answerId === 'string' &&
    typeof v.channel === 'string' &&
    typeof v.ts === 'string' &&
    typeof v.user === 'string'
  );
}

/**
 * Answering a chat message exactly once, however many times and to however many replicas it is delivered: decide
 * (the engine), then in one unit of work claim the message, record the lookup and queue the answer's job; the outbox
 * posts it (`deliver`), then marks the message answered, or releases it when the answer can never be posted.
 */
export class ChatAnswering {
  constructor(private readonly deps: ChatAnsweringDeps) {}

  /**
   * Decides whether `message` gets an answer and, if so, queues it exactly once. A mention and the plain message
   * event of the same message are one message: whichever comes first claims it, the other finds it claimed.
   */
  async handle(message: ChatMessage): Promise<ChatOutcome> {
    const { answers, channels } = this.deps;
    const asked = message.direct || message.mention === true;
    if (message.text.trim() === '' && !message.mention) return 'not-worth';
    if (!message.mention && (await channels.isMuted(message.channel))) return 'muted';
    // A bare mention is a request for the usage, as `help` is.
    const help = asked && (HELP.test(message.text) || message.text.trim() === '');
    const stored = answers.decide(message.text, {
      via: message.mention ? 'mention' : 'message',
      channel: message.channel,
      messageTs: message.ts,
      threadTs: message.threadTs ?? message.ts,
      user: message.user,
    });
    if (!asked && !worthAnsweringInChat(stored.answer, answers.catalog)) return 'not-worth';
    const job: AnswerJob = {
      answerId: stored.id,
      channel: message.channel,
      ts: message.ts,
      // In a channel the answer goes in the message's thread; a direct message is answered in place.
      threadTs: message.direct ? message.threadTs : (message.threadTs ?? message.ts),
      user: message.user,
      help,
      ...(message.direct ? { direct: true } : {}),
    };
    const claim = await this.deps.transaction(async (tx) => {
      const claim = await tx.ledger.claim(message.channel, message.ts);
      if (claim !== 'claimed') return claim;
      if (!help) await answers.record(stored, tx);
      await tx.jobs.enqueue({ key: `answer:${message.channel}:${message.ts}`, kind: 'post_answer', payload: job });
      return claim;
    });
    if (claim !== 'claimed') return claim;
    this.deps.kick();
    return 'queued';
  }

  /** The outbox's handler for `post_answer`. */
  handlers(): { post_answer: JobHandler } {
    return { post_answer: (job) => this.deliver(job) };
  }

  /** Who is told when an answer can never be posted: whoever asked. */
  concerned(): { post_answer: Concerned } {
    return {
      post_answer: async (job) => (isAnswerJob(job.payload) ? { user: job.payload.user } : undefined),
    };
  }

  /** Posts a queued answer, then marks the message answered; an answer that can never be posted frees the claim. */
  async deliver(job: Job): Promise<void> {
    const payload = job.payload;
    if (!isAnswerJob(payload)) throw new PermanentJobError(`not an answer job: ${JSON.stringify(payload)}`);
    const { ledger, answers, poster } = this.deps;
    try {
      const stored = payload.help ? undefined : await answers.load(payload.answerId);
      if (!payload.help && !stored)
        throw new PermanentJobError(`answer ${payload.answerId} has expired`, { reason: 'expired' });
      const reply = await poster.post(payload, stored, { key: job.key, doubt: job.doubt, since: job.firstAt });
      await ledger.markAnswered(payload.channel, payload.ts, reply);
    } catch (error) {
      if (error instanceof PermanentJobError) await ledger.release(payload.channel, payload.ts);
      throw error;
    }
  }
}
