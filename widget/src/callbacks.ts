// The page's callbacks (SnapEngage.setCallback): one function per event, called with the documented arguments. A
// callback that throws must not stop the widget; its error still reaches the console, as an uncaught one would.

/** Documented (help page "JavaScript event API documentation"), and the three seen in SnapEngage's own SDK pages. */
export type CallbackName =
  | 'Open'
  | 'OpenProactive'
  | 'Close'
  | 'MessageSubmit'
  | 'StartChat'
  | 'ChatMessageSent'
  | 'ChatMessageReceived'
  | 'StartCallme'
  | 'Minimize'
  | 'SwitchWidget'
  | 'InlineButtonClicked';

type Callback = (...args: unknown[]) => unknown;

export class Callbacks {
  private readonly fns = new Map<string, Callback>();

  /** A function replaces the event's callback; anything else removes it. */
  set(name: string, fn: unknown): void {
    if (typeof fn === 'function') this.fns.set(String(name), fn as Callback);
    else this.fns.delete(String(name));
  }

  fire(name: CallbackName, ...args: unknown[]): void {
    const fn = this.fns.get(name);
    if (!fn) return;
    try {
      fn(...args);
    } catch (err) {
      setTimeout(() => {
        throw err;
      });
    }
  }
}
