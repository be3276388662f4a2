import { randomUUID } from 'node:crypto';
import { type IncomingMessage, Server, type ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import { App, type CustomRoute, type LogLevel } from '@slack/bolt';
import type { Logger } from '@slack/logger';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Answers } from '../answers.ts';
import { ChatAnswering } from '../chat/answering.ts';
import type { Config } from '../config.ts';
import type { EscalationStatus } from '../escalation/ports.ts';
import { EscalationService } from '../escalation/service.ts';
import { Outbox } from '../outbox/outbox.ts';
import { Scheduler } from '../periodic.ts';
import type { Storage } from '../store/storage.ts';
import type { ListenerDeps } from './deps.ts';
import { logJobErrors, NO_ESCALATION_CHANNEL, SlackTicketNotifier } from './escalation.ts';
import * as actions from './listeners/actions/index.ts';
import * as commands from './listeners/commands/index.ts';
import * as events from './listeners/events/index.ts';
import * as messages from './listeners/messages/index.ts';
import * as shortcuts from './listeners/shortcuts/index.ts';
import * as views from './listeners/views/index.ts';
import { createLanguageResolver } from './locale.ts';
import { SlackAnswerPoster } from './poster.ts';

/** Everything the Slack app is built from. */
export interface SlackAppOptions {
  config: Config;
  answers: Answers;
  storage: Storage;
  logger: Logger;
  /** Web API client options on top of the configured base URL (tests turn retries off here). */
  clientOptions?: WebClientOptions;
  /** Names this process in outbox leases and periodic runs (default: host, pid and a random suffix). */
  owner?: string;
  /** How often the outbox looks for due jobs (default 1 s). */
  outboxIntervalMs?: number;
}

/** Once-per-period tasks, across replicas. */
const HOUR = 3600_000;

/** GET /healthz: 200 with the catalog size once `ready` (the store migrated), 503 before. */
export function healthHandler(codes: number, ready: () => boolean = () => true) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    const ok = ready();
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(ok ? { ok: true, codes } : { ok: false, reason: 'starting: the store is not migrated yet' }),
    );
  };
}

/** The running bot: the Bolt app, chat answering, escalation and the outbox, started and stopped together. */
export interface SlackBot {
  app: App;
  chat: ChatAnswering;
  escalation: EscalationService;
  outbox: Outbox;
  scheduler: Scheduler;
  /** Verifies the token (auth.test), checks the escalation channel, starts listening, starts the outbox. */
  start(port: number): Promise<Server | undefined>;
  stop(): Promise<void>;
}

/**
 * Builds the Bolt app: HTTP mode (all Slack requests on /slack/events, plus /healthz) or Socket Mode, the listeners
 * by kind, one error handler; and the domain services over the storage ports, with the Slack adapters of their
 * ports (answer poster, ticket notifier) and the outbox that runs their jobs.
 */
export function createSlackBot(options: SlackAppOptions): SlackBot {
  const { config, logger, storage } = options;
  const clientOptions: WebClientOptions = {
    ...(config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}),
    // A few retries with backoff (rate-limited calls wait for Retry-After): enough for a blip, short enough that a
    // user is not left waiting for minutes. Posts that must happen go through the outbox and its own client.
    retryConfig: { retries: 5, factor: 2, minTimeout: 1000, maxTimeout: 30_000 },
    ...options.clientOptions,
  };
  const health: CustomRoute = {
    path: '/healthz',
    method: ['GET'],
    handler: healthHandler(options.answers.catalog.codes),
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

  // The outbox's own client: no hidden retries (each would skip the "is it already posted?" look), rate limits
  // returned at once with their Retry-After, and a timeout well inside a job's lease.
  const posts = new WebClient(config.botToken, {
    ...clientOptions,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: Math.min(10_000, Math.floor(config.outboxLeaseMs / 3)),
    logger,
  });
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 6)}`;
  const language = createLanguageResolver(
    async (user) => (await app.client.users.info({ user, include_locale: true })).user?.locale,
  );
  const kick = () => outbox.kick();
  const initial: EscalationStatus = config.escalationChannel
    ? { ok: true, channel: config.escalationChannel }
    : { ok: false, problem: NO_ESCALATION_CHANNEL };
  const escalation = new EscalationService({
    transaction: storage.transaction,
    tickets: storage.tickets,
    notifier: new SlackTicketNotifier(app.client, posts, config.escalationChannel),
    kick,
    initial,
  });
  const chat = new ChatAnswering({
    answers: options.answers,
    channels: storage.channels,
    ledger: storage.ledger,
    transaction: storage.transaction,
    // The poster runs inside outbox jobs: its locale lookup goes through the outbox's client too, so a slow or
    // rate-limited users.info answers in English at once rather than holding the job past its lease.
    poster: new SlackAnswerPoster(
      posts,
      createLanguageResolver(async (user) => (await posts.users.info({ user, include_locale: true })).user?.locale),
      { codes: options.answers.catalog.codes, services: options.answers.catalog.services.length },
    ),
    kick,
  });
  const outbox = new Outbox(
    storage.jobs,
    { ...escalation.handlers(), ...chat.handlers() },
    { owner, leaseMs: config.outboxLeaseMs, onError: logJobErrors(logger) },
  );

  const checkEscalation = async (): Promise<EscalationStatus> => {
    if (!config.escalationChannel) {
      logger.warn('support tickets are off: ERRCODE_ESCALATION_CHANNEL is not set');
      return escalation.current;
    }
    const status = await escalation.check();
    if (!status.ok) logger.warn(`support tickets are off: ${status.problem.replace(/<#(\w+)>/, '$1')}`);
    return status;
  };
  // Hourly across all replicas: drop what the store no longer needs, and look at the escalation channel again
  // (errcode may have been invited, or removed); the replicas that did not look take on what was found.
  const scheduler = new Scheduler(
    storage.periodic,
    [
      {
        name: 'housekeeping',
        periodMs: HOUR,
        run: async () => {
          await storage.prune();
          return undefined;
        },
      },
      {
        name: 'escalation-check',
        periodMs: HOUR,
        run: async () => JSON.stringify(await checkEscalation()),
        adopt: (result) => escalation.adopt(JSON.parse(result) as EscalationStatus),
      },
    ],
    { owner, onError: (task, error) => logger.warn(`periodic ${task} failed: ${(error as Error).message}`) },
  );

  const deps: ListenerDeps = {
    answers: options.answers,
    chat,
    channels: storage.channels,
    stats: storage.lookups,
    logger,
    language,
    escalation,
    ...(config.escalationChannel ? { escalationChannel: config.escalationChannel } : {}),
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

  return {
    app,
    chat,
    escalation,
    outbox,
    scheduler,
    async start(port) {
      // Fail fast on a bad token or no route to Slack: Bolt's own first call would retry for minutes.
      await new WebClient(config.botToken, {
        ...clientOptions,
        retryConfig: { retries: 0 },
        timeout: 15_000,
        logger,
      }).auth.test();
      await app.init();
      await checkEscalation();
      const server = (await app.start(port)) as unknown;
      outbox.start(options.outboxIntervalMs);
      scheduler.start();
      return server instanceof Server ? server : undefined;
    },
    async stop() {
      scheduler.stop();
      await outbox.stop();
      await app.stop();
    },
  };
}
