// The files table: files uploaded with a support request, their bytes as a BLOB, owned by the organization (user).
import type { Db } from './open.js';

export interface StoredFile {
  id: string;
  partner: string;
  /** The user (organization) whose widget took the support request: only its orgId and API token open the file. */
  ownerId: number;
  supportRequestSeq: number;
  name: string;
  contentType: string;
  size: number;
  /** Hex SHA-256 of `bytes`. */
  sha256: string;
  bytes: Buffer;
  createdAt: number;
}

interface FileRow {
  id: string;
  partner: string;
  owner_id: number;
  support_request_seq: number;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  bytes: Buffer;
  created_at: number;
}

export class FilesRepository {
  readonly #insert;
  readonly #find;

  constructor(db: Db) {
    this.#insert = db.prepare(
      `INSERT INTO files (id, partner, owner_id, support_request_seq, name, content_type, size, sha256, bytes, created_at)
       VALUES (@id, @partner, @ownerId, @supportRequestSeq, @name, @contentType, @size, @sha256, @bytes, @createdAt)`,
    );
    this.#find = db.prepare<[string], FileRow>('SELECT * FROM files WHERE id = ?');
  }

  insert(file: StoredFile): void {
    this.#insert.run(file);
  }

  findById(id: string): StoredFile | undefined {
    const row = this.#find.get(id);
    if (!row) return undefined;
    return {
      id: row.id,
      partner: row.partner,
      ownerId: row.owner_id,
      supportRequestSeq: row.support_request_seq,
      name: row.name,
      contentType: row.content_type,
      size: row.size,
      sha256: row.sha256,
      bytes: row.bytes,
      createdAt: row.created_at,
    };
  }
}
