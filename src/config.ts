import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';

/** How the app runs: Slack over HTTP, Slack over Socket Mode, or a local console when Slack is not configured. */
export type Mode = 'http' | 'socket' | 'console';

/** Validated configuration. Parsed once at start from the environment (and `.env`). */
export interface Config {
  mode: Mode;
  botToken?: string;
  signingSecret?: string;
  appToken?: string;
  /** Web API base URL, e.g. for GovSlack or a local fake Slack. */
  slackApiUrl?: string;
  port: number;
  /** The address the HTTP server (or, in Socket Mode, the health check) binds; undefined: every interface. */
  host?: string;
  /** Slack request bodies larger than this are refused with 413 before they are read. */
  maxBodyBytes: number;
  /** How long a Web API call may take before it is given up (a job's attempt is then in doubt). */
  slackTimeoutMs: number;
  /** After SIGTERM: how long calls and jobs in flight may take to finish before the process exits. */
  shutdownGraceMs: number;
  dataDir: string;
  /** PostgreSQL shared by replicas; unset: SQLite under `dataDir`. */
  databaseUrl?: string;
  /** How long an outbox job is one worker's before another may take it over. */
  outboxLeaseMs: number;
  catalogDir?: string;
  /** Channel ID where support tickets are posted. */
  escalationChannel?: string;
  /**
   * The vendor's error-code search, a URL with `{code}` where the (URL-encoded) code goes: linked from answers about
   * codes the catalog lacks. Undefined when turned off (`ERRCODE_LOOKUP_URL=off`).
   */
  lookupUrl?: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/** The vendor's error-code center (the API Explorer's error center), searched for a code: the default lookup link. */
export const DEFAULT_LOOKUP_URL = 'https://console-intl.huaweicloud.com/apiexplorer/#/errorcenter?keyword={code}';

/** A configuration value that is missing or malformed; names the variable and says how to fix it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'E_CONFIG';
  constructor(
    readonly variable: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${variable} ${problem}. ${fix}`);
  }
}

const ENV_HELP = 'Set it in .env (see .env.example) or in the environment.';

/** Parses and validates the environment; throws the first ConfigError, naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): Config {
  const get = (name: string) => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const botToken = get('SLACK_BOT_TOKEN');
  const signingSecret = get('SLACK_SIGNING_SECRET');
  const appToken = get('SLACK_APP_TOKEN');

  if (botToken !== undefined && !/^xoxb-[A-Za-z0-9-]+$/.test(botToken)) {
    throw new ConfigError(
      'SLACK_BOT_TOKEN',
      'is not a bot token (it starts with xoxb-)',
      'Copy the "Bot User OAuth Token" from your app\'s OAuth & Permissions page.',
    );
  }
  if (appToken !== undefined && !/^xapp-[A-Za-z0-9-]+$/.test(appToken)) {
    throw new ConfigError(
      'SLACK_APP_TOKEN',
      'is not an app-level token (it starts with xapp-)',
      'Create one with the connections:write scope under Basic Information → App-Level Tokens.',
    );
  }
  if (signingSecret !== undefined && !/^[0-9a-f]{32}$/i.test(signingSecret)) {
    throw new ConfigError(
      'SLACK_SIGNING_SECRET',
      'is not a signing secret (32 hexadecimal characters)',
      "Copy it from your app's Basic Information → App Credentials.",
    );
  }

  let mode: Mode = 'console';
  if (botToken || signingSecret || appToken) {
    if (!botToken)
      throw new ConfigError(
        'SLACK_BOT_TOKEN',
        'is missing',
        `It is needed with ${signingSecret ? 'SLACK_SIGNING_SECRET' : 'SLACK_APP_TOKEN'}. ${ENV_HELP}`,
      );
    if (appToken) mode = 'socket';
    else if (signingSecret) mode = 'http';
    else {
      throw new ConfigError(
        'SLACK_SIGNING_SECRET',
        'is missing',
        `Set it for HTTP mode, or set SLACK_APP_TOKEN for Socket Mode. ${ENV_HELP}`,
      );
    }
  }

  const portText = get('PORT') ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
    throw new ConfigError('PORT', `must be a TCP port number from 1 to 65535 (got "${portText}")`, ENV_HELP);
  }

  const slackApiUrl = get('SLACK_API_URL');
  if (slackApiUrl !== undefined) {
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(slackApiUrl).protocol);
    } catch {
      ok = false;
    }
    if (!ok)
      throw new ConfigError(
        'SLACK_API_URL',
        `must be an http(s) URL (got "${slackApiUrl}")`,
        'For example https://slack.com/api/ or https://slack-gov.com/api/.',
      );
  }

  const escalationChannel = get('ERRCODE_ESCALATION_CHANNEL');
  if (escalationChannel !== undefined && !/^[CG][A-Z0-9]{6,}$/.test(escalationChannel)) {
    throw new ConfigError(
      'ERRCODE_ESCALATION_CHANNEL',
      `must be a channel ID such as C0123456789 (got "${escalationChannel}")`,
      'In Slack, open the channel details; the ID is at the bottom of the About tab.',
    );
  }

  const lookupText = get('ERRCODE_LOOKUP_URL') ?? DEFAULT_LOOKUP_URL;
  const lookupUrl = lookupText.toLowerCase() === 'off' ? undefined : lookupText;
  if (lookupUrl !== undefined && !isLookupTemplate(lookupUrl)) {
    throw new ConfigError(
      'ERRCODE_LOOKUP_URL',
      `must be an http(s) URL containing {code}, where the error code goes (got "${lookupUrl}")`,
      `For example ${DEFAULT_LOOKUP_URL} (the default), or off to leave the search link out of answers.`,
    );
  }

  const logLevel = (get('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be debug, info, warn or error (got "${logLevel}")`, ENV_HELP);
  }

  const databaseUrl = get('DATABASE_URL');
  if (databaseUrl !== undefined && !isPostgresUrl(databaseUrl)) {
    // The value is not echoed: it may hold a password.
    throw new ConfigError(
      'DATABASE_URL',
      'is not a PostgreSQL URL (postgres://user:password@host:5432/database)',
      "Set it to your database's connection URL, or leave it unset to keep everything in SQLite under ERRCODE_DATA_DIR.",
    );
  }

  const leaseText = get('ERRCODE_OUTBOX_LEASE_SECONDS') ?? '60';
  const leaseSeconds = Number(leaseText);
  if (!/^\d+$/.test(leaseText) || leaseSeconds < 1 || leaseSeconds > 3600) {
    throw new ConfigError(
      'ERRCODE_OUTBOX_LEASE_SECONDS',
      `must be a number of seconds from 1 to 3600 (got "${leaseText}")`,
      ENV_HELP,
    );
  }

  const host = get('HOST');
  if (host !== undefined && isIP(host) === 0 && !/^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/.test(host)) {
    throw new ConfigError(
      'HOST',
      `must be an IP address or a host name (got "${host}")`,
      'For example 127.0.0.1 (this machine only) or 0.0.0.0 (every interface); unset: every interface.',
    );
  }

  const maxBodyBytes = integer(get, 'ERRCODE_MAX_BODY_BYTES', 1_048_576, 1024, 64 * 1_048_576, 'bytes');
  const slackTimeoutSeconds = integer(get, 'ERRCODE_SLACK_TIMEOUT_SECONDS', 10, 1, 120, 'seconds');
  const graceSeconds = integer(get, 'ERRCODE_SHUTDOWN_GRACE_SECONDS', 10, 0, 600, 'seconds');

  const dataDir = get('ERRCODE_DATA_DIR') ?? './data';
  const catalogDir = get('ERRCODE_CATALOG_DIR');
  return {
    mode,
    botToken,
    signingSecret,
    appToken,
    slackApiUrl: slackApiUrl && (slackApiUrl.endsWith('/') ? slackApiUrl : `${slackApiUrl}/`),
    port,
    ...(host ? { host } : {}),
    maxBodyBytes,
    slackTimeoutMs: slackTimeoutSeconds * 1000,
    shutdownGraceMs: graceSeconds * 1000,
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir),
    databaseUrl,
    outboxLeaseMs: leaseSeconds * 1000,
    catalogDir: catalogDir && (isAbsolute(catalogDir) ? catalogDir : resolve(cwd, catalogDir)),
    escalationChannel,
    ...(lookupUrl ? { lookupUrl } : {}),
    logLevel: logLevel as Config['logLevel'],
  };
}

/** A whole number from `min` to `max` (the default when unset), or a ConfigError naming the variable. */
function integer(
  get: (name: string) => string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
  unit: string,
): number {
  const text = get(name) ?? String(fallback);
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    throw new ConfigError(name, `must be a number of ${unit} from ${min} to ${max} (got "${text}")`, ENV_HELP);
  return value;
}

/** An http(s) URL with `{code}` in it, still a URL once a code is put there. */
function isLookupTemplate(value: string): boolean {
  if (!value.includes('{code}')) return false;
  try {
    return ['http:', 'https:'].includes(new URL(lookupLink(value, 'X.0001')).protocol);
  } catch {
    return false;
  }
}

/** The lookup link for a code: the template with the code, URL-encoded, wherever `{code}` stands. */
export function lookupLink(template: string, code: string): string {
  return template.replaceAll('{code}', encodeURIComponent(code));
}

/** A postgres:// or postgresql:// URL naming a host. */
function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return ['postgres:', 'postgresql:'].includes(url.protocol) && url.hostname !== '';
  } catch {
    return false;
  }
}
