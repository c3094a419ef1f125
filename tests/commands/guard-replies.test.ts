// Issue 18, finding 3: a trusted host skipped the port allow-list, and chat replies quoted what
// the target answered ('it starts with "admin_password=hunter2; ..."') and what an internal name
// resolves to. Through the real feed loader (guarded fetch) against a local server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandRateLimiter, feedLoader, handleCommandText, type CommandContext } from '../../src/commands/index.ts';
import { configSchema } from '../../src/config/schema.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { fakeResolver, startFeedServer, type FeedServer } from '../fakes/feed-server.ts';
import { recordedStoriesOver } from './recorded-stories.ts';

let server: FeedServer;
let store: SqliteStore;
const lookup = fakeResolver({ 'intranet.test': ['127.0.0.1'], 'inner.test': ['127.0.0.1'] });

beforeEach(async () => {
  server = await startFeedServer();
  server.route('/', { body: 'admin_password=hunter2; api_key=AKIAINTE\n', contentType: 'text/plain' });
  store = SqliteStore.open(':memory:');
  await store.migrate();
});

afterEach(async () => {
  await store.close();
  await server.close();
});

function context(fetch: Record<string, unknown>): CommandContext {
  const config = configSchema.parse({ fetch });
  return {
    store,
    config,
    actor: { platform: 'slack', workspace: 'T1', channel: 'C1', userId: 'U1', isAdmin: false },
    loadFeed: feedLoader(config, { lookup }),
    rateLimiter: new CommandRateLimiter(),
    recordedStories: recordedStoriesOver(store, config),
    now: Date.now,
    newId: () => 'id1',
  };
}

describe('replies about refused or unusable feed URLs', () => {
  it('holds a trusted host to the port allow-list: no request reaches its other ports', async () => {
    const reply = await handleCommandText(`subscribe http://intranet.test:${server.port}/ korea`, context({ trustedHosts: ['intranet.test'] }));
    expect(reply.status).toBe('error');
    expect(reply.text).toContain(`port ${server.port} is not in fetch.allowedPorts (80, 443, 8080, 8443)`);
    expect(server.requests()).toEqual([]);
  });

  it('never quotes the body of an answer that is not a feed', async () => {
    const reply = await handleCommandText(
      `subscribe http://intranet.test:${server.port}/ korea`,
      context({ trustedHosts: ['intranet.test'], allowedPorts: [server.port] }),
    );
    expect(server.requests()).toHaveLength(1);
    expect(reply.status).toBe('error');
    expect(reply.text).toContain('the response is not a feed');
    expect(reply.text).not.toMatch(/hunter2|AKIAINTE|admin_password|starts with/);
  });

  it('never says what an internal host name resolves to', async () => {
    const reply = await handleCommandText(`subscribe http://inner.test:${server.port}/ korea`, context({ allowedPorts: [server.port] }));
    expect(reply.status).toBe('error');
    expect(reply.text).toContain('inner.test resolves only to addresses Herald does not fetch from (private, loopback or reserved)');
    expect(reply.text).not.toContain('127.0.0.1');
    expect(server.requests()).toEqual([]);
  });
});
