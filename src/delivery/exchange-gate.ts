// At most DELIVERY_CONCURRENCY webhook exchanges at once. The dispatcher leases deliveries ahead of their turn (so one
// commit serves many), and each waits here for its POST. A freed exchange goes first to a partner running fewer than
// DELIVERY_PARTNER_SLOTS, the same rule FairShare applies to claims; only then to whoever waited longest.
import { PartnerTally } from './partner-tally.js';

interface Waiter {
  partner: string;
  grant: (granted: boolean) => void;
}

export class ExchangeGate {
  readonly #limit: number;
  readonly #partnerSlots: number;
  readonly #running = new PartnerTally();
  #waiting: Waiter[] = [];
  #closed = false;

  constructor(limit: number, partnerSlots: number) {
    this.#limit = limit;
    this.#partnerSlots = partnerSlots;
  }

  /** Exchanges running now. */
  get running(): number {
    return this.#running.total;
  }

  /** Leased deliveries waiting for an exchange. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Resolves true once `partner` may POST, or false when the gate closed first (shutdown: nothing more is sent). */
  acquire(partner: string): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    if (this.#running.total < this.#limit) {
      this.#running.add(partner);
      return Promise.resolve(true);
    }
    return new Promise((grant) => this.#waiting.push({ partner, grant }));
  }

  /** An exchange of `partner`'s is over: the next waiter gets it. */
  release(partner: string): void {
    this.#running.remove(partner);
    if (this.#waiting.length === 0 || this.#running.total >= this.#limit) return;
    let next = this.#waiting.findIndex((w) => this.#running.of(w.partner) < this.#partnerSlots);
    if (next === -1) next = 0;
    const [waiter] = this.#waiting.splice(next, 1);
    this.#running.add(waiter!.partner);
    waiter!.grant(true);
  }

  /** Shutdown: every waiter, and every later acquire, is refused. */
  close(): void {
    this.#closed = true;
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const w of waiting) w.grant(false);
  }
}

/** One attempt's claim: held from the lease until its HTTP exchange is over; `exchanging` while it has its turn. */
export interface Slot {
  held: boolean;
  exchanging: boolean;
  partner: string;
}
