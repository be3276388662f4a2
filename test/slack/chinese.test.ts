import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/slack/blocks/answer.ts';
import { en, type Messages, zh } from '../../src/slack/messages/index.ts';
import { DRAFT } from '../store/contract.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import {
  commandBody,
  eventBody,
  FORM,
  type Harness,
  JSON_TYPE,
  loopbackOnly,
  post,
  type Started,
  startOverFakeSlack,
  until,
} from './harness.ts';
import { buttonValue, click, responseUrls, submitView } from './interactions.ts';

const ESCALATION = 'C0ESCAL01';
const CHANNEL = 'C0CHAN001';
const ZH_USER = 'U0USER001';

/** A half-width comma, full stop, colon, semicolon, parenthesis, ! or ? next to a Chinese character. */
const HALF_WIDTH_BY_CHINESE = /[\u4e00-\u9fff][,.:;()!?]|[,.:;()!?][\u4e00-\u9fff]/;

/** Every text of a message catalog, its functions called with sample arguments. */
function allTexts(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value === 'function') {
    const fn = value as (...args: unknown[]) => string;
    const args = Array.from({ length: fn.length }, (_, i) => (i === 0 ? 'X' : 2));
    return [[path, String(fn(...args))]];
  }
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => allTexts(v, path ? `${path}.${k}` : k));
  return [];
}

describe('the Chinese message catalog', () => {
  it('says everything the English one says, in full-width punctuation', () => {
    const keys = (m: Messages) => allTexts(m).map(([k]) => k);
    expect(keys(zh)).toEqual(keys(en));
    const halfWidth = allTexts(zh).filter(([, text]) => HALF_WIDTH_BY_CHINESE.test(text));
    expect(halfWidth).toEqual([]);
    // And it is Chinese: every text but the few that are only names, marks or numbers holds Chinese characters.
    const latinOnly = allTexts(zh).filter(([, t]) => !/[\u4e00-\u9fff]/.test(t) && /[A-Za-z]{4,}/.test(t));
    expect(latinOnly.map(([k]) => k)).toEqual(
      ['answer.matched.code', 'home.title'].filter((k) => latinOnly.some(([l]) => l === k)),
    );
  });
});

let slack: FakeSlack;
let h: Harness;

loopbackOnly();
let started: Started;
beforeEach(async () => {
  started = await startOverFakeSlack(
    { members: [ZH_USER], locales: { [ZH_USER]: 'zh-CN' } },
    { ERRCODE_ESCALATION_CHANNEL: ESCALATION },
  );
  ({ slack, h } = started);
});
afterEach(() => started.stop());

async function paste(ts: string, text: string, channel = CHANNEL, channelType = 'channel') {
  await post(
    h,
    eventBody({ type: 'message', channel, channel_type: channelType, user: ZH_USER, text, ts, event_ts: ts }),
    JSON_TYPE,
  );
  await until(() => slack.messages.some((m) => m.thread_ts === ts || (channelType === 'im' && m.channel === channel)));
  const answer = slack.messages
    .filter((m) => m.thread_ts === ts || (channelType === 'im' && m.channel === channel))
    .at(-1);
  if (!answer) throw new Error('no answer');
  return answer;
}

describe('a zh-CN user', () => {
  it('gets answers with Chinese labels and buttons, citing the Chinese page the Chinese text comes from', async () => {
    const answer = await paste('1700000000.000100', '{"error_code":"IMG.0014","request_id":"req0001abc"}');
    const text = JSON.stringify(answer.blocks);
    expect(text).toContain('*原因*\\nfsp执行任务异常。');
    expect(text).toContain('*处理措施*\\n请联系技术支持。');
    expect(text).toContain('来源：错误码（ims-error-codes.zh.md，第 14 行）');
    expect(text).toContain('从粘贴内容中识别：请求 ID `req0001abc`');
    for (const label of [zh.answer.ticket, zh.answer.up, zh.answer.down, zh.answer.remove])
      expect(text).toContain(label);
    expect(text).not.toContain('Handling measure');
  });

  it('gets the unknown-code answer and the usage in Chinese', async () => {
    const unknown = JSON.stringify((await paste('1700000000.000101', 'ECS.9999', 'D0DM00001', 'im')).blocks);
    expect(unknown).toContain('`ECS.9999` 不在 errcode 目录中。');
    expect(unknown).toContain('该前缀属于 *Elastic Cloud Server (ECS)* ：');
    expect(unknown).toContain('在华为云错误码中心搜索 ECS.9999');
    expect(unknown).toContain('errcode 目录收录 62 个服务的');
    const responses = responseUrls();
    await post(h, commandBody('help'), FORM);
    await until(() => responses.length === 1);
    expect(responses[0]?.text).toBe(zh.help.usage('/errcode'));
    expect(JSON.stringify(responses[0]?.blocks)).toContain('根据已发布的错误码目录');
  });

  it('gets the ticket form, its errors, the card and the thread notes in Chinese', async () => {
    responseUrls();
    const answer = await paste('1700000000.000102', '{"error_code":"IMG.0014","request_id":"req0001abc"}');
    await click(h, ACTIONS.ticket, buttonValue(answer.blocks, ACTIONS.ticket) ?? '', { messageTs: answer.ts });
    await until(() => slack.callsOf('views.open').length === 1);
    const form = slack.callsOf('views.open')[0]?.args.view as Record<string, unknown>;
    const formText = JSON.stringify(form);
    for (const label of [
      zh.ticket.modalTitle,
      zh.ticket.doing,
      zh.ticket.when,
      zh.ticket.severities.medium,
      zh.ticket.guidance,
    ])
      expect(formText).toContain(label);
    expect(formText).toContain(`*${zh.ticket.guidance}*\\n请联系技术支持。`);
    const invalid = await submitView(h, form, { doing: '建镜像' });
    expect(JSON.parse(invalid.text).errors).toEqual({ doing: zh.ticket.errors.doing });
    await submitView(h, form, { doing: '用 Terraform 从 ecs-prod-01 创建整机镜像时报错' });
    await until(() => slack.messages.some((m) => m.channel === ESCALATION));
    const card = JSON.stringify(slack.messages.find((m) => m.channel === ESCALATION));
    expect(card).toContain(':red_circle: *待处理* ：尚无人认领');
    expect(card).toContain('*严重程度*\\n中——工作受阻');
    expect(card).toContain(`"text":"${zh.ticket.take}"`);
    await until(() => slack.repliesIn(CHANNEL, '1700000000.000102').some((m) => /提交了支持工单/.test(m.text ?? '')));
  });

  it('gets App Home in Chinese', async () => {
    await post(
      h,
      eventBody({ type: 'app_home_opened', user: ZH_USER, channel: 'D0DM00001', tab: 'home', event_ts: '1.1' }),
      JSON_TYPE,
    );
    await until(() => slack.callsOf('views.publish').length === 1);
    const view = JSON.stringify(slack.callsOf('views.publish')[0]?.args.view);
    for (const part of [
      '解释华为云 API 错误',
      '*目录：62 个服务，共',
      zh.home.mostAsked,
      zh.home.feedback,
      zh.home.noFeedback,
    ])
      expect(view).toContain(part);
    expect(view).not.toContain('Most asked');
  });

  it('is told in Chinese, by direct message, about a ticket card errcode could not post', async () => {
    slack.setMember(ESCALATION, false);
    await h.bot.escalation.submit({ ...DRAFT, lang: 'zh' }, { key: 'k:0', reporter: ZH_USER });
    await until(() => slack.messages.some((m) => m.channel === ZH_USER));
    expect(slack.messages.find((m) => m.channel === ZH_USER)?.text).toBe(
      `支持工单 *ESC-0001* 的卡片（<#${ESCALATION}>）未能发布。errcode 无权在 <#${ESCALATION}> 中发消息。解决方法：邀请它加入（在 <#${ESCALATION}> 中输入 \`/invite @errcode\`）；加入后，等待中的消息会立即发布。\n${zh.notice.retryHint}`,
    );
  });
});
