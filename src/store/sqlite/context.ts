// What every SQLite concern shares: the open database, its prepared statements (ready once
// migrate() ran) and the rules of running them. Statements are synchronous and fast, so each
// operation runs them directly and returns a settled promise; every multi-statement change runs
// in one IMMEDIATE transaction so two processes on one file never interleave (WAL lets readers
// go on meanwhile, busy_timeout makes writers queue).
import type Database from 'better-sqlite3';
import { HeraldError, describeError } from '../../domain/errors.ts';
import type { NoticeDraft } from '../../domain/types.ts';
import type { Statements } from './statements.ts';

export class SqliteContext {
  readonly db: Database.Database;
  readonly path: string;
  /** Prepared by migrate(); null before it and after close(). */
  statements: Statements | null = null;

  constructor(db: Database.Database, path: string) {
    this.db = db;
    this.path = path;
  }

  /** Runs synchronous statement work as a settled promise, every failure a coded HeraldError. */
  run<T>(operation: string, work: (statements: Statements) => T): Promise<T> {
    try {
      if (!this.db.open) {
        throw new HeraldError('store_failed', `The SQLite store at '${this.path}' is closed; open a new one`, { path: this.path });
      }
      if (!this.statements) {
        throw new HeraldError('store_failed', `The SQLite store at '${this.path}' is not migrated; call migrate() first`, {
          path: this.path,
        });
      }
      return Promise.resolve(work(this.statements));
    } catch (error) {
      return Promise.reject(this.failure(operation, error));
    }
  }

  /** `work` inside one IMMEDIATE transaction: no other writer runs between its reads and writes. */
  immediate<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /**
   * Leases due rows in one IMMEDIATE transaction. `due` is read lazily inside it, so no other
   * writer can claim the same rows between the read and the lease.
   */
  claim<Row, T>(due: () => Row[], lease: (row: Row) => unknown, toRecord: (row: Row) => T): T[] {
    return this.immediate(() =>
      due().map((row) => {
        lease(row);
        return toRecord(row);
      }),
    );
  }

  /** A state change that, only when it happens, queues its notices in the same transaction. */
  transition(q: Statements, change: () => boolean, notices: NoticeDraft[], now: number): boolean {
    return this.immediate(() => {
      if (!change()) return false;
      for (const notice of notices) q.insertNotice.run({ ...notice, now });
      return true;
    });
  }

  failure(operation: string, error: unknown): HeraldError {
    if (error instanceof HeraldError) return error;
    return new HeraldError(
      'store_failed',
      `SQLite ${operation} failed on '${this.path}': ${describeError(error)}; check the disk and that no other program holds the file`,
      { path: this.path, operation },
      { cause: error },
    );
  }
}
