// The users table: prepared statements and the row <-> object mapping.
import type { Db } from './open.js';

export interface User {
  id: number;
  partner: string;
  email: string;
  name: string;
  phone: string | null;
  accountType: string;
  passwordHash: string;
  createdAt: number;
  updatedAt: number;
}

interface UserRow {
  id: number;
  partner: string;
  email: string;
  name: string;
  phone: string | null;
  account_type: string;
  password_hash: string;
  created_at: number;
  updated_at: number;
}

const toUser = (row: UserRow): User => ({
  id: row.id,
  partner: row.partner,
  email: row.email,
  name: row.name,
  phone: row.phone,
  accountType: row.account_type,
  passwordHash: row.password_hash,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export type NewUser = Omit<User, 'id'>;

export class UsersRepository {
  readonly #byEmail;
  readonly #insert;
  readonly #update;
  readonly #delete;
  readonly #countByPartner;

  constructor(db: Db) {
    this.#byEmail = db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?');
    this.#insert = db.prepare(
      `INSERT INTO users (partner, email, name, phone, account_type, password_hash, created_at, updated_at)
       VALUES (@partner, @email, @name, @phone, @accountType, @passwordHash, @createdAt, @updatedAt)`,
    );
    this.#update = db.prepare(
      `UPDATE users SET name = @name, phone = @phone, account_type = @accountType,
         password_hash = @passwordHash, updated_at = @updatedAt WHERE id = @id`,
    );
    this.#delete = db.prepare('DELETE FROM users WHERE id = ?');
    this.#countByPartner = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM users WHERE partner = ?');
  }

  findByEmail(email: string): User | undefined {
    const row = this.#byEmail.get(email);
    return row && toUser(row);
  }

  /** Returns undefined when the email is taken (the UNIQUE constraint decides, so racing creates cannot both win). */
  insert(user: NewUser): User | undefined {
    try {
      const { lastInsertRowid } = this.#insert.run(user);
      return { ...user, id: Number(lastInsertRowid) };
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return undefined;
      throw err;
    }
  }

  update(user: User): void {
    this.#update.run(user);
  }

  delete(id: number): void {
    this.#delete.run(id);
  }

  countByPartner(partner: string): number {
    return this.#countByPartner.get(partner)!.n;
  }
}
