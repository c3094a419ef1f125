// Platform calls per story: how many messages and edits a channel receives for each story when
// several of its subscriptions match, through the real CLI (`herald poll --once`, console
// platform) over the seed-shaped fixture feeds served on 127.0.0.1. A platform call is an outbox
// entry marked sent (a post for 'new', an edit for 'update'), read from the store afterwards:
// stdout is not counted, since main's console output can lose lines in a pipe (issue 14).
// Scenarios:
//   six-rules   one channel, six overlapping config rules (one per outlet feed, a keyword, a
//               topic, a second keyword), the wire outlets and the topic feed in one poll;
//   wire-rounds one channel, three rules (a keyword, a topic, a second keyword), the wire story
//               reaching its three outlets in three successive polls.
//   npx tsx bench/story-calls/run.ts [--runs 3] [--baseline /tmp/main-checkout]
// --baseline runs the same scenarios with another checkout's Herald (`git worktree add --detach
// /tmp/base main`, node_modules linked in), right after the current one's in every run.
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { stringify } from 'yaml';
import { startFeedServer, type FeedServer } from '../../tests/fakes/feed-server.ts';
import { EMPTY_FEED } from '../../tests/integration/harness.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, baseline: { type: 'string' } } });
const REPO = resolve(import.meta.dirname, '../..');
const FIXTURES = join(REPO, 'tests/fixtures/feeds');
const FEEDS = { a: 'wire-outlet-a.xml', b: 'wire-outlet-b.xml', c: 'wire-outlet-c.xml', ledger: 'topic-feed.xml' } as const;
type FeedId = keyof typeof FEEDS;
const TOPICS = { 'north-korea': '"north korea" OR pyongyang OR "kim jong un" OR dprk' };
const channel = (rule: Record<string, unknown>) => ({ platform: 'console', channel: 'newsroom', ...rule });

interface Scenario {
  name: string;
  rules: Record<string, unknown>[];
  /** The feeds that publish their items in each poll after the seeding one. */
  rounds: FeedId[][];
}

const SCENARIOS: Scenario[] = [
  {
    name: 'six-rules',
    rules: [channel({ feeds: ['a'] }), channel({ feeds: ['b'] }), channel({ feeds: ['c'] }), channel({ query: 'fishermen' }), channel({ topics: ['north-korea'] }), channel({ query: 'korea OR pyongyang' })],
    rounds: [['a', 'b', 'c', 'ledger']],
  },
  {
    name: 'wire-rounds',
    rules: [channel({ query: 'fishermen' }), channel({ topics: ['north-korea'] }), channel({ query: 'japan' })],
    rounds: [['a'], ['b'], ['c']],
  },
];

interface Sent {
  story_id: string;
  kind: 'new' | 'update';
  title: string;
}

interface Outcome {
  calls: number;
  posts: number;
  edits: number;
  /** Stories with an outbox entry (sent or not). */
  stories: number;
  /** Entries not sent when the last poll exited (retries due later, dead letters). */
  left: number;
  wireCalls: number;
  ms: number;
}

async function runScenario(repo: string, scenario: Scenario, server: FeedServer): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-story-'));
  try {
    const configPath = join(dir, 'herald.yaml');
    const prefix = `/${scenario.name}-${Math.random().toString(36).slice(2)}`;
    const path = (feed: FeedId) => `${prefix}/${feed}.xml`;
    writeFileSync(
      configPath,
      stringify({
        storage: { path: join(dir, 'herald.db') },
        fetch: server.fetchConfig({ timeout: '5s' }),
        topics: TOPICS,
        feeds: (Object.keys(FEEDS) as FeedId[]).map((id) => ({ id, url: server.url(path(id)) })),
        channels: scenario.rules,
      }),
    );
    const env = { HERALD_CONFIG: configPath, LOG_LEVEL: 'warn', PATH: process.env.PATH };
    const poll = () => promisify(execFile)(process.execPath, [join(repo, 'bin/herald.js'), 'poll', '--once'], { env, cwd: dir });
    for (const feed of Object.keys(FEEDS) as FeedId[]) server.route(path(feed), { body: EMPTY_FEED });
    await poll();
    const started = performance.now();
    for (const round of scenario.rounds) {
      for (const feed of round) server.route(path(feed), { body: readFileSync(join(FIXTURES, FEEDS[feed]), 'utf8') });
      await poll();
    }
    const ms = performance.now() - started;
    const db = new Database(join(dir, 'herald.db'), { readonly: true });
    const lines = db
      .prepare<[], Sent>("SELECT story_id, kind, alert ->> '$.item.title' AS title FROM outbox WHERE status = 'sent'")
      .all();
    const left = db.prepare<[], { count: number }>("SELECT count(*) AS count FROM outbox WHERE status <> 'sent'").get()!.count;
    const queuedStories = db.prepare<[], { count: number }>('SELECT count(DISTINCT story_id) AS count FROM outbox').get()!.count;
    db.close();
    return {
      calls: lines.length,
      posts: lines.filter((line) => line.kind === 'new').length,
      edits: lines.filter((line) => line.kind === 'update').length,
      stories: queuedStories,
      left,
      wireCalls: lines.filter((line) => line.title.startsWith('Japan returns rescued')).length,
      ms,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(numbers: number[]): number {
  const sorted = [...numbers].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const server = await startFeedServer();
const checkouts = [{ label: 'this branch', repo: REPO }, ...(values.baseline ? [{ label: 'baseline', repo: resolve(values.baseline) }] : [])];
const results = new Map<string, Outcome[]>();
for (let run = 0; run < Number(values.runs); run += 1) {
  for (const scenario of SCENARIOS) {
    for (const { label, repo } of checkouts) {
      const key = `${scenario.name} | ${label}`;
      results.set(key, [...(results.get(key) ?? []), await runScenario(repo, scenario, server)]);
    }
  }
}
await server.close();

console.log('| scenario | checkout | platform calls | posts | edits | stories | calls per story | wire story calls | entries left unsent | wall ms (median) |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const [key, outcomes] of results) {
  const [name, label] = key.split(' | ');
  const pick = (field: keyof Outcome) => median(outcomes.map((outcome) => outcome[field]));
  const perStory = (pick('calls') / pick('stories')).toFixed(2);
  console.log(`| ${name} | ${label} | ${pick('calls')} | ${pick('posts')} | ${pick('edits')} | ${pick('stories')} | ${perStory} | ${pick('wireCalls')} | ${pick('left')} | ${pick('ms').toFixed(0)} |`);
}
