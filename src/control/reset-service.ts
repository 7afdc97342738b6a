// What POST /_mock/reset does, for everyone or one partner: the store wiped, the partner's clock forgotten, the fixtures
// put back when asked, the journal and the fault rules cleared, and the inspector told.
import { VirtualClock, type Clock } from '../core/clock.js';
import { ALL, type EventHub } from '../core/event-hub.js';
import type { StoreWiper } from '../db/store-wiper.js';
import type { Faults } from './faults.js';
import type { Fixtures } from './fixtures.js';
import type { Journal } from './journal.js';
import type { ResetResult } from './schemas.js';

export interface ResetServiceDeps {
  wiper: StoreWiper;
  clock: Clock;
  fixtures: Fixtures;
  journal: Journal;
  faults: Faults;
  events: EventHub;
}

export class ResetService {
  constructor(private readonly deps: ResetServiceDeps) {}

  /** `partner` undefined: everything. `fixtures`: load the boot-time fixtures again once wiped. */
  reset(partner: string | undefined, options: { fixtures: boolean }): ResetResult {
    const { wiper, clock, fixtures, journal, faults, events } = this.deps;
    // Wall-clock on purpose: how long the wipe took, which the virtual clock would always call 0.
    const started = performance.now();
    const deleted = wiper.wipe(partner);
    if (clock instanceof VirtualClock) clock.forget(partner);
    if (options.fixtures) fixtures.restore(partner);
    events.publish(partner ?? ALL, { type: 'reset' });
    return {
      scope: partner === undefined ? 'all' : 'api_key',
      deleted,
      journal: journal.clear(partner),
      faults: faults.clear(partner),
      fixtures: options.fixtures && fixtures.loaded,
      tookMs: Math.round((performance.now() - started) * 1000) / 1000,
    };
  }
}
