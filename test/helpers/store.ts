// The store under a test's app, read directly: the whole of it as text for before/after comparisons and for proving what
// never reaches it, and single records by key for what no API shows (a password hash, an API token).
import type { FastifyInstance } from 'fastify';
import { storeOf } from '../../src/app.js';
import { UsersRepository, type User } from '../../src/db/users-repository.js';
import { WidgetsRepository, type OwnedWidget } from '../../src/db/widgets-repository.js';

/** Every row of every table, each row as JSON, sorted (so a table created WITHOUT ROWID compares as well as any other). */
export function dumpStore(app: FastifyInstance): Record<string, string[]> {
  const db = storeOf(app);
  const tables = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all();
  return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}"`).all().map((row) => JSON.stringify(row)).sort()]));
}

/** The stored user, secrets and all. */
export const storedUser = (app: FastifyInstance, email: string): User | undefined => new UsersRepository(storeOf(app)).findByEmail(email);

export const storedWidget = (app: FastifyInstance, id: string): OwnedWidget | undefined => new WidgetsRepository(storeOf(app)).findById(id);
