import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HeraldError } from '../../src/domain/errors.ts';
import { COURIER_URL, GAZETTE_URL, T0, harness, type Harness } from './harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

async function commandSubscriptions(): Promise<Awaited<ReturnType<Harness['store']['listSubscriptions']>>> {
  return (await h.store.listSubscriptions()).filter((subscription) => !subscription.managedByConfig);
}

describe('subscribe by URL', () => {
  it('fetches a new feed once, stores it under an id made from the URL, subscribes, and previews matches', async () => {
    const reply = await h.run(`subscribe ${COURIER_URL} satellite OR frost`);

    expect(reply.status).toBe('ok');
    expect(reply.ephemeral).toBe(false);
    expect(reply.headline).toBe(
      "Subscribed this channel to 'Valley Courier' (feed courier-example-test-news, 2 items): items matching 'satellite OR frost'. Id: sub_id1 (/news unsubscribe sub_id1 to stop).",
    );
    expect(h.loads).toEqual([COURIER_URL]);
    expect(reply.sections[0]).toEqual({
      title: 'Latest matching items from courier-example-test-news (2 shown, newest first)',
      lines: [
        'Weather satellite images show the storm turning north (Valley Courier, 1 hour ago)',
        'https://courier.example.test/articles/weather-satellite-images-show-the-storm-turning-north',
        'Valley orchards brace for a late frost (Valley Courier, 6 hours ago)',
        'https://courier.example.test/articles/valley-orchards-brace-for-a-late-frost',
      ],
    });

    expect(await h.store.getFeed('courier-example-test-news')).toMatchObject({ url: COURIER_URL, origin: 'command', seeded: false });
    expect(await h.store.getSubscription('sub_id1')).toEqual({
      id: 'sub_id1',
      platform: 'slack',
      workspace: 'T-HARBOUR',
      channel: 'C-NEWSROOM',
      feeds: ['courier-example-test-news'],
      query: 'satellite OR frost',
      topic: null,
      digest: null,
      storyPolicy: 'update',
      createdBy: 'U-REPORTER',
      paused: false,
      pausedReason: null,
      managedByConfig: false,
      createdAt: T0,
    });
  });

  it('uses the stored feed when the URL is one Herald already polls, spelled differently', async () => {
    const reply = await h.run('subscribe https://WWW.gazette.example.test/world/rss.xml?utm_source=chat missile');
    expect(reply.status).toBe('ok');
    expect(reply.headline).toContain("'World | Harbour Gazette' (feed gazette, 4 items): items matching 'missile'");
    expect(await h.store.listFeeds()).toHaveLength(1);
    expect((await commandSubscriptions()).map((subscription) => subscription.feeds)).toEqual([['gazette']]);
    expect(reply.sections[0]!.lines[0]).toBe('Neighbours protest after overnight missile test (Harbour Gazette, 4 hours ago)');
  });

  it('stores the feed a pasted web page advertises, not the page, and reuses it when already polled (feed discovery)', async () => {
    const courier = h.served.get(COURIER_URL) as Exclude<ReturnType<Harness['served']['get']>, Error | undefined>;
    h.served.set('https://courier.example.test/', { ...courier, url: COURIER_URL });
    const reply = await h.run('subscribe https://courier.example.test/ frost');
    expect(reply.status).toBe('ok');
    expect(await h.store.getFeed('courier-example-test-news')).toMatchObject({ url: COURIER_URL });
    expect((await h.store.listFeeds()).map((feed) => feed.url)).not.toContain('https://courier.example.test/');

    const gazette = h.served.get(GAZETTE_URL) as Exclude<ReturnType<Harness['served']['get']>, Error | undefined>;
    h.served.set('https://gazette.example.test/', { ...gazette, url: GAZETTE_URL });
    await h.run('subscribe https://gazette.example.test/ missile');
    expect((await commandSubscriptions()).map((subscription) => subscription.feeds)).toEqual([['courier-example-test-news'], ['gazette']]);
  });

  it('gives a second feed from the same site its own id', async () => {
    const other = 'https://courier.example.test/news/feed.xml?edition=north';
    h.served.set(other, { title: 'Valley Courier North', items: [] });
    await h.run(`subscribe ${COURIER_URL}`);
    await h.run(`subscribe ${other}`);
    expect((await h.store.listFeeds()).map((feed) => feed.id).sort()).toEqual(['courier-example-test-news', 'courier-example-test-news-2', 'gazette']);
  });

  it('stores nothing when the feed cannot be loaded, and says why', async () => {
    const reply = await h.run('subscribe https://missing.example.test/rss.xml ferry');
    expect(reply).toMatchObject({
      status: 'error',
      ephemeral: true,
      headline: "that feed cannot be used: feed 'https://missing.example.test/rss.xml' answered HTTP 404 Not Found; check the feed URL",
    });
    h.served.set('https://page.example.test/', new HeraldError('parse_failed', 'the response is an HTML page, not a feed: point the URL at the site\'s RSS/Atom feed'));
    expect((await h.run('subscribe https://page.example.test/')).headline).toBe(
      "that feed cannot be used: the response is an HTML page, not a feed: point the URL at the site's RSS/Atom feed",
    );
    expect(await h.store.listFeeds()).toHaveLength(1);
    expect(await commandSubscriptions()).toEqual([]);
  });

  it('refuses what the fetch guard refuses before fetching or spending the rate limit', async () => {
    await h.close();
    h = await harness({ limits: { perUser: { capacity: 1, refillEveryMs: 60_000 } } });
    const cases: [string, string][] = [
      ['http://127.0.0.1/feed.xml', "refusing to fetch 'http://127.0.0.1/feed.xml': 127.0.0.1 is a loopback address; set fetch.allowPrivateAddresses: true to allow private networks"],
      ['http://169.254.169.254/latest/meta-data/', "refusing to fetch 'http://169.254.169.254/latest/meta-data/': 169.254.169.254 is the cloud metadata address"],
      ['https://reader:secret@news.example.test/rss', 'the URL carries a user name or password; remove the credentials from the URL'],
      ['https://news.example.test:2222/rss', 'port 2222 is not in fetch.allowedPorts (80, 443, 8080, 8443)'],
    ];
    for (const [url, message] of cases) {
      const reply = await h.run(`subscribe ${url}`);
      expect(reply.status).toBe('error');
      expect(reply.headline).toContain(message);
    }
    expect(h.loads).toEqual([]);
    expect((await h.run(`subscribe ${COURIER_URL}`)).status).toBe('ok');
  });

  it('refuses a new URL over the rate limit, saying when to retry, and allows it after', async () => {
    await h.close();
    h = await harness({ limits: { perUser: { capacity: 1, refillEveryMs: 12_000 } } });
    expect((await h.run(`subscribe ${COURIER_URL}`)).status).toBe('ok');
    h.served.set('https://late.example.test/rss', { title: 'Late Edition', items: [] });
    h.setTime(T0 + 2_000);
    const refused = await h.run('subscribe https://late.example.test/rss');
    expect(refused).toMatchObject({
      status: 'error',
      headline: 'you have run several commands that fetch feeds in a short time (limits.fetchesPerUserPerHour: 300 an hour); try again in 10 seconds, or ask a config admin (U-EDITOR) to raise it in the config',
    });
    expect(await h.store.getFeed('late-example-test')).toBeNull();
    h.setTime(T0 + 12_000);
    expect((await h.run('subscribe https://late.example.test/rss')).status).toBe('ok');
  });
});

describe('subscribe by feed id and by topic', () => {
  it('subscribes to a known feed by id', async () => {
    const reply = await h.run('subscribe Gazette marathon');
    expect(reply.headline).toBe(
      "Subscribed this channel to 'World | Harbour Gazette' (feed gazette, 4 items): items matching 'marathon'. Id: sub_id1 (/news unsubscribe sub_id1 to stop).",
    );
    expect((await commandSubscriptions())[0]).toMatchObject({ feeds: ['gazette'], query: 'marathon', topic: null });
    expect(reply.sections[0]!.lines[0]).toBe('City marathon returns after a three-year pause (Harbour Gazette, 20 hours ago)');
  });

  it('says so when no recent item matches yet', async () => {
    const reply = await h.run('subscribe gazette volcano');
    expect(reply.sections).toEqual([{ title: 'Preview from gazette', lines: ['none of the 4 recent items match; new matching items will be posted as they arrive'] }]);
  });

  it('points to the closest feed id when the id is unknown', async () => {
    const reply = await h.run('subscribe gazete');
    expect(reply.headline).toBe("there is no feed 'gazete' (did you mean 'gazette'?); subscribe by the feed's URL instead, or see /news status for this channel's feeds");
    expect(h.loads).toEqual([]);
  });

  it('subscribes to a topic on every feed, AND-ing an extra query', async () => {
    const reply = await h.run('subscribe topic:orbit -weather');
    expect(reply.headline).toBe("Subscribed this channel to topic:orbit on every feed, narrowed by '-weather'. Id: sub_id1 (/news unsubscribe sub_id1 to stop).");
    expect((await commandSubscriptions())[0]).toMatchObject({ feeds: null, query: '(topic:orbit) AND (-weather)', topic: 'orbit' });
    expect(reply.sections[0]!.lines[0]).toBe('Coastguard tracks satellite debris falling off the northern cape (Harbour Gazette, 2 hours ago)');
  });

  it('subscribes to a bare topic', async () => {
    await h.run('subscribe topic:orbit');
    expect((await commandSubscriptions())[0]).toMatchObject({ feeds: null, query: 'topic:orbit', topic: 'orbit' });
  });

  it('names the topics when the topic is unknown', async () => {
    expect((await h.run('subscribe topic:orbits')).headline).toBe("there is no topic 'orbits' (did you mean 'topic:orbit'?); /news topics lists them");
  });

  it('still subscribes a known feed when the preview cannot load or is over the rate limit', async () => {
    h.served.set(GAZETTE_URL, new HeraldError('fetch_timeout', 'feed did not answer within 15000 ms'));
    const reply = await h.run('subscribe gazette ferry');
    expect(reply.status).toBe('ok');
    expect(reply.sections).toEqual([{ title: 'Notes', lines: ['gazette could not be loaded: feed did not answer within 15000 ms'] }]);

    await h.close();

    h = await harness({ limits: { perUser: { capacity: 1, refillEveryMs: 60_000 } } });
    const context = h.context();
    expect(context.rateLimiter.take(context.actor, T0).allowed).toBe(true);
    const limited = await h.run('subscribe gazette ferry');
    expect(limited.status).toBe('ok');
    expect(h.loads).toEqual([]);
    expect(limited.sections.find((section) => section.title === 'Notes')!.lines[0]).toMatch(/^no preview: you have run several commands/);
  });
});

describe('subscribe refusals', () => {
  it('reports a bad query with its column, before any fetch, storing nothing', async () => {
    const reply = await h.run(`subscribe ${COURIER_URL} satellite AND (storm`);
    expect(reply).toMatchObject({ status: 'error', headline: "problem in the query: unclosed parenthesis at column 15: add the closing ')'" });
    const topicReply = await h.run('subscribe topic:orbit "storm');
    expect(topicReply.headline).toBe('problem in the query: unclosed quote at column 1: add the closing " or remove the opening one');
    expect(h.loads).toEqual([]);
    expect(await commandSubscriptions()).toEqual([]);
  });

  it('refuses a duplicate in the same channel, even written differently, and points to list', async () => {
    await h.run('subscribe gazette satellite OR missile');
    const reply = await h.run(`subscribe ${GAZETTE_URL} Missile  OR satellite`);
    expect(reply).toMatchObject({ status: 'error', headline: 'this channel already has that subscription (sub_id1); /news list shows them all' });
    expect(await commandSubscriptions()).toHaveLength(1);
    // The config's own subscription for this channel counts too.
    expect((await h.run('subscribe gazette topic:sea-news')).headline).toMatch(/^this channel already has that subscription \(cfg_[0-9a-f]{12}\)/);
  });

  it('allows the same subscription in another channel', async () => {
    await h.run('subscribe gazette satellite');
    expect((await h.run('subscribe gazette satellite', { channel: 'C-OTHER' })).status).toBe('ok');
    expect(await commandSubscriptions()).toHaveLength(2);
  });
});
