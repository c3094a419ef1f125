// The config and database set-up shared by the scale test and bench/poll: every farm feed in one
// config, one console channel that takes everything, and a PostgreSQL schema of its own per run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { stringify } from 'yaml';
import type { FeedFarm } from './feed-farm.ts';

export interface ScaleConfigOptions {
  dir: string;
  /** Default: dir/herald.db (used only without DATABASE_URL). */
  storagePath?: string;
  concurrency: number;
  /** Feed interval, as the config writes it. */
  interval: string;
}

/** Writes dir/herald.yaml and returns its path. */
export function writeScaleConfig(farm: FeedFarm, options: ScaleConfigOptions): string {
  const path = join(options.dir, 'herald.yaml');
  const feeds = Array.from({ length: farm.feeds }, (_, feed) => ({ id: `f${feed}`, url: farm.url(feed) }));
  writeFileSync(
    path,
    stringify({
      storage: { path: options.storagePath ?? join(options.dir, 'herald.db') },
      fetch: { allowPrivateAddresses: true, allowedPorts: [Number(new URL(farm.url(0)).port)], timeout: '10s', concurrency: options.concurrency },
      // One channel takes every alert of the farm: no hourly cap may hold them for a digest.
      defaults: { interval: options.interval, maxAlertsPerHour: 1_000_000 },
      feeds,
      channels: [{ platform: 'console', channel: 'all-news' }],
    }),
  );
  return path;
}

/** A DATABASE_URL that keeps every table of this run in `schema` (created here). */
export async function databaseUrlWithSchema(url: string, schema: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${schema}`);
  return scoped.href;
}
