import type { Answer, AnswerItem } from '../engine/answer.ts';

const ESCALATION_LABEL = {
  required: 'Escalate: contact technical support (errcode ticket … prints a ticket)',
  suggested: 'Escalation possible: support is one of the options',
  none: '',
} as const;

/** Which language to show causes and measures in; the other is the fallback when the catalog lacks one. */
export type TextLang = 'en' | 'zh';

/** Chinese for a question asked in Chinese, English otherwise. */
export function languageOf(query: string): TextLang {
  return /[\u3400-\u9fff]/.test(query) ? 'zh' : 'en';
}

function describeItem(item: AnswerItem, lang: TextLang): string[] {
  const lines = [`${item.code}  ${item.message.split('\n')[0]}`];
  lines.push(
    `  Service: ${item.serviceName} · HTTP ${item.status}${item.matchedBy === 'alias' ? ' · matched by alias' : ''}`,
  );
  const cause = lang === 'zh' ? (item.causeZh ?? item.cause) : (item.cause ?? item.causeZh);
  if (cause) lines.push(`  Cause:   ${indent(cause)}`);
  const measure = lang === 'zh' ? (item.measureZh ?? item.measure) : (item.measure ?? item.measureZh);
  lines.push(`  Measure: ${measure ? indent(measure) : '(the page gives no handling measure)'}`);
  if (item.notes) lines.push(`  Notes:   ${indent(item.notes)}`);
  if (item.runbook) lines.push(`  Runbook: ${item.runbook}`);
  if (ESCALATION_LABEL[item.escalation]) lines.push(`  ${ESCALATION_LABEL[item.escalation]}`);
  if (item.source) lines.push(`  Source:  ${item.source.page}, row ${item.source.row}`);
  return lines;
}

function indent(text: string): string {
  return text.replace(/\n/g, '\n           ');
}

/** The answer as plain text for a terminal: what the bot would say, without Slack formatting. */
export function formatAnswer(answer: Answer, lang: TextLang = 'en'): string {
  const out: string[] = [];
  const ex = answer.extracted;
  const seen = [
    ex.status && `HTTP ${ex.status}`,
    ex.requestId && `request id ${ex.requestId}`,
    ex.region && `region ${ex.region}`,
    ex.endpoint && `endpoint ${ex.endpoint}`,
  ].filter(Boolean);
  for (const m of answer.matches) out.push(...describeItem(m, lang), '');
  if (answer.unknownCode) {
    out.push(`${answer.unknownCode} is not in the catalog.`);
    if (answer.fallback) {
      out.push(`  ${answer.fallback.serviceName} says for codes it does not list: ${answer.fallback.measure}`);
    }
    out.push('');
  }
  if (answer.matches.length === 0 && !answer.unknownCode) out.push('No matching error code found.', '');
  if (answer.suggestions.length) {
    out.push('Did you mean:');
    for (const s of answer.suggestions) out.push(`  ${s.code}  ${s.message.split('\n')[0]} (${s.serviceName})`);
    out.push('');
  }
  if (seen.length) out.push(`From the paste: ${seen.join(' · ')}`);
  return out.join('\n').trimEnd();
}
