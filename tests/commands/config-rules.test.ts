// Issue 14 (its /news parts): a config channel rule written as the README shows it (no
// workspace:) was invisible to /news in its channel, so list/status/test/pause/resume/digest said
// there was nothing, and the admin notice's "run /news resume" then failed. Previews and test
// read the first feeds in alphabetical order, followed or not. Config rules are now channel
// members like any other, read-only where the config owns them, and previews read the
// channel's own feeds first and say which.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSubscriptionId } from '../../src/config/channels.ts';
import { COURIER_URL, GAZETTE_URL, T0, harness, type Harness } from './harness.ts';

const RULE = { platform: 'slack' as const, channel: 'C-NEWSROOM', feeds: ['courier'] };
const RULE_ID = configSubscriptionId(RULE);

let h: Harness;
beforeEach(async () => {
  h = await harness({
    config: {
      topics: { weather: 'storm OR frost OR rain' },
      feeds: [
        { id: 'aaa', url: 'https://aaa.example.test/rss' },
        { id: 'bbb', url: 'https://bbb.example.test/rss' },
        { id: 'courier', url: COURIER_URL },
        { id: 'gazette', url: GAZETTE_URL },
      ],
      channels: [RULE],
    },
  });
});
afterEach(() => h.close());

describe('a config rule without workspace: in its channel', () => {
  it('is listed, with where it comes from', async () => {
    const reply = await h.run('list');
    expect(reply.headline).toBe('This channel has 1 subscription.');
    expect(reply.sections[0]).toMatchObject({ title: `${RULE_ID} (managed by config)`, lines: expect.arrayContaining(['feeds: courier']) });
  });

  it('is what status reports on', async () => {
    const reply = await h.run('status');
    expect(reply.sections).toEqual([{ title: 'Feeds', lines: ['courier: waiting for its first poll'] }]);
  });

  it("is what test reads: the channel's own feed, saying which", async () => {
    const reply = await h.run('test storm');
    expect(h.loads).toEqual([COURIER_URL]);
    expect(reply.headline).toBe("'storm' matches 1 of the 2 most recent items from courier.");
  });

  it('pauses and resumes from chat, so the paused-subscription notice tells people a command that works', async () => {
    expect((await h.run('pause')).headline).toContain('Paused 1 subscription:');
    expect(await h.store.getSubscription(RULE_ID)).toMatchObject({ paused: true });
    await h.store.updateSubscription(RULE_ID, { paused: true, pausedReason: 'channel_not_found' });
    expect((await h.run('resume')).headline).toContain('Resumed 1 subscription:');
    expect(await h.store.getSubscription(RULE_ID)).toMatchObject({ paused: false });
  });

  it('is read-only where the config owns it, saying why', async () => {
    expect((await h.run('digest hourly')).headline).toBe("This channel's subscriptions are managed by config: set digest: on this channel's rule in config/herald.yaml.");
    expect((await h.run(`unsubscribe ${RULE_ID}`)).headline).toContain(`subscription ${RULE_ID} is managed by config: edit config/herald.yaml`);
  });

  it('is not a member of a channel with another id', async () => {
    expect((await h.run('list', { channel: 'C-ELSEWHERE' })).headline).toContain('no subscriptions yet');
  });
});

describe('previews', () => {
  it("of a topic read the channel's own feeds first, newest items first, and say which", async () => {
    await h.store.recordNotModified([{ feedId: 'gazette', now: T0, nextPollAt: T0 + 60_000 }]);
    const reply = await h.run('subscribe topic:weather');
    // courier (followed), then gazette (the most recently updated of the rest), then one more of
    // the three a command may read; alphabetical order would have read aaa and bbb first.
    expect(h.loads.slice(0, 2)).toEqual([COURIER_URL, GAZETTE_URL]);
    expect(reply.sections[0]!.title).toMatch(/^Latest matching items from courier, gazette \(\d shown, newest first\)$/);
    expect(reply.sections[0]!.lines[0]).toBe('Weather satellite images show the storm turning north (Valley Courier, 1 hour ago)');
  });
});
