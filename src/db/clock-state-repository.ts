// The clock_state table: the virtual clock's instant, so a restart resumes the mock's timeline instead of going back.
import type { Db } from './open.js';

export class ClockStateRepository {
  readonly #load;
  readonly #save;

  constructor(db: Db) {
    this.#load = db.prepare<[], { virtual_now: number }>('SELECT virtual_now FROM clock_state WHERE id = 1');
    this.#save = db.prepare(
      'INSERT INTO clock_state (id, virtual_now) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET virtual_now = max(virtual_now, excluded.virtual_now)',
    );
  }

  /** The last instant the virtual clock reached, if it ever ran on this database. */
  load(): number | undefined {
    return this.#load.get()?.virtual_now;
  }

  /** Never moves the stored instant back. */
  save(ms: number): void {
    this.#save.run(ms);
  }
}
