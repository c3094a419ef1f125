import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/grammar.ts';
import { commitPoll, pollCommit, queued } from '../store/records.ts';
import { GAZETTE_URL, T0, harness, type Harness } from './harness.ts';

let h: Harness;
let configId: string;
beforeEach(async () => {
  h = await harness();
  configId = (await h.store.listSubscriptions())[0]!.id;
});
afterEach(() => h.close());

const HOUR = 3_600_000;

describe('unsubscribe', () => {
  it("removes one of this channel's own subscriptions", async () => {
    await h.run('subscribe gazette marathon');
    const reply = await h.run('unsubscribe sub_id1');
    expect(reply).toMatchObject({ status: 'ok', ephemeral: false, headline: "Unsubscribed: sub_id1 ('marathon') will post no more alerts here." });
    expect(await h.store.getSubscription('sub_id1')).toBeNull();
  });

  it("treats another channel's subscription as unknown and leaves it alone", async () => {
    await h.run('subscribe gazette marathon', { channel: 'C-SPORT' });
    const reply = await h.run('unsubscribe sub_id1');
    expect(reply).toMatchObject({ status: 'error', headline: "this channel has no subscription 'sub_id1'; /news list shows its ids" });
    expect(await h.store.getSubscription('sub_id1')).not.toBeNull();
    // The same channel name in another workspace is another channel.
    expect((await h.run('unsubscribe sub_id1', { channel: 'C-SPORT', workspace: 'T-OTHER' })).status).toBe('error');
  });

  it('refuses a subscription the config manages', async () => {
    const reply = await h.run(`unsubscribe ${configId}`);
    expect(reply.headline).toBe(
      `subscription ${configId} is managed by config: edit config/herald.yaml (its channels: section) to change or remove it; /news pause stops alerts meanwhile`,
    );
    expect(await h.store.getSubscription(configId)).not.toBeNull();
  });
});

describe('list', () => {
  it("shows this channel's subscriptions with ids, queries, feeds, mode, paused and config marks", async () => {
    await h.run('subscribe topic:orbit');
    await h.run('subscribe gazette marathon', { channel: 'C-SPORT' });
    await h.store.updateSubscription('sub_id1', { paused: true, pausedReason: 'paused from chat' });
    await h.store.updateSubscription(configId, { digest: { kind: 'daily', at: '07:00' } });
    await commitPoll(h.store, pollCommit({ feedId: 'gazette', now: T0 - 3 * HOUR, alerts: [queued({ subscriptionId: configId })] }));
    await h.store.markSent((await h.store.listOutbox())[0]!.id, { platform: 'slack', channel: 'C-NEWSROOM', id: 'm1' }, T0 - 3 * HOUR);

    const reply = await h.run('list');
    expect(reply.status).toBe('ok');
    expect(reply.ephemeral).toBe(true);
    expect(reply.headline).toBe('This channel has 2 subscriptions, 1 paused.');
    expect(reply.sections).toEqual([
      { title: `${configId} (managed by config)`, lines: ['query: topic:sea-news', 'feeds: gazette (Harbour Gazette: Local)', 'mode: daily digest at 07:00', 'last alert: 3 hours ago'] },
      { title: 'sub_id1', lines: ['query: topic:orbit', 'feeds: every feed', 'mode: instant', 'last alert: never', 'paused: paused from chat'] },
    ]);
  });

  it('says how to start when the channel has nothing', async () => {
    const reply = await h.run('list', { channel: 'C-EMPTY' });
    expect(reply.headline).toBe('This channel has no subscriptions yet. Start with /news subscribe <feed-url | feed-id | topic:name> [query] [mention:<@here | @role | @user,...>] [backfill:<1-10>].');
    expect(reply.sections).toEqual([]);
  });
});

describe('pause and resume', () => {
  it("pause every subscription of the channel, config ones included, and nothing elsewhere", async () => {
    await h.run('subscribe gazette ferry');
    await h.run('subscribe gazette marathon', { channel: 'C-SPORT' });

    const paused = await h.run('pause');
    expect(paused).toMatchObject({ status: 'ok', ephemeral: false, headline: 'Paused 2 subscriptions: no alerts arrive in this channel until /news resume.' });
    const state = async (): Promise<Record<string, boolean>> =>
      Object.fromEntries((await h.store.listSubscriptions()).map((subscription) => [`${subscription.channel}/${subscription.id}`, subscription.paused]));
    expect(await state()).toEqual({ [`C-NEWSROOM/${configId}`]: true, 'C-NEWSROOM/sub_id1': true, 'C-SPORT/sub_id2': false });
    expect((await h.store.getSubscription(configId))!.pausedReason).toBe('paused from chat');
    expect((await h.run('pause')).headline).toBe("This channel's subscriptions are already paused; /news resume starts them again.");

    const resumed = await h.run('resume');
    expect(resumed.headline).toBe('Resumed 2 subscriptions: new matching items are posted here again.');
    expect(await state()).toEqual({ [`C-NEWSROOM/${configId}`]: false, 'C-NEWSROOM/sub_id1': false, 'C-SPORT/sub_id2': false });
    expect((await h.store.getSubscription(configId))!.pausedReason).toBeNull();
    expect((await h.run('resume')).headline).toBe("None of this channel's subscriptions is paused.");
  });

  it('keeps a config subscription paused across a config sync', async () => {
    await h.run('pause');
    await h.store.syncConfigSubscriptions([{ ...(await h.store.getSubscription(configId))!, paused: false }]);
    expect((await h.store.getSubscription(configId))!.paused).toBe(true);
  });

  it('refuses in a channel with no subscriptions', async () => {
    expect((await h.run('pause', { channel: 'C-EMPTY' })).headline).toBe(
      'this channel has no subscriptions; start with /news subscribe <feed-url | feed-id | topic:name> [query] [mention:<@here | @role | @user,...>] [backfill:<1-10>]',
    );
  });
});

describe('digest', () => {
  it("sets the channel's own subscriptions to the schedule, naming the time zone; config ones keep the config's", async () => {
    await h.run('subscribe gazette ferry');
    await h.run('subscribe gazette marathon', { channel: 'C-SPORT' });
    const reply = await h.run('digest daily 8:30');
    expect(reply.headline).toBe(
      "This channel's subscription now collects alerts into a daily digest at 08:30 (UTC). The one managed by config keeps its mode: set digest: on this channel's rule in config/herald.yaml.",
    );
    const digests = (await h.store.listSubscriptions()).map((subscription) => [subscription.id, subscription.channel, subscription.digest]);
    expect(digests).toEqual([
      [configId, 'C-NEWSROOM', null],
      ['sub_id1', 'C-NEWSROOM', { kind: 'daily', at: '08:30' }],
      ['sub_id2', 'C-SPORT', null],
    ]);

    expect((await h.run('digest hourly')).headline).toMatch(/^This channel's subscription now collects alerts into an hourly digest\./);
    expect((await h.run('digest off')).headline).toMatch(/^This channel's subscription now posts each alert as it arrives\./);
    expect((await h.store.getSubscription('sub_id1'))!.digest).toBeNull();
  });

  it('says where to change the digest of a channel whose subscriptions the config declares', async () => {
    const reply = await h.run('digest hourly');
    expect(reply.headline).toBe("This channel's subscriptions are managed by config: set digest: on this channel's rule in config/herald.yaml.");
    expect((await h.store.getSubscription(configId))!.digest).toBeNull();
  });

  it("uses the channel rule's time zone from the config", async () => {
    await h.close();
    h = await harness({
      config: { feeds: [{ id: 'gazette', url: GAZETTE_URL }], channels: [{ platform: 'slack', workspace: 'T-HARBOUR', channel: 'C-NEWSROOM', timezone: 'Asia/Seoul' }] },
    });
    await h.run('subscribe gazette ferry');
    expect((await h.run('digest daily 07:00')).headline).toMatch(/^This channel's subscription now collects alerts into a daily digest at 07:00 \(Asia\/Seoul\)\./);
  });
});

describe('status', () => {
  it("reports the health of this channel's feeds", async () => {
    await h.store.addFeed({ id: 'courier', url: 'https://courier.example.test/rss', name: 'Valley Courier', intervalMs: 600_000 }, T0);
    await h.store.addFeed({ id: 'idle', url: 'https://idle.example.test/rss', name: null, intervalMs: 600_000 }, T0);
    for (const id of ['courier', 'idle']) await h.store.addFeedWorkspace(id, { platform: 'slack', workspace: 'T-HARBOUR' });
    await h.run('subscribe courier');
    await h.store.recordNotModified([{ feedId: 'gazette', now: T0 - 3 * HOUR, nextPollAt: T0 }]);
    await h.store.recordPollFailure('courier', "feed 'https://courier.example.test/rss' answered HTTP 503 Service Unavailable", T0 - HOUR, T0);
    await h.store.recordPollFailure('courier', "feed 'https://courier.example.test/rss' answered HTTP 503 Service Unavailable", T0 - 30 * 60_000, T0);

    const reply = await h.run('status');
    expect(reply.headline).toBe("1 of this channel's 2 feeds has problems.");
    expect(reply.sections).toEqual([
      {
        title: 'Feeds',
        lines: [
          'courier (Valley Courier): failing (2 failed polls in a row, last success never): feed \'https://courier.example.test/rss\' answered HTTP 503 Service Unavailable',
          'gazette: ok, last success 3 hours ago',
        ],
      },
    ]);
  });

  it('says when every feed is healthy or not yet polled', async () => {
    const reply = await h.run('status');
    expect(reply.headline).toBe("This channel's feed is healthy.");
    expect(reply.sections[0]!.lines).toEqual(['gazette: waiting for its first poll']);
  });
});

describe('help and topics', () => {
  it('help lists every command with its usage and an example', async () => {
    const reply = await h.run('help');
    expect(reply.ephemeral).toBe(true);
    expect(reply.sections).toHaveLength(COMMANDS.length);
    for (const spec of COMMANDS) expect(reply.text).toContain(`Example: ${spec.example}`);
    expect(reply.sections.find((section) => section.title?.startsWith('/news feed add'))!.title).toBe('/news feed add <url> [id] (admins)');
    expect((await h.run('')).text).toBe(reply.text);
  });

  it('help <command> explains its arguments', async () => {
    const reply = await h.run('help digest');
    expect(reply.headline).toBe("Collect one subscription's or this channel's alerts into a digest, or post them as they come.");
    expect(reply.sections).toEqual([
      {
        title: '/news digest [subscription-id] <off | hourly | daily HH:MM>',
        lines: [
          'subscription-id: Set only this subscription; default: every subscription of this channel made from chat (optional)',
          'off | hourly | daily HH:MM: off, hourly, or daily HH:MM (24-hour clock, e.g. daily 08:30)',
          'Example: /news digest sub_3f9a1c2e daily 08:30',
        ],
      },
    ]);
  });

  it('topics lists the configured topics with their queries', async () => {
    const reply = await h.run('topics');
    expect(reply.sections).toEqual([{ title: 'Topics', lines: ['topic:orbit: satellite OR "launch debris"', 'topic:sea-news: ferry OR coastguard'] }]);
    await h.close();
    h = await harness({ config: {} });
    expect((await h.run('topics')).headline).toMatch(/^No topics are configured/);
  });
});
