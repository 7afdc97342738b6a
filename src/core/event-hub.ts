// The inspector's live feed: an in-process hub that the journal, the deliveries, support requests, reset and the clock
// publish to, per partner; the SSE route (events-routes.ts) relays it to the browsers watching that partner.

/** What changed; the page reloads the view the event names. Ids only: the data itself is read through the APIs. */
export type InspectorEvent =
  | { type: 'journal' }
  | { type: 'support-request'; id: string; deliveryId: string | null }
  | { type: 'attempt'; deliveryId: string; attempt: number; outcome: 'delivered' | 'failed' | 'emailed' }
  | { type: 'delivery'; deliveryId: string }
  | { type: 'email'; emailId: string; deliveryId: string }
  | { type: 'clock'; now: number }
  | { type: 'conversation'; caseId: string; status: 'queued' | 'active' | 'bot' | 'closed' }
  | { type: 'presence'; widgetId: string }
  | { type: 'bot-call'; caseId: string; callId: number; state: 'pending' | 'answered' | 'failed' }
  | { type: 'reset' };

export type Listener = (event: InspectorEvent) => void;

/** Publishing to ALL reaches every partner's subscribers (a global reset, a shared clock). */
export const ALL = '*';

export class EventHub {
  readonly #byPartner = new Map<string, Set<Listener>>();

  /** Returns the unsubscribe function. */
  subscribe(partner: string, listener: Listener): () => void {
    let listeners = this.#byPartner.get(partner);
    if (!listeners) this.#byPartner.set(partner, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.#byPartner.delete(partner);
    };
  }

  /** Cheap when nobody watches (the usual case in a test suite): one Map lookup. */
  publish(partner: string, event: InspectorEvent): void {
    if (this.#byPartner.size === 0) return;
    const targets = partner === ALL ? [...this.#byPartner.values()] : [this.#byPartner.get(partner)];
    for (const listeners of targets) {
      if (!listeners) continue;
      // A listener that throws (a socket torn down mid-write) must not stop the others or the publisher.
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          /* the SSE route cleans up on the socket's close */
        }
      }
    }
  }

  /** How many listeners are subscribed, across partners. */
  get size(): number {
    let n = 0;
    for (const listeners of this.#byPartner.values()) n += listeners.size;
    return n;
  }
}
