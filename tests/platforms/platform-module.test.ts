// Adding a platform is a folder exporting a PlatformModule, and an entry in the list of modules:
// here the list is platforms/modules.ts's plus a fake folder's module, and a story polled from a
// local feed reaches it through the real pipeline and outbox.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Herald } from '../../src/app.ts';
import { readEnvironment } from '../../src/config/env.ts';
import { configSchema } from '../../src/config/schema.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { PLATFORM_MODULES } from '../../src/platforms/modules.ts';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.ts';
import { pagerModule } from '../fakes/pager-platform/index.ts';
import { subscription } from '../store/records.ts';

let server: FeedServer;
let dir: string;

beforeEach(async () => {
  server = await startFeedServer();
  dir = mkdtempSync(join(tmpdir(), 'herald-platform-'));
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const feed = (titles: string[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Lighthouse Log</title><link>https://lighthouse.test/</link>${titles
    .map((title) => `<item><guid>${title.length}</guid><link>https://lighthouse.test/${title.length}</link><title>${title}</title></item>`)
    .join('')}</channel></rss>`;

it('delivers an alert to a platform added through its module alone', async () => {
  const pager = pagerModule();
  server.route('/log.xml', { body: feed(['Keeper logs a calm night']) });
  const config = configSchema.parse({ storage: { path: join(dir, 'herald.db') }, fetch: server.fetchConfig(), feeds: [{ id: 'log', url: server.url('/log.xml') }] });
  const herald = await Herald.start({ config, env: readEnvironment({}), log: silentLogger(), write: () => undefined, platforms: [...PLATFORM_MODULES, pager] });
  try {
    expect([...herald.platforms.keys()]).toEqual(['console', 'pager']);
    await herald.store.addSubscription(subscription({ id: 'sub_pager', platform: 'pager', workspace: null, channel: 'night-shift', query: 'fog', createdBy: 'config', managedByConfig: true }));
    await herald.poll({ all: true });
    server.route('/log.xml', { body: feed(['Fog horn sounds for the first time in years', 'Keeper logs a calm night']) });
    await herald.poll({ all: true });
    const report = await herald.deliver();

    expect(report.sent).toBe(1);
    expect(pager.platform.sent.map((alert) => [alert.platform, alert.channel, alert.item.title])).toEqual([['pager', 'night-shift', 'Fog horn sounds for the first time in years']]);
  } finally {
    await herald.close();
  }
});
