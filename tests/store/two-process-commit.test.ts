// Two real processes on one PostgreSQL commit the same poll of the same feeds at the same
// moment (each with its own story index and story ids, as two `herald poll --once` would):
// every channel gets one message per story, and no item is recorded twice or as two sources.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSubscriptionId } from '../../src/config/channels.ts';
import { PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { RACE_FEEDS } from './commit-race-fixtures.ts';
import { databaseUrl, dropSchema, freshSchemaName } from './postgres-schema.ts';
import { feedDefinition, subscription, T0 } from './records.ts';

const CHILD = join(import.meta.dirname, 'commit-race-child.ts');
const REPO = join(import.meta.dirname, '../..');

if (!databaseUrl) console.warn('two-process commit test skipped: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to run it');

/** A racing process: resolves `ready` once it has planned, `result` with what its commit queued. */
function racer(schema: string, name: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, schema, name], {
    cwd: REPO,
    env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const line = async (): Promise<string> => {
    const next = await lines.next();
    if (next.done) throw new Error(`${name} ended early:\n${stderr}`);
    return next.value;
  };
  return {
    ready: line(),
    go: () => child.stdin.end('go\n'),
    result: async () => {
      const queued = (JSON.parse(await line()) as ({ alertsQueued: number } | null)[]).map((feed) => feed?.alertsQueued ?? 0);
      await once(child, 'exit');
      return queued.reduce((sum, count) => sum + count, 0);
    },
  };
}

describe.skipIf(!databaseUrl)('two processes committing the same poll on one PostgreSQL', { timeout: 60_000 }, () => {
  const schema = freshSchemaName();
  let client: pg.Client;
  const rows = async <T extends pg.QueryResultRow>(text: string): Promise<T[]> => (await client.query<T>(text.replaceAll('$schema', schema))).rows;

  beforeAll(async () => {
    const store = await PostgresStore.connect(databaseUrl!, { schema });
    await store.migrate();
    await store.syncConfigFeeds(Object.keys(RACE_FEEDS).map((id) => feedDefinition({ id })), T0);
    const news = { platform: 'slack' as const, channel: 'C-NEWS' };
    await store.syncConfigSubscriptions([subscription({ ...news, id: configSubscriptionId({ ...news, feeds: ['a'] }), query: '', feeds: ['a'], managedByConfig: true, workspace: null })]);
    await store.addSubscription(subscription({ ...news, id: 'sub_korea', query: 'korea' }));
    await store.addSubscription(subscription({ ...news, id: 'sub_topic', query: 'topic:north-korea', topic: 'north-korea' }));
    await store.addSubscription(subscription({ id: 'sub_wire', channel: 'C-WIRE', query: 'fishermen' }));
    await store.close();
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
  }, 30_000);

  afterAll(async () => {
    await client?.end();
    await dropSchema(databaseUrl!, schema);
  });

  it('queues each story once per channel and records each item once, in one story', async () => {
    const [one, two] = [racer(schema, 'one'), racer(schema, 'two')];
    await Promise.all([one.ready, two.ready]);
    one.go();
    two.go();
    const queued = await Promise.all([one.result(), two.result()]);

    const entries = await rows<{ channel: string; story_id: string; kind: string }>('SELECT channel, story_id, kind FROM $schema.outbox');
    expect(entries.length).toBeGreaterThan(10);
    expect(queued.reduce((sum, count) => sum + count, 0)).toBe(entries.length);
    // One message per channel and story; nothing but first posts (each story's outlets were folded in).
    expect(entries.every((entry) => entry.kind === 'new')).toBe(true);
    expect(new Set(entries.map((entry) => `${entry.channel}:${entry.story_id}`)).size).toBe(entries.length);
    // The wire story is one message in each channel, listing its three outlets.
    const wire = await rows<{ channel: string; sources: number }>(
      "SELECT channel, jsonb_array_length(alert->'sources') AS sources FROM $schema.outbox WHERE alert->'item'->>'title' LIKE 'Japan returns rescued%'",
    );
    expect(wire.sort((x, y) => x.channel.localeCompare(y.channel))).toEqual([
      { channel: 'C-NEWS', sources: 3 },
      { channel: 'C-WIRE', sources: 3 },
    ]);

    // Each item is one source of the one story its seen row names; no story stands empty.
    const sources = await rows<{ feed_id: string; item_key: string; story_id: string }>('SELECT feed_id, item_key, story_id FROM $schema.story_sources');
    const items = await rows<{ feed_id: string; key: string; story_id: string }>('SELECT feed_id, key, story_id FROM $schema.seen_items');
    expect(new Set(sources.map((source) => `${source.feed_id}:${source.item_key}`)).size).toBe(sources.length);
    expect(sources.map((source) => `${source.feed_id}:${source.item_key}:${source.story_id}`).sort()).toEqual(
      items.map((item) => `${item.feed_id}:${item.key}:${item.story_id}`).sort(),
    );
    const empty = await rows('SELECT id FROM $schema.stories WHERE NOT EXISTS (SELECT 1 FROM $schema.story_sources WHERE story_id = stories.id)');
    expect(empty).toEqual([]);
    // Every message is about a stored story.
    const orphans = await rows('SELECT id FROM $schema.outbox WHERE NOT EXISTS (SELECT 1 FROM $schema.stories WHERE stories.id = outbox.story_id)');
    expect(orphans).toEqual([]);
  });
});
