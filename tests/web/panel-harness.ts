// Runs `herald run` in this process with the web panel on a free port, a local feed server and
// a fake Slack, for the panel's HTTP and browser tests. The panel's port and every later event
// (a poll that failed, a dead letter) are read from the JSON log lines as they arrive.
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/program.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/slack-api.ts';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.ts';
import { createWorkspace, type Workspace } from '../integration/harness.ts';

export const WEB_TOKEN = 'panel-test-token-7f3a9c1e5b';
/** A credential in a feed URL: no page may show it. */
export const FEED_SECRET = 'harbour-key-91b2c7d4';
export const SLACK_WORKSPACE = 'T-HARBOUR';

export interface FeedEntry {
  title: string;
  description: string;
}

/** An RSS body with these items, newest first, of invented text. */
export function rss(title: string, entries: FeedEntry[]): string {
  const items = entries.map(
    (entry, index) =>
      `<item><title>${entry.title}</title><link>http://news.test/${encodeURIComponent(title)}/${index}</link><guid>${title}-${index}</guid><description>${entry.description}</description><pubDate>${new Date(Date.UTC(2026, 0, 20 - index)).toUTCString()}</pubDate></item>`,
  );
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>http://news.test/</link>${items.join('')}</channel></rss>`;
}

export const HARBOUR_ITEMS: FeedEntry[] = [
  { title: 'Harbour ferry adds a late winter crossing', description: 'The island ferry runs one more evening crossing from December.' },
  { title: 'Lighthouse keepers open the tower to visitors', description: 'Guided climbs start on Saturdays.' },
  { title: 'Fish market moves to the old customs hall', description: 'Stalls reopen on Monday at the quay.' },
];

interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface PanelBot {
  /** `http://127.0.0.1:PORT` of the panel. */
  readonly origin: string;
  readonly feeds: FeedServer;
  readonly slack: FakeSlackApi;
  readonly workspace: Workspace;
  readonly log: LogLine[];
  /** Resolves with the first log line (already logged, or later) for which `match` holds. */
  waitForLog(match: (line: LogLine) => boolean): Promise<LogLine>;
  stop(): Promise<void>;
}

export interface PanelBotOptions {
  /** Ports of other feed servers the bot may fetch from. */
  extraPorts?: number[];
  /** Runs before the bot starts (scripted Slack failures for its first delivery). */
  prepare?: (fakes: { slack: FakeSlackApi; feeds: FeedServer }) => void;
}

export async function startPanelBot(options: PanelBotOptions = {}): Promise<PanelBot> {
  const [feeds, slack] = await Promise.all([startFeedServer(), startFakeSlackApi({ token: 'xoxb-panel-test', teamId: SLACK_WORKSPACE })]);
  feeds.route('/harbour.xml', { body: rss('Harbour Gazette', HARBOUR_ITEMS) });
  options.prepare?.({ slack, feeds });
  const workspace = createWorkspace();
  workspace.writeConfig({
    web: { port: 0 },
    http: { port: 0 },
    fetch: feeds.fetchConfig({ allowedPorts: [80, 443, feeds.port, ...(options.extraPorts ?? [])] }),
    defaults: { backfill: 3 },
    topics: { ferries: 'ferry OR crossing', lights: 'lighthouse' },
    feeds: [{ id: 'harbour', name: 'Harbour Gazette', url: feeds.url(`/harbour.xml?api_key=${FEED_SECRET}`) }],
    channels: [
      { platform: 'slack', workspace: SLACK_WORKSPACE, channel: 'C-NEWS', feeds: ['harbour'], topics: ['ferries'], template: '{title} ({sources})\n{link}' },
      // A daily digest holds its alerts: the outbox has held rows to show.
      { platform: 'slack', workspace: SLACK_WORKSPACE, channel: 'C-LIGHTS', feeds: ['harbour'], query: 'topic:lights', digest: 'daily 08:30', quietHours: { from: '23:00', to: '06:00' }, timezone: 'Europe/Oslo' },
    ],
  });
  const stderr = new PassThrough();
  const log: LogLine[] = [];
  let buffered = '';
  stderr.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const complete = buffered.split('\n');
    buffered = complete.pop() ?? '';
    log.push(...complete.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as LogLine));
  });
  const waitForLog = async (match: (line: LogLine) => boolean): Promise<LogLine> => {
    for (;;) {
      const found = log.find(match);
      if (found !== undefined) return found;
      await once(stderr, 'data');
    }
  };
  let stop!: () => void;
  const stopSignal = new Promise<void>((resolve) => (stop = resolve));
  const env = { ...workspace.env, LOG_FORMAT: 'json', HERALD_WEB_TOKEN: WEB_TOKEN, SLACK_BOT_TOKEN: 'xoxb-panel-test', SLACK_API_URL: slack.apiUrl };
  const exit = runCli(['run'], { stdout: new PassThrough(), stderr, env, stopSignal });
  const exitedEarly = exit.then((code) => Promise.reject(new Error(`herald run exited ${code} before serving the panel:\n${JSON.stringify(log, null, 1)}`)));
  const serving = await Promise.race([waitForLog((line) => line.msg === 'serving the web panel'), exitedEarly]);
  return {
    origin: `http://127.0.0.1:${String(serving.port)}`,
    feeds,
    slack,
    workspace,
    log,
    waitForLog,
    async stop() {
      stop();
      await exit;
      await Promise.all([feeds.close(), slack.close()]);
      workspace.remove();
    },
  };
}

/** The Set-Cookie headers of a response as one Cookie header. */
export function cookieOf(response: Response): string {
  return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
}

/** The value of a page's first CSRF field. */
export function csrfOf(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
}

/** Posts a form as a browser on `origin` would (the panel's own by default). */
export function postForm(bot: PanelBot, path: string, fields: Record<string, string>, cookie: string, origin = bot.origin): Promise<Response> {
  return fetch(`${bot.origin}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

/** Posts the sign-in form with `token`, with the form's own CSRF token and cookie. */
export async function postSignIn(bot: PanelBot, token: string): Promise<Response> {
  const form = await fetch(`${bot.origin}/sign-in`);
  return postForm(bot, '/sign-in', { _csrf: csrfOf(await form.text()), token }, cookieOf(form));
}

/** Signs in over HTTP: the session cookie and the session's CSRF token. */
export async function signIn(bot: PanelBot): Promise<{ cookie: string; csrf: string }> {
  const cookie = cookieOf(await postSignIn(bot, WEB_TOKEN));
  const overview = await fetch(`${bot.origin}/`, { headers: { cookie } });
  return { cookie, csrf: csrfOf(await overview.text()) };
}

/** Debian's Chromium, where the machine has it (`.ci/run` installs it); null with the reason otherwise. */
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path)) ?? null;

export function skipWithoutChromium(): boolean {
  if (CHROMIUM !== null) return false;
  console.log('browser tests skipped: no Chromium at /usr/bin/chromium; install it with: apt-get install -y --no-install-recommends chromium');
  return true;
}

/** Where the browser tests save page screenshots for the README: set HERALD_SCREENSHOTS=docs/screenshots to make them. */
export const SCREENSHOTS = process.env.HERALD_SCREENSHOTS ?? null;
