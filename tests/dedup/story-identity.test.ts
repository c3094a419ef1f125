// Issue 16's cases, each measured as a channel that follows every item sees it: messages (new
// alerts) and updates. All text is invented, in the shapes real feeds deliver.
import { describe, expect, it } from 'vitest';
import { entry, newsroom } from './newsroom.ts';

// One wire story as three outlets carry it: a shortened headline over the wire lead, the wire's
// full headline and lead, and the full headline over the outlet's own rewritten lead.
const FULL_TITLE = 'Harbour pilots say fog doubts were tipping plays at the northern terminal';
const SHORT_TITLE = 'Fog doubts were tipping plays | Tidewire';
const WIRE_LEAD =
  'Harbour pilots at the northern terminal said on Friday that doubts about the fog warning system had tipped several docking decisions this month, and asked the port authority to replace the sensors before winter storms arrive on the coast.';
const OWN_LEAD =
  'Harbour pilots at the northern terminal said on Friday that doubts about the fog warning system had tipped several docking decisions this month, a letter seen by this paper shows, naming three near misses in the channel since August.';

const outlets = {
  tidewire: entry({ guid: 'tw-1', link: 'https://tidewire.example/pilots-fog', title: SHORT_TITLE, summaryHtml: `<p>${WIRE_LEAD}</p>` }),
  wire: entry({ guid: 'wire-1', link: 'https://wire.example/2026/pilots-fog', title: FULL_TITLE, summaryHtml: `<p>${WIRE_LEAD}</p>` }),
  northcast: entry({ guid: 'nc-1', link: 'https://northcast.example/news/pilots', title: `${FULL_TITLE} - Northcast`, summaryHtml: `<p>${OWN_LEAD}</p>` }),
};

function permutations<T>(list: T[]): T[][] {
  if (list.length <= 1) return [list];
  return list.flatMap((head, i) => permutations([...list.slice(0, i), ...list.slice(i + 1)]).map((rest) => [head, ...rest]));
}

describe('a story is compared as a whole, whatever the arrival order', () => {
  // Every order in which the full-headline wire copy is not last. When it is last, in polls of
  // their own, the two copies before it share neither headline nor lead and were each stored
  // with a message queued; the wire copy joins one of them (stored stories are not merged; in
  // one batch they are: arrival-order.test.ts).
  const orders = permutations(Object.keys(outlets) as (keyof typeof outlets)[]).filter((order) => order[2] !== 'wire');
  it.each(orders.map((order) => [order.join(' -> '), order] as const))('%s: one message', async (_name, order) => {
    const room = await newsroom(Object.keys(outlets));
    for (const feedId of order) await room.poll({ [feedId]: [outlets[feedId]] });
    expect(await room.messages()).toHaveLength(1);
  });

  it('a late copy in a later poll, after a restart, joins its story: no second message', async () => {
    const room = await newsroom(['tidewire', 'wire', 'northcast']);
    await room.poll({ tidewire: [outlets.tidewire] });
    await room.poll({ wire: [outlets.wire] });
    await room.restart();
    await room.poll({ northcast: [outlets.northcast] });
    expect(await room.messages()).toEqual([SHORT_TITLE]);
  });
});

const BLURB = 'The Estuary Post brings you the stories that matter to the river towns, every day, free of charge.';
const HEADLINES = [
  'Council approves new bridge tolls for lorries',
  'School choir wins regional contest in Eastmouth',
  'Dredging of the main channel delayed until March',
  'Fishing fleet catches record herring haul',
  'Library reopens after roof repairs',
  'Bus drivers accept three-year pay deal',
  'Flood barrier test passes without a hitch',
  'Old cannery to become an arts centre',
  'Rowing club celebrates its centenary regatta',
  'Hospital car park charges scrapped for night staff',
  'Ferry timetable cut over the winter months',
  'Lighthouse museum draws record summer crowds',
  'Market traders protest against higher stall fees',
  'Cycle lane on the quay finally completed',
  'Oyster beds closed after water test fails',
  'Town hall clock stops for the first time in decades',
  'Volunteers clear tons of litter from the mudflats',
  'Shipyard wins contract for two research vessels',
  'Police warn of scam calls to older residents',
  'Riverside park gets a new playground',
];
const blurbed = (headline: string, i: number, feed = 'post') =>
  entry({ guid: `${feed}-${i}`, link: `https://estuarypost.example/${feed}/${i}`, title: headline, summaryHtml: `<p>${BLURB} ${headline}.</p>` });

describe('stories stored before the upgrade (fingerprints without feeds)', () => {
  const lead =
    'The harbour board met on Thursday evening and agreed to close the old ferry slipway for repairs from Monday, sending the island boats to the north quay for three weeks.';
  const first = entry({ guid: 'desk-1', link: 'https://desk.example/slipway', title: 'Old ferry slipway to close for repairs from Monday', summaryHtml: `<p>${lead}</p>` });
  // The desk's next item on the same subject: alike in text, another item of the same feed.
  const second = entry({ guid: 'desk-2', link: 'https://desk.example/slipway-boats', title: 'Old ferry slipway to close for repairs from Monday: where the boats go', summaryHtml: `<p>${lead}</p>` });
  const copy = entry({ guid: 'wire-9', link: 'https://wire.example/slipway', title: 'Old ferry slipway to close for repairs from Monday', summaryHtml: `<p>${lead}</p>` });

  it.each([
    ['the index learns their feeds from their sources', {}],
    ['the index knows no feed: the stored sources keep the feed apart', { withoutSources: true }],
  ])('%s: a feed\'s next item is a message of its own, another outlet\'s copy joins', async (_name, options) => {
    const room = await newsroom(['desk', 'wire']);
    await room.poll({ desk: [first] });
    await room.restart({ legacy: true, ...options });
    await room.poll({ desk: [second, first] });
    await room.poll({ wire: [copy] });
    const outbox = await room.outbox();
    expect(outbox.map((e) => [e.alert.kind, e.alert.item.title])).toEqual([
      ['new', first.title],
      ['new', second.title],
    ]);
    expect(outbox.map((e) => e.alert.sources.length).sort()).toEqual([1, 2]);
  });
});

describe('site boilerplate does not count as shared content', () => {
  it('a feed of 20 distinct headlines sharing one blurb: 20 messages', async () => {
    const room = await newsroom(['post']);
    await room.poll({ post: HEADLINES.map((headline, i) => blurbed(headline, i)) });
    expect(await room.messages()).toHaveLength(20);
  });

  it('two section feeds of one outlet, every item opening with the site blurb: one message each', async () => {
    const room = await newsroom(['local', 'business']);
    await room.poll({
      local: HEADLINES.slice(0, 5).map((headline, i) => blurbed(headline, i, 'local')),
      business: HEADLINES.slice(5, 10).map((headline, i) => blurbed(headline, i, 'business')),
    });
    expect(await room.messages()).toHaveLength(10);
    // The blurb is remembered per feed: an item arriving alone in a later poll loses it too.
    await room.poll({ business: [blurbed(HEADLINES[10]!, 10, 'business')] });
    expect(await room.messages()).toHaveLength(11);
  });

  // The blurb left in two lone items' leads makes them alike enough to merge by lead: one alert
  // lost. What a feed repeats is kept in the store, not in the process.
  it('after a restart, each section\'s next item arriving alone: one message each', async () => {
    const room = await newsroom(['local', 'business']);
    await room.poll({
      local: HEADLINES.slice(0, 5).map((headline, i) => blurbed(headline, i, 'local')),
      business: HEADLINES.slice(5, 10).map((headline, i) => blurbed(headline, i, 'business')),
    });
    await room.restart();
    await room.poll({ local: [blurbed(HEADLINES[10]!, 10, 'local')] });
    await room.restart();
    await room.poll({ business: [blurbed(HEADLINES[11]!, 11, 'business')] });
    expect(await room.messages()).toHaveLength(12);
  });

  it('another process on the same store knows what the sections repeat: one message each', async () => {
    const room = await newsroom(['local', 'business']);
    await room.poll({
      local: HEADLINES.slice(0, 5).map((headline, i) => blurbed(headline, i, 'local')),
      business: HEADLINES.slice(5, 10).map((headline, i) => blurbed(headline, i, 'business')),
    });
    const other = await room.secondProcess();
    await other.poll({ local: [blurbed(HEADLINES[10]!, 10, 'local')] });
    await other.poll({ business: [blurbed(HEADLINES[11]!, 11, 'business')] });
    expect(await room.messages()).toHaveLength(12);
  });
});

describe("a feed's own items never disappear into one another", () => {
  it('podcast episodes with distinct guids sharing one <link>: one message each', async () => {
    const room = await newsroom(['cast']);
    const episodes = Array.from({ length: 12 }, (_, i) =>
      entry({
        guid: `cast-episode-${i + 1}`,
        link: 'https://harbourcast.example/show',
        title: `Harbourcast episode ${i + 1}: ${HEADLINES[i]!.toLowerCase()}`,
        summaryHtml: '<p>This week on Harbourcast, the stories from the river towns, with the newsroom team.</p>',
      }),
    );
    await room.poll({ cast: episodes.slice(0, 8) });
    await room.poll({ cast: episodes });
    expect(await room.messages()).toHaveLength(12);
    expect((await room.outbox()).filter((e) => e.alert.kind === 'update')).toHaveLength(0);
  });

  it('a weekly episode under the show link, after the last one left the window: a message of its own', async () => {
    const room = await newsroom(['cast', 'directory']);
    const episode = (n: number) =>
      entry({ guid: `weekly-${n}`, link: 'https://harbourcast.example/show', title: `Harbourcast weekly ${n}: ${HEADLINES[n]!.toLowerCase()}`, summaryHtml: `<p>${HEADLINES[n]!}.</p>` });
    await room.poll({ cast: [episode(1)] });
    room.wait(7 * 24 * 3_600_000);
    await room.poll({ cast: [episode(2), episode(1)] });
    // Another feed that links the show page is a copy of the story that link first named, as any
    // shared link is; that message has not gone out here, so the copy folds into it as a source.
    await room.poll({ directory: [entry({ guid: 'dir-1', link: 'https://harbourcast.example/show', title: 'Harbourcast', summaryHtml: '<p>The river towns podcast.</p>' })] });
    const outbox = await room.outbox();
    expect(outbox.map((e) => [e.alert.kind, e.alert.item.title])).toEqual([
      ['new', `Harbourcast weekly 1: ${HEADLINES[1]!.toLowerCase()}`],
      ['new', `Harbourcast weekly 2: ${HEADLINES[2]!.toLowerCase()}`],
    ]);
    expect(outbox.map((e) => e.alert.sources.map((source) => source.name))).toEqual([['Outlet cast', 'Outlet directory'], ['Outlet cast']]);
  });

  it.each([
    ['without guids', (_i: number) => null],
    ['with guids', (i: number) => `live-${i}`],
  ])('items that differ only by the URL fragment (%s): one message each', async (_name, guid) => {
    const room = await newsroom(['ticker']);
    const items = ['a070641', 'a070643', 'a070645'].map((anchor, i) =>
      entry({ guid: guid(i), link: `https://ticker.example/2026/23.html#${anchor}`, title: HEADLINES[i]!, summaryHtml: `<p>${HEADLINES[i]!}, the desk reports.</p>` }),
    );
    await room.poll({ ticker: items });
    expect([...(await room.messages())].sort()).toEqual(HEADLINES.slice(0, 3).sort());
  });

  it('a topic feed of 20 articles on one subject: 20 messages, and an edit of one is no new message', async () => {
    const room = await newsroom(['topic']);
    const articles = HEADLINES.map((headline, i) =>
      entry({
        guid: `topic-${i}`,
        link: `https://river.example/estuary/${i}`,
        title: `Estuary: ${headline}`,
        summaryHtml: `<p>The estuary towns: ${headline.toLowerCase()}, as the river authority and the council argue over who pays</p><p><a href="https://river.example/estuary/${i}">Continue reading...</a></p>`,
      }),
    );
    await room.poll({ topic: articles });
    expect(await room.messages()).toHaveLength(20);
    const edited = articles.map((article, i) => (i === 4 ? { ...article, summaryHtml: `${article.summaryHtml}<p>Updated with the council's reply.</p>` } : article));
    await room.poll({ topic: edited });
    expect(await room.messages()).toHaveLength(20);
  });
});

describe('headlines that differ in a number, version, score or date are different stories', () => {
  const RELEASE_LEAD =
    'Today we are releasing a new version of the Harbour Ads API, with reporting changes, new bidding fields and the removal of features we announced as deprecated last year.';
  it.each([
    ['versions', 'Announcing v201601 of the Harbour Ads API', 'Announcing v201603 of the Harbour Ads API', RELEASE_LEAD],
    ['scores', 'Rovers beat Estuary United 3-1 in the cup quarter-final', 'Rovers beat Estuary United 2-1 in the cup quarter-final', 'Rovers reached the semi-final of the county cup on Saturday with a home win over their river rivals in front of a sold-out crowd at the quay ground.'],
    ['dates', 'Harbour ferry strike called for 14 March', 'Harbour ferry strike called for 21 March', 'Ferry crews on the harbour routes will strike for a day after talks over weekend rotas broke down, the union said on Tuesday, urging passengers to plan ahead.'],
  ])('%s: two messages, from one feed or from two', async (_name, first, second, lead) => {
    for (const feeds of [['one', 'one'], ['one', 'two']] as const) {
      const room = await newsroom(['one', 'two']);
      await room.poll({ [feeds[0]]: [entry({ guid: 'a', link: 'https://a.example/1', title: first, summaryHtml: `<p>${lead}</p>` })] });
      await room.poll({ [feeds[1]]: [entry({ guid: 'b', link: 'https://b.example/2', title: second, summaryHtml: `<p>${lead}</p>` })] });
      expect(await room.messages()).toEqual([first, second]);
    }
  });

  it('a copy that keeps the numbers, or adds one, still joins its story', async () => {
    const room = await newsroom(['one', 'two', 'three']);
    const lead = 'A storm that crossed the estuary overnight killed 12 people and injured dozens more, the coastguard said on Sunday, as crews searched for two missing fishermen.';
    await room.poll({ one: [entry({ guid: 'a', link: 'https://a.example/1', title: 'Estuary storm kills 12 overnight', summaryHtml: `<p>${lead}</p>` })] });
    await room.poll({ two: [entry({ guid: 'b', link: 'https://b.example/2', title: 'Estuary storm kills 12 overnight - River Times', summaryHtml: `<p>${lead}</p>` })] });
    await room.poll({ three: [entry({ guid: 'c', link: 'https://c.example/3', title: 'Estuary storm kills 12 overnight, injures 40', summaryHtml: `<p>${lead}</p>` })] });
    expect(await room.messages()).toHaveLength(1);
  });
});

describe('canonical links', () => {
  it('http and https copies, and a tracking parameter, are one item; each source keeps its published link', async () => {
    const room = await newsroom(['one', 'two']);
    await room.poll({ one: [entry({ guid: 'a', link: 'https://www.paper.example/estuary/bridge-tolls?utm_source=rss', title: HEADLINES[0]!, summaryHtml: '<p>Short.</p>' })] });
    await room.poll({ two: [entry({ guid: 'b', link: 'http://paper.example/estuary/bridge-tolls?cvid=4f2a9c&ocid=msn', title: 'Lorries to pay more on the bridge', summaryHtml: '<p>Other.</p>' })] });
    // One message (the second copy folds into it before it goes out), each source with its own link.
    const outbox = await room.outbox();
    expect(outbox.map((e) => e.alert.kind)).toEqual(['new']);
    expect(outbox[0]!.alert.sources.map((source) => source.url)).toEqual([
      'https://www.paper.example/estuary/bridge-tolls?utm_source=rss',
      'http://paper.example/estuary/bridge-tolls?cvid=4f2a9c&ocid=msn',
    ]);
  });
});
