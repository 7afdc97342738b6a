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
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export class RealClock implements Clock {
  readonly mode = 'real' as const;
  now(): number {
    return Date.now();
  }
}

export class VirtualClock implements Clock {
  readonly mode = 'virtual' as const;
  #now: number;
  readonly #onMove: ((ms: number) => void) | undefined;

  /** `onMove` sees every new instant (the store keeps it, so a restart resumes the timeline). */
  constructor(startMs: number = Date.now(), onMove?: (ms: number) => void) {
    this.#now = Math.min(Math.floor(startMs), MAX_INSTANT);
    this.#onMove = onMove;
  }

  now(): number {
    return this.#now;
  }

  /** Moves time forward to `ms` (never backwards, never past MAX_INSTANT). */
  set(ms: number): void {
    const to = Math.min(Math.floor(ms), MAX_INSTANT);
    if (to <= this.#now) return;
    this.#now = to;
    this.#onMove?.(to);
  }

  advance(ms: number): number {
    this.set(this.#now + ms);
    return this.#now;
  }
}

export function createClock(mode: ClockMode, startMs?: number, onMove?: (ms: number) => void): Clock {
  return mode === 'virtual' ? new VirtualClock(startMs, onMove) : new RealClock();
}

/** ISO 8601 for any instant the mock can hold. */
export function isoOf(ms: number): string {
  return new Date(Math.min(Math.max(ms, -MAX_INSTANT), MAX_INSTANT)).toISOString();
}
