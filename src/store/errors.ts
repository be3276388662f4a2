/**
 * The store cannot be opened as configured: names the variable, the place (a path, or the database URL without its
 * password), what is wrong and how to fix it. `npm start` prints it and exits 3, before listening.
 */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  readonly code = 'E_STORAGE';
  constructor(
    readonly variable: 'ERRCODE_DATA_DIR' | 'DATABASE_URL',
    readonly place: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${variable} (${place}): ${problem}. ${fix}`);
  }
}

/** A PostgreSQL URL as it may be shown: the password replaced by `***`. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an unreadable URL';
  }
}

/** Network failures that mean the server was not reached at all. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/** A PostgreSQL failure at start as the operator can act on it; undefined for anything else (a bug: it travels). */
export function postgresStartError(error: unknown, url: string): StorageError | undefined {
  const e = error as { code?: string; message?: string };
  const place = withoutPassword(url);
  const fail = (problem: string, fix: string) => new StorageError('DATABASE_URL', place, problem, fix);
  const host = (() => {
    try {
      const parsed = new URL(url);
      return `${parsed.hostname}:${parsed.port || '5432'}`;
    } catch {
      return 'the server';
    }
  })();
  if (e.code && UNREACHABLE.has(e.code))
    return fail(
      `PostgreSQL at ${host} cannot be reached (${e.code})`,
      'Check that the server runs and that this host can reach it, or correct the host and port in DATABASE_URL',
    );
  if (/timeout/i.test(e.message ?? '') && !e.code)
    return fail(
      `PostgreSQL at ${host} did not answer in time`,
      'Check the network between this host and the server (a firewall dropping packets looks like this)',
    );
  switch (e.code) {
    case '28P01':
    case '28000':
      return fail(
        `PostgreSQL refused the login (${e.code}: ${e.message ?? 'authentication failed'})`,
        'Correct the user and password in DATABASE_URL, or allow this host in pg_hba.conf',
      );
    case '3D000':
      return fail(
        `the database does not exist (${e.message ?? e.code})`,
        'Create it (CREATE DATABASE … OWNER …), or correct its name in DATABASE_URL',
      );
    case '42501':
      return fail(
        `the user may not create errcode's tables (${e.message ?? e.code})`,
        "Make DATABASE_URL's user the database's owner, or grant it CREATE on the schema",
      );
    case '53300':
    case '57P03':
      return fail(
        `PostgreSQL is not accepting connections now (${e.message ?? e.code})`,
        'Wait for the server to finish starting, or raise max_connections',
      );
    default:
      return undefined;
  }
}
