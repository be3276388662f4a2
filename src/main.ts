import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import dotenv from 'dotenv';
import { Answers } from './answers.ts';
import { CatalogError } from './catalog/problems.ts';
import { processIo } from './cli/io.ts';
import { ConfigError, loadConfig } from './config.ts';
import { loadEngine } from './load-engine.ts';
import { DEFAULT_CATALOG_DIR } from './paths.ts';
import type { Health } from './slack/app.ts';
import { StorageError } from './store/errors.ts';

const AUTH_ERRORS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired']);

/** What to tell the operator when the bot cannot start, for the failures they can fix; undefined for bugs. */
function startProblem(error: unknown, apiUrl: string | undefined, port: number): string | undefined {
  const e = error as { code?: string; data?: { error?: string }; message?: string };
  if (e.data?.error && AUTH_ERRORS.has(e.data.error)) {
    return `Slack rejected SLACK_BOT_TOKEN (${e.data.error}). Copy the Bot User OAuth Token again from your app's OAuth & Permissions page.`;
  }
  if (e.code === 'slack_webapi_request_error') {
    return `Could not reach Slack at ${apiUrl ?? 'https://slack.com/api/'} (${e.message}). Check the network, or SLACK_API_URL.`;
  }
  if (e.code === 'EADDRINUSE')
    return `Port ${port} is already in use: stop what is using it, or set PORT to another port.`;
  return undefined;
}

/**
 * `npm start`: configuration, catalog, index, then Slack (HTTP or Socket Mode) or the local console. Each branch
 * imports what only it uses (Bolt and the Web API client weigh about 0.4 s of start), so the console never loads Slack.
 */
async function main(): Promise<number> {
  dotenv.config({ quiet: true });
  const config = loadConfig(process.env);
  const engine = await loadEngine(config.catalogDir ?? DEFAULT_CATALOG_DIR);
  if (config.mode === 'console') {
    const [{ runConsole }, { openStorage }] = await Promise.all([import('./console.ts'), import('./store/storage.ts')]);
    const memory = await openStorage({ memory: true });
    await runConsole(new Answers(engine, memory), {
      input: process.stdin,
      output: process.stdout,
      io: processIo,
      env: process.env,
      historyFile: join(homedir(), '.errcode_history'),
    });
    await memory.close();
    return 0;
  }

  const [{ createLogger }, { createSlackBot, healthHandler, STARTING, STOPPING }, { openStorage }] = await Promise.all([
    import('./log.ts'),
    import('./slack/app.ts'),
    import('./store/storage.ts'),
  ]);
  const logger = createLogger({
    level: config.logLevel,
    secrets: [config.botToken, config.appToken, config.signingSecret],
  });

  // The store first: what is wrong with it stops the start (exit 3) before anything listens.
  const storage = await openStorage(
    config.databaseUrl
      ? { databaseUrl: config.databaseUrl, onError: (error) => logger.warn(`database: ${error.message}`) }
      : { dataDir: config.dataDir },
  );
  // In Socket Mode the health check is errcode's own server: 503 until connected to Slack, and once stopping.
  // (In HTTP mode it is a route of the receiver.)
  let health: () => Health = () => ({ ok: false, reason: STARTING });
  const healthServer =
    config.mode === 'socket'
      ? createServer(healthHandler(engine.catalog.codes, () => health())).listen(config.port, config.host)
      : undefined;
  const bot = createSlackBot({ config, answers: new Answers(engine, storage), storage, logger });
  let server: Server | undefined;
  try {
    server = await bot.start(config.port, config.host);
  } catch (error) {
    const problem = startProblem(error, config.slackApiUrl, config.port);
    if (!problem) throw error;
    logger.error(problem);
    await storage.close();
    healthServer?.close();
    return 1;
  }
  health = () => bot.health();
  const at = listeningAt(server ?? healthServer, config.port, config.host);
  if (config.mode === 'socket') {
    logger.info(`connected to Slack over Socket Mode; health check on ${at.url}/healthz${at.note}`);
  } else {
    logger.info(`listening for Slack on ${at.url}/slack/events${at.note}; health: /healthz`);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    logger.info(`${signal}: ${STOPPING} (grace ${config.shutdownGraceMs / 1000} s)`);
    // Whatever happens below, the process ends shortly after its grace.
    setTimeout(() => process.exit(1), config.shutdownGraceMs + 5000).unref();
    const left = await bot.stop(config.shutdownGraceMs).catch(() => 0);
    await storage.close().catch(() => undefined);
    healthServer?.close();
    healthServer?.closeAllConnections();
    logger.info(
      `stopped in ${Date.now() - started} ms${left > 0 ? `; ${left} job(s) still in flight resume after their lease, elsewhere or at the next start` : ''}`,
    );
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  // One bad event must never take the bot down: log what escaped every handler and carry on.
  process.on('unhandledRejection', (reason) => logger.error(`unhandled rejection: ${String(reason)}`));
  return 0;
}

/** The address a server really listens on, as a URL, and a note when that is every interface. */
function listeningAt(
  server: Server | undefined,
  port: number,
  host: string | undefined,
): { url: string; note: string } {
  const address = server?.address() as AddressInfo | null | undefined;
  const ip = address?.address ?? host ?? '::';
  const everywhere = ip === '::' || ip === '0.0.0.0';
  return {
    url: `http://${ip.includes(':') ? `[${ip}]` : ip}:${address?.port ?? port}`,
    note: everywhere ? ', on every interface (set HOST to listen on one address only)' : '',
  };
}

main().then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof CatalogError) {
      process.stderr.write(`errcode: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    if (error instanceof StorageError) {
      process.stderr.write(`errcode: ${error.message}\n`);
      process.exitCode = 3;
      return;
    }
    throw error;
  },
);
