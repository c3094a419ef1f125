// Opens the SQLite file behind SqliteStore with the settings two processes on one file need:
// WAL so readers go on while one writes, a busy timeout so writers queue instead of failing.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { HeraldError, describeError } from '../../domain/errors.ts';

const BUSY_TIMEOUT_MS = 5_000;

/** Creates the file and its directory if needed; ':memory:' opens a private in-memory database. */
export function openDatabase(path: string): Database.Database {
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    return db;
  } catch (error) {
    throw new HeraldError(
      'store_failed',
      `Cannot open the SQLite database at '${path}': ${describeError(error)}; check storage.path and that its directory is writable`,
      { path },
      { cause: error },
    );
  }
}
