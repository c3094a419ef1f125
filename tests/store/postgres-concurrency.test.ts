// Several Herald processes share one PostgreSQL: their claims must never overlap and their
// commits of the same poll must produce one row per identity.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../src/store/postgres/migrations.ts';
import { PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { databaseUrl, dropSchema, freshSchemaName } from './postgres-schema.ts';
import { commitPoll, feedDefinition, item, MINUTE, pollCommit, queued, story, storySource, subscription, T0 } from './records.ts';

const COUNT = 60;

describe.skipIf(!databaseUrl)('PostgreSQL store shared by two processes', () => {
  const url = databaseUrl!;
  let schema: string;
  let one: PostgresStore;
  let two: PostgresStore;

  beforeEach(async () => {
    schema = freshSchemaName();
    [one, two] = await Promise.all([PostgresStore.connect(url, { schema }), PostgresStore.connect(url, { schema })]);
    await Promise.all([one.migrate(), two.migrate()]);
  });
  afterEach(async () => {
    await Promise.all([one.close(), two.close()]);
    await dropSchema(url, schema);
  });

  /** Twelve claims at once, alternating between the stores, with room for every row. */
  async function claimConcurrently<T>(claim: (store: PostgresStore) => Promise<T[]>): Promise<T[][]> {
    return Promise.all(Array.from({ length: 12 }, (_, n) => claim(n % 2 === 0 ? one : two)));
  }

  it('both migrate at once and record each migration once', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations`);
    await client.end();
    expect(rows.map((row) => row.version).sort((a, b) => a - b)).toEqual(migrations.map((migration) => migration.version));
  });

  it('never hand the same due feed to two claimers', async () => {
    const feeds = Array.from({ length: COUNT }, (_, n) => feedDefinition({ id: `feed-${n}` }));
    await one.syncConfigFeeds(feeds, T0);

    const claims = await claimConcurrently((store) => store.claimDueFeeds(T0, 7, T0 + MINUTE));

    const ids = claims.flat().map((feed) => feed.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(feeds.map((feed) => feed.id).sort());
  });

  it('never hand the same outbox entry to two claimers', async () => {
    await one.syncConfigFeeds([feedDefinition()], T0);
    await commitPoll(one, pollCommit({ alerts: Array.from({ length: COUNT }, (_, n) => queued({ storyId: `story-${n}`, channel: `C-${n}` })) }));

    const claims = await claimConcurrently((store) => store.claimDueOutbox(T0, 7, T0 + MINUTE));

    const ids = claims.flat().map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(COUNT);
  });

  it("hand one channel's queue to one claimer at a time, oldest first", async () => {
    await one.syncConfigFeeds([feedDefinition()], T0);
    await commitPoll(one, pollCommit({ alerts: Array.from({ length: COUNT }, (_, n) => queued({ storyId: `story-${n}` })) }));

    const claims = await claimConcurrently((store) => store.claimDueOutbox(T0, 7, T0 + MINUTE));

    const nonEmpty = claims.filter((claim) => claim.length > 0);
    expect(nonEmpty).toHaveLength(1);
    expect(nonEmpty[0]!.map((entry) => entry.alert.storyId)).toEqual(Array.from({ length: 7 }, (_, n) => `story-${n}`));
  });

  it('two processes committing the same poll at once queue each alert and remember each item once', async () => {
    await one.syncConfigFeeds([feedDefinition()], T0);
    const keys = Array.from({ length: COUNT }, (_, n) => `item-${n}`);
    const commit = pollCommit({
      items: keys.map((key) => ({ item: item({ key }), storyId: `story-${key}` })),
      stories: keys.map((key) => story({ id: `story-${key}`, sources: [storySource({ itemKey: key })] })),
      alerts: keys.map((key) => queued({ storyId: `story-${key}` })),
    });

    const [first, second] = await Promise.all([commitPoll(one, commit), commitPoll(two, commit)]);

    expect(first.alertsQueued + second.alertsQueued).toBe(COUNT);
    expect(await two.listOutbox()).toHaveLength(COUNT);
    expect((await one.getStory('story-item-0'))?.sources).toHaveLength(1);
    expect((await two.seenItems('harbour', keys)).size).toBe(COUNT);
  });

  it('removing the last two subscriptions of a feed that follows them at once removes it, reported once', async () => {
    const feeds = Array.from({ length: COUNT / 2 }, (_, n) => `ferry-${n}`);
    for (const id of feeds) await one.addFeed(feedDefinition({ id }), T0, { followsSubscriptions: true });
    const pairs = feeds.map((id) => [`${id}-a`, `${id}-b`].map((subscriptionId) => subscription({ id: subscriptionId, feeds: [id] })));
    for (const added of pairs.flat()) await one.addSubscription(added);

    const removals = await Promise.all(pairs.flatMap(([a, b]) => [one.removeSubscription(a!.id), two.removeSubscription(b!.id)]));

    expect(await one.listFeeds()).toEqual([]);
    expect(removals.flatMap((removed) => removed?.feeds.map((feed) => feed.id) ?? []).sort()).toEqual([...feeds].sort());
  });
});
