// Each PostgreSQL test run works in a schema of its own, dropped afterwards, so runs never see
// each other's rows and leave nothing behind.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const databaseUrl = process.env.DATABASE_URL;

if (!databaseUrl) console.warn('PostgreSQL store tests skipped: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to run them');

export function freshSchemaName(): string {
  return `herald_test_${randomBytes(6).toString('hex')}`;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
