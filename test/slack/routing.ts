import type { App } from '@slack/bolt';
import { ConsoleLogger } from '@slack/logger';
import { WebClient } from '@slack/web-api';
import { Answers } from '../../src/answers.ts';
import { ChatAnswering } from '../../src/chat/answering.ts';
import { EscalationService } from '../../src/escalation/service.ts';
import { FeedbackService } from '../../src/feedback/service.ts';
import { DeliveryFailures } from '../../src/outbox/failures.ts';
import type { ListenerDeps } from '../../src/slack/deps.ts';
import { SlackTicketNotifier } from '../../src/slack/escalation.ts';
import * as actions from '../../src/slack/listeners/actions/index.ts';
import * as commands from '../../src/slack/listeners/commands/index.ts';
import * as events from '../../src/slack/listeners/events/index.ts';
import * as messages from '../../src/slack/listeners/messages/index.ts';
import * as shortcuts from '../../src/slack/listeners/shortcuts/index.ts';
import * as views from '../../src/slack/listeners/views/index.ts';
import { SlackAnswerRemover } from '../../src/slack/remover.ts';
import { AnswerRenderer } from '../../src/slack/render.ts';
import { openStorage } from '../../src/store/storage.ts';
import { shippedEngine } from '../engine/shared.ts';

/** What the listener modules register with Bolt, recorded by a fake app. */
export interface Registrations {
  commands: string[];
  events: string[];
  shortcuts: { callback_id: string; type?: string }[];
  actions: string[];
  views: string[];
}

/** Runs every listener module's `register` against a recording fake of Bolt's App. */
export async function recordRegistrations(): Promise<Registrations> {
  const r: Registrations = { commands: [], events: [], shortcuts: [], actions: [], views: [] };
  const id = (c: unknown) =>
    typeof c === 'string'
      ? c
      : ((c as { callback_id?: string; action_id?: string }).callback_id ?? (c as { action_id: string }).action_id);
  const fake = {
    command: (name: string) => void r.commands.push(name),
    event: (name: string) => void r.events.push(name),
    message: () => void r.events.push('message'),
    shortcut: (c: { callback_id: string; type?: string }) => void r.shortcuts.push(c),
    action: (c: unknown) => void r.actions.push(id(c)),
    view: (c: unknown) => void r.views.push(id(c)),
  } as unknown as App;
  const storage = await openStorage({ memory: true });
  const client = new WebClient();
  const answers = new Answers(shippedEngine(), storage);
  const escalation = new EscalationService({
    transaction: storage.transaction,
    tickets: storage.tickets,
    notifier: new SlackTicketNotifier(client, client, 'C0ESCAL01'),
    kick: () => {},
    initial: { ok: true, channel: 'C0ESCAL01' },
  });
  const chat = new ChatAnswering({
    answers,
    channels: storage.channels,
    ledger: storage.ledger,
    transaction: storage.transaction,
    poster: { post: async () => 'C:1' },
    kick: () => {},
  });
  const deps: ListenerDeps = {
    answers,
    render: new AnswerRenderer(answers, undefined),
    chat,
    channels: storage.channels,
    stats: storage.lookups,
    feedback: new FeedbackService({ store: storage.feedback, remover: new SlackAnswerRemover(client) }),
    recheckEscalation: async () => escalation.current,
    logger: new ConsoleLogger(),
    language: async () => 'en',
    escalation,
    failures: new DeliveryFailures({
      jobs: storage.jobs,
      concerned: {},
      notifier: { tell: async () => {} },
      isSupport: async () => false,
      kick: () => {},
    }),
    ui: client,
    letIn: async () => {},
    escalationChannel: 'C0ESCAL01',
  };
  for (const kind of [commands, messages, shortcuts, actions, views, events]) kind.register(fake, deps);
  await storage.close();
  return r;
}
