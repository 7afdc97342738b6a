// The virtual instants advances are working through (CLOCK=virtual): each runs every attempt of its partners due at
// it, and ends once nothing of its own is open and nothing more is due for it. The dispatcher claims for them.
import type { AttemptSummary } from './delivery-runner.js';
import type { ClaimScope } from './fair-share.js';

/** The virtual instant an advance() is working through: every attempt due at it, and how it ends. */
export interface Instant {
  /** Whose deliveries it runs, each at its own clock's now: the advancing partner, or every partner following the shared clock. */
  partners: string[];
  /** The advance's horizon: deliveries created after it began wait for the next advance. */
  horizon: number;
  attempts: Array<Promise<AttemptSummary | undefined>>;
  /** Attempts claimed for it that have not ended (their outcome committed, or nothing to record). */
  open: number;
  /** The partners the last claim found nothing more due for (with a slot free to take it): when all are, it is done. */
  drained: Set<string>;
  idle: () => void;
  fail: (err: unknown) => void;
}

/** Where the next claim looks: one partner's due deliveries, for an advance's instant or (no instant) the real clock. */
export interface Scope extends ClaimScope {
  instant?: Instant;
}

export class OpenInstants {
  readonly #instants = new Set<Instant>();

  /** A new instant for `partners`; resolves with every attempt started for it once it is done. `kick` starts claiming. */
  open(partners: string[], horizon: number, kick: () => void): Promise<Array<Promise<AttemptSummary | undefined>>> {
    const attempts: Array<Promise<AttemptSummary | undefined>> = [];
    return new Promise((resolve, reject) => {
      this.#instants.add({ partners, horizon, attempts, open: 0, drained: new Set(), idle: () => resolve(attempts), fail: reject });
      kick();
    });
  }

  list(): Instant[] {
    return [...this.#instants];
  }

  /** The claim scopes of `instants`, each partner's drained mark cleared for the claim about to run. */
  scopes(instants: readonly Instant[]): Scope[] {
    for (const instant of instants) instant.drained.clear();
    return instants.flatMap((instant) => instant.partners.map((partner) => ({ partner, horizon: instant.horizon, instant })));
  }

  /** Whether the last claim found nothing more due for every partner of every one of `instants`. */
  drained(instants: readonly Instant[]): boolean {
    return instants.every((instant) => instant.drained.size === instant.partners.length);
  }

  /** A failed commit: every instant of it fails (the advance answers the error). */
  fail(instants: readonly Instant[], err: unknown): void {
    for (const instant of instants) {
      this.#instants.delete(instant);
      instant.fail(err);
    }
  }

  /**
   * Ends the instants with nothing of their own open and nothing more due (or shutdown under way); a claim that found
   * every slot taken (by other partners' attempts) leaves its instant waiting for the next flush.
   */
  settle(instants: readonly Instant[], stopping: boolean): void {
    for (const instant of instants) {
      if (instant.open > 0 || (!stopping && instant.drained.size < instant.partners.length)) continue;
      this.#instants.delete(instant);
      instant.idle();
    }
  }
}
