// What every view is: mounted into the page's main region, it returns the function that re-reads its data.
export interface ViewContext {
  say(message: string, kind?: 'ok' | 'error'): void;
  showError(err: unknown): void;
}

export interface View {
  title: string;
  /** Draws the view (forms once, data through the returned refresh, which live updates call again). */
  mount(container: HTMLElement, arg: string | undefined, ctx: ViewContext): Promise<() => Promise<void>>;
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
