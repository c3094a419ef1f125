// Invented alerts and a SlackPlatform wired to the fake Slack API, for the Slack tests.
import { Writable } from 'node:stream';
import type { Alert, Item } from '../../../src/domain/types.ts';
import { createLogger, type Logger } from '../../../src/observability/logger.ts';
import type { PacerClock } from '../../../src/platforms/slack/channel-pacer.ts';
import { SlackPlatform } from '../../../src/platforms/slack/slack-platform.ts';
import { createSlackWebClient, type SlackClientSettings } from '../../../src/platforms/slack/web-client.ts';
import type { FakeSlackApi } from '../../fakes/slack-api.ts';

export const TOKEN = 'xoxb-1111-2222-herald-test-token';
export const NOW = Date.parse('2024-06-20T12:00:00Z');

export function item(overrides: Partial<Item> = {}): Item {
  return {
    feedId: 'lighthouse',
    key: 'guid:keeper-logbook',
    url: 'https://lighthouse.example.test/articles/keeper-logbook',
    title: 'Keeper\'s logbook from 1911 found behind a <wall> panel',
    text: 'Restorers found the logbook while replacing a damp panel. It records storms & ship sightings.',
    summary: 'Restorers found the logbook while replacing a damp panel.',
    published: '2024-06-20T10:00:00.000Z',
    categories: ['heritage'],
    author: null,
    sourceName: 'Cape Lantern Weekly',
    contentHash: 'hash-keeper-logbook',
    ...overrides,
  };
}

export function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    subscriptionId: 'sub-heritage',
    platform: 'slack',
    workspace: 'T0FAKE',
    channel: 'C0HERITAGE',
    storyId: 'story-logbook',
    item: item(),
    sources: [{ name: 'Cape Lantern Weekly', url: 'https://lighthouse.example.test/articles/keeper-logbook' }],
    topic: null,
    template: null,
    kind: 'new',
    ...overrides,
  };
}

/** Every log line the logger writes, as text, so tests can look for secrets in it. */
export function capturedLogger(): { log: Logger; lines: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: createLogger({ level: 'debug', destination }), lines: () => chunks.join('') };
}

/** A clock that never waits: it records each requested sleep and resolves at once. */
export function instantClock(now = NOW): PacerClock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, now: () => now, sleep: async (ms) => void sleeps.push(ms) };
}

export const NO_RETRIES: SlackClientSettings = { timeoutMs: 5_000, retry: { retries: 0 } };

export function slackPlatform(
  api: FakeSlackApi,
  options: { log?: Logger; admins?: string[]; clock?: PacerClock; settings?: SlackClientSettings } = {},
): SlackPlatform {
  const log = options.log ?? createLogger({ level: 'silent' });
  const client = createSlackWebClient(TOKEN, api.apiUrl, log, options.settings ?? NO_RETRIES);
  return new SlackPlatform(client, { admins: () => options.admins ?? [], log, clock: options.clock ?? instantClock() });
}
