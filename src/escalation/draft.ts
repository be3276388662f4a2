import type { Answer } from '../engine/answer.ts';

/** Severities offered in the ticket form, most urgent first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Why a ticket was drafted: the entry's measure calls for support, the service's rule for unlisted codes does, or a person chose to. */
export type DraftEscalation = 'required' | 'suggested' | 'fallback' | 'manual';

/** Everything a support ticket says, before it is stored. */
export interface TicketDraft {
  title: string;
  /** The service's id; empty when nothing in the paste names one. */
  service: string;
  serviceName: string;
  /** The error code; empty when the paste carries none. */
  code: string;
  status?: number;
  /** The message as the user received it (from the paste), else as published. */
  message: string;
  requestId?: string;
  endpoint?: string;
  region?: string;
  /** ISO timestamp of when it happened (the form defaults to when it was opened). */
  occurredAt: string;
  severity: Severity;
  /** What the user was doing; the ticket form requires it. */
  doing: string;
  /** What the user already tried, in their words (empty unless they say). */
  tried: string;
  /**
   * The catalog's handling measure, in the reporter's language where the catalog has it: guidance shown beside the
   * ticket, never presented as something the user did.
   */
  measure?: string;
  /** The text the user pasted, as received (up to Slack's 40,000 characters of a message). */
  paste?: string;
  reporter?: string;
  sourceLink?: string;
  /** The reporter's language: the card and the source-thread notes use it. */
  lang?: 'en' | 'zh';
  escalation: DraftEscalation;
}

/** The short label of a service for titles: `Image Management Service (IMS)` → `IMS`. */
export function serviceLabel(name: string, id: string): string {
  const acronym = /\(([A-Z][A-Za-z0-9-]{0,11})\)\s*$/.exec(name)?.[1];
  return acronym ?? name.split(/\s+/)[0] ?? id;
}

/** What a draft is built from besides the answer. */
export interface DraftContext {
  now: Date;
  reporter?: string;
  sourceLink?: string;
  doing?: string;
  severity?: Severity;
  /** The pasted text the answer was made from. */
  paste?: string;
  lang?: 'en' | 'zh';
}

/** What a ticket is about: one match of an answer (by index), or the answer as a whole when nothing matched. */
export type DraftTarget = number | 'fallback';

/**
 * A ticket draft for an answer that calls for escalation: the first match whose escalation is `required` or
 * `suggested`, or an unknown code whose service's fallback says to submit a ticket. Undefined when nothing escalates.
 */
export function draftFromAnswer(answer: Answer, ctx: DraftContext): TicketDraft | undefined {
  const index = answer.matches.findIndex((m) => m.escalation !== 'none');
  if (index >= 0) return draftFor(answer, index, ctx);
  if (answer.unknownCode && answer.fallback && answer.fallback.escalation !== 'none')
    return draftFor(answer, 'fallback', ctx);
  return undefined;
}

/** The target a person asking for a ticket on any message means: the first escalating match, the first match, or the whole. */
export function ticketTarget(answer: Answer): DraftTarget {
  const escalating = answer.matches.findIndex((m) => m.escalation !== 'none');
  if (escalating >= 0) return escalating;
  return answer.matches.length > 0 ? 0 : 'fallback';
}

/**
 * The draft for one item of an answer (a match by index), or for the answer as a whole (`fallback`: an unknown code,
 * with its service's rule where it has one, or no match at all). A person may ask for a ticket about anything, so a
 * match whose measure does not mention support is drafted too (`manual`). Undefined only for a match that is not there.
 */
export function draftFor(answer: Answer, target: DraftTarget, ctx: DraftContext): TicketDraft | undefined {
  const ex = answer.extracted;
  const common = {
    status: ex.status,
    requestId: ex.requestId,
    endpoint: ex.endpoint,
    region: ex.region,
    occurredAt: ctx.now.toISOString(),
    severity: ctx.severity ?? ('medium' as const),
    doing: ctx.doing ?? '',
    tried: '',
    reporter: ctx.reporter,
    sourceLink: ctx.sourceLink,
    ...(ctx.paste ? { paste: ctx.paste } : {}),
    ...(ctx.lang ? { lang: ctx.lang } : {}),
  };
  if (target !== 'fallback') {
    const item = answer.matches[target];
    if (!item) return undefined;
    const message =
      ex.message && (item.input === ex.code || item.matchedBy === 'message' || item.matchedBy === 'template')
        ? ex.message
        : (item.message.split('\n')[0] ?? '');
    const measure = ctx.lang === 'zh' ? (item.measureZh ?? item.measure) : (item.measure ?? item.measureZh);
    return {
      ...common,
      title: `[${serviceLabel(item.serviceName, item.service)}] ${item.code} ${firstLine(item.message)}`,
      service: item.service,
      serviceName: item.serviceName,
      code: item.code,
      status: ex.status ?? item.status,
      message,
      ...(measure ? { measure } : {}),
      escalation: item.escalation === 'none' ? 'manual' : item.escalation,
    };
  }
  const f = answer.fallback;
  const service = f ?? answer.unknownService;
  const code = answer.unknownCode ?? ex.code ?? '';
  const label = service ? `[${serviceLabel(service.serviceName, service.service)}] ` : '';
  const what = ex.message ?? (code ? 'Error code not listed in the documentation' : firstLine(ctx.paste ?? ''));
  return {
    ...common,
    title: `${label}${code ? `${code} ` : ''}${what || 'Error not in the catalog'}`.slice(0, 150).trim(),
    service: service?.service ?? '',
    serviceName: service?.serviceName ?? '',
    code,
    status: ex.status ?? f?.status,
    message: ex.message ?? '',
    ...(f ? { measure: ctx.lang === 'zh' ? (f.measureZh ?? f.measure) : f.measure } : {}),
    escalation: f && f.escalation !== 'none' ? 'fallback' : 'manual',
  };
}

function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim()) ?? '').trim().replace(/^\d+\.\s*/, '');
}
