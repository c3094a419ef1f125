// A feed that answers 500, hangs, resets the connection and serves garbage, then recovers:
// its channels hear once that it is failing and once that it works again, and the items
// published meanwhile arrive once. Runs the real CLI (`poll --once --json`) run after run.
import { expect, it } from 'vitest';
import { useTestBed } from '../integration/harness.ts';
import { EMPTY_FEED, headline, numberedFeed } from './helpers.ts';

const bed = useTestBed();

interface Line {
  kind: string;
  channel?: string;
  text?: string;
  storyId?: string;
  title?: string;
}

async function pollOnce(): Promise<Line[]> {
  const run = await bed.workspace.run('poll', '--once', '--all', '--json');
  expect(run.code).toBe(0);
  return run.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Line);
}

it('goes failing after N failures (told once), recovers (told once), and delivers what was published meanwhile once', async () => {
  bed.workspace.writeConfig({
    // Long enough that a healthy local fetch never times out on a loaded machine; the hang costs it once.
    fetch: bed.server.fetchConfig({ timeout: '1s' }),
    feedHealth: { failingAfter: 3 },
    feeds: [{ id: 'wire', url: bed.server.url('/wire.xml') }],
    channels: [
      { platform: 'console', channel: 'harbour', query: 'harbour' },
      { platform: 'console', channel: 'everything' },
    ],
  });
  bed.server.route('/wire.xml', { body: EMPTY_FEED });
  expect(await pollOnce()).toEqual([]);

  const faults = [{ body: 'upstream exploded', status: 500 }, { fault: 'hang' as const }, { fault: 'reset' as const }, { body: '\u0000\u0001 not a feed {{{', contentType: 'application/rss+xml' }];
  const during: Line[] = [];
  for (const [index, fault] of faults.entries()) {
    bed.server.route('/wire.xml', fault);
    during.push(...(await pollOnce()));
    // Below failingAfter the feed is retrying, and status counts its failures in English.
    if (index < 2) expect((await bed.workspace.run('feeds', 'status')).stdout).toContain(index === 0 ? 'retrying (1 failure in a row)' : 'retrying (2 failures in a row)');
  }
  const failing = during.filter((line) => line.kind === 'notice');
  expect(failing.map((line) => line.channel).sort()).toEqual(['everything', 'harbour']);
  for (const notice of failing) expect(notice.text).toMatch(/Feed 'wire' is failing: 3 polls in a row.*Fix: open http.*'\/news feed remove wire'/);
  expect(during.filter((line) => line.kind !== 'notice')).toEqual([]);

  const status = await bed.workspace.run('feeds', 'status');
  expect(status.stdout).toMatch(/^wire \[config\] {2}FAILING since .* \(4 failures in a row\)/m);

  bed.server.route('/wire.xml', { body: numberedFeed(0, 3) });
  const recovered = await pollOnce();
  expect(recovered.filter((line) => line.kind === 'notice').map((line) => [line.channel, line.text?.startsWith("Feed 'wire' works again")])).toEqual([
    ['harbour', true],
    ['everything', true],
  ]);
  const alerts = recovered.filter((line) => line.kind === 'new');
  expect(alerts.map((line) => `${line.channel}:${line.title}`).sort()).toEqual(
    ['everything', 'harbour'].flatMap((channel) => [0, 1, 2].map((n) => `${channel}:${headline(n)}`)).sort(),
  );

  expect(await pollOnce()).toEqual([]);
  expect((await bed.workspace.run('feeds', 'status')).stdout).toMatch(/^wire \[config\] {2}ok$/m);
});
