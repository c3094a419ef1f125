// One Herald-like process for tests/store/two-process-commit.test.ts: it reads the fixture feeds
// as a poll would (parse, normalize), plans their stories and alerts with its own story index
// and story ids, says 'ready', and commits the moment the parent writes 'go' on stdin. Its one
// line of output is what commitBatch reported.
// Usage: node --import tsx commit-race-child.ts <schema> <name>   (DATABASE_URL in the environment)
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { StoryIndex } from '../../src/dedup/story-index.ts';
import { normalizeFeed } from '../../src/feeds/normalize.ts';
import { parseFeed } from '../../src/feeds/parse.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { commitBatch, type PolledFeed } from '../../src/pipeline/commit-batch.ts';
import { SubscriptionRouter } from '../../src/pipeline/subscription-router.ts';
import { PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { RACE_FEEDS, RACE_TOPICS } from './commit-race-fixtures.ts';

const [schema, name] = process.argv.slice(2);
const store = await PostgresStore.connect(process.env.DATABASE_URL!, { schema: schema! });
const router = new SubscriptionRouter(RACE_TOPICS);
router.load(await store.listSubscriptions(), RACE_TOPICS);

const batch: PolledFeed[] = [];
for (const [feedId, file] of Object.entries(RACE_FEEDS)) {
  const parsed = await parseFeed(readFileSync(join(import.meta.dirname, '../fixtures/feeds', file), 'utf8'), null);
  const items = normalizeFeed(parsed, { id: feedId, url: `http://127.0.0.1/${feedId}.xml`, name: null }, { summaryLength: 280, maxItems: 50 });
  const feed = (await store.getFeed(feedId))!;
  // Seeded: this poll alerts on its items, as every poll after a feed's first does.
  batch.push({ feed: { ...feed, seeded: true }, etag: null, lastModified: null, title: parsed.title, items, seen: await store.seenItems(feedId, items.map((item) => item.key)) });
}

const go = new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));
process.stdout.write('ready\n');
await go;
const results = await commitBatch(batch, {
  store,
  router,
  stories: new StoryIndex({ windowMs: 48 * 3_600_000, titleThreshold: 0.7, leadThreshold: 0.5 }),
  backfill: 0,
  templateFor: () => null,
  log: silentLogger(),
  newStoryId: () => `${name}-${randomUUID()}`,
});
process.stdout.write(`${JSON.stringify(results)}\n`);
await store.close();
