// Issue 18, finding 1, on Slack: two teams on one Herald, through Bolt's HTTP receiver with real
// signatures against the fake Slack API. A chat feed belongs to the team that added it: the other
// team's owner neither lists nor removes it, and the team that added it keeps its view.
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { subscriptionsFromConfig } from '../../../src/config/channels.ts';
import { readEnvironment } from '../../../src/config/env.ts';
import { slackPlatform } from '../../../src/platforms/slack/index.ts';
import { settingsOf } from '../../../src/platforms/platform-module.ts';
import { configSchema } from '../../../src/config/schema.ts';
import { SlackCommandReceiver } from '../../../src/platforms/slack/slack-commands.ts';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../../fakes/slack-api.ts';
import { commandReceiverOptions, slashCommandFields } from './command-fixtures.ts';
import { TOKEN, capturedLogger } from './fixtures.ts';

const SECRET = 'c0ffee4b1d5ecr3t-for-tests-only';
const PRIVATE_URL = 'https://intranet-news.example.test/feed.xml?token=team-a-only-4711';
const FEED_ID = 'intranet-news-example-test';
let api: FakeSlackApi;
let store: SqliteStore;
let receiver: SlackCommandReceiver;
let port: number;

beforeEach(async () => {
  api = await startFakeSlackApi({ token: TOKEN, teamId: 'T0AAAA', users: { U0OWNERA: { isOwner: true, teamId: 'T0AAAA' }, U0OWNERB: { isOwner: true, teamId: 'T0BBBB' } } });
  store = SqliteStore.open(':memory:');
  await store.migrate();
  // A channel rule written as the README shows one: no workspace.
  const config = configSchema.parse({ feeds: [{ id: 'wire', url: 'https://wire.example.test/rss' }], channels: [{ platform: 'slack', channel: 'C0ANEWS', feeds: ['wire'] }] });
  await store.syncConfigSubscriptions(subscriptionsFromConfig(config, Date.now()));
  const env = readEnvironment({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.apiUrl });
  receiver = new SlackCommandReceiver({ ...commandReceiverOptions(store), slack: settingsOf(slackPlatform, env), log: capturedLogger().log });
  port = (await receiver.start())!;
});
afterEach(async () => {
  await receiver.stop();
  await store.close();
  await api.close();
});

let replies = 0;
/** `/news <text>` by the owner of team A or B, in that team's channel; resolves with the reply text. */
async function run(team: 'A' | 'B', text: string): Promise<string> {
  const userId = `U0OWNER${team}`;
  const fields = { ...slashCommandFields(api, text, userId), team_id: `T0${team.repeat(4)}`, channel_id: `C0${team}NEWS`, response_url: api.responseUrl(`r-${(replies += 1)}`) };
  const body = new URLSearchParams(fields).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature },
    body,
  });
  await response.arrayBuffer();
  const calls = await api.waitForCalls('respond', replies);
  const reply = calls[replies - 1]!.body as { text: string; blocks?: { text?: { text: string } }[] };
  return [reply.text, ...(reply.blocks ?? []).map((block) => block.text?.text ?? '')].join('\n');
}

describe('two Slack teams on one Herald', () => {
  beforeEach(() => {
    replies = 0;
  });

  it('lists a config rule without workspace: in its channel, and only there (issue 14)', async () => {
    const listed = await run('A', 'list');
    expect(listed).toContain('This channel has 1 subscription.');
    expect(listed).toMatch(/cfg_[0-9a-f]{12} \(managed by config\)/);
    expect(await run('B', 'list')).toContain('no subscriptions yet');
  });

  it("keeps one team's chat feed out of the other team's list and removal", async () => {
    expect(await run('A', `subscribe ${PRIVATE_URL} frost`)).toContain('Subscribed this channel');
    expect(await run('A', 'feed list')).toContain(FEED_ID);

    const listB = await run('B', 'feed list');
    expect(listB).not.toContain(FEED_ID);
    expect(listB).not.toContain('team-a-only');
    expect(await run('B', `feed remove ${FEED_ID}`)).toContain(`there is no feed '${FEED_ID}'`);
    expect(await run('B', `subscribe ${FEED_ID}`)).toContain(`there is no feed '${FEED_ID}'`);

    expect(await store.getFeed(FEED_ID)).not.toBeNull();
    expect((await store.listSubscriptions({ platform: 'slack', workspace: 'T0AAAA' })).filter((subscription) => !subscription.managedByConfig)).toHaveLength(1);
    expect(await run('A', 'feed list')).toContain(FEED_ID);
  });
});
