// Brings a PostgreSQL schema up to the latest migration inside the caller's transaction. An
// advisory lock per schema makes processes starting together take turns; schema_migrations
// records what has been applied.
import type pg from 'pg';
import { HeraldError } from '../../domain/errors.ts';
import { migrations } from './migrations.ts';

export async function applyMigrations(client: pg.PoolClient, schema: string | null, where: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`herald:migrate:${schema ?? ''}`]);
  if (schema !== null) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await client.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const { rows } = await client.query<{ version: number }>('SELECT coalesce(max(version), 0) AS version FROM schema_migrations');
  const current = rows[0]?.version ?? 0;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new HeraldError(
      'store_failed',
      `The PostgreSQL database at ${where} has schema version ${current}, newer than this Herald knows (${latest}); upgrade Herald`,
      { database: where, current, latest },
    );
  }
  for (const migration of migrations.filter((pending) => pending.version > current)) {
    await client.query(migration.sql);
    await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
  }
}
