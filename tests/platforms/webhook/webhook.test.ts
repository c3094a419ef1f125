// The webhook platform through the real pipeline: local feeds, a receiver on 127.0.0.1 (allowed
// the way feed tests allow their server: fetch.allowPrivateAddresses and its port), the
// signature checked with the README's own recipe, a Slack-compatible body taken by a
// Mattermost-like receiver, an update posted with the same message_id, refusals at config load.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Herald } from '../../../src/app.ts';
import { readEnvironment } from '../../../src/config/env.ts';
import { parseConfigText } from '../../../src/config/load.ts';
import { configSchema } from '../../../src/config/schema.ts';
import { silentLogger } from '../../../src/observability/logger.ts';
import { startFeedServer, type FeedServer } from '../../fakes/feed-server.ts';
import { startWebhookReceiver, type ReceivedPost, type WebhookReceiver } from '../../fakes/webhook-receiver.ts';

const TOOLS_SECRET = 'tools-secret-0123456789abcdef';
const MM_SECRET = 'mattermost-secret-0123456789';

let server: FeedServer;
let receiver: WebhookReceiver;
let dir: string;

beforeEach(async () => {
  server = await startFeedServer();
  receiver = await startWebhookReceiver();
  dir = mkdtempSync(join(tmpdir(), 'herald-webhook-'));
});
afterEach(async () => {
  await server.close();
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

type Verify = (secret: string, headers: Record<string, unknown>, rawBody: string) => boolean;

/** The verification snippet exactly as the README prints it, loaded as a module. */
async function readmeVerifier(): Promise<Verify> {
  const readme = readFileSync('README.md', 'utf8');
  const snippet = /\*\*Verifying a post\.\*\*[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(snippet, 'README has the verification snippet').toBeDefined();
  const file = join(dir, 'verify.mjs');
  writeFileSync(file, `${snippet}\nexport { verifyHerald };\n`);
  return ((await import(pathToFileURL(file).href)) as { verifyHerald: Verify }).verifyHerald;
}

// An item's guid and link follow its title, so a page listing it again lists the same item.
const slug = (title: string) => title.toLowerCase().replace(/\W+/g, '-');
const feed = (site: string, titles: string[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>${site}</title><link>https://${site}.test/</link>${titles
    .map((title) => `<item><guid>${slug(title)}</guid><link>https://${site}.test/${slug(title)}</link><title>${title}</title><description>${title}, as reported at dawn.</description></item>`)
    .join('')}</channel></rss>`;

const STORY = 'Fog horn sounds over the harbour for the first time in years';

// Mattermost's incoming webhooks take these keys (and Slack's); anything else, or no text, is refused.
const MATTERMOST_KEYS = new Set(['text', 'channel', 'username', 'icon_url', 'icon_emoji', 'attachments', 'props', 'type', 'priority']);
function mattermostAnswer(post: ReceivedPost): { status: number; body: string } {
  if (post.headers['content-type'] !== 'application/json') return { status: 400, body: 'Unable to parse incoming data' };
  const body = JSON.parse(post.body) as Record<string, unknown>;
  if (typeof body.text !== 'string' || body.text === '' || Object.keys(body).some((key) => !MATTERMOST_KEYS.has(key))) return { status: 400, body: 'Unable to parse incoming data' };
  return { status: 200, body: 'ok' };
}

async function start(): Promise<Herald> {
  const config = configSchema.parse({
    storage: { path: join(dir, 'herald.db') },
    fetch: server.fetchConfig({ allowedPorts: [server.fetchConfig().allowedPorts as number[], receiver.port].flat() }),
    feeds: [
      { id: 'north', url: server.url('/north.xml') },
      { id: 'south', url: server.url('/south.xml') },
    ],
    webhooks: { tools: { url: receiver.url('/hooks/tools') }, 'team-mm': { url: receiver.url('/hooks/mm'), format: 'slack' } },
    channels: [
      { platform: 'webhook', channel: 'tools', query: 'fog' },
      { platform: 'webhook', channel: 'team-mm', query: 'fog' },
    ],
  });
  const env = readEnvironment({ HERALD_WEBHOOK_SECRET_TOOLS: TOOLS_SECRET, HERALD_WEBHOOK_SECRET_TEAM_MM: MM_SECRET });
  return Herald.start({ config, env, log: silentLogger(), write: () => undefined });
}

it('posts a signed alert, then its update with the same message_id; the Slack format is taken by a Mattermost-like receiver', async () => {
  receiver.answer((post) => (post.path === '/hooks/mm' ? mattermostAnswer(post) : { status: 200 }));
  server.route('/north.xml', { body: feed('north', ['Keeper logs a calm night']) });
  server.route('/south.xml', { body: feed('south', ['Ferry timetable unchanged']) });
  const herald = await start();
  try {
    expect([...herald.platforms.keys()]).toEqual(['console', 'webhook']);
    await herald.poll({ all: true });
    server.route('/north.xml', { body: feed('north', [STORY, 'Keeper logs a calm night']) });
    await herald.poll({ all: true });
    expect(await herald.deliver()).toMatchObject({ sent: 2, retried: 0, dead: 0 });

    const [alert, mattermost] = [receiver.posts.find((post) => post.path === '/hooks/tools')!, receiver.posts.find((post) => post.path === '/hooks/mm')!];
    const verify = await readmeVerifier();
    expect(verify(TOOLS_SECRET, alert.headers, alert.body)).toBe(true);
    expect(verify(MM_SECRET, mattermost.headers, mattermost.body)).toBe(true);
    expect(verify(MM_SECRET, alert.headers, alert.body)).toBe(false);
    expect(verify(TOOLS_SECRET, alert.headers, alert.body.replace('Fog horn', 'Fog hörn'))).toBe(false);

    const payload = JSON.parse(alert.body) as Record<string, unknown>;
    expect(payload).toMatchObject({
      event: 'alert',
      target: 'tools',
      title: STORY,
      link: `https://north.test/${slug(STORY)}`,
      feed: { id: 'north', name: 'north' },
      outlets: [{ name: 'north', url: `https://north.test/${slug(STORY)}` }],
      subscriptions: [expect.any(String)],
    });
    // Exactly the keys the schema's alert event lists, each one it requires.
    const schema = JSON.parse(readFileSync('docs/webhook-payload.schema.json', 'utf8')) as { $defs: Record<string, { required: string[]; properties: object }> };
    const required = [...schema.$defs.alertEvent!.required, ...schema.$defs.alertFields!.required];
    expect(Object.keys(payload).sort()).toEqual(required.sort());
    expect(Object.keys(schema.$defs.alertEvent!.properties).sort()).toEqual(required.sort());

    expect(JSON.parse(mattermost.body)).toEqual({ text: expect.stringContaining(`*<https://north.test/${slug(STORY)}|${STORY}>*`) });

    // The story reaches a second outlet: the same message is updated.
    server.route('/south.xml', { body: feed('south', [STORY, 'Ferry timetable unchanged']) });
    await herald.poll({ all: true });
    expect(await herald.deliver()).toMatchObject({ sent: 2, retried: 0, dead: 0 });
    const updates = receiver.posts.slice(2);
    const update = JSON.parse(updates.find((post) => post.path === '/hooks/tools')!.body) as Record<string, unknown>;
    expect(update).toMatchObject({ event: 'update', message_id: payload.message_id, story_id: payload.story_id, title: STORY });
    expect(update.outlets).toEqual([{ name: 'north', url: `https://north.test/${slug(STORY)}` }, { name: 'south', url: `https://south.test/${slug(STORY)}` }]);
    expect(JSON.parse(updates.find((post) => post.path === '/hooks/mm')!.body).text).toBe(
      `Update: *<https://north.test/${slug(STORY)}|${STORY}>*\nas reported at dawn.\n_north, south_`,
    );
  } finally {
    await herald.close();
  }
});

it('retries a 5xx and dead-letters any other 4xx with the reason', async () => {
  receiver.answer((post) => (post.path === '/hooks/mm' ? { status: 404 } : { status: 503 }));
  server.route('/north.xml', { body: feed('north', []) });
  server.route('/south.xml', { body: feed('south', []) });
  const herald = await start();
  try {
    await herald.poll({ all: true });
    server.route('/north.xml', { body: feed('north', [STORY]) });
    await herald.poll({ all: true });
    expect(await herald.deliver()).toMatchObject({ sent: 0, retried: 1, dead: 1 });
    const entries = await herald.store.listOutbox();
    expect(entries.find((entry) => entry.alert.channel === 'tools')).toMatchObject({ status: 'pending', lastError: expect.stringContaining("webhook target 'tools' (http://127.0.0.1:") });
    expect(entries.find((entry) => entry.alert.channel === 'team-mm')).toMatchObject({
      status: 'dead',
      lastError: expect.stringContaining("webhook target 'team-mm' (http://127.0.0.1:" + receiver.port + ') refused the post with 404 Not Found; check the url in webhooks:'),
    });
  } finally {
    await herald.close();
  }
});

it('refuses hostile or unknown targets when the config loads, naming the fix', () => {
  const load = (yaml: string) => () => parseConfigText(yaml, {}, 'herald.yaml');
  expect(load('webhooks:\n  meta: { url: "http://169.254.169.254/latest/meta-data" }\n')).toThrow(
    /webhooks\.meta\.url: Herald will not post to http:\/\/169\.254\.169\.254: 169\.254\.169\.254 is the cloud metadata address; set fetch\.allowPrivateAddresses: true/,
  );
  expect(load('webhooks:\n  lan: { url: "http://10.1.2.3/hook" }\n')).toThrow(/webhooks\.lan\.url: Herald will not post to http:\/\/10\.1\.2\.3: 10\.1\.2\.3 is a private network address/);
  expect(load('webhooks:\n  odd: { url: "https://hooks.example.org:9999/x" }\n')).toThrow(/webhooks\.odd\.url: .*port 9999 is not in fetch\.allowedPorts .*; add 9999 to fetch\.allowedPorts/);
  expect(load('webhooks:\n  tools: { url: "https://hooks.example.org/x" }\nchannels:\n  - { platform: webhook, channel: toolz }\n')).toThrow(
    /channels\[0\]\.channel: no webhook target is named 'toolz'; the targets are: tools/,
  );
  // The same allow-list as a feed on a local test server.
  expect(parseConfigText('fetch: { allowPrivateAddresses: true, allowedPorts: [8088] }\nwebhooks:\n  local: { url: "http://127.0.0.1:8088/hook" }\n', {}, 'herald.yaml')).toMatchObject({
    webhooks: { local: { url: 'http://127.0.0.1:8088/hook', format: 'herald' } },
  });
});

it('reads each target\'s secret from HERALD_WEBHOOK_SECRET_<NAME> or its _FILE, and refuses a weak one', () => {
  const file = join(dir, 'secret');
  writeFileSync(file, `${TOOLS_SECRET}\n`);
  expect(readEnvironment({ HERALD_WEBHOOK_SECRET_TOOLS_FILE: file, HERALD_WEBHOOK_SECRET_TEAM_MM: MM_SECRET }).platforms.webhook).toEqual({ secrets: { TOOLS: TOOLS_SECRET, TEAM_MM: MM_SECRET } });
  expect(() => readEnvironment({ HERALD_WEBHOOK_SECRET_TOOLS: 'short' })).toThrow(/HERALD_WEBHOOK_SECRET_TOOLS: is shorter than 16 characters/);
  const error = (() => {
    try {
      readEnvironment({ HERALD_WEBHOOK_SECRET_TOOLS: 'leaked-value-0123456789 x' });
    } catch (thrown) {
      return String(thrown);
    }
    return '';
  })();
  expect(error).toContain('HERALD_WEBHOOK_SECRET_TOOLS: must not contain spaces');
  expect(error).not.toContain('leaked-value');
});
