// Operator listings: say when they are empty, and show times on the machine's clock with their age.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { localTime } from '../../src/cli/local-time.ts';
import { useTestBed } from '../integration/harness.ts';

const NOW = Date.parse('2026-12-03T08:00:00Z');

describe('localTime', () => {
  it('writes the time in the given zone with its age, either way from now', () => {
    expect(localTime(NOW - 3 * 60_000, NOW, 'Europe/Paris')).toBe('2026-12-03 08:57:00 CET (3 minutes ago)');
    expect(localTime(NOW + 4 * 3_600_000, NOW, 'UTC')).toBe('2026-12-03 12:00:00 UTC (in 4 hours)');
    expect(localTime(NOW - 10_000, NOW, 'UTC')).toBe('2026-12-03 07:59:50 UTC (just now)');
    expect(localTime(null, NOW)).toBe('never');
  });
});

describe('listings', () => {
  const bed = useTestBed();

  it('say they are empty, and where to look instead', async () => {
    bed.workspace.writeConfig({});
    const feeds = await bed.workspace.run('feeds', 'status');
    expect(feeds.stdout).toBe('no feeds yet: list some under feeds: in the config, or add one with /news feed add <url> (herald chat)\n');
    const dead = await bed.workspace.run('outbox', 'list');
    expect(dead.stdout).toBe('no dead alerts or notices in the outbox; other lists: --status pending, held, sent\n');
    const held = await bed.workspace.run('outbox', 'list', '--status', 'held');
    expect(held.stdout).toBe('no held alerts in the outbox; other lists: --status pending, sent, dead\n');
  });

  it('show feed times on the local clock with their age', async () => {
    bed.server.route('/world.xml', { body: readFileSync(new URL('../fixtures/feeds/topic-feed.xml', import.meta.url), 'utf8') });
    bed.workspace.writeConfig({ fetch: bed.server.fetchConfig(), feeds: [{ id: 'world', url: bed.server.url('/world.xml') }] });
    await bed.workspace.run('poll', '--once');
    const { stdout } = await bed.workspace.run('feeds', 'status');
    const stamp = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+`;
    expect(stdout).toMatch(new RegExp(String.raw`^world \[config\]  ok\n  url: .*\n  last success: ${stamp} \(just now\)\n  last poll: ${stamp} \(just now\)\n  next poll: ${stamp} \(in (9|10) minutes\)\n$`));
  });
});
