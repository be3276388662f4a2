/** How a claim on a message ended. */
export type ClaimResult = 'claimed' | 'answered' | 'in-progress';

/**
 * The message ledger: which chat messages errcode has taken on, so each is answered once however many times and to
 * however many replicas Slack delivers it.
 */
export interface MessageLedger {
  /**
   * Claims a message. `claimed`: this delivery answers it. `in-progress`: an earlier delivery claimed it and its
   * answer is queued. `answered`: it was answered (or given up) before.
   */
  claim(channel: string, ts: string): Promise<ClaimResult>;
  /** Records the answer's place (`reply` undefined: deliberately left unanswered). */
  markAnswered(channel: string, ts: string, reply?: string): Promise<void>;
  /** Forgets a claim whose answer could not be posted, so a later delivery may answer. */
  release(channel: string, ts: string): Promise<void>;
}

/** Per-channel settings: whether pasted errors are answered there. */
export interface ChannelSettings {
  isMuted(channel: string): Promise<boolean>;
  setMuted(channel: string, muted: boolean, by: string): Promise<void>;
}
