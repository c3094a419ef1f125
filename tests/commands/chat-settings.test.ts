// quiet, timezone, template, recent, per-subscription pause/resume/digest, subscribe mention:
// and backfill: through the command core over a real SQLite store (the platform tests run the
// same commands through Slack's and Discord's own front doors).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/domain/types.ts';
import { pollCommit, queued } from '../store/records.ts';
import { ACTOR, CONFIG_INPUT, GAZETTE, T0, harness, type Harness } from './harness.ts';

const HERE = { platform: 'slack' as const, channel: ACTOR.channel };
const DAY = 86_400_000;

let h: Harness;
let configId: string;
beforeEach(async () => {
  h = await harness();
  configId = (await h.store.listSubscriptions())[0]!.id;
});
afterEach(() => h.close());

/** An alert this channel got at `sentAt`, as the outbox keeps it. */
async function sent(title: string, sentAt: number, overrides: Partial<Alert> = {}): Promise<void> {
  const base = queued({ ...HERE, workspace: ACTOR.workspace, subscriptionId: configId, storyId: `story-${title}`, ...overrides }, `key-${title}`);
  base.alert.item = { ...base.alert.item, title, key: title, url: `https://gazette.example.test/${encodeURIComponent(title)}` };
  await h.store.queueAlerts([base], sentAt);
  const entry = (await h.store.listOutbox('pending')).find((candidate) => candidate.idempotencyKey === `key-${title}`)!;
  await h.store.markSent(entry.id, { platform: 'slack', channel: ACTOR.channel, id: `m-${title}` }, sentAt);
}

describe('quiet and timezone', () => {
  it('stores quiet hours and a time zone for the channel, and turns quiet hours off', async () => {
    const quiet = await h.run('quiet 22:00 7:00');
    expect(quiet).toMatchObject({ status: 'ok', ephemeral: false });
    expect(quiet.headline).toBe('Quiet hours for this channel: 22:00 to 07:00 (UTC). Alerts that arrive then are held and posted together at 07:00; /news timezone changes the zone.');
    const zone = await h.run('timezone europe/paris');
    expect(zone.headline).toBe("This channel's time zone is now Europe/Paris (14:00 there now): quiet hours and daily digests follow its clock.");
    expect(await h.store.channelSettings(HERE)).toEqual({ ...HERE, timezone: 'Europe/Paris', quietHours: { from: '22:00', to: '07:00' }, template: null });
    expect((await h.run('quiet 23:00 06:00')).headline).toContain('(Europe/Paris)');
    expect((await h.run('quiet off')).headline).toBe('Quiet hours are off: alerts are posted here as they arrive.');
    expect(await h.store.channelSettings(HERE)).toMatchObject({ timezone: 'Europe/Paris', quietHours: null });
  });

  it('names a close time zone and an example for one that does not exist', async () => {
    const reply = await h.run('timezone Europe/Pariss');
    expect(reply.status).toBe('error');
    expect(reply.headline).toBe(
      "'Europe/Pariss' is not a time zone (did you mean 'Europe/Paris'?); write an IANA name like Europe/Paris, America/New_York or UTC. Usage: /news timezone <Area/City>",
    );
    expect(await h.store.channelSettings(HERE)).toBeNull();
  });

  it('refuses what the config file sets for the channel, naming the file and the key', async () => {
    const owned = await harness({
      config: { ...CONFIG_INPUT, channels: [{ ...CONFIG_INPUT.channels[0], timezone: 'Asia/Seoul', quietHours: { from: '23:00', to: '06:00' }, template: '{title}' }] },
    });
    try {
      for (const [command, key, what] of [['quiet 22:00 07:00', 'quietHours', 'quiet hours'], ['timezone UTC', 'timezone', 'time zone'], ['template {title} {link}', 'template', 'message template']]) {
        expect((await owned.run(command!)).headline).toBe(
          `this channel's ${what} is set in config/herald.yaml (${key}: on its rule under channels:), which chat cannot override; an operator changes it there`,
        );
      }
      expect(await owned.store.channelSettings(HERE)).toBeNull();
      // Another channel has no rule: it sets its own.
      expect((await owned.run('timezone UTC', { channel: 'C-SPORT' })).status).toBe('ok');
    } finally {
      await owned.close();
    }
  });
});

describe('template', () => {
  it("stores the template and answers with the channel's latest alert in it", async () => {
    await sent('Ferry timetable changes', T0 - 2 * DAY);
    await sent('Lighthouse reopens', T0 - DAY);
    const reply = await h.run('template {title} ({source})');
    expect(reply).toMatchObject({ status: 'ok', ephemeral: false, headline: "This channel's alerts use the new template from the next one on. The latest alert would read:" });
    expect(reply.preview).toMatchObject({ template: '{title} ({source})', kind: 'new', mention: null, item: { title: 'Lighthouse reopens' } });
    expect((await h.store.channelSettings(HERE))?.template).toBe('{title} ({source})');
  });

  it('previews the newest item a subscription matches when nothing was posted yet', async () => {
    const reply = await h.run('template {title}');
    // The config rule reads gazette for topic:sea-news (ferry OR coastguard): its newest match.
    expect(reply.preview?.item.title).toBe(GAZETTE.items[0]!.title);
    expect(h.loads).toHaveLength(1);
  });

  it('refuses a placeholder no renderer fills, listing those it knows', async () => {
    const reply = await h.run('template {title} {url}');
    expect(reply.headline).toBe(
      'the template has {url}, which Herald does not fill; it knows {title} {summary} {source} {sources} {link} {published} {topic}. Usage: /news template <text | off>',
    );
    expect(await h.store.channelSettings(HERE)).toBeNull();
  });

  it('goes back to the standard layout with off', async () => {
    await h.run('template {title}');
    expect((await h.run('template off')).headline).toMatch(/^This channel's alerts use the standard layout again\./);
    expect((await h.store.channelSettings(HERE))?.template).toBeNull();
  });
});

describe('pause, resume and digest of one subscription', () => {
  it('pauses and resumes only the named subscription', async () => {
    await h.run('subscribe gazette marathon');
    const paused = await h.run('pause sub_id1');
    expect(paused.headline).toBe("Paused sub_id1 ('marathon'): its alerts stop until /news resume sub_id1; this channel's other subscriptions go on.");
    expect((await h.store.getSubscription('sub_id1'))?.paused).toBe(true);
    expect((await h.store.getSubscription(configId))?.paused).toBe(false);
    expect((await h.run('pause sub_id1')).headline).toContain('is already paused');
    expect((await h.run('resume sub_id1')).headline).toBe("Resumed sub_id1 ('marathon'): its new matching items are posted here again.");
    expect((await h.store.getSubscription('sub_id1'))?.paused).toBe(false);
    // The channel-wide form still pauses everything.
    expect((await h.run('pause')).headline).toBe('Paused 2 subscriptions: no alerts arrive in this channel until /news resume.');
  });

  it("sets one subscription's digest, and refuses one the config manages", async () => {
    await h.run('subscribe gazette marathon');
    await h.run('subscribe gazette ferry');
    const reply = await h.run('digest sub_id1 daily 7:30');
    expect(reply.headline).toBe("sub_id1 ('marathon') now collects alerts into a daily digest at 07:30 (UTC); this channel's other subscriptions keep their mode.");
    expect((await h.store.getSubscription('sub_id1'))?.digest).toEqual({ kind: 'daily', at: '07:30' });
    expect((await h.store.getSubscription('sub_id2'))?.digest).toBeNull();
    expect((await h.run(`digest ${configId} hourly`)).headline).toBe(`subscription ${configId} is managed by config: set digest: on this channel's rule in config/herald.yaml`);
  });

  it("treats another channel's subscription id as unknown", async () => {
    await h.run('subscribe gazette marathon', { channel: 'C-SPORT' });
    expect((await h.run('pause sub_id1')).headline).toBe("this channel has no subscription 'sub_id1'; /news list shows its ids");
    expect((await h.store.getSubscription('sub_id1'))?.paused).toBe(false);
  });
});

describe('recent', () => {
  it("lists this channel's alerts newest first, filtered by a query and a number of days", async () => {
    await sent('Ferry timetable changes', T0 - 3 * DAY);
    await sent('Lighthouse reopens', T0 - 30 * 3_600_000);
    await sent('Ferry strike called off', T0 - 2 * 3_600_000);
    await sent('Elsewhere', T0 - DAY, { channel: 'C-SPORT' });

    const all = await h.run('recent');
    expect(all.headline).toBe('3 alerts in the last 7 days, newest first.');
    expect(all.sections.map((section) => section.title)).toEqual(['Ferry strike called off', 'Lighthouse reopens', 'Ferry timetable changes', 'Note']);
    expect(all.sections[0]!.lines[0]).toBe('Harbour Gazette, sent 2 hours ago');
    expect(all.sections.at(-1)!.lines).toEqual(['Herald keeps sent alerts for 14 days (retention.sentAlerts in the config); older ones are gone.']);

    expect((await h.run('recent title:ferry days:2')).headline).toBe("1 alert matching 'title:ferry' in the last 2 days, newest first.");
    // days: may come anywhere, as people type it.
    expect((await h.run('recent days:2 title:ferry')).headline).toBe("1 alert matching 'title:ferry' in the last 2 days, newest first.");
    expect((await h.run('recent title:lighthouse days:1 OR title:ferry')).headline).toBe("1 alert matching 'title:lighthouse OR title:ferry' in the last day, newest first.");
    expect((await h.run('recent title:lighthouse OR title:ferry days:1')).headline).toBe("1 alert matching 'title:lighthouse OR title:ferry' in the last day, newest first.");
    expect((await h.run('recent title:lighthouse OR title:ferry')).headline).toBe("3 alerts matching 'title:lighthouse OR title:ferry' in the last 7 days, newest first.");
    expect((await h.run('recent marathon')).headline).toBe("No alerts matching 'marathon' in the last 7 days here.");
  });

  it('refuses days outside 1-30 and a query that does not parse', async () => {
    expect((await h.run('recent days:31')).headline).toBe("days takes a whole number from 1 to 30, not '31'. Usage: /news recent [query] [days:<1-30>]");
    expect((await h.run('recent (ferry')).headline).toMatch(/^problem in the query: /);
  });
});

describe('subscribe mention: and backfill:', () => {
  it('stores an opted-in mention and shows it in list', async () => {
    const reply = await h.run('subscribe gazette title:breaking mention:@here,<@U0DESK>');
    expect(reply.sections.find((section) => section.title === 'Notes')?.lines).toContain('each alert of this subscription pings @here, user:U0DESK');
    expect((await h.store.getSubscription('sub_id1'))?.mention).toEqual({ here: true, users: ['U0DESK'], roles: [] });
    expect((await h.run('list')).sections.find((section) => section.title === 'sub_id1')?.lines).toContain('mention: @here, user:U0DESK');
    // Without mention: nobody.
    await h.run('subscribe gazette ferry');
    expect((await h.store.getSubscription('sub_id2'))?.mention).toBeUndefined();
  });

  it('refuses a mention that cannot work on the platform', async () => {
    expect((await h.run('subscribe gazette ferry mention:<@&1234>')).headline).toBe(
      'that mention cannot ping anyone here: Slack user groups are ids starting with S: type @ and pick the group',
    );
    expect(await h.store.getSubscription('sub_id1')).toBeNull();
  });

  it('queues the latest N matching items, oldest first, through the outbox', async () => {
    const reply = await h.run('subscribe gazette backfill:2 mention:@here');
    expect(reply.sections.find((section) => section.title === 'Notes')?.lines).toContain('backfill: 2 matching items queued for this channel (the oldest first)');
    const pending = await h.store.listOutbox('pending');
    expect(pending.map((entry) => entry.alert.item.title)).toEqual([GAZETTE.items[1]!.title, GAZETTE.items[0]!.title]);
    expect(pending[0]!.alert).toMatchObject({ subscriptionId: 'sub_id1', platform: 'slack', channel: ACTOR.channel, kind: 'new', mention: { here: true, users: [], roles: [] } });
    expect(pending[0]!.alert.item.feedId).toBe('gazette');
  });

  it('gives an entry a first poll recorded without a story its story, and files the alert under it', async () => {
    const newest = GAZETTE.items[0]!;
    await h.store.commitPolls([pollCommit({ feedId: 'gazette', recorded: [{ key: newest.key, contentHash: ':raw', previousHash: null }] })]);

    await h.run('subscribe gazette backfill:1');

    const storyId = (await h.store.seenItems('gazette', [newest.key])).get(newest.key)?.storyId;
    expect(storyId).toEqual(expect.any(String));
    expect((await h.store.listOutbox('pending')).map((entry) => entry.alert.storyId)).toEqual([storyId]);
    expect((await h.store.getStory(storyId!))?.sources.map((source) => [source.feedId, source.itemKey])).toEqual([['gazette', newest.key]]);
  });
});

describe('the fetch rate limit during a first setup', () => {
  it("counts a subscribe's preview of a feed just fetched by the same person as part of that fetch, once", async () => {
    const limited = await harness({ limits: { perUser: { capacity: 1, refillEveryMs: 60_000 } } });
    try {
      expect((await limited.run('test ferry feed:gazette')).status).toBe('ok');
      const first = await limited.run('subscribe gazette ferry');
      expect(first.sections.map((section) => section.title)).toContain('Latest matching items from gazette (1 shown)');
      expect(limited.loads).toHaveLength(2);
      // The follow-up is used up: the next preview needs a token of its own.
      const second = await limited.run('subscribe gazette marathon');
      expect(second.sections.find((section) => section.title === 'Notes')?.lines[0]).toMatch(/^no preview: you have run several commands that fetch feeds/);
      expect(limited.loads).toHaveLength(2);
    } finally {
      await limited.close();
    }
  });
});

describe('small things', () => {
  it('suggests the topic a feed id names', async () => {
    expect((await h.run('subscribe sea-news')).headline).toBe("there is no feed 'sea-news', but there is a topic of that name: write topic:sea-news (/news subscribe topic:sea-news)");
  });

  it('does not tell an admin removing a feed to subscribe by URL', async () => {
    const reply = await h.run('feed remove gazete', { isAdmin: true });
    expect(reply.headline).toBe("there is no feed 'gazete' (did you mean 'gazette'?); /news feed list shows the feeds");
  });
});
