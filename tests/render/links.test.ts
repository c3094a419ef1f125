// Every rendering links to the item as its feed published it, not to the canonical form that
// only identifies it (a site may not answer on `news.example` what it serves on `www.news.example`); an
// alert queued before items carried their published link still links to its canonical URL.
import { describe, expect, it } from 'vitest';
import { alertRecord } from '../../src/deliver/alert-record.ts';
import type { Alert, Digest } from '../../src/domain/types.ts';
import { renderConsoleAlert } from '../../src/platforms/console/render.ts';
import { renderConsoleDigest } from '../../src/platforms/console/render-digest.ts';
import { renderDiscordAlert } from '../../src/platforms/discord/render.ts';
import { renderDiscordDigest } from '../../src/platforms/discord/render-digest.ts';
import { renderSlackAlert } from '../../src/platforms/slack/render.ts';
import { renderSlackDigest } from '../../src/platforms/slack/render-digest.ts';
import { makeAlert, NOW } from './alert.ts';

const PUBLISHED = 'https://www.news.example/ferry/';
const CANONICAL = 'https://news.example/ferry';

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
  ['JSON record', (alert) => alertRecord(alert, { platform: 'console', channel: 'C1', id: '1' }).url ?? ''],
];

describe.each(renderings)('%s', (_, render) => {
  it('links to the published link', () => {
    const rendered = render(makeAlert({ item: { url: CANONICAL, link: PUBLISHED }, sources: [] }));
    expect(rendered).toContain(PUBLISHED);
    expect(rendered).not.toMatch(/news\.example\/ferry(?!\/)/);
  });

  it('links to the canonical URL when the alert predates published links', () => {
    expect(render(makeAlert({ item: { url: CANONICAL }, sources: [] }))).toContain(CANONICAL);
  });
});
