// What every PostgreSQL concern shares: the pg pool, where it points (for messages), the
// optional schema, and the rules of querying it: every failure a coded HeraldError, every
// multi-statement change one transaction on one pooled connection.
import type pg from 'pg';
import { HeraldError, describeError } from '../../domain/errors.ts';
import type { NoticeDraft } from '../../domain/types.ts';
import * as sql from './sql.ts';

export class PostgresContext {
  readonly pool: pg.Pool;
  /** The URL without its password. */
  readonly where: string;
  readonly schema: string | null;
  closed = false;

  constructor(pool: pg.Pool, where: string, schema: string | null) {
    this.pool = pool;
    this.where = where;
    this.schema = schema;
  }

  async query<Row extends pg.QueryResultRow>(operation: string, text: string, values: unknown[] = []): Promise<Row[]> {
    this.#assertOpen();
    try {
      return (await this.pool.query<Row>(text, values)).rows;
    } catch (error) {
      throw this.failure(operation, error);
    }
  }

  async transaction<T>(operation: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    this.#assertOpen();
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.failure(operation, error);
    }
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      // A connection that cannot even roll back is broken: release(true) discards it instead of pooling it.
      const broken = await client.query('ROLLBACK').then(
        () => false,
        () => true,
      );
      client.release(broken);
      throw this.failure(operation, error);
    }
  }

  /** A state change that, only when it happens, queues its notices in the same transaction. */
  transition(operation: string, change: string, values: unknown[], notices: NoticeDraft[], now: number): Promise<boolean> {
    return this.transaction(operation, async (client) => {
      if ((await client.query(change, values)).rowCount === 0) return false;
      if (notices.length > 0) await client.query(sql.INSERT_NOTICES, [JSON.stringify(notices), now]);
      return true;
    });
  }

  failure(operation: string, error: unknown): HeraldError {
    if (error instanceof HeraldError) return error;
    return new HeraldError(
      'store_failed',
      `PostgreSQL ${operation} failed at ${this.where}: ${describeError(error)}; check that the server is up and migrations have run`,
      { database: this.where, operation },
      { cause: error },
    );
  }

  #assertOpen(): void {
    if (this.closed) {
      throw new HeraldError('store_failed', `The PostgreSQL store at ${this.where} is closed; connect a new one`, { database: this.where });
    }
  }
}
