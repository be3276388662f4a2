import { randomUUID } from 'node:crypto';
import { type IncomingMessage, Server, type ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import { App, type CustomRoute, HTTPReceiver, type LogLevel } from '@slack/bolt';
import type { Logger } from '@slack/logger';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Answers } from '../answers.ts';
import { ChatAnswering } from '../chat/answering.ts';
import type { Config } from '../config.ts';
import type { EscalationStatus } from '../escalation/ports.ts';
import { EscalationService } from '../escalation/service.ts';
import { FeedbackService } from '../feedback/service.ts';
import { DeliveryFailures } from '../outbox/failures.ts';
import { Outbox, type OutboxOptions } from '../outbox/outbox.ts';
import { Scheduler } from '../periodic.ts';
import type { Storage } from '../store/storage.ts';
import type { ListenerDeps } from './deps.ts';
import { logJobErrors, NO_ESCALATION_CHANNEL, SlackTicketNotifier } from './escalation.ts';
import { SlackFailureNotifier } from './failures.ts';
import { guardRequests } from './http.ts';
import * as actions from './listeners/actions/index.ts';
import * as commands from './listeners/commands/index.ts';
import * as events from './listeners/events/index.ts';
import * as messages from './listeners/messages/index.ts';
import * as shortcuts from './listeners/shortcuts/index.ts';
import * as views from './listeners/views/index.ts';
import { createLanguageResolver } from './locale.ts';
import { SlackAnswerPoster } from './poster.ts';
import { SlackAnswerRemover } from './remover.ts';
import { AnswerRenderer } from './render.ts';

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
  /** Outbox options on top of the configured ones (tests shorten the retry delays). */
  outbox?: Partial<OutboxOptions>;
}

/** Once-per-period tasks, across replicas. */
const HOUR = 3600_000;

/** What the health check reports: ready, or why not. */
export type Health = { ok: true } | { ok: false; reason: string };

/** Why a process is not ready before it has connected to Slack. */
export const STARTING = 'starting: not connected to Slack yet';
/** Why a process is not ready once it was told to stop. */
export const STOPPING = 'stopping: finishing the work in flight, taking no more';

/** GET /healthz: 200 with the catalog size when `health` says ready, 503 with the reason otherwise. */
export function healthHandler(codes: number, health: () => Health = () => ({ ok: true })) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    const state = health();
    res.writeHead(state.ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify(state.ok ? { ok: true, codes } : { ok: false, reason: state.reason }));
  };
}

/** The running bot: the Bolt app, chat answering, escalation and the outbox, started and stopped together. */
export interface SlackBot {
  app: App;
  chat: ChatAnswering;
  escalation: EscalationService;
  failures: DeliveryFailures;
  outbox: Outbox;
  scheduler: Scheduler;
  /** Ready, starting, or stopping: what /healthz says. */
  health(): Health;
  /**
   * Verifies the token (auth.test), checks the escalation channel, starts listening (HTTP mode: on `host`, every
   * interface when undefined), starts the outbox. Resolves to the HTTP server.
   */
  start(port: number, host?: string): Promise<Server | undefined>;
  /**
   * Stops at once taking new work (/healthz and new requests answer 503, no job is leased), then waits up to
   * `graceMs` for listeners and jobs in flight, then closes. Resolves to how many jobs were left to their lease.
   */
  stop(graceMs?: number): Promise<number>;
}

/** The longest a views.open may take: a trigger_id expires 3 s after the click. */
const VIEWS_TIMEOUT_MS = 2500;

/**
 * Builds the Bolt app: HTTP mode (all Slack requests on /slack/events, plus /healthz) or Socket Mode, the listeners
 * by kind, one error handler; and the domain services over the storage ports, with the Slack adapters of their
 * ports (answer poster, ticket notifier) and the outbox that runs their jobs.
 */
export function createSlackBot(options: SlackAppOptions): SlackBot {
  const { config, logger, storage } = options;
  let state: Health = { ok: false, reason: STARTING };
  let stopping = false;
  const clientOptions: WebClientOptions = {
    ...(config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}),
    // A few retries with backoff (rate-limited calls wait for Retry-After): enough for a blip, short enough that a
    // user is not left waiting for minutes. Posts that must happen go through the outbox and its own client.
    retryConfig: { retries: 5, factor: 2, minTimeout: 1000, maxTimeout: 30_000 },
    // No call waits for ever on a Slack that accepted the connection and went quiet.
    timeout: config.slackTimeoutMs,
    ...options.clientOptions,
  };
  const health: CustomRoute = {
    path: '/healthz',
    method: ['GET'],
    handler: healthHandler(options.answers.catalog.codes, () => state),
  };
  // HTTP mode: errcode's own receiver, so that a request body over the limit is refused before it is read (the
  // signature check reads it whole), and a stopping process refuses new requests while /healthz says why.
  const receiver =
    config.mode === 'socket'
      ? undefined
      : new HTTPReceiver({
          signingSecret: config.signingSecret ?? '',
          customRoutes: [health],
          logger,
          logLevel: config.logLevel as LogLevel,
          bodyLimit: config.maxBodyBytes,
        });
  if (receiver)
    receiver.requestListener = guardRequests(receiver.requestListener, {
      maxBodyBytes: config.maxBodyBytes,
      draining: () => stopping,
      healthPath: health.path,
    });
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
          receiver,
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
    timeout: Math.min(config.slackTimeoutMs, Math.floor(config.outboxLeaseMs / 3)),
    logger,
  });
  // Modals' own client: a 429 on the app's client pauses its whole queue for Retry-After, and a trigger_id lives 3 s.
  // Here a rate limit fails at once (the user clicks again), and nothing else waits in this queue.
  const ui = new WebClient(config.botToken, {
    ...clientOptions,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: Math.min(config.slackTimeoutMs, VIEWS_TIMEOUT_MS),
    logger,
  });
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 6)}`;
  const language = createLanguageResolver(
    async (user) => (await app.client.users.info({ user, include_locale: true })).user?.locale,
  );
  const kick = () => outbox.kick();
  const render = new AnswerRenderer(options.answers, config.lookupUrl);
  // Outbox jobs look locales up through the outbox's client too, so a slow or rate-limited users.info answers in
  // English at once rather than holding the job past its lease.
  const jobLanguage = createLanguageResolver(
    async (user) => (await posts.users.info({ user, include_locale: true })).user?.locale,
  );
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
    poster: new SlackAnswerPoster(posts, jobLanguage, render),
    kick,
  });
  const failures = new DeliveryFailures({
    jobs: storage.jobs,
    concerned: { ...escalation.concerned(), ...chat.concerned() },
    notifier: new SlackFailureNotifier(posts, jobLanguage),
    isSupport: (user) => escalation.isSupport(user),
    kick,
  });
  const outbox = new Outbox(
    storage.jobs,
    { ...escalation.handlers(), ...chat.handlers(), ...failures.handlers() },
    {
      owner,
      leaseMs: config.outboxLeaseMs,
      onError: logJobErrors(logger),
      onDead: failures.onDead,
      ...options.outbox,
    },
  );

  const reopened = async (channel: string) => {
    const revived = await failures.reopened(channel);
    if (revived > 0) logger.info(`errcode can post in ${channel} again: ${revived} undelivered job(s) queued again`);
  };
  const checkEscalation = async (): Promise<EscalationStatus> => {
    if (!config.escalationChannel) {
      logger.warn('support tickets are off: ERRCODE_ESCALATION_CHANNEL is not set');
      return escalation.current;
    }
    const status = await escalation.check();
    if (!status.ok) logger.warn(`support tickets are off: ${status.problem.replace(/<#(\w+)>/, '$1')}`);
    // Cards that died because errcode could not post there (it was not invited yet) are posted now.
    else await reopened(status.channel);
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
    render,
    chat,
    channels: storage.channels,
    stats: storage.lookups,
    feedback: new FeedbackService({ store: storage.feedback, remover: new SlackAnswerRemover(app.client) }),
    logger,
    language,
    escalation,
    // A form opened while tickets could not be posted: errcode may have been invited since the last check. With no
    // channel configured there is nothing to look at.
    recheckEscalation: async () => (config.escalationChannel ? checkEscalation() : escalation.current),
    failures,
    ui,
    // errcode was invited somewhere: what could not be posted there comes back, and the escalation channel is
    // looked at again if it was that one.
    letIn: async (channel) => {
      if (channel === config.escalationChannel) await checkEscalation();
      else await reopened(channel);
    },
    ...(config.escalationChannel ? { escalationChannel: config.escalationChannel } : {}),
  };

  // Listeners in flight, so that a stopping process lets them finish (within its grace) before it closes.
  const listening = new Set<Promise<void>>();
  app.use(async ({ next }) => {
    const run = next();
    listening.add(run);
    try {
      await run;
    } finally {
      listening.delete(run);
    }
  });
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

  let server: Server | undefined;
  return {
    app,
    chat,
    escalation,
    failures,
    outbox,
    scheduler,
    health: () => state,
    async start(port, host) {
      // Fail fast on a bad token or no route to Slack: Bolt's own first call would retry for minutes.
      await new WebClient(config.botToken, {
        ...clientOptions,
        retryConfig: { retries: 0 },
        timeout: 15_000,
        logger,
      }).auth.test();
      await app.init();
      await checkEscalation();
      const started = (await app.start(host ? { port, host } : port)) as unknown;
      server = started instanceof Server ? started : undefined;
      outbox.start(options.outboxIntervalMs);
      scheduler.start();
      state = { ok: true };
      return server;
    },
    async stop(graceMs = config.shutdownGraceMs) {
      stopping = true;
      state = { ok: false, reason: STOPPING };
      scheduler.stop();
      const until = Date.now() + graceMs;
      const [left] = await Promise.all([
        outbox.stop(graceMs),
        Promise.race([
          Promise.allSettled([...listening]),
          new Promise((resolve) => setTimeout(resolve, graceMs).unref()),
        ]),
      ]);
      // Whatever is still open past the grace is cut: the process is about to exit.
      if (Date.now() >= until) server?.closeAllConnections();
      await app.stop().catch(() => undefined);
      server?.closeAllConnections();
      return left;
    },
  };
}
