// What every view is: mounted into the page's main region, it returns the function that re-reads its data.
import type { EventFrame } from '../../../src/inspector/schemas.js';

export interface ViewContext {
  say(message: string, kind?: 'ok' | 'error'): void;
  showError(err: unknown): void;
}

export interface View {
  title: string;
  /** Draws the view (forms once, data through the returned refresh, which live updates call again). */
  mount(container: HTMLElement, arg: string | undefined, ctx: ViewContext): Promise<() => Promise<void>>;
  /** Which live events concern the view; every event when absent. */
  live?(event: EventFrame): boolean;
}

/** Runs an action from a button or form, telling the user how it went. */
export async function act(ctx: ViewContext, what: () => Promise<string | void>): Promise<void> {
  try {
    const message = await what();
    if (message) ctx.say(message);
  } catch (err) {
    ctx.showError(err);
  }
}

/**
 * A refresh whose runs never overlap: one asked for while another runs waits for it, then runs once for every caller
 * that asked meanwhile. Overlapping reads could land out of order and draw an older state over a newer one.
 */
export function oneAtATime(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  const start = (): Promise<void> => {
    const current: Promise<void> = run().finally(() => {
      if (running === current) running = null;
    });
    running = current;
    return current;
  };
  return () => {
    if (!running) return start();
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = null;
        // A call in between may have started a run already: it began after every waiting caller asked.
        return running ?? start();
      });
    return queued;
  };
}
