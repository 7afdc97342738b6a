// A real HTTP receiver on 127.0.0.1, port 0: records every request and answers as scripted (status, delay, hang, drip,
// reset, redirect); closed when the test finishes.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { onTestFinished } from 'vitest';

interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Reply =
  | { status: number; body?: string | Buffer; delayMs?: number; headers?: Record<string, string> }
  | { hang: true }
  /** A 200 and its headers at once, then one byte every `drip` ms until the client hangs up: only a deadline ends it. */
  | { drip: number }
  | { reset: true }
  | { redirect: string; status?: 301 | 302 | 307 | 308 };

export interface WebhookReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Replies for the next requests, in order; after them `fallback` answers. */
  script(...replies: Reply[]): void;
  /** The reply once the script is used up (default 200 "ok"). */
  fallback: Reply;
  /** Resolves when `count` requests in all have arrived (no sleeping). */
  received(count: number): Promise<ReceivedRequest[]>;
  /** Closes at once (cutting requests in flight); also runs by itself when the test finishes. */
  close(): Promise<void>;
}

export async function startReceiver(fallback: Reply = { status: 200, body: 'ok' }): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const queue: Reply[] = [];
  const waiters: Array<{ count: number; resolve: (r: ReceivedRequest[]) => void }> = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const answer = (res: ServerResponse, reply: Reply) => {
    if ('hang' in reply) return;
    if ('drip' in reply) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => res.write('.'), reply.drip);
      timers.add(timer);
      res.on('close', () => clearInterval(timer));
      return;
    }
    if ('reset' in reply) {
      res.socket?.destroy();
      return;
    }
    if ('redirect' in reply) {
      res.writeHead(reply.status ?? 302, { location: reply.redirect }).end();
      return;
    }
    const send = () => res.writeHead(reply.status, reply.headers ?? {}).end(reply.body ?? '');
    if (reply.delayMs) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, reply.delayMs);
      timers.add(timer);
    } else send();
  };

  const receiver: WebhookReceiver = {
    url: '',
    requests,
    fallback,
    script: (...replies) => queue.push(...replies),
    received: (count) =>
      requests.length >= count ? Promise.resolve(requests.slice()) : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () => (closed ??= shut()),
  };
  let closed: Promise<void> | undefined;
  const shut = async () => {
    for (const t of timers) clearTimeout(t);
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      for (const w of waiters.splice(0)) {
        if (requests.length >= w.count) w.resolve(requests.slice());
        else waiters.push(w);
      }
      answer(res, queue.shift() ?? receiver.fallback);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => receiver.close());
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/snapengage`;
  return receiver;
}

/**
 * A URL nothing listens on. Port 1 is privileged and outside the ephemeral range, so no port-0 listener (this suite's
 * or another worker's) can ever be given it; a port bound and then freed could be handed to the next one that asks.
 */
export async function closedPortUrl(path = '/hook'): Promise<string> {
  return `http://127.0.0.1:1${path}`;
}
