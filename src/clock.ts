// Time as the mock sees it: the wall clock, or a virtual clock that only moves when told to.
// Everything that reads time takes a Clock, which is what lets a test walk a 2-hour retry ladder in milliseconds.

export type ClockMode = 'real' | 'virtual';

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

  constructor(startMs: number = Date.now()) {
    this.#now = Math.floor(startMs);
  }

  now(): number {
    return this.#now;
  }

  /** Moves time forward to `ms` (never backwards). */
  set(ms: number): void {
    if (ms > this.#now) this.#now = Math.floor(ms);
  }

  advance(ms: number): number {
    this.set(this.#now + ms);
    return this.#now;
  }
}

export function createClock(mode: ClockMode, startMs?: number): Clock {
  return mode === 'virtual' ? new VirtualClock(startMs) : new RealClock();
}
