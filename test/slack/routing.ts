import type { App } from '@slack/bolt';
import { ConsoleLogger } from '@slack/logger';
import { WebClient } from '@slack/web-api';
import { Answers } from '../../src/answers.ts';
import { Tickets } from '../../src/escalation/tickets.ts';
import type { ListenerDeps } from '../../src/slack/deps.ts';
import { EscalationDesk } from '../../src/slack/escalation.ts';
import * as actions from '../../src/slack/listeners/actions/index.ts';
import * as commands from '../../src/slack/listeners/commands/index.ts';
import * as events from '../../src/slack/listeners/events/index.ts';
import * as messages from '../../src/slack/listeners/messages/index.ts';
import * as shortcuts from '../../src/slack/listeners/shortcuts/index.ts';
import * as views from '../../src/slack/listeners/views/index.ts';
import { Outbox } from '../../src/store/outbox.ts';
import { Store } from '../../src/store/store.ts';
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
export function recordRegistrations(): Registrations {
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
  const store = Store.memory();
  const logger = new ConsoleLogger();
  const outbox = new Outbox(store, async () => {});
  const tickets = new Tickets(store, (job) => outbox.enqueue(job));
  const desk = new EscalationDesk(new WebClient(), tickets, logger, 'C0ESCAL01');
  const deps: ListenerDeps = {
    answers: new Answers(shippedEngine(), store),
    store,
    logger,
    language: async () => 'en',
    escalation: { desk, tickets, outbox },
  };
  for (const kind of [commands, messages, shortcuts, actions, views, events]) kind.register(fake, deps);
  return r;
}
