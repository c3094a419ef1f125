// Feeds created by `subscribe <url>` follow their subscriptions: the last unsubscribe naming one
// stops polling it, unless an admin adopted it with `feed add`; config and admin feeds stay.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleCommandText } from '../../src/commands/handle.ts';
import type { Store } from '../../src/store/store.ts';
import { COURIER_URL, GAZETTE_URL, harness, type Harness } from './harness.ts';

const ADMIN = { userId: 'U-EDITOR', isAdmin: true };
const FEED = 'courier-example-test-news';
const STOPPED = `, and stopped polling '${COURIER_URL}', which no other subscription uses.`;

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

const feedIds = async (): Promise<string[]> => (await h.store.listFeeds()).map((feed) => feed.id);

describe('a feed created by subscribing to its URL', () => {
  it('is marked as following subscriptions, goes with the last one, and comes back with a new subscribe', async () => {
    await h.run(`subscribe ${COURIER_URL} storm`);
    expect(await h.store.getFeed(FEED)).toMatchObject({ origin: 'command', followsSubscriptions: true });

    const reply = await h.run('unsubscribe sub_id1');

    expect(reply).toMatchObject({ status: 'ok', headline: `Unsubscribed: sub_id1 ('storm') will post no more alerts here${STOPPED}` });
    expect(await feedIds()).toEqual(['gazette']);

    await h.run(`subscribe ${COURIER_URL} frost`);
    expect(h.loads).toEqual([COURIER_URL, COURIER_URL]);
    expect(await h.store.getFeed(FEED)).toMatchObject({ url: COURIER_URL, followsSubscriptions: true, seeded: false });
    expect(await h.store.getSubscription('sub_id2')).toMatchObject({ feeds: [FEED] });
  });

  it("stays while another channel's subscription names it, and goes with that one", async () => {
    await h.run(`subscribe ${COURIER_URL} storm`);
    await h.run(`subscribe ${COURIER_URL} frost`, { channel: 'C-FARMS' });
    expect(await h.store.getSubscription('sub_id2')).toMatchObject({ feeds: [FEED] });

    expect((await h.run('unsubscribe sub_id1')).headline).toBe("Unsubscribed: sub_id1 ('storm') will post no more alerts here.");
    expect(await feedIds()).toEqual([FEED, 'gazette']);

    expect((await h.run('unsubscribe sub_id2', { channel: 'C-FARMS' })).headline).toBe(`Unsubscribed: sub_id2 ('frost') will post no more alerts here${STOPPED}`);
    expect(await feedIds()).toEqual(['gazette']);
  });

  it('is not kept by a topic subscription, which reads every feed', async () => {
    await h.run(`subscribe ${COURIER_URL} storm`);
    await h.run('subscribe topic:orbit');

    expect((await h.run('unsubscribe sub_id1')).headline).toBe(`Unsubscribed: sub_id1 ('storm') will post no more alerts here${STOPPED}`);
    expect(await feedIds()).toEqual(['gazette']);
  });

  it('stays once an admin adds its URL, keeping its id; feed list shows which feeds follow subscriptions', async () => {
    await h.run(`subscribe ${COURIER_URL} storm`);
    const list = async (): Promise<string[] | undefined> => (await h.run('feed list', ADMIN)).sections[0]?.lines;
    expect(await list()).toEqual([
      `${FEED} [chat, follows subscriptions] ${COURIER_URL}: waiting for its first poll`,
      `gazette [config] ${GAZETTE_URL}: waiting for its first poll`,
    ]);

    const adopted = await h.run(`feed add ${COURIER_URL} valley`, ADMIN);

    expect(adopted).toMatchObject({
      status: 'ok',
      headline: `Feed ${FEED} ('${COURIER_URL}') came from a channel subscribing to its URL; it now stays when no subscription uses it (/news feed remove ${FEED} removes it). It keeps its id, which subscriptions name, rather than 'valley'.`,
    });
    expect(h.loads).toEqual([COURIER_URL]);
    expect(await list()).toEqual([`${FEED} [chat] ${COURIER_URL}: waiting for its first poll`, `gazette [config] ${GAZETTE_URL}: waiting for its first poll`]);
    expect((await h.run('unsubscribe sub_id1')).headline).toBe("Unsubscribed: sub_id1 ('storm') will post no more alerts here.");
    expect(await feedIds()).toEqual([FEED, 'gazette']);
    // Adopted once, it is like any admin feed: adding it again is refused.
    expect((await h.run(`feed add ${COURIER_URL}`, ADMIN)).headline).toBe(`that URL is already feed '${FEED}'; channels subscribe to it with /news subscribe ${FEED}`);
  });

  it('is stored again when an unsubscribe elsewhere removed it just before the subscription was stored', async () => {
    await h.run(`subscribe ${COURIER_URL} storm`);
    // The other channel's subscribe finds the feed; the first channel unsubscribes before it stores.
    const racing = new Proxy(h.store, {
      get(store, key: keyof Store) {
        if (key !== 'addSubscription') return typeof store[key] === 'function' ? (store[key] as (...args: unknown[]) => unknown).bind(store) : store[key];
        return async (...args: Parameters<Store['addSubscription']>) => {
          await h.run('unsubscribe sub_id1');
          return store.addSubscription(...args);
        };
      },
    });

    const reply = await handleCommandText(`subscribe ${COURIER_URL} frost`, { ...h.context({ channel: 'C-FARMS' }), store: racing });

    expect(reply.status).toBe('ok');
    expect(await h.store.getSubscription('sub_id1')).toBeNull();
    expect(await h.store.getSubscription('sub_id2')).toMatchObject({ feeds: [FEED] });
    expect(await h.store.getFeed(FEED)).toMatchObject({ url: COURIER_URL, followsSubscriptions: true });
  });
});

describe('feeds that do not follow subscriptions', () => {
  it('an admin-added feed and a config feed stay when their last subscription goes', async () => {
    await h.run(`feed add ${COURIER_URL} valley`, ADMIN);
    await h.run(`subscribe ${COURIER_URL} storm`);
    await h.run('subscribe gazette marathon');
    expect(await h.store.getSubscription('sub_id1')).toMatchObject({ feeds: ['valley'] });

    expect((await h.run('unsubscribe sub_id1')).headline).toBe("Unsubscribed: sub_id1 ('storm') will post no more alerts here.");
    expect((await h.run('unsubscribe sub_id2')).headline).toBe("Unsubscribed: sub_id2 ('marathon') will post no more alerts here.");
    expect(await feedIds()).toEqual(['gazette', 'valley']);
  });
});
