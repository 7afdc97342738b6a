// The widget's calls to the mock that served it: register the page, poll, start, send, close, availability. JSON over
// fetch, no cookies (the page's token travels in `x-visitor-token`), so they work from any site with CORS `*`.
import type { WidgetChatClosed, WidgetChatStart, WidgetChatStarted, WidgetInvitation, WidgetPoll, WidgetVisitor, WidgetVisitorRegister } from '../../src/widget-js/schemas.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`snapengage-mock: ${status} ${code}`);
  }
}

export interface Cursor {
  index: number;
  after: number;
  status: 'none' | NonNullable<WidgetPoll['chat']>['status'];
  typing: boolean;
  online: boolean;
}

export class Transport {
  constructor(private readonly origin: string) {}

  register(page: WidgetVisitorRegister): Promise<WidgetVisitor> {
    return this.call('POST', '/widget/visitors', undefined, page);
  }

  poll(visitor: WidgetVisitor, cursor: Cursor, signal: AbortSignal): Promise<WidgetPoll> {
    const query = `index=${cursor.index}&after=${cursor.after}&status=${cursor.status}&typing=${cursor.typing}&online=${cursor.online}`;
    return this.call('GET', `${this.base(visitor)}/events?${query}`, visitor, undefined, signal);
  }

  startChat(visitor: WidgetVisitor, body: WidgetChatStart): Promise<WidgetChatStarted> {
    return this.call('POST', `${this.base(visitor)}/chat`, visitor, body);
  }

  invite(visitor: WidgetVisitor, message: string): Promise<WidgetInvitation> {
    return this.call('POST', `${this.base(visitor)}/invitation`, visitor, { message });
  }

  send(visitor: WidgetVisitor, text: string): Promise<unknown> {
    return this.call('POST', `${this.base(visitor)}/messages`, visitor, { text });
  }

  close(visitor: WidgetVisitor): Promise<WidgetChatClosed> {
    return this.call('POST', `${this.base(visitor)}/close`, visitor);
  }

  /** The page is going: keepalive lets the call outlive it. */
  leave(visitor: WidgetVisitor): void {
    void fetch(`${this.origin}${this.base(visitor)}`, { method: 'DELETE', headers: { 'x-visitor-token': visitor.token }, credentials: 'omit', keepalive: true }).catch(() => undefined);
  }

  /** What getAgentStatusAsync answers: the public widget availability SnapEngage's SDKs also ask. */
  async online(widgetId: string): Promise<boolean> {
    const answer = await this.call<{ data: { online: string } }>('GET', `/public/api/v2/chat/${encodeURIComponent(widgetId)}`);
    return answer.data.online === 'true';
  }

  private base(visitor: WidgetVisitor): string {
    return `/widget/visitors/${encodeURIComponent(visitor.visitorId)}`;
  }

  private async call<T>(method: string, path: string, visitor?: WidgetVisitor, body?: unknown, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = {};
    if (visitor) headers['x-visitor-token'] = visitor.token;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.origin}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      signal,
    });
    const text = await res.text();
    if (!res.ok) {
      let code = 'error';
      try {
        code = (JSON.parse(text) as { error: { code: string } }).error.code;
      } catch {
        /* not the mock's envelope: a proxy's page */
      }
      throw new HttpError(res.status, code);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
