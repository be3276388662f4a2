/** A person's verdict on an answer. */
export type Vote = 'up' | 'down';

/** Where an answer can be seen again (a message in the chat tool), for links from App Home. */
export interface AnswerPlace {
  channel: string;
  ts: string;
}

/** A vote as recorded: who, on which answer, about which code. */
export interface VoteRecord {
  answerId: string;
  user: string;
  vote: Vote;
  /** The answer's code (its first match, else the unknown code); empty when it had none. */
  code: string;
  place?: AnswerPlace;
}

/** An answer errcode posted by itself that someone removed as wrong. */
export interface RemovalRecord {
  answerId: string;
  code: string;
  by: string;
  place: AnswerPlace;
}

/** Feedback on one code: votes each way and removals. */
export interface CodeFeedback {
  code: string;
  up: number;
  down: number;
  removed: number;
}

/** A 👎 as App Home lists it. */
export interface DownVote {
  answerId: string;
  user: string;
  code: string;
  /** The code the person expected, if they said. */
  expected?: string;
  note?: string;
  place?: AnswerPlace;
  at: number;
}

/** The feedback port: votes on answers (one per person per answer) and removals of answers posted by errcode. */
export interface FeedbackStore {
  /**
   * Records a person's vote on an answer, replacing their earlier one; a vote that changes sides drops what the
   * earlier one explained.
   */
  vote(vote: VoteRecord): Promise<void>;
  /** Adds what a 👎 meant (the expected code, a note). False when that person has no 👎 on that answer. */
  explain(answerId: string, user: string, detail: { expected?: string; note?: string }): Promise<boolean>;
  /** Counts a removal, once per answer. True when this one was the first. */
  remove(removal: RemovalRecord): Promise<boolean>;
  /** Per code: 👍, 👎 and removals, the most complained about first. */
  perCode(limit: number): Promise<CodeFeedback[]>;
  /** The latest 👎, newest first. */
  latestDown(limit: number): Promise<DownVote[]>;
}
