// `herald poll --once --json` end to end: the real CLI, SQLite store, guarded fetch from a
// local feed server, the feed reader, dedup, matching and the console platform.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/feeds/parse.ts';
import { EMPTY_FEED, useTestBed } from './harness.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/feeds');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

const bed = useTestBed();

function config(feeds: Record<string, string>, channels: Record<string, unknown>[], extra: Record<string, unknown> = {}) {
  bed.workspace.writeConfig({
    fetch: bed.server.fetchConfig({ timeout: '2s' }),
    topics: { 'north-korea': '"north korea" OR pyongyang OR "kim jong un" OR dprk' },
    feeds: Object.entries(feeds).map(([id, path]) => ({ id, url: bed.server.url(path) })),
    channels,
    ...extra,
  });
}

async function guids(name: string): Promise<string[]> {
  return (await parseFeed(fixture(name), null)).entries.map((entry) => entry.guid!);
}

describe('herald poll --once --json', () => {
  it('seeds on the first run, prints nothing again, and then exactly the new items', async () => {
    bed.server.route('/topic.xml', { body: fixture('topic-feed.xml') });
    config({ ledger: '/topic.xml' }, [{ platform: 'console', channel: 'everything' }]);

    const first = await bed.workspace.run('poll', '--once', '--all', '--json');
    expect(first.code).toBe(0);
    expect(first.alerts).toEqual([]);

    const second = await bed.workspace.run('poll', '--once', '--all', '--json');
    expect(second.alerts).toEqual([]);
    expect(bed.server.requests('/topic.xml')[1]!.headers['if-none-match']).toBeTruthy();

    bed.server.route('/topic.xml', { body: fixture('topic-feed-updated.xml') });
    const third = await bed.workspace.run('poll', '--once', '--all', '--json');
    const before = new Set(await guids('topic-feed.xml'));
    const added = (await guids('topic-feed-updated.xml')).filter((guid) => !before.has(guid));
    expect(added).toHaveLength(2);
    expect(third.alerts.map((alert) => alert.url).sort()).toEqual([...added].sort());
    for (const alert of third.alerts) {
      expect(alert).toMatchObject({ platform: 'console', channel: 'everything', kind: 'new', source: 'North Korea | The Daily Ledger' });
      expect(alert.sources).toEqual([alert.source]);
      expect(alert.summary).not.toMatch(/continue reading/i);
      expect(alert.published).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(alert.subscription).toMatch(/^cfg_/);
    }

    // A new process on the same database: the restart test below spawns one.
  });

  it('alerts only the newest backfill items of a new feed, oldest first, and only where they match', async () => {
    bed.server.route('/topic.xml', { body: fixture('topic-feed.xml') });
    config(
      { ledger: '/topic.xml' },
      [
        { platform: 'console', channel: 'everything' },
        { platform: 'console', channel: 'launches', query: 'satellite OR missile' },
      ],
      { defaults: { backfill: 3 } },
    );
    const run = await bed.workspace.run('poll', '--once', '--all', '--json');
    const newest = (await parseFeed(fixture('topic-feed.xml'), null)).entries.slice(0, 3);
    const everything = run.alerts.filter((alert) => alert.channel === 'everything');
    expect(everything.map((alert) => alert.title)).toEqual(newest.map((entry) => entry.title).reverse());
    // Of those three, only the missile launch is about satellites or missiles.
    const launches = run.alerts.filter((alert) => alert.channel === 'launches');
    expect(launches.map((alert) => alert.title)).toEqual(['Seoul and Tokyo protest after Pyongyang fires two ballistic missiles into the sea']);
  });

  it('logs each broken feed with its id and URL and carries on with the others', async () => {
    bed.server.route('/good.xml', { body: fixture('topic-feed.xml') });
    bed.server.route('/error.xml', { body: 'oops', status: 500 });
    bed.server.route('/hang.xml', { fault: 'hang' });
    bed.server.route('/page.html', { body: '<!doctype html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>', contentType: 'text/html' });
    // Cut short before any entry or title: nothing to recover (issue 15 keeps the entries of a feed cut later).
    bed.server.route('/truncated.xml', { body: '<?xml version="1.0"?>\n<rss version="2.0"><channel><description>Cut off before any' });
    config(
      { good: '/good.xml', error: '/error.xml', hang: '/hang.xml', page: '/page.html', truncated: '/truncated.xml' },
      [{ platform: 'console', channel: 'everything' }],
      { defaults: { backfill: 1 }, fetch: bed.server.fetchConfig({ timeout: '1s' }) },
    );
    const run = await bed.workspace.run('poll', '--once', '--all', '--json');
    expect(run.code).toBe(0);
    expect(run.alerts).toHaveLength(1);
    const failures = run.stderr
      .split('\n')
      .filter((line) => line.includes('feed poll failed'))
      .map((line) => JSON.parse(line) as { feedId: string; url: string; err: string });
    expect(failures.map((failure) => failure.feedId).sort()).toEqual(['error', 'hang', 'page', 'truncated']);
    for (const failure of failures) expect(failure.url).toBe(bed.server.url(`/${failure.feedId === 'page' ? 'page.html' : `${failure.feedId}.xml`}`));
  });

  it('posts one alert per story when three outlets carry the same wire copy, and notes the later sources', async () => {
    for (const outlet of ['a', 'b', 'c']) bed.server.route(`/${outlet}.xml`, { body: EMPTY_FEED });
    config({ a: '/a.xml', b: '/b.xml', c: '/c.xml' }, [{ platform: 'console', channel: 'everything' }]);
    expect((await bed.workspace.run('poll', '--once', '--all', '--json')).alerts).toEqual([]);

    for (const outlet of ['a', 'b', 'c']) bed.server.route(`/${outlet}.xml`, { body: fixture(`wire-outlet-${outlet}.xml`) });
    const run = await bed.workspace.run('poll', '--once', '--all', '--json');
    const wire = run.alerts.filter((alert) => alert.title === 'Japan returns rescued North Korean fishermen via China');
    const posts = wire.filter((alert) => alert.kind === 'new');
    expect(posts).toHaveLength(1);
    const storyIds = new Set(wire.map((alert) => alert.storyId));
    expect(storyIds.size).toBe(1);
    expect(wire.at(-1)!.sources).toHaveLength(3);
    expect(new Set(wire.at(-1)!.sources)).toEqual(new Set(['Harbor Herald', 'Valley Courier', 'Coastline Times']));

    const followUp = run.alerts.find((alert) => alert.title.startsWith('North Korean fishermen back home'));
    expect(followUp?.kind).toBe('new');
    expect(followUp?.storyId).not.toBe(posts[0]!.storyId);

    // The same copies fetched again, one with tracking parameters added, change nothing.
    // (Each `poll --once` is a new start: stories persist in the store, not in memory.)
    bed.server.route('/a.xml', { body: fixture('wire-outlet-a.xml').replaceAll('</link>', '?utm_source=rss&amp;utm_medium=feed</link>') });
    expect((await bed.workspace.run('poll', '--once', '--all', '--json')).alerts).toEqual([]);
  });

  it('keeps stories across restarts: a copy arriving after a restart updates the earlier alert', async () => {
    for (const outlet of ['a', 'b']) bed.server.route(`/${outlet}.xml`, { body: EMPTY_FEED });
    config({ a: '/a.xml', b: '/b.xml' }, [{ platform: 'console', channel: 'everything' }]);
    await bed.workspace.run('poll', '--once', '--all', '--json');

    bed.server.route('/a.xml', { body: fixture('wire-outlet-a.xml') });
    const first = await bed.workspace.run('poll', '--once', '--all', '--json');
    const wire = first.alerts.find((alert) => alert.title === 'Japan returns rescued North Korean fishermen via China');
    expect(wire?.kind).toBe('new');

    // One separate process proves the restart: it knows the story only from the database.
    bed.server.route('/b.xml', { body: fixture('wire-outlet-b.xml') });
    const second = await bed.workspace.spawn('poll', '--once', '--all', '--json');
    expect(second.code).toBe(0);
    const copies = second.alerts.filter((alert) => alert.storyId === wire!.storyId);
    expect(copies.map((alert) => alert.kind)).toEqual(['update']);
    expect(copies[0]!.sources).toEqual(['Harbor Herald', 'Valley Courier']);
    expect(copies[0]!.messageId).toBe(wire!.messageId);
  });
});
