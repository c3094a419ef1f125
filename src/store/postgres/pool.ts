// Opens the pg pool behind PostgresStore: bigint parsed as a JS number, an optional schema on
// the search_path, and a first query so a wrong DATABASE_URL fails at start with a coded error.
import pg from 'pg';
import { HeraldError, describeError } from '../../domain/errors.ts';

// Epoch milliseconds are bigint columns; they fit a JS number exactly, so parse them as one.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** `where` is the URL without its password, for messages and logs. */
export async function openPool(url: string, schema: string | null, onIdleError?: (error: Error) => void): Promise<{ pool: pg.Pool; where: string }> {
  const where = redact(url);
  if (schema !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new HeraldError('store_failed', `'${schema}' is not a usable schema name; use lower-case letters, digits and _`, { schema });
  }
  const pool = new pg.Pool({ connectionString: url, types, ...(schema === null ? {} : { options: `-c search_path=${schema}` }) });
  pool.on('error', (error) => onIdleError?.(error));
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    throw new HeraldError(
      'store_failed',
      `Cannot connect to PostgreSQL at ${where}: ${describeError(error)}; check DATABASE_URL and that the server is running`,
      { database: where },
      { cause: error },
    );
  }
  return { pool, where };
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured DATABASE_URL';
  }
}
