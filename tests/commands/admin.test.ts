import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConfigAdmin } from '../../src/commands/handle.ts';
import { COURIER_URL, GAZETTE_URL, harness, type Harness } from './harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

const ADMIN = { userId: 'U-EDITOR', isAdmin: true };

describe('admin commands refuse everyone else', () => {
  it.each(['feed add https://courier.example.test/news/feed.xml', 'feed remove gazette', 'feed list'])('%s', async (text) => {
    const reply = await h.run(text);
    expect(reply.status).toBe('error');
    expect(reply.headline).toMatch(/^\/news feed (add|remove|list) is for Herald admins \(the config's admins: list and this workspace's or server's admins\); ask one of them$/);
    expect(h.loads).toEqual([]);
    expect((await h.store.listFeeds()).map((feed) => feed.id)).toEqual(['gazette']);
  });
});

describe('feed add', () => {
  it('fetches the feed once and stores it under the given id', async () => {
    const reply = await h.run(`feed add ${COURIER_URL} Valley`, ADMIN);
    expect(reply).toMatchObject({
      status: 'ok',
      headline: "Added feed valley 'Valley Courier' with 2 items. Channels subscribe with /news subscribe valley [query].",
    });
    expect(h.loads).toEqual([COURIER_URL]);
    expect(await h.store.getFeed('valley')).toMatchObject({ url: COURIER_URL, origin: 'command' });
  });

  it('makes an id from the URL when none is given', async () => {
    await h.run(`feed add ${COURIER_URL}`, ADMIN);
    expect(await h.store.getFeed('courier-example-test-news')).not.toBeNull();
  });

  it('refuses a URL Herald already has, a taken id, and a feed that does not load', async () => {
    expect((await h.run(`feed add ${GAZETTE_URL}`, ADMIN)).headline).toBe("that URL is already feed 'gazette'; channels subscribe to it with /news subscribe gazette");
    expect((await h.run(`feed add ${COURIER_URL} gazette`, ADMIN)).headline).toBe(`feed id 'gazette' is taken by '${GAZETTE_URL}'; pick another id`);
    expect((await h.run('feed add https://gone.example.test/rss', ADMIN)).headline).toBe(
      "that feed cannot be used: feed 'https://gone.example.test/rss' answered HTTP 404 Not Found; check the feed URL",
    );
    expect((await h.run('feed add http://10.0.0.8/rss', ADMIN)).headline).toMatch(/^refusing to fetch 'http:\/\/10\.0\.0\.8\/rss': 10\.0\.0\.8 is a private network address/);
    expect((await h.store.listFeeds()).map((feed) => feed.id)).toEqual(['gazette']);
  });
});

describe('feed remove', () => {
  it('refuses a feed the config declares', async () => {
    expect((await h.run('feed remove gazette', ADMIN)).headline).toBe(
      'feed gazette is declared in the config and serves every workspace: remove it from the feeds: section of config/herald.yaml',
    );
    expect(await h.store.getFeed('gazette')).not.toBeNull();
  });

  it('removes a chat feed with the subscriptions that follow only it, in every channel', async () => {
    await h.run(`feed add ${COURIER_URL} valley`, ADMIN);
    await h.run('subscribe valley storm');
    await h.run('subscribe valley frost', { channel: 'C-FARMS' });
    await h.run('subscribe topic:orbit');
    const reply = await h.run('feed remove valley', ADMIN);
    expect(reply.headline).toBe('Removed feed valley and 2 subscriptions that followed only it.');
    expect(await h.store.getFeed('valley')).toBeNull();
    const left = await h.store.listSubscriptions();
    expect(left.map((subscription) => subscription.query).sort()).toEqual(['topic:orbit', 'topic:sea-news']);
  });

  it('points to the closest id for an unknown feed', async () => {
    expect((await h.run('feed remove gazete', ADMIN)).headline).toMatch(/^there is no feed 'gazete' \(did you mean 'gazette'\?\)/);
  });
});

describe('feed list', () => {
  it('lists every feed with its origin and health', async () => {
    await h.run(`feed add ${COURIER_URL} valley`, ADMIN);
    const reply = await h.run('feed list', ADMIN);
    expect(reply.headline).toBe('2 feeds.');
    expect(reply.sections).toEqual([
      {
        title: 'Feeds',
        lines: [`gazette [config] ${GAZETTE_URL}: waiting for its first poll`, `valley [chat] ${COURIER_URL}: waiting for its first poll`],
      },
    ]);
  });
});

describe('isConfigAdmin', () => {
  it('reads the admins list of the platform', () => {
    expect(isConfigAdmin(h.config, 'slack', 'U-EDITOR')).toBe(true);
    expect(isConfigAdmin(h.config, 'slack', 'U-REPORTER')).toBe(false);
    expect(isConfigAdmin(h.config, 'discord', 'U-EDITOR')).toBe(false);
    expect(isConfigAdmin(h.config, 'console', 'U-EDITOR')).toBe(false);
  });
});
