// Brings a SQLite file up to the latest schema in one IMMEDIATE transaction, so two processes
// opening one file take turns; PRAGMA user_version records how far it is.
import type Database from 'better-sqlite3';
import { HeraldError } from '../../domain/errors.ts';
import { migrations } from './migrations.ts';

export function applyMigrations(db: Database.Database, path: string): void {
  const latest = migrations.at(-1)?.version ?? 0;
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > latest) {
      throw new HeraldError(
        'store_failed',
        `The SQLite database at '${path}' has schema version ${current}, newer than this Herald knows (${latest}); upgrade Herald or point storage.path at another file`,
        { path, current, latest },
      );
    }
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
}
