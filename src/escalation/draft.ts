import type { Answer } from '../engine/answer.ts';

/** Severities offered in the ticket form, most urgent first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Everything a support ticket says, before it is stored. */
export interface TicketDraft {
  title: string;
  service: string;
  serviceName: string;
  code: string;
  status?: number;
  /** The message as the user received it (from the paste), else as published. */
  message: string;
  requestId?: string;
  endpoint?: string;
  region?: string;
  /** ISO timestamp of when it happened (the source message's time). */
  occurredAt: string;
  severity: Severity;
  /** What the user was doing; the ticket form requires it. */
  doing: string;
  /** What was already tried; prefilled with the handling measure. */
  tried: string;
  reporter?: string;
  sourceLink?: string;
  escalation: 'required' | 'suggested' | 'fallback';
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
}

/**
 * A ticket draft for an answer that calls for escalation: the first match whose escalation is `required` or
 * `suggested`, or an unknown code whose service's fallback says to submit a ticket. Undefined when nothing escalates.
 */
export function draftFromAnswer(answer: Answer, ctx: DraftContext): TicketDraft | undefined {
  const index = answer.matches.findIndex((m) => m.escalation !== 'none');
  return draftFor(answer, index >= 0 ? index : 'fallback', ctx);
}

/** The draft for one item of an answer (a match by index, or the unknown code's fallback), if it escalates. */
export function draftFor(answer: Answer, target: number | 'fallback', ctx: DraftContext): TicketDraft | undefined {
  const ex = answer.extracted;
  const common = {
    status: ex.status,
    requestId: ex.requestId,
    endpoint: ex.endpoint,
    region: ex.region,
    occurredAt: ctx.now.toISOString(),
    severity: ctx.severity ?? ('medium' as const),
    doing: ctx.doing ?? '',
    reporter: ctx.reporter,
    sourceLink: ctx.sourceLink,
  };
  const item = target === 'fallback' ? undefined : answer.matches[target];
  if (item && item.escalation !== 'none') {
    const message =
      ex.message && (item.input === ex.code || item.matchedBy === 'message' || item.matchedBy === 'template')
        ? ex.message
        : (item.message.split('\n')[0] ?? '');
    return {
      ...common,
      title: `[${serviceLabel(item.serviceName, item.service)}] ${item.code} ${firstLine(item.message)}`,
      service: item.service,
      serviceName: item.serviceName,
      code: item.code,
      status: ex.status ?? item.status,
      message,
      tried: item.measure ?? item.measureZh ?? '',
      escalation: item.escalation === 'required' ? 'required' : 'suggested',
    };
  }
  if (target === 'fallback' && answer.unknownCode && answer.fallback && answer.fallback.escalation !== 'none') {
    const f = answer.fallback;
    return {
      ...common,
      title: `[${serviceLabel(f.serviceName, f.service)}] ${answer.unknownCode} ${ex.message ?? 'Error code not listed in the documentation'}`,
      service: f.service,
      serviceName: f.serviceName,
      code: answer.unknownCode,
      status: ex.status ?? f.status,
      message: ex.message ?? '',
      tried: f.measure,
      escalation: 'fallback',
    };
  }
  return undefined;
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').replace(/^\d+\.\s*/, '');
}
