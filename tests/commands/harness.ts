// A command context over a real SQLite store in memory, a fake feed loader serving invented
// feeds (no network), a settable clock and predictable ids.
import { configSchema, type HeraldConfig } from '../../src/config/schema.ts';
import { subscriptionsFromConfig } from '../../src/config/channels.ts';
import { handleCommandText } from '../../src/commands/handle.ts';
import type { Actor, CommandContext, DocumentLoad, LoadedFeed } from '../../src/commands/context.ts';
import { CommandRateLimiter, type RateLimiterOptions } from '../../src/commands/rate-limit.ts';
import type { CommandReply } from '../../src/commands/reply.ts';
import { HeraldError } from '../../src/domain/errors.ts';
import type { Item } from '../../src/domain/types.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { recordedStoriesOver } from './recorded-stories.ts';

export const T0 = Date.parse('2024-06-20T12:00:00Z');
export const GAZETTE_URL = 'https://gazette.example.test/world/rss.xml';
export const COURIER_URL = 'https://courier.example.test/news/feed.xml';

export const ACTOR: Actor = { platform: 'slack', workspace: 'T-HARBOUR', channel: 'C-NEWSROOM', userId: 'U-REPORTER', isAdmin: false };

export function item(feedUrl: string, overrides: Partial<Item> & { title: string }): Item {
  const key = overrides.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return {
    feedId: feedUrl,
    key: `guid:${key}`,
    url: `${new URL(feedUrl).origin}/articles/${key}`,
    text: '',
    summary: '',
    published: '2024-06-20T09:00:00.000Z',
    categories: [],
    author: null,
    sourceName: 'Harbour Gazette',
    contentHash: `hash-${key}`,
    ...overrides,
  };
}

/** Invented items in the shape of a single-topic newspaper feed: several sub-stories, newest first. */
export const GAZETTE: LoadedFeed = {
  title: 'World | Harbour Gazette',
  items: [
    item(GAZETTE_URL, {
      title: 'Coastguard tracks satellite debris falling off the northern cape',
      text: 'Fragments of a failed satellite launch came down at sea, the coastguard said on Thursday.',
      published: '2024-06-20T10:00:00.000Z',
    }),
    item(GAZETTE_URL, {
      title: 'Neighbours protest after overnight missile test',
      text: 'Two capitals summoned envoys after the launch, which flew over open water.',
      published: '2024-06-20T08:00:00.000Z',
    }),
    item(GAZETTE_URL, {
      title: 'City marathon returns after a three-year pause',
      text: 'Runners from twelve countries are expected on the harbour course in the autumn.',
      published: '2024-06-19T16:00:00.000Z',
    }),
    item(GAZETTE_URL, {
      title: 'Ferry operator adds a late winter crossing',
      text: 'The island route gains an evening sailing from December.',
      published: '2024-06-18T07:30:00.000Z',
    }),
  ],
};

export const COURIER: LoadedFeed = {
  title: 'Valley Courier',
  items: [
    item(COURIER_URL, {
      title: 'Weather satellite images show the storm turning north',
      text: 'Forecasters expect heavy rain in the valley by the weekend.',
      sourceName: 'Valley Courier',
      published: '2024-06-20T11:00:00.000Z',
    }),
    item(COURIER_URL, {
      title: 'Valley orchards brace for a late frost',
      text: 'Growers lit burners overnight to protect the blossom.',
      sourceName: 'Valley Courier',
      published: '2024-06-20T06:00:00.000Z',
    }),
  ],
};

export const CONFIG_INPUT = {
  topics: { orbit: 'satellite OR "launch debris"', 'sea-news': 'ferry OR coastguard' },
  feeds: [{ id: 'gazette', url: GAZETTE_URL }],
  channels: [{ platform: 'slack', workspace: 'T-HARBOUR', channel: 'C-NEWSROOM', feeds: ['gazette'], topics: ['sea-news'] }],
  admins: { slack: ['U-EDITOR'] },
};

export interface Harness {
  store: SqliteStore;
  config: HeraldConfig;
  /** URLs the fake loader was asked for, in order. */
  loads: string[];
  /** What each URL serves; a missing URL answers 404, an Error is thrown as is. */
  served: Map<string, LoadedFeed | Error>;
  setTime(time: number): void;
  context(actor?: Partial<Actor>): CommandContext;
  run(text: string, actor?: Partial<Actor>): Promise<CommandReply>;
  close(): Promise<void>;
}

export async function harness(options: { config?: Record<string, unknown>; limits?: RateLimiterOptions; loadDocument?: (config: HeraldConfig) => DocumentLoad } = {}): Promise<Harness> {
  const store = SqliteStore.open(':memory:');
  await store.migrate();
  const config = configSchema.parse(options.config ?? CONFIG_INPUT);
  await store.syncConfigFeeds(
    config.feeds.map((feed) => ({ id: feed.id, url: feed.url, name: feed.name ?? null, intervalMs: feed.interval ?? config.defaults.interval })),
    T0,
  );
  await store.syncConfigSubscriptions(subscriptionsFromConfig(config, T0));

  let time = T0;
  let ids = 0;
  const loads: string[] = [];
  const served = new Map<string, LoadedFeed | Error>([
    [GAZETTE_URL, GAZETTE],
    [COURIER_URL, COURIER],
  ]);
  const rateLimiter = new CommandRateLimiter(options.limits);
  const recordedStories = recordedStoriesOver(store, config, () => time);
  const loadFeed = async (url: string): Promise<LoadedFeed> => {
    loads.push(url);
    const feed = served.get(url);
    if (feed === undefined) throw new HeraldError('fetch_http_status', `feed '${url}' answered HTTP 404 Not Found; check the feed URL`, { url });
    if (feed instanceof Error) throw feed;
    return feed;
  };
  const context = (actor: Partial<Actor> = {}): CommandContext => ({
    store,
    config,
    actor: { ...ACTOR, ...actor },
    loadFeed,
    ...(options.loadDocument ? { loadDocument: options.loadDocument(config) } : {}),
    rateLimiter,
    recordedStories,
    now: () => time,
    newId: () => `id${(ids += 1)}`,
  });
  return {
    store,
    config,
    loads,
    served,
    setTime: (next) => {
      time = next;
    },
    context,
    run: (text, actor) => handleCommandText(text, context(actor)),
    close: () => store.close(),
  };
}
