import type { Delivery, JobQueue } from '../outbox/ports.ts';
import type { TicketDraft } from './draft.ts';

/** Where a ticket stands. */
export type TicketState = 'open' | 'taken' | 'resolved';

/**
 * Where something lives in the chat tool (a card, a source thread): opaque to the domain, made and read by the
 * notifier only.
 */
export type PlaceRef = string;

/** A support ticket as stored. */
export interface Ticket {
  id: number;
  number: string;
  state: TicketState;
  draft: TicketDraft;
  reporter: string;
  assignee?: string;
  resolvedBy?: string;
  /** When it was last resolved. */
  resolvedAt?: number;
  /** The note its resolver left, if any. */
  resolution?: string;
  /** How many more times the same problem was reported while the ticket was open. */
  repeats: number;
  /** The thread the ticket was asked for from. */
  source?: PlaceRef;
  /** The ticket's card, once posted. */
  card?: PlaceRef;
  createdAt: number;
  updatedAt: number;
}

/** A new ticket's stored fields. */
export interface NewTicket {
  draft: TicketDraft;
  reporter: string;
  source?: PlaceRef;
  submissionKey: string;
}

/** The tickets port: storage only; the rules (numbering, dedupe, lifecycle) are the escalation service's. */
export interface TicketRepository {
  /** Makes concurrent submissions (across processes) take turns until the unit of work ends. */
  serializeSubmissions(): Promise<void>;
  get(id: number): Promise<Ticket | undefined>;
  /** The ticket a submission key made or was linked to. */
  bySubmission(key: string): Promise<Ticket | undefined>;
  /** The oldest unresolved ticket with this request id. */
  openByRequestId(requestId: string): Promise<Ticket | undefined>;
  /** The oldest unresolved ticket for this code from this source thread. */
  openBySource(code: string, source: PlaceRef): Promise<Ticket | undefined>;
  /** Stores a new open ticket; its id comes from the database (a sequence), so numbers are unique. */
  create(ticket: NewTicket): Promise<Ticket>;
  addSubmission(key: string, ticket: number): Promise<void>;
  countRepeat(id: number): Promise<void>;
  setState(
    id: number,
    change: { state: 'taken'; assignee: string } | { state: 'resolved'; resolvedBy: string; resolution?: string },
  ): Promise<void>;
  /** Opens a resolved ticket again: taken by its assignee if it had one, else open; its resolution is cleared. */
  reopen(id: number): Promise<void>;
  setCard(id: number, card: PlaceRef): Promise<void>;
}

/** What the escalation service's units of work touch. */
export interface EscalationTx {
  tickets: TicketRepository;
  jobs: JobQueue;
}

/** Whether tickets can be posted, as last checked. */
export type EscalationStatus = { ok: true; channel: string } | { ok: false; problem: string };

/** What a ticket's reply in its source thread says happened. */
export type TicketEvent = 'opened' | 'linked' | 'taken' | 'resolved' | 'reopened';

export type { Delivery } from '../outbox/ports.ts';

/**
 * The notifier port: how tickets reach people (Slack, here). Posts carry the delivery's key so that, when `doubt`
 * is set, a post that already happened is found and adopted instead of made again.
 */
export interface TicketNotifier {
  /** Whether the escalation channel can take cards. */
  check(): Promise<EscalationStatus>;
  /** Whether `user` may change tickets (a member of the escalation channel). */
  isMember(user: string): Promise<boolean>;
  /** Posts the ticket's card; resolves to where it lives. */
  postCard(ticket: Ticket, delivery: Delivery): Promise<PlaceRef>;
  updateCard(ticket: Ticket, card: PlaceRef): Promise<void>;
  /** Tells a source thread what happened to the ticket, linking its card (with the resolver's note, if any). */
  replySource(
    ticket: Ticket,
    card: PlaceRef,
    to: PlaceRef,
    event: TicketEvent,
    user: string,
    delivery: Delivery,
    note?: string,
  ): Promise<void>;
}
