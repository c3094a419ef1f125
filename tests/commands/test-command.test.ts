import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COURIER_URL, T0, harness, type Harness } from './harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

describe('test <query> [feed]', () => {
  it("explains matches and misses over a named feed's recent items", async () => {
    const reply = await h.run('test satellite OR missile -marathon feed:gazette');
    expect(reply.status).toBe('ok');
    expect(reply.ephemeral).toBe(true);
    expect(reply.headline).toBe("'satellite OR missile -marathon' matches 2 of the 4 most recent items from gazette.");
    expect(reply.sections.map((section) => section.title)).toEqual([
      'Matched: Coastguard tracks satellite debris falling off the northern cape',
      'Matched: Neighbours protest after overnight missile test',
      'Missed: City marathon returns after a three-year pause',
      'Missed: Ferry operator adds a late winter crossing',
    ]);
    expect(reply.sections[0]!.lines).toEqual([
      'https://gazette.example.test/articles/coastguard-tracks-satellite-debris-falling-off-the-northern-cape',
      'found satellite in title at 18-27: "satellite"',
      'found satellite in text at 22-31: "satellite"',
    ]);
    expect(reply.sections[2]!.lines).toEqual([
      'https://gazette.example.test/articles/city-marathon-returns-after-a-three-year-pause',
      'missing one of satellite, (missile -marathon)',
    ]);
  });

  it('shows the excluded term that made an item miss', async () => {
    const reply = await h.run('test marathon -pause feed:gazette');
    expect(reply.headline).toBe("'marathon -pause' matches 0 of the 4 most recent items from gazette.");
    expect(reply.sections[0]!.title).toBe('Missed: Coastguard tracks satellite debris falling off the northern cape');
    expect(reply.sections[2]!.lines.slice(1)).toEqual(['found marathon in title at 5-13: "marathon"', 'excluded pause in title at 41-46: "pause"']);
  });

  it("uses this channel's feeds when none is named", async () => {
    await h.run(`subscribe ${COURIER_URL}`);
    h.loads.length = 0;
    const reply = await h.run('test satellite');
    expect(h.loads.sort()).toEqual([COURIER_URL, 'https://gazette.example.test/world/rss.xml']);
    expect(reply.headline).toBe("'satellite' matches 2 of the 6 most recent items from courier-example-test-news, gazette.");
  });

  it('tests a URL directly, without storing anything', async () => {
    const reply = await h.run(`test frost feed:${COURIER_URL}`, { channel: 'C-EMPTY' });
    expect(reply.headline).toBe(`'frost' matches 1 of the 2 most recent items from ${COURIER_URL}.`);
    expect(await h.store.listFeeds()).toHaveLength(1);
  });

  it('reports a bad query with its column and fetches nothing', async () => {
    const reply = await h.run('test title:(satellite');
    expect(reply).toMatchObject({ status: 'error', headline: "problem in the query: unclosed parenthesis at column 7: add the closing ')'" });
    expect(h.loads).toEqual([]);
  });

  it('asks for a feed in a channel that follows none', async () => {
    expect((await h.run('test satellite', { channel: 'C-EMPTY' })).headline).toBe(
      'this channel follows no feeds yet; name one: /news test <query> feed:<feed-id | feed-url>',
    );
  });

  it('says why when no feed loads', async () => {
    expect((await h.run('test satellite feed:https://gone.example.test/rss')).headline).toBe(
      "no feed could be loaded to test against: https://gone.example.test/rss could not be loaded: feed 'https://gone.example.test/rss' answered HTTP 404 Not Found; check the feed URL",
    );
  });

  it('is rate limited per person and per channel, with the time to wait', async () => {
    await h.close();
    h = await harness({ limits: { perUser: { capacity: 2, refillEveryMs: 12_000 }, perChannel: { capacity: 3, refillEveryMs: 6_000 } } });
    expect((await h.run('test satellite feed:gazette')).status).toBe('ok');
    expect((await h.run('test satellite feed:gazette')).status).toBe('ok');
    expect((await h.run('test satellite feed:gazette')).headline).toBe(
      'you have run several commands that fetch feeds in a short time (limits.fetchesPerUserPerHour: 300 an hour); try again in 12 seconds, or ask a config admin (U-EDITOR) to raise it in the config',
    );
    expect((await h.run('test satellite feed:gazette', { userId: 'U-OTHER' })).status).toBe('ok');
    expect((await h.run('test satellite feed:gazette', { userId: 'U-THIRD' })).headline).toBe(
      'this channel has run several commands that fetch feeds in a short time; try again in 6 seconds',
    );
    expect(h.loads).toHaveLength(3);
    h.setTime(T0 + 6_000);
    expect((await h.run('test satellite feed:gazette', { userId: 'U-THIRD' })).status).toBe('ok');
  });
});
