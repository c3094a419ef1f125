// Adding a platform is a folder exporting a PlatformModule, and an entry in the list of modules:
// here the list is platforms/modules.ts's plus a fake folder's module. Its own environment
// variable and config section are read through that list alone, its channel rule is accepted,
// and a story polled from a local feed reaches it through the real pipeline and outbox.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Herald } from '../../src/app.ts';
import { readEnvironment } from '../../src/config/env.ts';
import { configSchema, configSchemaFor } from '../../src/config/schema.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { PLATFORM_MODULES } from '../../src/platforms/modules.ts';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.ts';
import { pagerModule } from '../fakes/pager-platform/index.ts';

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

it('configures and delivers to a platform added through its module alone', async () => {
  const pager = pagerModule();
  const platforms = [...PLATFORM_MODULES, pager];
  server.route('/log.xml', { body: feed(['Keeper logs a calm night']) });
  const file = {
    storage: { path: join(dir, 'herald.db') },
    fetch: server.fetchConfig(),
    feeds: [{ id: 'log', url: server.url('/log.xml') }],
    pager: { prefix: 'FOG' },
    channels: [{ platform: 'pager', channel: 'night-shift', query: 'fog' }],
  };
  // Without the module in the list, its section and its rules are refused.
  expect(configSchema.safeParse(file).success).toBe(false);
  const config = configSchemaFor(platforms).parse(file);
  const tokenFile = join(dir, 'pager-token');
  writeFileSync(tokenFile, 'pg-lighthouse\n');
  const env = readEnvironment({ PAGER_TOKEN_FILE: tokenFile }, platforms);

  const herald = await Herald.start({ config, env, log: silentLogger(), write: () => undefined, platforms });
  try {
    expect([...herald.platforms.keys()]).toEqual(['console', 'pager']);
    await herald.poll({ all: true });
    server.route('/log.xml', { body: feed(['Fog horn sounds for the first time in years', 'Keeper logs a calm night']) });
    await herald.poll({ all: true });
    const report = await herald.deliver();

    expect(report.sent).toBe(1);
    expect(pager.delivered.flatMap((platform) => platform.pages)).toEqual([{ token: 'pg-lighthouse', text: 'FOG night-shift: Fog horn sounds for the first time in years' }]);
  } finally {
    await herald.close();
  }
});

it('checks the platform\'s variable like every other, and leaves it off without its token', async () => {
  const pager = pagerModule();
  const platforms = [...PLATFORM_MODULES, pager];
  expect(() => readEnvironment({ PAGER_TOKEN: 'hunter2' }, platforms)).toThrow(/PAGER_TOKEN: is not a pager token \(those start with pg-\)/);
  expect(() => readEnvironment({ PAGER_TOKEN: 'pg-a', PAGER_TOKEN_FILE: join(dir, 'x') }, platforms)).toThrow('both PAGER_TOKEN and PAGER_TOKEN_FILE are set; keep one');
  const config = configSchemaFor(platforms).parse({ storage: { path: join(dir, 'herald.db') } });
  const herald = await Herald.start({ config, env: readEnvironment({}, platforms), log: silentLogger(), write: () => undefined, platforms });
  try {
    expect([...herald.platforms.keys()]).toEqual(['console']);
    expect(pager.delivered).toEqual([]);
  } finally {
    await herald.close();
  }
});
