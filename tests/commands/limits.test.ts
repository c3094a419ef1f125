// Issue 18, finding 7: one user made 1,000 subscriptions over 20 channels and 60 polled feeds;
// the only cap was 50 per channel. Config `limits:` now bounds subscriptions per person and per
// workspace, chat feeds per workspace and fetching commands per workspace, and every refusal
// names its key and the config admins who can raise it.
import { afterEach, describe, expect, it } from 'vitest';
import { CONFIG_INPUT, COURIER_URL, harness, type Harness } from './harness.ts';

let h: Harness;
afterEach(() => h.close());

async function withLimits(limits: Record<string, number>): Promise<Harness> {
  h = await harness({ config: { ...CONFIG_INPUT, limits } });
  return h;
}

const RAISE = 'ask a config admin (U-EDITOR) to raise';

describe('limits per person and per workspace', () => {
  it('defaults hold a person to 100 chat subscriptions and 20 chat feeds, a workspace to 1,000, 50 chat feeds and 300 fetching commands an hour', async () => {
    await withLimits({});
    expect(h.config.limits).toEqual({ subscriptionsPerUser: 100, subscriptionsPerWorkspace: 1_000, chatFeedsPerUser: 20, chatFeedsPerWorkspace: 50, fetchesPerUserPerHour: 300, fetchesPerWorkspacePerHour: 300 });
  });

  it('refuses a person past limits.subscriptionsPerUser in any channel, naming the key and the admins', async () => {
    await withLimits({ subscriptionsPerUser: 2 });
    expect((await h.run('subscribe topic:orbit')).status).toBe('ok');
    expect((await h.run('subscribe topic:sea-news', { channel: 'C-OTHER' })).status).toBe('ok');
    const refused = await h.run('subscribe topic:orbit storm', { channel: 'C-THIRD' });
    expect(refused).toMatchObject({ status: 'error' });
    expect(refused.headline).toContain('you have made as many subscriptions from chat as one person may (2, limits.subscriptionsPerUser)');
    expect(refused.headline).toContain(`${RAISE} limits.subscriptionsPerUser in the config`);
    // Someone else, and the same person in another workspace, are not held by it.
    expect((await h.run('subscribe topic:orbit storm', { channel: 'C-THIRD', userId: 'U-OTHER' })).status).toBe('ok');
    expect((await h.run('subscribe topic:orbit storm', { workspace: 'T-ELSEWHERE' })).status).toBe('ok');
  });

  it('refuses a workspace past limits.subscriptionsPerWorkspace, whoever asks', async () => {
    await withLimits({ subscriptionsPerWorkspace: 2 });
    await h.run('subscribe topic:orbit', { userId: 'U-1' });
    await h.run('subscribe topic:sea-news', { userId: 'U-2', channel: 'C-OTHER' });
    const refused = await h.run('subscribe topic:orbit storm', { userId: 'U-3', channel: 'C-THIRD' });
    expect(refused.headline).toContain('this workspace has as many subscriptions made from chat as it may (2, limits.subscriptionsPerWorkspace)');
    expect((await h.store.listSubscriptions({ workspace: 'T-HARBOUR' })).filter((subscription) => !subscription.managedByConfig)).toHaveLength(2);
  });

  it('refuses a feed new to the workspace past limits.chatFeedsPerWorkspace, before fetching it', async () => {
    await withLimits({ chatFeedsPerWorkspace: 1 });
    expect((await h.run(`subscribe ${COURIER_URL} storm`)).status).toBe('ok');
    const loads = h.loads.length;
    const refused = await h.run('subscribe https://third.example.test/rss.xml storm');
    expect(refused.headline).toContain('this workspace uses as many feeds added from chat as it may (1, limits.chatFeedsPerWorkspace)');
    const added = await h.run('feed add https://fourth.example.test/rss.xml', { userId: 'U-EDITOR', isAdmin: true });
    expect(added.headline).toContain('limits.chatFeedsPerWorkspace');
    expect(h.loads.length).toBe(loads);
    // Its own feed and config feeds stay usable.
    expect((await h.run(`subscribe ${COURIER_URL} frost`)).status).toBe('ok');
    expect((await h.run('subscribe gazette ferry')).status).toBe('ok');
  });

  it('refuses a person bringing in feeds past limits.chatFeedsPerUser; others in the workspace may still', async () => {
    await withLimits({ chatFeedsPerUser: 1 });
    expect((await h.run(`subscribe ${COURIER_URL} storm`)).status).toBe('ok');
    const refused = await h.run('subscribe https://third.example.test/rss.xml storm');
    expect(refused.headline).toContain('you have added as many feeds from chat as one person may (1, limits.chatFeedsPerUser)');
    expect(refused.headline).toContain(`${RAISE} limits.chatFeedsPerUser in the config`);
    h.served.set('https://third.example.test/rss.xml', { title: null, items: [] });
    expect((await h.run('subscribe https://third.example.test/rss.xml storm', { userId: 'U-OTHER' })).status).toBe('ok');
  });

  it('holds a person to limits.fetchesPerUserPerHour, read from the live config', async () => {
    await withLimits({ fetchesPerUserPerHour: 2 });
    expect((await h.run('test ferry feed:gazette')).status).toBe('ok');
    expect((await h.run('test ferry feed:gazette', { channel: 'C-OTHER' })).status).toBe('ok');
    const refused = await h.run('test ferry feed:gazette', { channel: 'C-THIRD' });
    expect(refused.headline).toBe(
      `you have run several commands that fetch feeds in a short time (limits.fetchesPerUserPerHour: 2 an hour); try again in 30 minutes, or ${RAISE} it in the config`,
    );
    expect((await h.run('test ferry feed:gazette', { userId: 'U-OTHER' })).status).toBe('ok');
  });

  it('refuses fetching commands past limits.fetchesPerWorkspacePerHour across the workspace', async () => {
    await withLimits({ fetchesPerWorkspacePerHour: 2 });
    expect((await h.run('test ferry feed:gazette', { userId: 'U-1' })).status).toBe('ok');
    expect((await h.run('test ferry feed:gazette', { userId: 'U-2', channel: 'C-OTHER' })).status).toBe('ok');
    const refused = await h.run('test ferry feed:gazette', { userId: 'U-3', channel: 'C-THIRD' });
    expect(refused.headline).toContain('this workspace has run 2 commands that fetch feeds in the last hour, the most allowed (limits.fetchesPerWorkspacePerHour)');
    expect(refused.headline).toContain(`${RAISE} it in the config`);
    expect((await h.run('test ferry feed:gazette', { workspace: 'T-ELSEWHERE' })).status).toBe('ok');
  });

  it('counts a workspace limit of one command in the singular', async () => {
    await withLimits({ fetchesPerWorkspacePerHour: 1 });
    expect((await h.run('test ferry feed:gazette', { userId: 'U-1' })).status).toBe('ok');
    const refused = await h.run('test ferry feed:gazette', { userId: 'U-2', channel: 'C-OTHER' });
    expect(refused.headline).toContain('this workspace has run 1 command that fetches feeds in the last hour');
  });
});
