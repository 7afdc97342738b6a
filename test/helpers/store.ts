// The whole store as text, for before/after comparisons and for proving what never reaches it.
import type { FastifyInstance } from 'fastify';

/** Every row of every table, each row as JSON, sorted (so a table created WITHOUT ROWID compares as well as any other). */
export function dumpStore(app: FastifyInstance): Record<string, string[]> {
  const tables = app.ctx.db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all();
  return Object.fromEntries(
    tables.map(({ name }) => [name, app.ctx.db.prepare(`SELECT * FROM "${name}"`).all().map((row) => JSON.stringify(row)).sort()]),
  );
}
