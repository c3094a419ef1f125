// The panel's changes over plain HTTP, each through the /news handlers: a feed added by its web
// page's URL (discovery) and removed, a channel paused and resumed, a config feed left alone.
// Every change is logged with who made it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postForm, rss, signIn, startPanelBot, type PanelBot } from './panel-harness.ts';

let bot: PanelBot;
let session: { cookie: string; csrf: string };

beforeAll(async () => {
  bot = await startPanelBot({
    prepare: ({ feeds }) => {
      feeds.route('/valley/', { body: '<html><head><link rel="alternate" type="application/rss+xml" href="/valley.xml"></head><body>Valley</body></html>', contentType: 'text/html' });
      feeds.route('/valley.xml', { body: rss('Valley Courier', [{ title: 'Valley bridge reopens after repairs', description: 'Traffic flows again.' }]) });
    },
  });
  session = await signIn(bot);
});
afterAll(async () => {
  await bot?.stop();
});

/** Posts a form of the panel and reads the page it redirects to. */
async function change(path: string, fields: Record<string, string>): Promise<string> {
  const response = await postForm(bot, path, { _csrf: session.csrf, ...fields }, session.cookie);
  expect(response.status).toBe(303);
  return page(response.headers.get('location')!);
}

async function page(path: string): Promise<string> {
  return (await fetch(`${bot.origin}${path}`, { headers: { cookie: session.cookie } })).text();
}

describe('feeds', () => {
  it('adds a feed for a workspace from its web page, then removes it', async () => {
    const added = await change('/feeds/add', { url: bot.feeds.url('/valley/'), id: 'valley', workspace: 'slack:T-HARBOUR' });
    expect(added).toContain('Added feed valley &#39;Valley Courier&#39; with 1 item');
    expect(added).toMatch(/data-feed="valley"[^]*?valley\.xml/);
    expect(added).toContain('chat: slack T-HARBOUR');
    await bot.waitForLog((line) => line.msg === 'web panel change' && line.action === 'feed add' && line.by === 'admin token' && line.outcome === 'ok');

    const removed = await change('/feeds/valley/remove', {});
    expect(removed).toContain('Removed feed valley');
    expect(removed).not.toContain('data-feed="valley"');
  });

  it('leaves a config feed alone: it has no remove button, and a forged removal is refused', async () => {
    const feeds = await page('/feeds');
    expect(feeds).not.toContain('action="/feeds/harbour/remove"');
    const refused = await change('/feeds/harbour/remove', {});
    expect(refused).toContain('There is no chat feed harbour to remove');
    expect(refused).toContain('data-feed="harbour"');
  });
});

describe('channels', () => {
  it('pauses and resumes a channel, config rules included', async () => {
    const channel = { platform: 'slack', workspace: 'T-HARBOUR', channel: 'C-LIGHTS' };
    const paused = await change('/channels/pause', channel);
    expect(paused).toContain('Paused 1 subscription:');
    expect(paused).toContain('Resume #C-LIGHTS');
    const resumed = await change('/channels/resume', channel);
    expect(resumed).toContain('Resumed 1 subscription:');
    expect(resumed).toContain('Pause #C-LIGHTS');
    await bot.waitForLog((line) => line.msg === 'web panel change' && line.action === 'resume' && line.channel === 'C-LIGHTS');
  });
});
