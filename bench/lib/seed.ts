// Fills a database file with many users and widgets directly through the repositories, in one transaction: 10,000
// creates over the API would take a while per template and measure the API, which is not what these scenarios measure.
import { randomUUID } from 'node:crypto';
import { openDatabase, type Db } from '../../src/db/open.js';
import { UsersRepository } from '../../src/db/users-repository.js';
import { WidgetsRepository } from '../../src/db/widgets-repository.js';
import { partnerOf } from '../../src/http/api-key.js';
import { hashPassword } from '../../src/provisioning/password.js';

export const BENCH_KEY = 'bench-api-key';

export const userEmail = (i: number): string => `user${i}@bench.example.com`;

/** `n` partner keys for the per-key resets: the store's users spread evenly over them. */
export const resetKeys = (n: number): string[] => Array.from({ length: n }, (_, i) => `bench-reset-key-${i}`);

/**
 * Returns the widget ids, owned round-robin: widget k belongs to user k % users, and user i to keys[i % keys.length]
 * (one key, BENCH_KEY, unless told otherwise).
 */
export async function seedDatabase(path: string, counts: SeedCounts): Promise<string[]> {
  const db = openDatabase(path);
  try {
    const widgetIds = seedInto(db, counts);
    db.pragma('wal_checkpoint(TRUNCATE)');
    return widgetIds;
  } finally {
    db.close();
  }
}

export interface SeedCounts {
  users: number;
  widgets: number;
  keys?: string[];
}

/** The same rows into a store already open (a running mock's, in-process); returns the widget ids. */
export function seedInto(db: Db, { users, widgets, keys = [BENCH_KEY] }: SeedCounts): string[] {
  const usersRepo = new UsersRepository(db);
  const widgetsRepo = new WidgetsRepository(db);
  const partners = keys.map(partnerOf);
  const partnerOfUser = (i: number) => partners[i % partners.length]!;
  // One real hash, shared: it is the bench's process key that made it, so it stays opaque to the mock, as any hash
  // from another process does.
  const passwordHash = hashPassword('bench-password');
  const now = Date.now();
  const widgetIds: string[] = [];
  db.transaction(() => {
    const ids: number[] = [];
    for (let i = 0; i < users; i++) {
      const user = usersRepo.insert({
        partner: partnerOfUser(i),
        email: userEmail(i),
        name: `Bench User ${i}`,
        phone: '555-617-8980',
        accountType: 'enterprise',
        passwordHash,
        orgId: String(1_000_000_000_000_000 + i),
        apiToken: `bench-token-${String(i).padStart(20, '0')}`,
        createdAt: now,
        updatedAt: now,
      });
      if ('taken' in user) throw new Error(`seed: ${user.taken} taken for user ${i}`);
      ids.push(user.id);
    }
    for (let i = 0; i < widgets; i++) {
      const id = randomUUID();
      widgetIds.push(id);
      widgetsRepo.insert({
        id,
        partner: partnerOfUser(i % ids.length),
        ownerId: ids[i % ids.length]!,
        name: `Bench Widget ${i}`,
        destinationEmail: 'transcripts@bench.example.com',
        agents: [{ agentId: `agent${i}@bench.example.com`, agentAlias: 'Agent', agentAvatar: 'https://example.com/a.png', agentType: 'webclient' }],
        enableProactiveChat: false,
        enableConversations: true,
        conversationSchedule: null,
        createdAt: now,
        updatedAt: now,
      });
    }
  })();
  return widgetIds;
}
