// One large poll of new items through normalize -> dedup -> match -> plan -> store write
// (commitBatch on an in-memory SQLite store, feeds in batches as GroupCommit forms them), at
// two sizes in one run: issue 16 saw 7,202 new items take 8.6x the time of 3,438. The corpus has
// the shapes that made that grow: wire stories carried by 2-5 outlets, outlets whose every
// description opens with the site's blurb, podcasts whose episodes share one link, recurring
// column titles. Items per poll are ~3,400 and ~7,200; each poll starts from an empty store.
// Uses only APIs main also has, so a git worktree of main runs it unchanged (before/after).
// Run: npx tsx bench/dedup/poll.ts [--runs 3]
import { parseArgs } from 'node:util';
import { commitBatch } from '../../src/pipeline/commit-batch.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { newsCorpus, newsPollSetup, polledFeed, type NewsCorpus } from './news-poll.ts';
import { cpuMs, median } from './synthetic.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const RUNS = Number(values.runs);
const BATCH = 24;

async function poll(corpus: NewsCorpus): Promise<{ cpu: number; wall: number; items: number; messages: number }> {
  const store = SqliteStore.open(':memory:');
  await store.migrate();
  const { deps, feeds } = await newsPollSetup(store, corpus);
  let items = 0;
  const time = await cpuMs(async () => {
    for (let at = 0; at < feeds.length; at += BATCH) {
      const batch = feeds.slice(at, at + BATCH).map((feed) => polledFeed(feed, corpus));
      items += batch.reduce((sum, polled) => sum + polled.items.length, 0);
      await commitBatch(batch, deps);
    }
  });
  const messages = (await store.listOutbox()).filter((entry) => entry.alert.kind === 'new').length;
  await store.close();
  return { ...time, items, messages };
}

const small = newsCorpus(170);
const large = newsCorpus(360);
const runs: { small: Awaited<ReturnType<typeof poll>>; large: Awaited<ReturnType<typeof poll>> }[] = [];
for (let run = 0; run < RUNS; run++) runs.push({ small: await poll(small), large: await poll(large) });
console.log(`node ${process.version}, ${RUNS} runs, each a ~3,400-item poll then a ~7,200-item poll; CPU ms (wall ms)`);
for (const name of ['small', 'large'] as const) {
  const last = runs[runs.length - 1]![name];
  const stories = (name === 'small' ? small : large).stories;
  const cpu = runs.map((run) => run[name].cpu);
  console.log(`${name}: ${last.items} items of ${stories} stories -> ${last.messages} messages, CPU median ${Math.round(median(cpu))} ms [${runs.map((run) => `${Math.round(run[name].cpu)} (${Math.round(run[name].wall)})`).join(', ')}]`);
}
const ratios = runs.map((run) => run.large.cpu / run.small.cpu);
const itemRatio = runs[0]!.large.items / runs[0]!.small.items;
console.log(`CPU time ratio large/small per run: ${ratios.map((r) => r.toFixed(2)).join(', ')}; median ${median(ratios).toFixed(2)} for ${itemRatio.toFixed(2)}x the items`);
