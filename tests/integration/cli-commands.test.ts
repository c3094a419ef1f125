// The inspection commands as a user runs them: what they print and how they exit.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { useTestBed } from './harness.ts';

const bed = useTestBed();
const TOPIC_FEED = join(import.meta.dirname, '../fixtures/feeds/topic-feed.xml');

it('query test prints every item with its verdict and why, then the count', async () => {
  bed.workspace.writeConfig({ topics: { space: 'satellite OR rocket' } });
  const run = await bed.workspace.run('query', 'test', 'topic:space OR missile*', '--feed', TOPIC_FEED);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('Seoul and Tokyo protest after Pyongyang fires two ballistic missiles into the sea\n');
  expect(run.stdout).toMatch(/missiles into the sea\n {2}https:\/\/ledger\.test\/\S+\n {2}matched\n {4}found missile\* in title/);
  expect(run.stdout).toMatch(/\n {2}missed\n {4}missing one of /);
  expect(run.stdout).toMatch(/\n\d+ of 14 items match "topic:space OR missile\*"\n$/);
});

it('query test reads a saved feed file in its own encoding, as a fetched body is read', async () => {
  bed.workspace.writeConfig({});
  const latin1 = join(import.meta.dirname, '../fixtures/feeds/latin1-undeclared.xml');
  const run = await bed.workspace.run('query', 'test', 'campeão', '--feed', latin1);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('Clube Fictício é campeão da Primeira Divisão\n');
  expect(run.stdout).toMatch(/\n1 of 1 item matches "campeão"\n$/);
});

it('query test refuses a broken query with its column', async () => {
  bed.workspace.writeConfig({});
  const run = await bed.workspace.run('query', 'test', '"kim jong', '--feed', TOPIC_FEED);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/unclosed quote at column 1/);
});

it('config check passes a good file and lists every problem of a bad one, exiting 1', async () => {
  bed.workspace.writeConfig({ feeds: [{ id: 'world', url: 'https://example.org/world.xml' }] });
  const good = await bed.workspace.run('config', 'check');
  expect(good.code).toBe(0);
  expect(good.stdout).toMatch(/is valid: 1 feed, 0 topics, 0 channel rules/);

  writeFileSync(bed.workspace.configPath, 'feeds:\n  - { id: a, url: "ftp://x", interval: 5q }\nchannels:\n  - { platform: console, channel: c, topcs: [x] }\n');
  const bad = await bed.workspace.run('config', 'check');
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain("feeds[0].url: 'ftp://x' is not an http(s) URL");
  expect(bad.stderr).toContain("feeds[0].interval: '5q' is not a duration");
  expect(bad.stderr).toContain("channels[0].topcs: unknown key (did you mean 'topics'?)");
});
