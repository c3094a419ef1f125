import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { migrations } from '../../src/store/sqlite/migrations.ts';
import { storeContract } from './contract.ts';
import { commitPoll, feedDefinition, pollCommit, queued, T0 } from './records.ts';

function temporaryDirectory(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'herald-store-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

storeContract('SQLite file', async () => {
  const { dir, remove } = temporaryDirectory();
  const store = SqliteStore.open(join(dir, 'nested', 'herald.db'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      remove();
    },
  };
});

storeContract('SQLite :memory:', async () => {
  const store = SqliteStore.open(':memory:');
  return { store, cleanup: () => store.close() };
});

/** A raw SQLite file at path with the migrations up to `version` applied, as an older Herald left it. */
function databaseAt(path: string, version: number): Database.Database {
  const raw = new Database(path);
  for (const migration of migrations.filter((candidate) => candidate.version <= version)) raw.exec(migration.sql);
  raw.pragma(`user_version = ${version}`);
  return raw;
}
describe('SqliteStore on a file', () => {
  let dir: string;
  let remove: () => void;
  beforeEach(() => {
    ({ dir, remove } = temporaryDirectory());
  });
  afterEach(() => remove());

  it('a second connection sees committed data while the first is open, and after it closes', async () => {
    const path = join(dir, 'herald.db');
    const writer = SqliteStore.open(path);
    await writer.migrate();
    await writer.syncConfigFeeds([feedDefinition()], T0);
    await commitPoll(writer, pollCommit({ alerts: [queued()] }));

    const reader = SqliteStore.open(path);
    await reader.migrate();
    expect((await reader.getFeed('harbour'))?.seeded).toBe(true);
    await writer.close();
    expect(await reader.listOutbox()).toHaveLength(1);
    await reader.close();

    const reopened = SqliteStore.open(path);
    await reopened.migrate();
    expect((await reopened.listOutbox('pending')).map((entry) => entry.idempotencyKey)).toEqual(['sub-news:story-ferry:new']);
    await reopened.close();
  });

  it('refuses calls before migrate, naming the fix', async () => {
    const store = SqliteStore.open(join(dir, 'herald.db'));
    await expect(store.listFeeds()).rejects.toThrow(/call migrate\(\) first/);
    await store.close();
  });

  it('upgrades a database from before chat feeds had workspaces: each goes to the workspaces whose subscriptions name it', async () => {
    const path = join(dir, 'herald.db');
    const raw = databaseAt(path, 6);
    const feed = raw.prepare(`INSERT INTO feeds (id, url, interval_ms, origin, next_poll_at) VALUES (?, ?, 600000, ?, 0)`);
    feed.run('hobby', 'https://hobby.example.test/rss', 'command');
    feed.run('orphan', 'https://orphan.example.test/rss', 'command');
    feed.run('wire', 'https://wire.example.test/rss', 'config');
    const subscription = raw.prepare(`
      INSERT INTO subscriptions (id, platform, workspace, channel, feeds, query, story_policy, created_by, paused, managed_by_config, created_at)
      VALUES (?, ?, ?, 'C1', ?, '', 'update', 'U1', 0, 0, 0)`);
    subscription.run('s1', 'slack', 'T-A', '["hobby","wire"]');
    subscription.run('s2', 'discord', 'G-B', '["hobby"]');
    subscription.run('s3', 'slack', 'T-C', null);
    raw.close();

    const store = SqliteStore.open(path);
    await store.migrate();
    const ids = async (platform: 'slack' | 'discord', workspace: string) => (await store.listFeeds({ platform, workspace })).map((each) => each.id);
    expect(await ids('slack', 'T-A')).toEqual(['hobby', 'wire']);
    expect(await ids('discord', 'G-B')).toEqual(['hobby', 'wire']);
    expect(await ids('slack', 'T-C')).toEqual(['wire']);
    await store.close();
  });

  it('upgrades a database from before feeds followed subscriptions: every stored feed stays', async () => {
    const path = join(dir, 'herald.db');
    const raw = databaseAt(path, 4);
    raw.prepare(`INSERT INTO feeds (id, url, interval_ms, origin, next_poll_at) VALUES ('hobby', 'https://hobby.example.test/rss', 600000, 'command', 0)`).run();
    raw.close();

    const store = SqliteStore.open(path);
    await store.migrate();
    expect(await store.getFeed('hobby')).toMatchObject({ origin: 'command', followsSubscriptions: false });
    await store.close();
  });

  it('upgrades a database from when feeds could be disabled: the column goes, due feeds still claim through feeds_due', async () => {
    const path = join(dir, 'herald.db');
    const raw = databaseAt(path, 12);
    raw.prepare(`INSERT INTO feeds (id, url, interval_ms, origin, next_poll_at) VALUES ('hobby', 'https://hobby.example.test/rss', 600000, 'command', 0)`).run();
    raw.close();

    const store = SqliteStore.open(path);
    await store.migrate();
    expect((await store.claimDueFeeds(T0, 10, T0 + 60_000)).map((feed) => feed.id)).toEqual(['hobby']);
    await store.close();
    const migrated = new Database(path, { readonly: true });
    const columns = migrated.prepare(`SELECT name FROM pragma_table_info('feeds')`).pluck().all();
    const plan = migrated.prepare(`EXPLAIN QUERY PLAN SELECT * FROM feeds WHERE next_poll_at <= 1 ORDER BY next_poll_at, id LIMIT 5`).all() as { detail: string }[];
    migrated.close();
    expect(columns).not.toContain('disabled_reason');
    expect(plan.map((step) => step.detail).join('\n')).toMatch(/USING INDEX feeds_due/);
  });

  it('upgrades a database from when every seen item had a story: its rows stay, and an entry can then be recorded without one', async () => {
    const path = join(dir, 'herald.db');
    const raw = databaseAt(path, 15);
    raw.prepare(`INSERT INTO feeds (id, url, interval_ms, origin, next_poll_at) VALUES ('harbour', 'https://news.example.test/rss', 600000, 'config', 0)`).run();
    raw.prepare(`INSERT INTO seen_items (feed_id, key, content_hash, story_id, seen_at, last_seen_at) VALUES ('harbour', 'k1', 'h1', 'story-a', 5, 7)`).run();
    raw.close();

    const store = SqliteStore.open(path);
    await store.migrate();
    expect((await store.seenItems('harbour', ['k1'])).get('k1')).toEqual({ feedId: 'harbour', key: 'k1', contentHash: 'h1', storyId: 'story-a' });
    await store.commitPolls([pollCommit({ recorded: [{ key: 'old', contentHash: ':r', previousHash: null }] })]);
    expect((await store.seenItems('harbour', ['old'])).get('old')?.storyId).toBeNull();
    await store.close();
    const migrated = new Database(path, { readonly: true });
    const indexes = migrated.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'seen_items' AND sql IS NOT NULL`).pluck().all();
    const lastSeen = migrated.prepare(`SELECT last_seen_at FROM seen_items WHERE key = 'k1'`).pluck().get();
    migrated.close();
    expect(indexes).toEqual(['seen_items_last_seen']);
    expect(lastSeen).toBe(7);
  });

  it('refuses a database written by a newer Herald', async () => {
    const path = join(dir, 'herald.db');
    const store = SqliteStore.open(path);
    await store.migrate();
    await store.close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${migrations.at(-1)!.version + 1}`);
    raw.close();

    const newer = SqliteStore.open(path);
    await expect(newer.migrate()).rejects.toMatchObject({ code: 'store_failed', message: expect.stringMatching(/newer than this Herald/) });
    await newer.close();
  });

  it('reports a path it cannot create as a coded error', () => {
    const blocker = join(dir, 'file');
    SqliteStore.open(blocker).close();
    expect(() => SqliteStore.open(join(blocker, 'herald.db'))).toThrow(expect.objectContaining({ code: 'store_failed' }));
  });
});
