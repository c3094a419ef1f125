// Issue 16, late copies in a later poll: stories merged after their messages went out. Each
// outlet arrives in a poll of its own and the outbox worker delivers after every poll, so by the
// time the wire's copy bridges the shortened headline's story and the rewritten lead's, the
// channel has a message about each. Nothing people saw is deleted; from then on the story has
// one message, the one sent first, and every later outlet edits it.
import { describe, expect, it } from 'vitest';
import { parseFingerprint } from '../../src/dedup/fingerprint.ts';
import { subscription } from '../store/records.ts';
import { FULL, OWN_LEAD, rss, SHORT, WIRE_LEAD } from './fog-story.ts';
import { newsroom } from './newsroom.ts';

const outlets = {
  tidewire: rss('tidewire', `${SHORT} | Tidewire`, WIRE_LEAD),
  northcast: rss('northcast', `${FULL} - Northcast`, OWN_LEAD),
  wire: rss('wire', FULL, WIRE_LEAD),
  copy: rss('copy', FULL, WIRE_LEAD),
};
type Outlet = keyof typeof outlets;

// #news follows every outlet; #coast only the northcast and the wire (it got one message).
const news = subscription({ id: 'sub-news', channel: 'C-NEWS', query: '', storyPolicy: 'update' });
const coast = subscription({ id: 'sub-coast', channel: 'C-COAST', query: '', storyPolicy: 'update', feeds: ['northcast', 'wire', 'copy'] });

async function deliveredInTurn(order: Outlet[]) {
  const room = await newsroom(Object.keys(outlets), [news, coast]);
  for (const name of order) {
    await room.poll({ [name]: [outlets[name]] });
    await room.deliver();
  }
  return room;
}

const names = (sources: { name: string }[]): string[] => sources.map((source) => source.name).sort();

describe('stories merged after their messages went out', () => {
  it('a channel with a message about each keeps both; the bridging copy and later ones edit the first', async () => {
    const room = await deliveredInTurn(['tidewire', 'northcast', 'wire', 'copy']);
    const posts = room.platform.sent.filter((alert) => alert.channel === 'C-NEWS');
    expect(posts.map((alert) => alert.item.sourceName)).toEqual(['Outlet tidewire', 'Outlet northcast']);

    const edits = room.platform.updates.filter(({ alert }) => alert.channel === 'C-NEWS');
    expect(edits).toHaveLength(2);
    // Both edits go to the message sent first (tidewire's), keep its headline and list every outlet so far.
    expect(new Set(edits.map(({ ref }) => ref.id)).size).toBe(1);
    expect(edits.map(({ alert }) => alert.item.sourceName)).toEqual(['Outlet tidewire', 'Outlet tidewire']);
    expect(names(edits[0]!.alert.sources)).toEqual(['Outlet northcast', 'Outlet tidewire', 'Outlet wire']);
    expect(names(edits[1]!.alert.sources)).toEqual(['Outlet copy', 'Outlet northcast', 'Outlet tidewire', 'Outlet wire']);
    const firstRef = (await room.outbox()).find((entry) => entry.alert.channel === 'C-NEWS' && entry.alert.item.feedId === 'tidewire')?.messageRef;
    expect(edits[0]!.ref).toEqual(firstRef);
  });

  it('a channel with a message about one of the stories gets the bridging copy as an edit of it, not a new alert', async () => {
    const room = await deliveredInTurn(['tidewire', 'northcast', 'wire', 'copy']);
    expect(room.platform.sent.filter((alert) => alert.channel === 'C-COAST').map((alert) => alert.item.sourceName)).toEqual(['Outlet northcast']);
    const edits = room.platform.updates.filter(({ alert }) => alert.channel === 'C-COAST');
    expect(edits.map(({ alert }) => alert.item.sourceName)).toEqual(['Outlet northcast', 'Outlet northcast']);
    expect(names(edits.at(-1)!.alert.sources)).toEqual(['Outlet copy', 'Outlet northcast', 'Outlet tidewire', 'Outlet wire']);
  });

  it.each([
    [['northcast', 'tidewire', 'wire', 'copy'] as Outlet[], 2],
    [['tidewire', 'northcast', 'copy', 'wire'] as Outlet[], 2],
    [['copy', 'northcast', 'tidewire', 'wire'] as Outlet[], 1],
    [['wire', 'tidewire', 'northcast', 'copy'] as Outlet[], 1],
  ])('delivered after every poll, %j: %i posts in #news, one in #coast, the last edit listing every outlet', async (order, posts) => {
    const room = await deliveredInTurn(order);
    expect(room.platform.sent.filter((alert) => alert.channel === 'C-NEWS')).toHaveLength(posts);
    expect(room.platform.sent.filter((alert) => alert.channel === 'C-COAST')).toHaveLength(1);
    expect(names(room.platform.updates.filter(({ alert }) => alert.channel === 'C-NEWS').at(-1)!.alert.sources)).toEqual(names(order.map((name) => ({ name: `Outlet ${name}` }))));
    expect((await room.outbox()).filter((entry) => entry.status !== 'sent')).toEqual([]);
  });

  it('a process whose index still holds the merged story finds it under the survivor and folds the two there too', async () => {
    const room = await newsroom(Object.keys(outlets));
    await room.poll({ tidewire: [outlets.tidewire] });
    await room.poll({ northcast: [outlets.northcast] });
    const other = await room.secondProcess();
    await room.poll({ wire: [outlets.wire] });
    // The other process still has both stories; the copy's headline is the northcast's.
    await other.poll({ copy: [outlets.copy] });

    expect(await room.messages()).toHaveLength(1);
    const story = await room.story('story-1');
    expect(names(story!.sources.map((source) => ({ name: source.sourceName })))).toEqual(['Outlet copy', 'Outlet northcast', 'Outlet tidewire', 'Outlet wire']);
    // The other process stores the survivor's fingerprint as its index has it: both stories it
    // held (tidewire's, northcast's) and the copy. The wire's member, which joined in the first
    // process, is missing, as with any story two processes' indexes grow at once.
    expect(parseFingerprint(story!.fingerprint)?.feeds).toHaveLength(3);
  });
});
