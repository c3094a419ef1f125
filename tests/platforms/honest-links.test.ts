// Issue 18, finding 6: a feed titled an item "https://www.paypal.com/signin" with a link to
// another host, and Slack and Discord showed a link whose visible text was the PayPal address.
// Every rendering (alert and digest, Slack, Discord and the console that previews them) names
// the real host beside such a title: the shared alert layout (render/alert-layout.ts) does.
import { describe, expect, it } from 'vitest';
import type { Alert, Digest } from '../../src/domain/types.ts';
import { renderConsoleDigest } from '../../src/platforms/console/render-digest.ts';
import { renderConsoleAlert } from '../../src/platforms/console/render.ts';
import { renderDiscordDigest } from '../../src/platforms/discord/render-digest.ts';
import { renderDiscordAlert } from '../../src/platforms/discord/render.ts';
import { renderSlackDigest } from '../../src/platforms/slack/render-digest.ts';
import { renderSlackAlert } from '../../src/platforms/slack/render.ts';
import { honestTitle } from '../../src/text/link-honesty.ts';
import { makeAlert, NOW } from '../render/alert.ts';

const EVIL = 'https://login-check.evil.example/steal?x=1';

function digestOf(alert: Alert): Digest {
  return { platform: alert.platform, workspace: null, channel: 'C1', reason: 'cap', windowStart: NOW - 3_600_000, windowEnd: NOW, alerts: [alert] };
}

const renderings: [string, (alert: Alert) => string][] = [
  ['Slack alert', (alert) => JSON.stringify(renderSlackAlert(alert))],
  ['Slack digest', (alert) => JSON.stringify(renderSlackDigest(digestOf(alert)))],
  ['Discord alert', (alert) => JSON.stringify(renderDiscordAlert(alert))],
  ['Discord digest', (alert) => JSON.stringify(renderDiscordDigest(digestOf(alert), { now: NOW }))],
  ['console alert', (alert) => renderConsoleAlert(alert, { now: NOW })],
  ['console digest', (alert) => renderConsoleDigest(digestOf(alert), { now: NOW })],
];

describe.each(renderings)('%s', (_, render) => {
  it('shows the real host beside a headline that reads as another address', () => {
    const rendered = render(makeAlert({ item: { title: 'https://www.paypal.com/signin', url: EVIL, link: EVIL } }));
    expect(rendered).toContain('(link to login-check.evil.example)');
  });

  it('leaves an ordinary headline, and one naming its own site, as written', () => {
    expect(render(makeAlert())).not.toContain('link to');
    expect(render(makeAlert({ item: { title: 'News.example wins a press award', url: 'https://www.news.example/award' } }))).not.toContain('link to');
  });
});

describe('honestTitle', () => {
  it.each([
    ['https://www.paypal.com/signin', EVIL, 'https://www.paypal.com/signin (link to login-check.evil.example)'],
    ['www.bank.co.uk: your statement', EVIL, 'www.bank.co.uk: your statement (link to login-check.evil.example)'],
    ['Sign in at paypal.com now', EVIL, 'Sign in at paypal.com now (link to login-check.evil.example)'],
    ['Sign in at paypal.com now', 'https://www.paypal.com/x', 'Sign in at paypal.com now'],
    ['Blog at evil.example moved', EVIL, 'Blog at evil.example moved'],
    ['Node.js 22 is out; setup.py changes', EVIL, 'Node.js 22 is out; setup.py changes'],
    ['https://www.paypal.com/signin', null, 'https://www.paypal.com/signin'],
  ])('%s -> %s', (title, link, expected) => {
    expect(honestTitle(title, link)).toBe(expected);
  });
});
