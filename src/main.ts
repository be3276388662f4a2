import { createServer } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';
import dotenv from 'dotenv';
import { Answers } from './answers.ts';
import { CatalogError } from './catalog/problems.ts';
import { processIo } from './cli/io.ts';
import { ConfigError, loadConfig } from './config.ts';
import { loadEngine } from './load-engine.ts';
import { DEFAULT_CATALOG_DIR } from './paths.ts';
import type { Storage } from './store/storage.ts';

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

  const [{ createLogger }, { createSlackBot, healthHandler }, { openStorage }] = await Promise.all([
    import('./log.ts'),
    import('./slack/app.ts'),
    import('./store/storage.ts'),
  ]);
  const logger = createLogger({
    level: config.logLevel,
    secrets: [config.botToken, config.appToken, config.signingSecret],
  });

  // In Socket Mode the health check is errcode's own server, up before the store: 503 until migrations have run.
  // (In HTTP mode it is a route of the receiver, which listens only once the store is ready.)
  let storage: Storage | undefined;
  const health =
    config.mode === 'socket'
      ? createServer(healthHandler(engine.catalog.codes, () => storage !== undefined)).listen(config.port)
      : undefined;
  storage = await openStorage(
    config.databaseUrl
      ? { databaseUrl: config.databaseUrl, onError: (error) => logger.warn(`database: ${error.message}`) }
      : { dataDir: config.dataDir },
  );
  const store = storage;
  const bot = createSlackBot({ config, answers: new Answers(engine, store), storage: store, logger });
  try {
    await bot.start(config.port);
  } catch (error) {
    const problem = startProblem(error, config.slackApiUrl, config.port);
    if (!problem) throw error;
    logger.error(problem);
    await store.close();
    health?.close();
    return 1;
  }
  if (config.mode === 'socket') {
    logger.info(`connected to Slack over Socket Mode; health check on http://localhost:${config.port}/healthz`);
  } else {
    logger.info(`listening for Slack on http://localhost:${config.port}/slack/events (health: /healthz)`);
  }
  const stop = async () => {
    await bot.stop().catch(() => undefined);
    await store.close().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // One bad event must never take the bot down: log what escaped every handler and carry on.
  process.on('unhandledRejection', (reason) => logger.error(`unhandled rejection: ${String(reason)}`));
  return 0;
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
    throw error;
  },
);
