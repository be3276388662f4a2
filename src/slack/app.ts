import { type IncomingMessage, Server, type ServerResponse } from 'node:http';
import { App, type CustomRoute, type LogLevel } from '@slack/bolt';
import type { Logger } from '@slack/logger';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Answers } from '../answers.ts';
import type { Config } from '../config.ts';
import { Tickets } from '../escalation/tickets.ts';
import { Outbox } from '../store/outbox.ts';
import type { Store } from '../store/store.ts';
import type { ListenerDeps } from './deps.ts';
import { type Escalation, EscalationDesk, logJobErrors } from './escalation.ts';
import * as actions from './listeners/actions/index.ts';
import * as commands from './listeners/commands/index.ts';
import * as events from './listeners/events/index.ts';
import * as messages from './listeners/messages/index.ts';
import * as shortcuts from './listeners/shortcuts/index.ts';
import * as views from './listeners/views/index.ts';
import { createLanguageResolver } from './locale.ts';

/** Everything the Slack app is built from. */
export interface SlackAppOptions {
  config: Config;
  answers: Answers;
  store: Store;
  logger: Logger;
  /** Web API client options on top of the configured base URL (tests turn retries off here). */
  clientOptions?: WebClientOptions;
}

/** GET /healthz: 200 with the catalog size. The app only listens once the catalog is indexed. */
export function healthHandler(codes: number) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, codes }));
  };
}

/** The running bot: the Bolt app and the escalation machinery, started and stopped together. */
export interface SlackBot {
  app: App;
  escalation: Escalation;
  /** Verifies the token (auth.test), checks the escalation channel, starts listening, starts the outbox. */
  start(port: number): Promise<Server | undefined>;
  stop(): Promise<void>;
}

/**
 * Builds the Bolt app: HTTP mode (all Slack requests on /slack/events, plus /healthz) or Socket Mode, the listeners
 * by kind, one error handler, and the escalation desk with its outbox.
 */
export function createSlackBot(options: SlackAppOptions): SlackBot {
  const { config, logger } = options;
  const clientOptions: WebClientOptions = {
    ...(config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}),
    // A few retries with backoff (rate-limited calls wait for Retry-After): enough for a blip, short enough that a
    // user is not left waiting for minutes. Tickets do not depend on it: their outbox retries for as long as it takes.
    retryConfig: { retries: 5, factor: 2, minTimeout: 1000, maxTimeout: 30_000 },
    ...options.clientOptions,
  };
  const health: CustomRoute = {
    path: '/healthz',
    method: ['GET'],
    handler: healthHandler(options.answers.catalog.entries.length),
  };
  const app =
    config.mode === 'socket'
      ? new App({
          token: config.botToken,
          appToken: config.appToken,
          socketMode: true,
          // The Socket Mode client makes its own Web API calls (apps.connections.open): same base URL and retries.
          installerOptions: { clientOptions },
          logger,
          logLevel: config.logLevel as LogLevel,
          clientOptions,
          deferInitialization: true,
        })
      : new App({
          token: config.botToken,
          signingSecret: config.signingSecret,
          customRoutes: [health],
          logger,
          logLevel: config.logLevel as LogLevel,
          clientOptions,
          deferInitialization: true,
        });

  // Tickets queue jobs on the outbox, the outbox runs them on the desk, the desk reads tickets: the closures below
  // only run once all three exist.
  const tickets = new Tickets(options.store, (job) => outbox.enqueue(job));
  const desk = new EscalationDesk(app.client, tickets, logger, config.escalationChannel);
  const outbox = new Outbox(options.store, (job) => desk.run(job), logJobErrors(logger));
  const escalation: Escalation = { desk, tickets, outbox };

  const deps: ListenerDeps = {
    answers: options.answers,
    store: options.store,
    logger,
    escalation,
    language: createLanguageResolver(
      async (user) => (await app.client.users.info({ user, include_locale: true })).user?.locale,
    ),
  };
  commands.register(app, deps);
  messages.register(app, deps);
  shortcuts.register(app, deps);
  actions.register(app, deps);
  events.register(app, deps);
  views.register(app, deps);

  // Every listener failure ends here: logged with what Slack said, never fatal to the process.
  app.error(async (error) => {
    const data = (error as { data?: unknown }).data;
    logger.error(
      `listener failed: ${error.code ?? error.name}: ${error.message}${data ? ` ${JSON.stringify(data)}` : ''}`,
    );
  });

  let housekeeping: NodeJS.Timeout | undefined;
  return {
    app,
    escalation,
    async start(port) {
      // Fail fast on a bad token or no route to Slack: Bolt's own first call would retry for minutes.
      await new WebClient(config.botToken, {
        ...clientOptions,
        retryConfig: { retries: 0 },
        timeout: 15_000,
        logger,
      }).auth.test();
      await app.init();
      await escalation.desk.check();
      const server = (await app.start(port)) as unknown;
      outbox.start();
      options.store.prune();
      // Hourly: drop what the store no longer needs, and look at the escalation channel again (errcode may have been
      // invited, or removed, since the last check).
      housekeeping = setInterval(() => {
        options.store.prune();
        void escalation.desk.check().catch(() => undefined);
      }, 3600_000);
      housekeeping.unref();
      return server instanceof Server ? server : undefined;
    },
    async stop() {
      clearInterval(housekeeping);
      await outbox.stop();
      await app.stop();
    },
  };
}
