// The page's line to the mock: registers the page for a widget (its visitorId and token), then holds a poll open for as
// long as the page lives, handing each answer to the widget. A newer registration (another widget) ends the older loop;
// a page the mock forgot (idle, restarted, reset) registers anew.
import type { WidgetPoll, WidgetVisitor } from '../../src/widget-js/schemas.js';
import { HttpError, type Cursor, type Transport } from './transport.js';

export interface LinkEvents {
  registered(visitor: WidgetVisitor): void;
  answer(answer: WidgetPoll): void;
  /** The mock forgot the page: whatever chat it had is gone. */
  lost(): void;
  cursor(): Cursor;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Link {
  visitor: WidgetVisitor | null = null;
  private registering: Promise<WidgetVisitor | null> = Promise.resolve(null);
  /** Bumped by every registration: a poll loop of an older one stops. */
  private generation = 0;
  private polling: AbortController | null = null;

  constructor(
    readonly transport: Transport,
    private readonly events: LinkEvents,
  ) {
    // Leaving tells the mock, so the control plane stops listing the page; a page that comes back from the back-forward
    // cache finds itself forgotten (404) and registers anew.
    addEventListener('pagehide', () => {
      if (this.visitor) this.transport.leave(this.visitor);
    });
  }

  /** Resolves once the page is registered (null without a widget, or when the mock refused it). */
  ready(): Promise<WidgetVisitor | null> {
    return this.registering;
  }

  connect(widgetId: string): void {
    const generation = ++this.generation;
    this.polling?.abort();
    this.visitor = null;
    const page = { widgetId, pageUrl: location.href.slice(0, 2048), ...(document.referrer && { referrerUrl: document.referrer.slice(0, 2048) }) };
    this.registering = this.transport.register(page).then(
      (visitor) => {
        if (generation !== this.generation) return null;
        this.visitor = visitor;
        this.events.registered(visitor);
        void this.loop(generation, visitor, widgetId);
        return visitor;
      },
      (err: unknown) => {
        // No such widget stays so; anything else (the mock restarting, too many pages) is tried again.
        if (err instanceof HttpError && err.status === 404) console.warn(`snapengage-mock: widget ${widgetId} is not known to the mock`);
        else if (generation === this.generation) void sleep(5_000).then(() => generation === this.generation && this.connect(widgetId));
        return null;
      },
    );
  }

  private async loop(generation: number, visitor: WidgetVisitor, widgetId: string): Promise<void> {
    let backoff = 1_000;
    while (generation === this.generation) {
      const abort = (this.polling = new AbortController());
      try {
        const answer = await this.transport.poll(visitor, this.events.cursor(), abort.signal);
        if (generation !== this.generation) return;
        backoff = 1_000;
        this.events.answer(answer);
      } catch (err) {
        if (generation !== this.generation) return;
        if (err instanceof HttpError && err.status === 404) {
          this.events.lost();
          return this.connect(widgetId);
        }
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }
}
