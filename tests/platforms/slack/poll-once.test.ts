// `herald poll --once` with SLACK_BOT_TOKEN set: the real CLI polls a local feed and delivers
// to the fake Slack API through the Web API alone, without starting the /news receiver.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../../fakes/feed-server.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../../fakes/slack-api.ts';
import { createWorkspace, type Workspace } from '../../integration/harness.ts';
import { TOKEN } from './fixtures.ts';

const FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>Cape Lantern Weekly</title><link>https://lighthouse.example.test/</link>
  <item>
    <title>Fog bell restored after forty silent years</title>
    <link>https://lighthouse.example.test/articles/fog-bell</link>
    <guid>https://lighthouse.example.test/articles/fog-bell</guid>
    <description>Volunteers rang the bell at noon for the first time since the keepers left.</description>
    <pubDate>Thu, 20 Jun 2024 10:00:00 GMT</pubDate>
  </item>
  <item>
    <title>Keeper's logbook found behind a damp panel</title>
    <link>https://lighthouse.example.test/articles/keeper-logbook</link>
    <guid>https://lighthouse.example.test/articles/keeper-logbook</guid>
    <description>The logbook records storms and ship sightings from one winter.</description>
    <pubDate>Wed, 19 Jun 2024 09:00:00 GMT</pubDate>
  </item>
</channel></rss>`;

let feeds: FeedServer;
let slack: FakeSlackApi;
let workspace: Workspace;

beforeEach(async () => {
  feeds = await startFeedServer();
  slack = await startFakeSlackApi({ token: TOKEN });
  workspace = createWorkspace();
});
afterEach(async () => {
  await feeds.close();
  await slack.close();
  workspace.remove();
});

it('delivers matching alerts to Slack and exits, without connecting for commands', async () => {
  feeds.route('/lighthouse.xml', { body: FEED });
  workspace.writeConfig({
    fetch: feeds.fetchConfig({ timeout: '2s' }),
    defaults: { backfill: 2 },
    feeds: [{ id: 'lighthouse', url: feeds.url('/lighthouse.xml') }],
    channels: [{ platform: 'slack', channel: 'C0HERITAGE', query: 'bell OR logbook' }],
  });
  Object.assign(workspace.env, { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: 'secret-for-tests', SLACK_API_URL: slack.apiUrl });

  const run = await workspace.run('poll', '--once');

  expect(run.code).toBe(0);
  const posts = slack.calls('chat.postMessage');
  expect(posts.map((call) => call.body.channel)).toEqual(['C0HERITAGE', 'C0HERITAGE']);
  expect(posts.map((call) => String(call.body.text).split('\n')[0])).toEqual([
    "Keeper's logbook found behind a damp panel (Cape Lantern Weekly)",
    'Fog bell restored after forty silent years (Cape Lantern Weekly)',
  ]);
  // auth.test is the receiver's first call: poll --once never made it.
  expect(slack.calls().map((call) => call.method)).toEqual(['chat.postMessage', 'chat.postMessage']);
  expect(run.stderr).not.toContain(TOKEN);
});
