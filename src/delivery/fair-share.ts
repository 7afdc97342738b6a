// Which partners' due deliveries take the free delivery slots. Each partner with something due gets up to
// DELIVERY_PARTNER_SLOTS slots (counting those it holds), in a turn that rotates from claim to claim; only then is what
// is left lent to partners with more due. So a partner with 10,000 failing deliveries waits its turn behind another
// partner's single one instead of holding every slot, and a partner alone still uses them all.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import type { DeliveriesRepository } from '../db/deliveries-repository.js';
import type { ClaimedDelivery } from '../db/delivery-types.js';
import { PartnerTally } from './partner-tally.js';

/** The lease outlives the attempt's own deadline (and the wait for its turn), so a live attempt never loses its row. */
const LEASE_MARGIN_MS = 30_000;

/** Where a claim looks: one partner's deliveries due on its clock; with a horizon, an advance's (see claimFor). */
export interface ClaimScope {
  partner: string;
  horizon?: number;
}

export interface FairShareDeps {
  config: Pick<Config, 'DELIVERY_PARTNER_SLOTS' | 'WEBHOOK_TIMEOUT_MS'>;
  clock: Clock;
  deliveries: DeliveriesRepository;
}

export class FairShare {
  readonly #deps: FairShareDeps;
  /** The slots each partner holds now, and all of them together. */
  readonly #held = new PartnerTally();
  /** Partners that may have unsettled deliveries; a real-clock claim that finds one with none left drops it. */
  readonly #active = new Set<string>();
  #turn = 0;
  readonly #leaseMs: number;

  /** `depth`: how many attempts' time a leased delivery may wait for its turn before its own attempt starts. */
  constructor(deps: FairShareDeps, depth = 1) {
    this.#deps = deps;
    this.#leaseMs = depth * deps.config.WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS;
  }

  /** The partners that may have unsettled deliveries. */
  get active(): string[] {
    return [...this.#active];
  }

  activate(partner: string): void {
    this.#active.add(partner);
  }

  /** Every partner the store holds unsettled deliveries for (at start, or when the loop lost track of one). */
  activateFromStore(): void {
    for (const partner of this.#deps.deliveries.unsettledPartners()) this.#active.add(partner);
  }

  /** Drops `partner` from the active set when it has no unsettled delivery left. */
  forgetIfSettled(partner: string): void {
    if (!this.#deps.deliveries.hasUnsettled(partner)) this.#active.delete(partner);
  }

  /** Slots held now, by every partner together. */
  get held(): number {
    return this.#held.total;
  }

  hold(partner: string): void {
    this.#held.add(partner);
  }

  release(partner: string): void {
    this.#held.remove(partner);
  }

  /**
   * Leases up to `free` due deliveries over `scopes` (run it inside the dispatcher's group commit). `drained` hears
   * of each scope found with nothing more due while a slot was free for it.
   */
  claim<S extends ClaimScope>(scopes: readonly S[], free: number, drained: (scope: S) => void): Array<{ delivery: ClaimedDelivery; scope: S }> {
    if (free <= 0 || scopes.length === 0) return [];
    const { config, deliveries, clock } = this.#deps;
    const first = this.#turn++ % scopes.length;
    const turn = [...scopes.slice(first), ...scopes.slice(0, first)];
    const picked: Array<{ delivery: ClaimedDelivery; scope: S }> = [];
    const taken = new Map<string, number>();
    const done = new Set<S>();
    // With one partner in scope there is no one to be fair to: one pass, one read.
    for (const bound of scopes.length > 1 ? [config.DELIVERY_PARTNER_SLOTS, Number.POSITIVE_INFINITY] : [Number.POSITIVE_INFINITY]) {
      for (const scope of turn) {
        const room = Math.min(free - picked.length, bound - this.#held.of(scope.partner) - (taken.get(scope.partner) ?? 0));
        if (room <= 0 || done.has(scope)) continue;
        const now = clock.now(scope.partner);
        const rows = deliveries.claimFor(scope.partner, now, room, now + this.#leaseMs, randomUUID, scope.horizon);
        if (rows.length < room) {
          done.add(scope);
          drained(scope);
          if (rows.length === 0 && scope.horizon === undefined) this.forgetIfSettled(scope.partner);
        }
        taken.set(scope.partner, (taken.get(scope.partner) ?? 0) + rows.length);
        for (const delivery of rows) picked.push({ delivery, scope });
        if (picked.length >= free) return picked;
      }
    }
    return picked;
  }
}
