import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];
const servers: Server[] = [];
const dirs: string[] = [];

/**
 * Runs `npm start`'s entry point (the compiled `dist/main.js`) as a user would, with only the given environment (and
 * no .env: cwd is empty); `unprivileged`: as a user who cannot write where it was not allowed to (root writes
 * everywhere).
 */
function start(env: Record<string, string>, input?: string, unprivileged = false) {
  const cwd = mkdtempSync(join(tmpdir(), 'errcode-cwd-'));
  dirs.push(cwd);
  const nobody = unprivileged && process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const child = spawn(process.execPath, [join(ROOT, 'dist/main.js')], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: unprivileged ? cwd : (process.env.HOME ?? ''), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    ...nobody,
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  child.stderr?.on('data', (d) => {
    out += String(d);
  });
  if (input !== undefined) child.stdin?.end(input);
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

/** A fake Slack Web API on loopback: answers auth.test like Slack does (or rejects the token). */
async function fakeSlack(tokenOk = true): Promise<string> {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    const authTest = tokenOk
      ? { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' }
      : { ok: false, error: 'invalid_auth' };
    if (req.url?.endsWith('/auth.test')) res.end(JSON.stringify(authTest));
    else res.end(JSON.stringify({ ok: false, error: 'unknown_method' }));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** Waits until /healthz answers 200 on `port`. */
async function healthy(port: number): Promise<void> {
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    const status = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not healthy on port ${port}`);
}

afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const s of servers.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('npm start', () => {
  it('opens the local console without credentials and answers what is typed', async () => {
    const run = start({}, 'IMG.0024\n');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('Not connected to Slack.');
    expect(run.output()).toContain('IMG.0024  The image type in the request is incorrect.');
  });

  it('serves Slack over HTTP with credentials, /healthz answering 200, logging JSON lines without secrets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'errcode-main-'));
    dirs.push(dir);
    const port = await freePort();
    const run = start({
      SLACK_BOT_TOKEN: 'xoxb-test-4711',
      SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef',
      SLACK_API_URL: await fakeSlack(),
      PORT: String(port),
      ERRCODE_DATA_DIR: dir,
      LOG_LEVEL: 'debug',
    });
    const until = Date.now() + 15_000;
    let status = 0;
    while (Date.now() < until && status !== 200) {
      status = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.status,
        () => 0,
      );
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    expect(run.output()).toContain(`listening for Slack on http://[::]:${port}/slack/events, on every interface`);
    expect(run.output()).toContain('support tickets are off: ERRCODE_ESCALATION_CHANNEL is not set');
    // Debug level: Bolt and the Web API client log their requests, and still no token or secret reaches the log.
    const lines = run.output().trim().split('\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ name: 'errcode' });
    expect(run.output()).not.toContain('4711');
    expect(run.output()).not.toContain('0123456789abcdef0123456789abcdef');
  });

  it('refuses a 200 MB unsigned POST with 413 before reading it; listens where HOST says, and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'errcode-main-'));
    dirs.push(dir);
    const port = await freePort();
    const run = start({
      SLACK_BOT_TOKEN: 'xoxb-test-4711',
      SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef',
      SLACK_API_URL: await fakeSlack(),
      PORT: String(port),
      HOST: '127.0.0.1',
      ERRCODE_DATA_DIR: dir,
    });
    await healthy(port);
    expect(run.output()).toContain(`listening for Slack on http://127.0.0.1:${port}/slack/events; health: /healthz`);
    const peak = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${run.child.pid}/status`, 'utf8'))?.[1]) * 1024;
    const before = peak();
    const size = 200 * 1024 * 1024;
    const started = Date.now();
    const status = await new Promise<number>((resolve, reject) => {
      let answered = false;
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/slack/events' }, (res) => {
        answered = true;
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      // Once answered, the server cuts the connection while the body is still being sent: expected.
      req.on('error', (error) => {
        if (!answered) reject(error);
      });
      const chunk = Buffer.alloc(1024 * 1024, 120);
      let sent = 0;
      const write = () => {
        while (sent < size) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', write);
            return;
          }
        }
        req.end();
      };
      write();
    });
    expect(status).toBe(413);
    expect(Date.now() - started).toBeLessThan(5000);
    const grown = peak() - before;
    console.log(
      `200 MB chunked POST: 413 in ${Date.now() - started} ms, peak RSS grew ${(grown / 1048576).toFixed(1)} MB`,
    );
    expect(grown).toBeLessThan(32 * 1024 * 1024);
  });

  it('says when Slack rejects the token, or cannot be reached, and exits 1', async () => {
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef',
      PORT: String(await freePort()),
    };
    const rejected = start({
      ...env,
      SLACK_API_URL: await fakeSlack(false),
      ERRCODE_DATA_DIR: mkdtempSync(join(tmpdir(), 'errcode-main-')),
    });
    expect(await rejected.exited).toBe(1);
    expect(rejected.output()).toContain('Slack rejected SLACK_BOT_TOKEN (invalid_auth).');
    const unreachable = start({
      ...env,
      SLACK_API_URL: `http://127.0.0.1:${await freePort()}/api/`,
      ERRCODE_DATA_DIR: mkdtempSync(join(tmpdir(), 'errcode-main-')),
    });
    expect(await unreachable.exited).toBe(1);
    expect(unreachable.output()).toContain('Could not reach Slack at http://127.0.0.1:');
  });

  it('names a malformed variable and how to fix it, and exits 1', async () => {
    const run = start({ SLACK_BOT_TOKEN: 'xoxp-user', SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('errcode: SLACK_BOT_TOKEN is not a bot token (it starts with xoxb-).');
  });
});

describe('npm start: the store at start', () => {
  const slackEnv = {
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef',
  };

  /** Runs until exit, trying all along to connect to `port`: resolves to the exit code and whether anything listened. */
  async function runToExit(run: ReturnType<typeof start>, port: number) {
    let listened = false;
    let done = false;
    const code = run.exited.then((c) => {
      done = true;
      return c;
    });
    while (!done) {
      listened ||= await new Promise<boolean>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
      await new Promise((r) => setTimeout(r, 20));
    }
    return { code: await code, listened };
  }

  it('exits 3 before listening when the data directory is a file, naming it, the variable and the fix', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'errcode-main-')), 'data');
    dirs.push(dirname(file));
    writeFileSync(file, 'not a directory');
    const port = await freePort();
    // Socket Mode: its health server is the one that used to listen before the store was opened.
    const run = start({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_APP_TOKEN: 'xapp-test',
      PORT: String(port),
      ERRCODE_DATA_DIR: file,
    });
    expect(await runToExit(run, port)).toEqual({ code: 3, listened: false });
    expect(run.output()).toBe(
      `errcode: ERRCODE_DATA_DIR (${file}): it is a file, not a directory. Set ERRCODE_DATA_DIR to a writable directory on a disk (it is created if missing)\n`,
    );
  });

  it('exits 3 for a data directory it cannot create or write, and for a corrupt database', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'errcode-main-'));
    dirs.push(parent);
    chmodSync(parent, 0o755);
    const uncreatable = start({ ...slackEnv, ERRCODE_DATA_DIR: join(parent, 'data') }, undefined, true);
    expect(await uncreatable.exited).toBe(3);
    expect(uncreatable.output()).toContain(
      `ERRCODE_DATA_DIR (${join(parent, 'data')}): the directory cannot be created (permission denied)`,
    );
    const readOnly = start({ ...slackEnv, ERRCODE_DATA_DIR: parent }, undefined, true);
    expect(await readOnly.exited).toBe(3);
    expect(readOnly.output()).toContain(`ERRCODE_DATA_DIR (${parent}): errcode cannot write there (permission denied)`);

    writeFileSync(join(parent, 'errcode.sqlite'), 'x'.repeat(4096));
    const corrupt = start({ ...slackEnv, ERRCODE_DATA_DIR: parent });
    expect(await corrupt.exited).toBe(3);
    expect(corrupt.output()).toMatch(/the database is corrupt \(.*\), so it was moved to .*errcode\.sqlite\.corrupt-/);
  });

  it('exits 3 naming DATABASE_URL, never its password, when PostgreSQL cannot be reached', async () => {
    const port = await freePort();
    const run = start({ ...slackEnv, DATABASE_URL: `postgres://errcode:s3cret-pw@127.0.0.1:${port}/errcode` });
    expect(await run.exited).toBe(3);
    expect(run.output()).toContain(
      `errcode: DATABASE_URL (postgres://errcode:***@127.0.0.1:${port}/errcode): PostgreSQL at 127.0.0.1:${port} cannot be reached (ECONNREFUSED).`,
    );
    expect(run.output()).not.toContain('s3cret-pw');
  });
});
