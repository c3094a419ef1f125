// What a newcomer reads after the first `poll --once`: the cycle's counts, and that the first
// poll of a feed only remembers what is there.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { useTestBed } from '../integration/harness.ts';

const bed = useTestBed();
const FEED = readFileSync(new URL('../fixtures/feeds/topic-feed.xml', import.meta.url), 'utf8');

it('logs one line for the cycle and says the first poll remembered the items', async () => {
  bed.server.route('/world.xml', { body: FEED });
  bed.workspace.writeConfig({
    fetch: bed.server.fetchConfig(),
    feeds: [{ id: 'world', url: bed.server.url('/world.xml') }],
    channels: [{ platform: 'console', channel: 'news' }],
  });
  const first = await bed.workspace.run('poll', '--once');
  expect(first.code).toBe(0);
  const messages = first.stderr.trim().split('\n').map((line) => (JSON.parse(line) as { msg: string }).msg);
  expect(messages).toEqual([
    'polled 1 feed: 14 new items, 0 alerts sent, 0 held, 0 failed',
    'first poll of 1 feed remembered 14 items already published; alerts start with the stories published from now on (set defaults.backfill to also post the newest few of a new feed)',
  ]);

  const second = await bed.workspace.run('poll', '--once', '--all');
  expect(second.stderr).toContain('polled 1 feed: 0 new items');
  expect(second.stderr).not.toContain('first poll');
});
