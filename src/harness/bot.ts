// A chat bot for tests, and the typed calls around one: startBot() serves an Express-style handler (as SnapEngage's Node
// template is written) on 127.0.0.1, a free port; botClient() sets a widget's bot on a mock and waits for its answers
// and its handover through the long-polls of /_mock/conversations/{caseId}/bot-calls, never by sleeping.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { BotSettings, BotSettingsInput, BotTurn } from '../bots/schemas.js';
import type { ConversationBotCalls } from '../conversations/schemas.js';
import { type MockClient } from './harness.js';
import { createTransport, query } from './transport.js';

export type { BotCallRecord, BotSettings, BotSettingsInput, BotTurn } from '../bots/schemas.js';
export type { ConversationBotCalls } from '../conversations/schemas.js';

/** The request as an Express handler sees it: `body` is the parsed JSON turn (the raw text when it is not JSON). */
export interface BotRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: BotTurn;
  /** A header, by any case: `req.get('authorization')`. */
  get(name: string): string | undefined;
}

/** Express's response, as much as a bot uses: `send(string)` is text/html, as Express labels it; `send(object)` and `json` are JSON. */
export interface BotResponse {
  status(code: number): BotResponse;
  set(name: string, value: string): BotResponse;
  send(body?: string | Buffer | object): void;
  json(body: unknown): void;
  /** The status alone, with Express's text for it: `res.sendStatus(401)`. */
  sendStatus(code: number): void;
}

/** A handler that never answers leaves the call hanging (a silent bot) until the mock's timeout, or close(). */
export type BotHandler = (req: BotRequest, res: BotResponse) => void | Promise<void>;

export interface ReceivedTurn {
  headers: IncomingHttpHeaders;
  body: BotTurn;
  /** The status the handler answered with; undefined while it has not answered. */
  status?: number;
}

export interface TestBot {
  /** The URL to give the widget's bot settings, e.g. http://127.0.0.1:41234/bot */
  url: string;
  /** A fresh random token (or the one asked for): give it to the settings, check it in the handler. */
  token: string;
  /** Every turn received, in order. */
  calls: ReceivedTurn[];
  /** Resolves once `count` turns in all have arrived. */
  received(count: number): Promise<ReceivedTurn[]>;
  /** Stops listening and cuts connections (a call in flight then fails as reset). */
  close(): Promise<void>;
}

export interface StartBotOptions {
  token?: string;
  /** The path the bot answers on (default `/bot`); any path reaches the handler. */
  path?: string;
}

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' };

function expressResponse(res: ServerResponse, turn: ReceivedTurn): BotResponse {
  let status = 200;
  const headers: Record<string, string> = {};
  const finish = (body: string | Buffer, type: string): void => {
    if (res.headersSent) return;
    turn.status = status;
    res.writeHead(status, { 'content-type': type, ...headers }).end(body);
  };
  const response: BotResponse = {
    status: (code) => ((status = code), response),
    set: (name, value) => ((headers[name.toLowerCase()] = value), response),
    send: (body = '') => {
      const type = headers['content-type'];
      if (Buffer.isBuffer(body)) finish(body, type ?? 'application/octet-stream');
      else if (typeof body === 'object') finish(JSON.stringify(body), type ?? 'application/json; charset=utf-8');
      else finish(body, type ?? 'text/html; charset=utf-8');
    },
    json: (body) => finish(JSON.stringify(body), headers['content-type'] ?? 'application/json; charset=utf-8'),
    sendStatus: (code) => {
      status = code;
      finish(STATUS_TEXT[code] ?? String(code), 'text/plain; charset=utf-8');
    },
  };
  return response;
}

/** Serves `handler` as SnapEngage's bot endpoint on 127.0.0.1 and a free port, until close(). */
export async function startBot(handler: BotHandler, options: StartBotOptions = {}): Promise<TestBot> {
  const calls: ReceivedTurn[] = [];
  const waiters: Array<{ count: number; resolve: (turns: ReceivedTurn[]) => void }> = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: BotTurn;
      try {
        body = JSON.parse(text) as BotTurn;
      } catch {
        body = text as unknown as BotTurn;
      }
      const turn: ReceivedTurn = { headers: req.headers, body };
      calls.push(turn);
      for (const w of waiters.splice(0)) {
        if (calls.length >= w.count) w.resolve(calls.slice());
        else waiters.push(w);
      }
      const request: BotRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, get: (name) => [req.headers[name.toLowerCase()]].flat()[0] };
      Promise.resolve()
        .then(() => handler(request, expressResponse(res, turn)))
        .catch((err: unknown) => {
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(`bot handler threw: ${(err as Error).message}`);
        });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${options.path ?? '/bot'}`,
    token: options.token ?? `bot-${randomBytes(12).toString('hex')}`,
    calls,
    received: (count) => (calls.length >= count ? Promise.resolve(calls.slice()) : new Promise((resolve) => waiters.push({ count, resolve }))),
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      })),
  };
}

export interface BotClient {
  /** Gives the widget a bot: its new chats go to it until it hands over. */
  set(widgetId: string, settings: BotSettingsInput): Promise<BotSettings>;
  get(widgetId: string): Promise<BotSettings>;
  remove(widgetId: string): Promise<void>;
  /** The chat's calls to its bot, and its status now. */
  calls(caseId: string): Promise<ConversationBotCalls>;
  /** Once the bot has answered (or failed) every turn so far; throws if it still has not after `timeoutMs` (default 10 s). */
  waitForAnswer(caseId: string, timeoutMs?: number): Promise<ConversationBotCalls>;
  /** Once the bot handed the chat to a human (queued for an agent, or taken); throws if it closed instead, or after `timeoutMs`. */
  waitForTransfer(caseId: string, timeoutMs?: number): Promise<ConversationBotCalls>;
}

/** The bot calls of a mock (startMock()'s, or createMockClient()'s for one running elsewhere), under its api_key. */
export function botClient(mock: Pick<MockClient, 'url' | 'apiKey'>): BotClient {
  const http = createTransport(mock.url, undefined);
  const call = <T>(method: string, path: string, params: Record<string, string> = {}, body?: unknown): Promise<T> =>
    http.call<T>(method, `${path}${query({ api_key: mock.apiKey, ...params })}`, body);
  const bot = (widgetId: string) => `/_mock/widgets/${encodeURIComponent(widgetId)}/bot`;
  const botCalls = (caseId: string, params: Record<string, string> = {}) => call<ConversationBotCalls>('GET', `/_mock/conversations/${encodeURIComponent(caseId)}/bot-calls`, params);
  // One long-poll holds at most 30 s; a longer wait asks again.
  const waitFor = async (caseId: string, wait: 'answered' | 'handover', timeoutMs: number, done: (v: ConversationBotCalls) => boolean) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const view = await botCalls(caseId, { wait, timeout_ms: String(Math.max(0, Math.min(30_000, deadline - Date.now()))) });
      if (done(view) || Date.now() >= deadline) return view;
    }
  };
  return {
    set: (widgetId, settings) => call('PUT', bot(widgetId), {}, settings),
    get: (widgetId) => call('GET', bot(widgetId)),
    remove: async (widgetId) => {
      await call('DELETE', bot(widgetId));
    },
    calls: (caseId) => botCalls(caseId),
    waitForAnswer: async (caseId, timeoutMs = 10_000) => {
      const view = await waitFor(caseId, 'answered', timeoutMs, (v) => v.botCalls.every((c) => c.state !== 'queued' && c.state !== 'pending'));
      if (view.botCalls.some((c) => c.state === 'queued' || c.state === 'pending')) throw new Error(`the bot of ${caseId} has not answered within ${timeoutMs} ms`);
      return view;
    },
    waitForTransfer: async (caseId, timeoutMs = 10_000) => {
      const view = await waitFor(caseId, 'handover', timeoutMs, (v) => v.status !== 'bot');
      if (view.status === 'bot') throw new Error(`the bot still has ${caseId} after ${timeoutMs} ms`);
      if (view.status === 'closed') throw new Error(`${caseId} was closed, not transferred to a human (last call: ${JSON.stringify(view.botCalls.at(-1)?.applied)})`);
      return view;
    },
  };
}
