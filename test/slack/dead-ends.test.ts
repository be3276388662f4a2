import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LOOKUP_URL } from '../../src/config.ts';
import { ACTIONS, ANSWER_ACTIONS_BLOCK } from '../../src/slack/blocks/answer.ts';
import { shippedEngine } from '../engine/shared.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { BOT_USER, eventBody, type Harness, JSON_TYPE, loopbackOnly, post, startApp, TEAM, until } from './harness.ts';
import { buttonValue, click, submitView } from './interactions.ts';

const ESCALATION = 'C0ESCAL01';
const SOURCE = 'C0CHAN001';

let slack: FakeSlack;
let dataDir: string;
let h: Harness;

const start = (env: Record<string, string> = {}) =>
  startApp({ dataDir, env: { SLACK_API_URL: slack.url, ERRCODE_ESCALATION_CHANNEL: ESCALATION, ...env } });

loopbackOnly();
beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'errcode-dead-ends-'));
  slack = await new FakeSlack({ botUserId: BOT_USER, teamId: TEAM, members: ['U0USER001'] }).start();
});
afterEach(async () => {
  await h?.stop();
  await slack.stop();
  nock.cleanAll();
  rmSync(dataDir, { recursive: true, force: true });
});

type Block = { type: string; block_id?: string; text?: { text: string }; elements?: { text?: string }[] };

/** The answer errcode posted in reply to the message `ts` (a thread reply, or in place in a DM). */
async function answerTo(channel: string, ts: string, text: string, channelType = 'channel'): Promise<Block[]> {
  const before = slack.messages.length;
  await post(
    h,
    eventBody({ type: 'message', channel, channel_type: channelType, user: 'U0USER001', text, ts, event_ts: ts }),
    JSON_TYPE,
  );
  await until(() => slack.messages.length > before);
  return slack.messages.at(-1)?.blocks as Block[];
}

const textOf = (blocks: Block[]) => JSON.stringify(blocks);
const indexOf = (blocks: Block[], test: (b: Block) => boolean) => blocks.findIndex(test);

describe('no dead ends: an unknown code', () => {
  it('says what the catalog covers, links its service’s page and the vendor’s search, and opens a ticket', async () => {
    h = await start();
    const paste = '{"error_code":"ECS.9999","error_msg":"The flavor is sold out in this AZ."}';
    const blocks = await answerTo(SOURCE, '1700000000.000100', paste);
    const text = textOf(blocks);
    expect(text).toContain('`ECS.9999` is not in the errcode catalog.');
    expect(text).toContain(
      'Its prefix belongs to *Elastic Cloud Server (ECS)*: <https://docs.otc.t-systems.com/elastic-cloud-server/api-ref/appendix/error_codes.html|the error codes Elastic Cloud Server (ECS) publishes>.',
    );
    expect(text).toContain(
      "<https://console-intl.huaweicloud.com/apiexplorer/#/errorcenter?keyword=ECS.9999|Search for ECS.9999 in the vendor's error-code center>",
    );
    const catalog = shippedEngine().catalog;
    expect(text).toContain(
      `errcode's catalog covers ${catalog.codes.toLocaleString('en-US')} codes of ${catalog.services.length} services: `,
    );
    expect(text).toMatch(/services: [^"]*\bECS, [^"]*\bIMS, [^"]*\bVPC\b/);
    // Unknown codes are exactly what support gets asked about: the ticket is one click away.
    const value = buttonValue(blocks, ACTIONS.ticket);
    expect(value).toMatch(/:fallback$/);
    await click(h, ACTIONS.ticket, value ?? '', { messageTs: String(slack.messages.at(-1)?.ts) });
    await until(() => slack.callsOf('views.open').length === 1);
    const form = slack.callsOf('views.open')[0]?.args.view as Record<string, unknown>;
    expect(JSON.stringify(form)).toContain('"initial_value":"[ECS] ECS.9999 The flavor is sold out in this AZ."');
    await submitView(h, form, { doing: 'Creating three ECSs in eu-de-01 from Terraform' });
    await until(() => slack.messages.some((m) => m.channel === ESCALATION));
    const card = JSON.stringify(slack.messages.find((m) => m.channel === ESCALATION));
    expect(card).toContain('ESC-0001 · [ECS] ECS.9999 The flavor is sold out in this AZ.');
    expect(card).toContain('*Error code*\\nECS.9999');
  });

  it('puts the code, URL-encoded, where ERRCODE_LOOKUP_URL says, and leaves the search out when it is off', async () => {
    h = await start({ ERRCODE_LOOKUP_URL: 'https://errors.example.com/codes/{code}?from=slack' });
    const withLink = textOf(await answerTo('D0DM00001', '1700000000.000101', 'IMG.9999', 'im'));
    expect(withLink).toContain('<https://errors.example.com/codes/IMG.9999?from=slack|Search for IMG.9999');
    await h.stop();
    h = await start({ ERRCODE_LOOKUP_URL: 'off' });
    const without = textOf(await answerTo('D0DM00001', '1700000000.000102', 'IMG.9998', 'im'));
    expect(without).toContain('`IMG.9998` is not in the errcode catalog.');
    expect(without).not.toContain('Search for');
    expect(DEFAULT_LOOKUP_URL).toContain('{code}');
  });

  it('answers a code of no known service with the coverage, the search and a ticket, and no service link', async () => {
    h = await start();
    const blocks = await answerTo('D0DM00001', '1700000000.000103', 'what is ZZQ.4040 ?', 'im');
    const text = textOf(blocks);
    expect(text).toContain('`ZZQ.4040` is not in the errcode catalog.');
    expect(text).not.toContain('Its prefix belongs to');
    expect(text).toContain('errorcenter?keyword=ZZQ.4040');
    expect(text).toContain("errcode's catalog covers");
    expect(buttonValue(blocks, ACTIONS.ticket)).toMatch(/:fallback$/);
  });
});

describe('no dead ends: no match', () => {
  it('says what the catalog covers and offers a ticket; a message many codes publish says why there is no answer', async () => {
    h = await start();
    const none = await answerTo('D0DM00001', '1700000000.000104', 'the deploy pipeline is haunted', 'im');
    expect(textOf(none)).toContain('No error code found in that.');
    expect(textOf(none)).toContain("errcode's catalog covers");
    expect(buttonValue(none, ACTIONS.ticket)).toMatch(/:fallback$/);
    const shared = await answerTo('D0DM00001', '1700000000.000105', 'System error.', 'im');
    expect(textOf(shared)).toMatch(/That message is published by \d+ error codes, too many to tell apart/);
  });
});

describe('matched answers', () => {
  it('link their source page, name the other services publishing the code and the API host that chose, and list the paste above the buttons', async () => {
    h = await start();
    const paste =
      'Error creating floating IP: POST https://eip.eu-de.otc.t-systems.com/v1/publicips {"code":"VPC.0521","request_id":"9c1d7b2e4f60"}';
    const blocks = await answerTo(SOURCE, '1700000000.000106', paste);
    const text = textOf(blocks);
    expect(blocks[0]?.text?.text).toMatch(/^VPC\.0521 {2}/);
    expect(text).toContain('*Service*\\nElastic IP (EIP)');
    expect(text).toMatch(/Source: <https:\/\/docs\.otc\.t-systems\.com\/[^|]+\|[^>]+>/);
    expect(text).toContain('also published by Virtual Private Cloud (VPC)');
    expect(text).toContain('chosen by the API host `eip` in the paste');
    const fromPaste = indexOf(blocks, (b) => JSON.stringify(b).includes('From the paste: '));
    const actions = indexOf(blocks, (b) => b.block_id === ANSWER_ACTIONS_BLOCK);
    expect(JSON.stringify(blocks[fromPaste])).toContain(
      'From the paste: request id `9c1d7b2e4f60`  ·  region `eu-de`  ·  host `eip.eu-de.otc.t-systems.com`',
    );
    expect(fromPaste).toBeGreaterThan(0);
    expect(actions).toBe(blocks.length - 1);
    expect(fromPaste).toBeLessThan(actions);
  });

  it('label which meaning of a code each entry is', async () => {
    h = await start();
    const text = textOf(await answerTo('D0DM00001', '1700000000.000107', 'VPC.0101', 'im'));
    expect(text).toContain('*Meaning*\\nCreating a VPC');
    expect(text).toContain('*Meaning*\\nQuerying a VPC');
    expect(text).toContain('2 more matches not shown.');
  });
});
