// What one poll's store write costs on SQLite, alone and in batches, on a store already holding
// 20,000 items: commitPolls with one new item, story, source, URL and alert per feed (a changed
// feed in bench/poll), and recordNotModified (a 304).
//   npx tsx bench/poll/store-writes.ts [--rounds 3]
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { PollCommit } from '../../src/store/store.ts';
import { feedDefinition, item, pollCommit, queued, story, storySource } from '../../tests/store/records.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
const FEEDS = 1_000;
const WRITES = 400;
const dir = mkdtempSync(join(tmpdir(), 'herald-store-writes-'));
const store = SqliteStore.open(join(dir, 'herald.db'));
await store.migrate();
await store.syncConfigFeeds(Array.from({ length: FEEDS }, (_, feed) => feedDefinition({ id: `f${feed}` })), 0);

let entries = 0;
function changedFeed(feed: number): PollCommit {
  const key = `entry-${(entries += 1)}`;
  const url = `https://news.example.test/${key}`;
  const storyOfEntry = story({ id: `story-${key}`, url, sources: [storySource({ feedId: `f${feed}`, itemKey: key, url })] });
  return pollCommit({
    feedId: `f${feed}`,
    items: [{ item: item({ feedId: `f${feed}`, key, url }), storyId: storyOfEntry.id }],
    stories: [storyOfEntry],
    alerts: [queued({ storyId: storyOfEntry.id }, `alert:${key}`)],
  });
}

console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ${WRITES} writes per size and round`);
try {
  for (let batch = 0; batch < 20; batch += 1) await store.commitPolls(Array.from({ length: FEEDS }, (_, feed) => changedFeed(feed)));
  for (let round = 1; round <= Number(values.rounds); round += 1) {
    for (const size of [1, 4, 16]) {
      const batches = WRITES / size;
      let started = performance.now();
      for (let batch = 0; batch < batches; batch += 1) {
        await store.commitPolls(Array.from({ length: size }, (_, n) => changedFeed((batch * size + n) % FEEDS)));
      }
      const changed = ((performance.now() - started) * 1000) / WRITES;
      started = performance.now();
      for (let batch = 0; batch < batches; batch += 1) {
        await store.recordNotModified(Array.from({ length: size }, (_, n) => ({ feedId: `f${(batch * size + n) % FEEDS}`, now: round, nextPollAt: round + 1 })));
      }
      const notModified = ((performance.now() - started) * 1000) / WRITES;
      console.log(`round ${round}, batches of ${size}: changed feed ${Math.round(changed)} us, 304 ${Math.round(notModified)} us per feed`);
    }
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
