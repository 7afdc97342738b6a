// The virtual clock's instants: the shared one (clock_state) and each partner's own (partner_clocks), so a restart
// resumes every timeline instead of going back.
import type { ClockStore } from '../core/clock.js';
import type { Db } from './open.js';

export class ClockStateRepository implements ClockStore {
  readonly #load;
  readonly #save;
  readonly #loadPartners;
  readonly #savePartner;
  readonly #forgetPartner;
  readonly #forgetPartners;

  constructor(db: Db) {
    this.#load = db.prepare<[], { virtual_now: number }>('SELECT virtual_now FROM clock_state WHERE id = 1');
    this.#save = db.prepare(
      'INSERT INTO clock_state (id, virtual_now) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET virtual_now = max(virtual_now, excluded.virtual_now)',
    );
    this.#loadPartners = db.prepare<[], { partner: string; virtual_now: number }>('SELECT partner, virtual_now FROM partner_clocks');
    this.#savePartner = db.prepare(
      `INSERT INTO partner_clocks (partner, virtual_now) VALUES (?, ?)
       ON CONFLICT (partner) DO UPDATE SET virtual_now = max(virtual_now, excluded.virtual_now)`,
    );
    this.#forgetPartner = db.prepare('DELETE FROM partner_clocks WHERE partner = ?');
    this.#forgetPartners = db.prepare('DELETE FROM partner_clocks');
  }

  /** The last shared instant the virtual clock reached, if it ever ran on this database. */
  load(): number | undefined {
    return this.#load.get()?.virtual_now;
  }

  /** Every partner's own instant. */
  loadPartners(): Array<[string, number]> {
    return this.#loadPartners.all().map((row) => [row.partner, row.virtual_now]);
  }

  /** Never moves a stored instant back. */
  save(ms: number, partner?: string): void {
    if (partner === undefined) this.#save.run(ms);
    else this.#savePartner.run(partner, ms);
  }

  forget(partner?: string): void {
    if (partner === undefined) this.#forgetPartners.run();
    else this.#forgetPartner.run(partner);
  }
}
