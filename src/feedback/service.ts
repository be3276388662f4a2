import type { StoredAnswer } from '../answers.ts';
import type { Answer } from '../engine/answer.ts';
import type { AnswerPlace, FeedbackStore, Vote } from './ports.ts';

/** The code feedback on an answer counts against: its first match, else the code it did not know; empty for neither. */
export function feedbackCode(answer: Answer): string {
  return answer.matches[0]?.code ?? answer.unknownCode ?? '';
}

/** The chat tool's side of removing an answer: who is in a channel, and deleting errcode's own message. */
export interface AnswerRemover {
  /** Whether `user` is a member of `channel`. */
  isMember(channel: string, user: string): Promise<boolean>;
  /** Deletes errcode's message; resolves when it is gone (already gone counts). */
  delete(place: AnswerPlace): Promise<void>;
}

/** What a removal led to. */
export type RemovalResult = 'removed' | 'not-allowed';

/** What feedback is built from. */
export interface FeedbackDeps {
  store: FeedbackStore;
  remover: AnswerRemover;
}

/**
 * Feedback on answers: 👍/👎 (one vote per person per answer, the latest counting), what a 👎 meant, and answers
 * errcode posted by itself that people removed as wrong. Knows nothing of Slack.
 */
export class FeedbackService {
  constructor(private readonly deps: FeedbackDeps) {}

  /** Records `user`'s vote on an answer (replacing theirs, if any). */
  async vote(stored: StoredAnswer, user: string, vote: Vote, place?: AnswerPlace): Promise<void> {
    await this.deps.store.vote({
      answerId: stored.id,
      user,
      vote,
      code: feedbackCode(stored.answer),
      ...(place ? { place } : {}),
    });
  }

  /** What `user`'s 👎 meant; false when they have no 👎 on that answer (it changed since the form opened). */
  explain(answerId: string, user: string, expected: string | undefined, note: string | undefined): Promise<boolean> {
    const detail = {
      ...(expected?.trim() ? { expected: expected.trim() } : {}),
      ...(note?.trim() ? { note: note.trim() } : {}),
    };
    return this.deps.store.explain(answerId, user, detail);
  }

  /**
   * Removes an answer errcode posted by itself at `place`: allowed to the person who pasted and to anyone in that
   * channel. The message is deleted first, then the removal counted (once per answer, however many click).
   */
  async remove(stored: StoredAnswer, user: string, place: AnswerPlace): Promise<RemovalResult> {
    const allowed = user === stored.user || (await this.deps.remover.isMember(place.channel, user));
    if (!allowed) return 'not-allowed';
    await this.deps.remover.delete(place);
    await this.deps.store.remove({ answerId: stored.id, code: feedbackCode(stored.answer), by: user, place });
    return 'removed';
  }

  /** App Home's view of feedback: per code, and the latest 👎. */
  async summary(codes = 10, downs = 5) {
    const [perCode, latestDown] = await Promise.all([
      this.deps.store.perCode(codes),
      this.deps.store.latestDown(downs),
    ]);
    return { perCode, latestDown };
  }
}
