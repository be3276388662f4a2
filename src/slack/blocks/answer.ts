import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { Answer, AnswerItem } from '../../engine/answer.ts';
import { LIMITS, safe, truncate } from './text.ts';

/** Action IDs of the buttons on an answer; listeners register these. */
export const ACTIONS = {
  share: 'errcode_share',
  ticket: 'errcode_ticket',
} as const;

/** The language of an answer: Chinese cause and measure where the catalog has them. */
export type AnswerLang = 'en' | 'zh';

/** How to render an answer. */
export interface AnswerViewOptions {
  lang: AnswerLang;
  /** The stored answer's id, carried by the buttons. */
  answerId?: string;
  /** Offer "Share in channel" (for an ephemeral answer). */
  shareable?: boolean;
  /** Offer "Open support ticket" on escalating entries (false when no escalation channel is configured). */
  ticketable?: boolean;
}

/** A message ready for chat.postMessage / respond: a notification text and the blocks. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

const LABELS = {
  en: {
    service: 'Service',
    status: 'HTTP status',
    cause: 'Cause',
    measure: 'Handling measure',
    noMeasure: '_The page gives no handling measure._',
    escalation: { required: 'Contact technical support', suggested: 'Support is one of the options', none: '' },
    notes: 'Team notes',
    runbook: 'Runbook',
    owner: 'Owner',
    source: 'Source',
    row: 'row',
    matched: {
      code: '',
      alias: 'matched by alias',
      message: 'matched by message',
      template: 'matched by message template',
      text: 'matched by words',
      'near-code': 'similar code',
    },
    fromPaste: 'From the paste',
    requestId: 'request id',
    endpoint: 'endpoint',
    region: 'region',
    unknown: (code: string) => `\`${code}\` is not in the errcode catalog.`,
    fallback: (service: string, measure: string) => `*${service}* says for codes it does not list: ${measure}`,
    noMatch: 'No error code found in that.',
    noMatchHint: 'Try a code (`IMG.0024`), a message, or paste the whole error body.',
    suggestions: 'Did you mean',
    share: 'Share in channel',
    ticket: 'Open support ticket',
    truncated: '_The paste was over 1 MB; only the first megabyte was read._',
    more: (n: number) => `${n} more match${n === 1 ? '' : 'es'} not shown.`,
  },
  zh: {
    service: '服务',
    status: 'HTTP 状态码',
    cause: '原因',
    measure: '处理措施',
    noMeasure: '_文档未给出处理措施。_',
    escalation: { required: '请联系技术支持', suggested: '可联系技术支持', none: '' },
    notes: '团队备注',
    runbook: '操作手册',
    owner: '负责人',
    source: '来源',
    row: '行',
    matched: {
      code: '',
      alias: '按别名匹配',
      message: '按错误信息匹配',
      template: '按错误信息模板匹配',
      text: '按关键词匹配',
      'near-code': '相近错误码',
    },
    fromPaste: '从粘贴内容中识别',
    requestId: '请求 ID',
    endpoint: '终端节点',
    region: '区域',
    unknown: (code: string) => `\`${code}\` 不在 errcode 目录中。`,
    fallback: (service: string, measure: string) => `*${service}* 对未列出的错误码的说明：${measure}`,
    noMatch: '未找到匹配的错误码。',
    noMatchHint: '请输入错误码（如 `IMG.0024`）、错误信息，或粘贴完整的错误响应。',
    suggestions: '您是否要找',
    share: '分享到频道',
    ticket: '提交支持工单',
    truncated: '_粘贴内容超过 1 MB，仅读取了前 1 MB。_',
    more: (n: number) => `另有 ${n} 个匹配未显示。`,
  },
} as const;

/** The cause and measure in the wanted language, falling back to whichever the catalog has. */
function localized(item: AnswerItem, lang: AnswerLang): { cause?: string; measure?: string } {
  return lang === 'zh'
    ? { cause: item.causeZh ?? item.cause, measure: item.measureZh ?? item.measure }
    : { cause: item.cause ?? item.causeZh, measure: item.measure ?? item.measureZh };
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

/** The source page's title, linked when the team recorded the page's URL in the catalog. */
function sourceText(source: NonNullable<AnswerItem['source']>): string {
  const title = safe(source.title ?? source.page, 200);
  return source.url ? `<${source.url.replace(/[<>|]/g, '')}|${title}>` : title;
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: truncate(text, LIMITS.buttonText) },
    action_id: actionId,
    value: truncate(value, LIMITS.buttonValue),
    ...(style ? { style } : {}),
  };
}

function itemBlocks(item: AnswerItem, index: number, opts: AnswerViewOptions): KnownBlock[] {
  const L = LABELS[opts.lang];
  const { cause, measure } = localized(item, opts.lang);
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(`${item.code}  ${firstLine(item.message)}`, LIMITS.header) },
    },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*${L.service}*\n${safe(item.serviceName, LIMITS.field - 20)}` },
        { type: 'mrkdwn', text: `*${L.status}*\n${item.status}` },
      ],
    },
  ];
  if (cause)
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*${L.cause}*\n${safe(cause, LIMITS.sectionText - 40)}` },
    });
  blocks.push({
    type: 'section',
    text: { type: 'mrkdwn', text: `*${L.measure}*\n${measure ? safe(measure, LIMITS.sectionText - 40) : L.noMeasure}` },
  });
  const curated = [
    item.notes && `*${L.notes}:* ${safe(item.notes, 1200)}`,
    item.runbook && `*${L.runbook}:* <${item.runbook.replace(/[<>|]/g, '')}|${safe(item.runbook, 200)}>`,
    item.owner && `*${L.owner}:* ${safe(item.owner, 200)}`,
  ].filter(Boolean);
  if (curated.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: curated.join('\n') } });
  const context = [
    item.escalation !== 'none' && `:rotating_light: ${L.escalation[item.escalation]}`,
    item.source &&
      `${L.source}: ${sourceText(item.source)} (${safe(item.source.page, 200)}, ${L.row} ${item.source.row})`,
    L.matched[item.matchedBy],
  ].filter((x): x is string => !!x);
  if (context.length)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: truncate(context.join('  ·  '), LIMITS.sectionText) }],
    });

  const buttons: Button[] = [];
  if (opts.ticketable && opts.answerId && item.escalation !== 'none') {
    buttons.push(
      button(
        L.ticket,
        ACTIONS.ticket,
        `${opts.answerId}:${index}`,
        item.escalation === 'required' ? 'primary' : undefined,
      ),
    );
  }
  if (buttons.length) blocks.push({ type: 'actions', block_id: `errcode_item_${index}`, elements: buttons });
  return blocks;
}

function extractedContext(answer: Answer, lang: AnswerLang): KnownBlock | undefined {
  const L = LABELS[lang];
  const ex = answer.extracted;
  const parts = [
    ex.requestId && `${L.requestId} \`${safe(ex.requestId, 200)}\``,
    ex.region && `${L.region} \`${safe(ex.region, 100)}\``,
    ex.endpoint && `${L.endpoint} \`${safe(ex.endpoint, 500)}\``,
  ].filter(Boolean);
  if (!parts.length) return undefined;
  return {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: truncate(`${L.fromPaste}: ${parts.join('  ·  ')}`, LIMITS.sectionText) }],
  };
}

function suggestionsBlock(answer: Answer, lang: AnswerLang): KnownBlock | undefined {
  if (!answer.suggestions.length) return undefined;
  const lines = answer.suggestions.map(
    (s) => `• \`${safe(s.code, 40)}\` ${safe(firstLine(s.message), 300)} _(${safe(s.serviceName, 100)})_`,
  );
  return { type: 'section', text: { type: 'mrkdwn', text: `*${LABELS[lang].suggestions}:*\n${lines.join('\n')}` } };
}

/** The notification text: what Slack shows in notifications and where blocks cannot be shown. */
export function answerText(answer: Answer, lang: AnswerLang): string {
  const L = LABELS[lang];
  const top = answer.matches[0];
  if (top) {
    const { measure } = localized(top, lang);
    return safe(
      `${top.code}: ${firstLine(top.message)}${measure ? ` — ${firstLine(measure)}` : ''}`,
      LIMITS.messageText,
    );
  }
  if (answer.unknownCode) return safe(L.unknown(answer.unknownCode).replace(/`/g, ''), LIMITS.messageText);
  return L.noMatch;
}

/**
 * The answer as a Slack message: each match with its cause, handling measure and source; what the paste held; an
 * unknown code said plainly, with the service's rule and suggestions. Stays within Block Kit's limits however long
 * the input: at most three matches, every text cut to its field's size.
 */
export function answerMessage(answer: Answer, opts: AnswerViewOptions): SlackMessage {
  const L = LABELS[opts.lang];
  const blocks: KnownBlock[] = [];
  answer.matches.slice(0, 3).forEach((item, i) => {
    if (i > 0) blocks.push({ type: 'divider' });
    blocks.push(...itemBlocks(item, i, opts));
  });
  if (answer.matches.length > 3)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: L.more(answer.matches.length - 3) }] });
  if (answer.unknownCode && answer.matches.length === 0) {
    const lines = [`:grey_question: ${L.unknown(safe(answer.unknownCode, 60))}`];
    if (answer.fallback)
      lines.push(
        L.fallback(
          safe(answer.fallback.serviceName, 200),
          safe(
            opts.lang === 'zh' ? (answer.fallback.measureZh ?? answer.fallback.measure) : answer.fallback.measure,
            2000,
          ),
        ),
      );
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } });
    if (opts.ticketable && opts.answerId && answer.fallback && answer.fallback.escalation !== 'none') {
      blocks.push({
        type: 'actions',
        block_id: 'errcode_fallback',
        elements: [button(L.ticket, ACTIONS.ticket, `${opts.answerId}:fallback`)],
      });
    }
  }
  if (answer.matches.length === 0 && !answer.unknownCode) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `${L.noMatch} ${L.noMatchHint}` } });
  }
  const suggestions = suggestionsBlock(answer, opts.lang);
  if (suggestions) blocks.push(suggestions);
  const extracted = extractedContext(answer, opts.lang);
  if (extracted) blocks.push(extracted);
  if (answer.extracted.truncated) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: L.truncated }] });
  if (opts.shareable && opts.answerId && (answer.matches.length || answer.unknownCode)) {
    const share: ActionsBlock = {
      type: 'actions',
      block_id: 'errcode_share',
      elements: [button(L.share, ACTIONS.share, opts.answerId)],
    };
    blocks.push(share);
  }
  return { text: answerText(answer, opts.lang), blocks: blocks.slice(0, LIMITS.blocks) };
}
