import { type Logger, LogLevel } from '@slack/logger';
import pino, { type DestinationStream } from 'pino';

/** Options of `createLogger`. */
export interface LogOptions {
  /** Least severe level written. */
  level: 'debug' | 'info' | 'warn' | 'error';
  /** Values never to write, wherever they appear (the configured tokens and signing secret). */
  secrets?: readonly (string | undefined)[];
  /** Where the JSON lines go; stdout when not given. */
  destination?: DestinationStream;
}

/** What stands in for a redacted value. */
export const REDACTED = '[redacted]';

/**
 * Slack tokens by their shape: bot, user, app-level, refresh, rotating (`xoxe.xoxp-…`) and legacy ones. The prefix is
 * kept, so a log still says which kind of token was involved.
 */
const TOKEN_PATTERN = /\b(xox[a-z](?:\.xox[a-z])?|xapp)-[A-Za-z0-9-]+/g;

/** Object keys whose values are secrets whatever they look like. */
const SECRET_KEY = /^(token|bot_?token|app_?token|signing_?secret|client_?secret|authorization|x-slack-signature)$/i;
/** Objects are logged this deep; deeper values (and cycles) are cut. */
const MAX_DEPTH = 6;

/** Replaces Slack tokens and the given secret values in `text` with `[redacted]`. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(TOKEN_PATTERN, (_, prefix: string) => `${prefix}-${REDACTED}`);
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** A copy of a logged value with the values of secret keys redacted, plain enough to serialise. */
function scrubKeys(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Error) return value;
  if (depth >= MAX_DEPTH) return '[cut]';
  if (Array.isArray(value)) return value.map((v) => scrubKeys(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? REDACTED : scrubKeys(v, depth + 1);
  return out;
}

/**
 * A Bolt/Web API `Logger` writing pino JSON lines. Every line is scrubbed of token-shaped strings and of the configured
 * secrets as it is written, so a token inside an error message, a stack or a dumped request is caught too, not only
 * under the keys known to hold secrets.
 */
export function createLogger(options: LogOptions): Logger {
  // Short secrets would redact ordinary words; real tokens and signing secrets are far longer.
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 8);
  const out = options.destination ?? pino.destination({ fd: 1, sync: true });
  const base = pino(
    {
      name: 'errcode',
      level: options.level,
      base: { pid: process.pid },
    },
    { write: (line: string) => out.write(redactSecrets(line, secrets)) },
  );
  const emit = (level: LogLevel) => {
    return (...args: unknown[]) => {
      if (!base.isLevelEnabled(level)) return;
      // Bolt's loggers take anything: strings make the message, an error goes under `err`, other values under `data`.
      const err = args.find((a): a is Error => a instanceof Error);
      const msg = args.filter((a) => typeof a === 'string').join(' ');
      const data = args.filter((a) => typeof a !== 'string' && !(a instanceof Error)).map((a) => scrubKeys(a));
      const fields = {
        ...(err ? { err } : {}),
        ...(data.length === 1 ? { data: data[0] } : data.length > 1 ? { data } : {}),
      };
      base[level](fields, msg || err?.message || '');
    };
  };
  return {
    debug: emit(LogLevel.DEBUG),
    info: emit(LogLevel.INFO),
    warn: emit(LogLevel.WARN),
    error: emit(LogLevel.ERROR),
    setLevel: (level) => {
      base.level = level;
    },
    getLevel: () => base.level as LogLevel,
    // The Web API and Socket Mode clients rename the one logger they are all given (`web-api:WebClient:3`); the last
    // name would then label every line, errcode's own included. Every line says `"name":"errcode"` instead.
    setName: () => undefined,
  };
}
