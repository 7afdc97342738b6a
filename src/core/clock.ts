// Time as the mock sees it: the wall clock, or a virtual clock that only moves when told to.
// Everything that reads time takes a Clock, which is what lets a test walk a 2-hour retry ladder in milliseconds.

export type ClockMode = 'real' | 'virtual';

/**
 * The latest instant the mock's clock may reach: 9999-12-31T23:59:59.999Z. Every date the mock renders (ISO, and
 * SnapEngage's "MMM d, yyyy") has a four-digit year up to there; past it a Date is invalid or renders oddly.
 */
export const MAX_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export interface Clock {
  readonly mode: ClockMode;
  /**
   * Milliseconds since the Unix epoch. On the virtual clock each partner (api_key fingerprint) may have its own
   * instant: `now(partner)` reads it, `now()` the shared one.
   */
  now(partner?: string): number;
}

export class RealClock implements Clock {
  readonly mode = 'real' as const;
  now(): number {
    return Date.now();
  }
}

/** Where a virtual clock keeps its instants, so a restart resumes every timeline (the store's clock tables). */
export interface ClockStore {
  /** The shared instant (no partner) or one partner's own; never moves a stored instant back. */
  save(ms: number, partner?: string): void;
  /** Drops one partner's own instant, or (no partner) every partner's. */
  forget(partner?: string): void;
}

/**
 * A clock that only moves when told to. There is one shared instant and, for each partner that moved its clock on
 * its own (a keyed advance), that partner's instant. A partner that never did follows the shared instant, so a
 * single-tenant user never sees the difference; parallel suites sharing one server each walk their own time.
 */
export class VirtualClock implements Clock {
  readonly mode = 'virtual' as const;
  #shared: number;
  readonly #own = new Map<string, number>();
  readonly #store: ClockStore | undefined;

  /** The holds of advances still running, each lost once a reset forgets its timeline (see hold()). */
  readonly #holds = new Set<{ partner: string | undefined; lose(): void }>();

  /** `own`: the partners' instants a previous run left (the store's); `store` keeps every new instant. */
  constructor(startMs: number = Date.now(), store?: ClockStore, own: Iterable<readonly [string, number]> = []) {
    this.#shared = clamp(startMs);
    this.#store = store;
    for (const [partner, ms] of own) this.#own.set(partner, clamp(ms));
    // The instant it starts at is stored at once (a resumed one again: the store never moves back), so a restart
    // finds it even if the clock never moved, or moved 0 ms: otherwise the next start would read the wall clock and
    // every delivery due meanwhile would run at once.
    store?.save(this.#shared);
  }

  now(partner?: string): number {
    return (partner === undefined ? undefined : this.#own.get(partner)) ?? this.#shared;
  }

  /** Whether `partner` has an instant of its own (it moved its clock by itself since its last reset). */
  isOwn(partner: string): boolean {
    return this.#own.has(partner);
  }

  /**
   * Moves the shared instant forward to `ms`, and with it every partner without an instant of its own; with
   * `partner`, that partner's instant only (it has its own from then on, even if `ms` did not move it). Never
   * backwards, never past MAX_INSTANT.
   */
  set(ms: number, partner?: string): void {
    const now = this.now(partner);
    const to = Math.max(clamp(ms), now);
    // A partner's first move makes the clock its own even when it does not move (an advance of 0 ms): from then on
    // the shared clock no longer carries it. A shared move of 0 ms has nothing to store: the constructor stored it.
    if (to === now && (partner === undefined || this.#own.has(partner))) return;
    if (partner === undefined) this.#shared = to;
    else this.#own.set(partner, to);
    this.#store?.save(to, partner);
  }

  advance(ms: number, partner?: string): number {
    this.set(this.now(partner) + ms, partner);
    return this.now(partner);
  }

  /**
   * What an advance moves its timeline through (`partner`'s, or the shared one), released when it ends. A reset of
   * that partner (or of everything) while it runs makes the hold lost: its later moves are dropped, so an advance
   * that was walking the partner's own time cannot give the partner a clock of its own again after the reset.
   */
  hold(partner?: string): ClockHold {
    let lost = false;
    const hold = {
      partner,
      get lost() {
        return lost;
      },
      lose: () => {
        lost = true;
      },
      set: (ms: number) => {
        if (!lost) this.set(ms, partner);
      },
      release: () => {
        this.#holds.delete(hold);
      },
    };
    this.#holds.add(hold);
    return hold;
  }

  /**
   * A reset: `partner`'s own instant is dropped and it follows the shared clock again (without a partner, every
   * partner does). Its records are gone with the reset, so nothing it can read is stamped after its new time.
   */
  forget(partner?: string): void {
    // The shared clock's holds are never lost: a reset does not move the shared clock, nor take keys off it.
    for (const hold of this.#holds) if (hold.partner !== undefined && (partner === undefined || hold.partner === partner)) hold.lose();
    if (partner === undefined) this.#own.clear();
    else if (!this.#own.delete(partner)) return;
    this.#store?.forget(partner);
  }
}

/** One advance's grip on a timeline: set() moves it as VirtualClock.set would, until a reset makes it `lost`. */
export interface ClockHold {
  readonly lost: boolean;
  set(ms: number): void;
  release(): void;
}

const clamp = (ms: number): number => Math.min(Math.floor(ms), MAX_INSTANT);

export function createClock(mode: ClockMode, startMs?: number, store?: ClockStore, own?: Iterable<readonly [string, number]>): Clock {
  return mode === 'virtual' ? new VirtualClock(startMs, store, own) : new RealClock();
}

/** ISO 8601 for any instant the mock can hold. */
export function isoOf(ms: number): string {
  return new Date(Math.min(Math.max(ms, -MAX_INSTANT), MAX_INSTANT)).toISOString();
}
