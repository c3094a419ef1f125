// Database size after a simulated year: 1,000 feeds polled once a day for 365 days, each
// publishing 2 new items a day (one story, source, URL and alert each, the alert sent the same
// day to one of 100 channels, ten feeds a channel) and listing its 10 newest plus one pinned
// item; retention runs daily with the default config. A day is one commitPolls of every feed,
// one outbox claim and a markSent per alert, and the real retention job (pruneStore). Three variants in one run: no pruning, the pruning on main before seen items
// (stories, outbox, notices: seenItemsBefore 0), and this branch's (seen items too).
// Sizes are deterministic (fixed inputs, fake time), so one run per variant. The file goes to
// TMPDIR: on a tmpfs (TMPDIR=/dev/shm) a variant spends its time in SQLite, not in fsync.
//   TMPDIR=/dev/shm npx tsx bench/retention/year-size.ts [--feeds 1000] [--days 365] [--only 'no pruning']
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfigText } from '../../src/config/load.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { pruneCutoffs, pruneStore } from '../../src/scheduler/retention.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { PollCommit, PruneCutoffs } from '../../src/store/store.ts';
import { feedDefinition, item, pollCommit, queued, story, storySource } from '../../tests/store/records.ts';

const { values } = parseArgs({
  options: { feeds: { type: 'string', default: '1000' }, days: { type: 'string', default: '365' }, only: { type: 'string' } },
});
const FEEDS = Number(values.feeds);
const DAYS = Number(values.days);
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const NEW_PER_DAY = 2;
const PAGE = 10;
// Alerts of one channel go out in order, so a claim looks at each lane's earlier entries; a
// year of one feed farm's alerts in a single channel would measure that, not the size.
const FEEDS_PER_CHANNEL = 10;
const config = parseConfigText('feeds: []\n', {}, 'bench.yaml');

type Variant = 'no pruning' | 'main (no seen items)' | 'this branch';
const variants: Record<Variant, ((now: number) => PruneCutoffs) | null> = {
  'no pruning': null,
  'main (no seen items)': (now) => ({ ...pruneCutoffs(config, now), seenItemsBefore: 0 }),
  'this branch': (now) => pruneCutoffs(config, now),
};

function feedPoll(feed: number, day: number, now: number): PollCommit {
  const feedId = `f${feed}`;
  const fresh = Array.from({ length: NEW_PER_DAY }, (_, n) => `${feedId}-${day * NEW_PER_DAY + n}`);
  const older = Array.from({ length: PAGE - NEW_PER_DAY }, (_, n) => day * NEW_PER_DAY - 1 - n).filter((serial) => serial >= 0);
  const listed = [`${feedId}-pinned`, ...older.map((serial) => `${feedId}-${serial}`)];
  const stories = fresh.map((key) => {
    const url = `https://news.example.test/${key}`;
    return story({ id: `story-${key}`, url, createdAt: now, updatedAt: now, sources: [storySource({ feedId, itemKey: key, url, seenAt: now })] });
  });
  const items = (day === 0 ? [`${feedId}-pinned`, ...fresh] : fresh).map((key) => ({ item: item({ feedId, key, url: `https://news.example.test/${key}` }), storyId: `story-${key}` }));
  return pollCommit({
    feedId,
    now,
    nextPollAt: now + DAY,
    items,
    servedKeys: day === 0 ? [] : listed,
    stories,
    alerts: fresh.map((key) => queued({ storyId: `story-${key}`, channel: `C${Math.floor(feed / FEEDS_PER_CHANNEL)}` }, `alert:${key}`)),
  });
}

async function simulate(variant: Variant): Promise<{ bytes: number; seconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-year-'));
  const path = join(dir, 'herald.db');
  const started = performance.now();
  const store = SqliteStore.open(path);
  await store.migrate();
  await store.syncConfigFeeds(Array.from({ length: FEEDS }, (_, feed) => feedDefinition({ id: `f${feed}` })), T0);
  for (let day = 0; day < DAYS; day += 1) {
    const now = T0 + day * DAY;
    await store.commitPolls(Array.from({ length: FEEDS }, (_, feed) => feedPoll(feed, day, now)));
    for (const entry of await store.claimDueOutbox(now, 1_000_000, now + DAY)) {
      await store.markSent(entry.id, { platform: 'slack', channel: entry.alert.channel, id: `m-${entry.id}` }, now);
    }
    const cutoffs = variants[variant];
    if (cutoffs) await pruneStore(store, cutoffs(now), silentLogger());
  }
  await store.close();
  const bytes = statSync(path).size;
  rmSync(dir, { recursive: true, force: true });
  return { bytes, seconds: (performance.now() - started) / 1000 };
}

console.log(`${FEEDS} feeds, ${DAYS} days, ${NEW_PER_DAY} new items a day each; Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}`);
const chosen = (Object.keys(variants) as Variant[]).filter((variant) => values.only === undefined || variant === values.only);
if (chosen.length === 0) throw new Error(`--only ${values.only}: no such variant; use one of: ${Object.keys(variants).join(', ')}`);
for (const variant of chosen) {
  const { bytes, seconds } = await simulate(variant);
  console.log(`${variant.padEnd(22)} ${(bytes / 1_048_576).toFixed(1).padStart(8)} MiB  (${seconds.toFixed(0)} s)`);
}
