// What a migration is: the list in migrations.ts and the files that hold the longer ones (migration-*.ts) share it.

export interface Migration {
  /** What the migration brings, in a few words; its position in the list is its version. */
  name: string;
  sql: string;
}
