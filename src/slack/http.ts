import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

/** Options of the guard in front of the HTTP receiver. */
export interface GuardOptions {
  /** Larger request bodies are refused with 413 before anything reads them (the signature check included). */
  maxBodyBytes: number;
  /** Shutting down: every request but the health check is refused with 503, so Slack retries elsewhere. */
  draining: () => boolean;
  /** The health check's path, which answers for itself while draining. */
  healthPath: string;
}

/** How long the rest of a refused body is read and dropped, so the client reads the answer, before the cut. */
const LINGER_MS = 2000;

/**
 * After answering a request whose body was not read: what still comes is read and dropped (never kept) for a
 * moment, so that a client still sending gets to read the answer rather than a reset, then the connection is cut.
 */
function linger(req: IncomingMessage): void {
  if (req.complete) return;
  const cut = setTimeout(() => req.socket.destroy(), LINGER_MS);
  cut.unref();
  req.on('end', () => clearTimeout(cut));
  req.resume();
}

/** Refuses a request and closes its connection once the answer is out. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { connection: 'close', 'content-length': '0', ...headers });
  res.end();
  linger(req);
}

/**
 * Wraps the receiver's request listener: while draining, new work is refused with 503 (Retry-After); a declared
 * body over the limit is refused with 413 before a byte of it is read. A chunked body has no declared length: the
 * receiver's own limit (the same number) stops reading at it, answering 413. Either way the rest of the body is
 * dropped as it comes, never kept, and the connection is cut shortly after.
 */
export function guardRequests(listener: RequestListener, options: GuardOptions): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0];
    if (options.draining() && path !== options.healthPath) {
      refuse(req, res, 503, { 'retry-after': '5' });
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (Number.isFinite(declared) && declared > options.maxBodyBytes) {
      refuse(req, res, 413);
      return;
    }
    res.once('finish', () => linger(req));
    listener(req, res);
  };
}
