// The panel in a real browser (Debian's Chromium through playwright-core), as an admin uses it:
// sign in (a wrong token first), move around by keyboard only, add a feed and see it fail once its
// server is gone, test a query, retry a dead letter into a fake Slack, and sign out. One bot and
// one browser page for the whole file; the tests run in order and build on each other.
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.ts';
import { CHROMIUM, rss, SCREENSHOTS, skipWithoutChromium, startPanelBot, WEB_TOKEN, type PanelBot } from './panel-harness.ts';

const skip = skipWithoutChromium();

describe.skipIf(skip)('the web panel in Chromium', () => {
  let bot: PanelBot;
  let valley: FeedServer | null = null;
  let browser: Browser;
  let page: Page;

  async function screenshot(name: string): Promise<void> {
    if (SCREENSHOTS !== null) await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }

  beforeAll(async () => {
    valley = await startFeedServer();
    valley.route('/valley.xml', { body: rss('Valley Courier', [{ title: 'Valley bridge reopens after repairs', description: 'Traffic flows again from Friday.' }]) });
    bot = await startPanelBot({
      extraPorts: [valley.port],
      // The first alert for #C-NEWS dies: Slack says the channel is gone.
      prepare: ({ slack }) => slack.failNext('chat.postMessage', { error: 'channel_not_found' }, { channel: 'C-NEWS' }),
    });
    browser = await chromium.launch({ executablePath: CHROMIUM! });
    page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    // A failing step fails in seconds; nothing here legitimately waits longer.
    page.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
    await valley?.close();
  });

  it('refuses a wrong token, then signs in with the right one', async () => {
    await page.goto(`${bot.origin}/feeds`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await screenshot('sign-in');
    await page.getByLabel('Admin token').fill('not-the-admin-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('not the admin token');

    await page.getByLabel('Admin token').fill(WEB_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  });

  it('moves through the overview by keyboard alone', async () => {
    await bot.waitForLog((line) => /^polled /.test(line.msg));
    await page.goto(`${bot.origin}/`);
    await screenshot('overview');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot('overview-phone');
    await page.setViewportSize({ width: 1100, height: 800 });
    const focused = async () => (await page.locator(':focus').textContent())?.trim();
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.locator(':focus').getAttribute('id')).toBe('main');
    // From the main landmark, the first card: the ok feeds, which leads to the feeds page.
    await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^\d+feeds ok$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Feeds' }).waitFor();
    // Back on the overview, the navigation: Overview, then Feeds, Channels, ... in order.
    await page.goBack();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Overview');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Channels');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Channels' }).waitFor();
  });

  it('adds a feed, and shows it failing once its server is gone', async () => {
    await page.goto(`${bot.origin}/feeds`);
    await page.getByLabel('Feed or web page URL').fill(valley!.url('/valley.xml'));
    await page.getByLabel('Id (optional)').fill('valley');
    await page.getByLabel('For workspace').selectOption({ label: 'slack T-HARBOUR' });
    await page.getByRole('button', { name: 'Add feed' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Added feed valley');
    expect(await page.locator('tr[data-feed="valley"]').getAttribute('data-health')).toBe('waiting');

    await valley!.close();
    valley = null;
    await page.getByRole('button', { name: 'Poll now (valley)' }).first().click();
    // The post answers with a page of its own: reloading before it has loaded races the navigation.
    await page.getByRole('status').filter({ hasText: 'Feed valley is being polled now' }).waitFor();
    await bot.waitForLog((line) => line.msg === 'feed poll failed' && line.feedId === 'valley');
    await page.reload();
    const row = page.locator('#feed-valley');
    expect(await row.getAttribute('data-health')).toBe('failing');
    expect(await page.locator('section[aria-labelledby="failing"] tr[data-feed="valley"]').count()).toBe(1);
    await screenshot('feeds');
  });

  it('tests a query against a feed and offers it as a config rule', async () => {
    await page.getByRole('link', { name: 'Query tester' }).click();
    await page.getByLabel('Query').fill('ferry OR lighthouse');
    await page.getByLabel('Test against').selectOption({ label: 'harbour' });
    await page.getByRole('button', { name: 'Test query' }).click();
    const result = page.getByRole('region', { name: 'Result' }).or(page.locator('section[aria-labelledby="result-heading"]'));
    await result.waitFor();
    expect(await result.getByRole('status').textContent()).toContain('matches 2 of the 3 most recent items from harbour');
    expect(await result.getByRole('heading', { name: /^Matched: Harbour ferry/ }).count()).toBe(1);
    expect(await result.getByRole('heading', { name: /^Missed: Fish market/ }).count()).toBe(1);
    expect(await page.getByLabel(/Copy as config rule/).inputValue()).toContain('query: ferry OR lighthouse');
    await screenshot('query-tester');
  });

  it('shows channels with their rules, and the topics they use', async () => {
    await page.getByRole('link', { name: 'Channels' }).click();
    expect(await page.getByRole('heading', { name: '#C-NEWS' }).count()).toBe(1);
    expect(await page.getByText('daily digest at 08:30').count()).toBeGreaterThan(0);
    await screenshot('channels');
    await page.getByRole('link', { name: 'Topics' }).click();
    const ferries = page.getByRole('row', { name: /topic:ferries/ });
    expect(await ferries.textContent()).toContain('#C-NEWS');
    await screenshot('topics');
  });

  it('retries a dead letter, and the fake Slack receives it', async () => {
    await bot.waitForLog((line) => line.msg === 'permanent platform error: alert dead-lettered, subscription paused');
    const before = bot.slack.calls('chat.postMessage').length;
    await page.getByRole('link', { name: 'Outbox' }).click();
    const dead = page.locator('section[aria-labelledby="dead"] tr[data-entry]');
    expect(await dead.count()).toBe(1);
    expect(await dead.textContent()).toContain('does not exist or Herald cannot see it');
    await screenshot('outbox');
    const id = await dead.getAttribute('data-entry');
    await page.getByRole('button', { name: `Retry (alert #${id})` }).click();
    expect(await page.getByRole('status').textContent()).toContain(`Alert #${id} is queued again`);
    const calls = await bot.slack.waitForCalls('chat.postMessage', before + 1);
    expect(calls.at(-1)!.body).toMatchObject({ channel: 'C-NEWS' });
    expect(String(calls.at(-1)!.body.text)).toContain('Harbour ferry adds a late winter crossing');
    await bot.waitForLog((line) => line.msg === 'web panel change' && line.action === 'outbox retry' && line.by === 'admin token');
  });

  it('drops a held alert: it becomes a dead letter that says who dropped it', async () => {
    await page.goto(`${bot.origin}/outbox`);
    const held = page.locator('section[aria-labelledby="held"] tr[data-entry]').first();
    const id = await held.getAttribute('data-entry');
    await page.getByRole('button', { name: `Drop (alert #${id})` }).click();
    expect(await page.getByRole('status').textContent()).toContain(`Alert #${id} was dropped`);
    const dead = page.locator(`section[aria-labelledby="dead"] tr[data-entry="${id}"]`);
    expect(await dead.textContent()).toContain('dropped from the web panel by admin token');
    await bot.waitForLog((line) => line.msg === 'web panel change' && line.action === 'outbox drop' && line.outboxId === Number(id));
  });

  it('refuses a form whose CSRF token was tampered with', async () => {
    await page.goto(`${bot.origin}/channels`);
    await page.locator('input[name="_csrf"]').evaluateAll((inputs) => inputs.forEach((input) => input.setAttribute('value', 'forged')));
    // The dead letter paused #C-NEWS's subscription: its button resumes.
    const response = page.waitForResponse((candidate) => candidate.url().endsWith('/channels/resume'));
    await page.getByRole('button', { name: 'Resume #C-NEWS' }).click();
    expect((await response).status()).toBe(403);
    expect(await page.textContent('body')).toContain('nothing changed');
  });

  it('signs out: the session ends and pages ask for the token again', async () => {
    await page.goto(`${bot.origin}/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Herald' }).waitFor();
    await page.goto(`${bot.origin}/outbox`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });
});
