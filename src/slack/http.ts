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

/** Refuses a request and closes its connection, so an unread body is dropped rather than read to the end. */
function refuse(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { connection: 'close', 'content-length': '0', ...headers });
  res.end();
}

/**
 * Wraps the receiver's request listener: while draining, new work is refused with 503 (Retry-After); a declared
 * body over the limit is refused with 413 before a byte of it is read. A chunked body has no declared length: the
 * receiver's own limit (the same number) stops reading at it, answering 413, and this guard then drops the
 * connection instead of letting the server read the rest to reuse it.
 */
export function guardRequests(listener: RequestListener, options: GuardOptions): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0];
    if (options.draining() && path !== options.healthPath) {
      refuse(res, 503, { 'retry-after': '5' });
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (Number.isFinite(declared) && declared > options.maxBodyBytes) {
      refuse(res, 413);
      return;
    }
    res.once('finish', () => {
      if (!req.complete) req.socket.destroySoon();
    });
    listener(req, res);
  };
}
