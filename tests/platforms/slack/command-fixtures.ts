// What the HTTP and the Socket Mode /news tests share: one config, a command receiver's options on
// a store, the fields of a slash command as Slack sends them, and the reply posted to response_url.
import { createHmac } from 'node:crypto';
import { CommandRateLimiter, commandContexts } from '../../../src/commands/index.ts';
import { configSchema } from '../../../src/config/schema.ts';
import type { SlackCommandOptions } from '../../../src/platforms/slack/slack-commands.ts';
import type { Store } from '../../../src/store/store.ts';
import { recordedStoriesOver } from '../../commands/recorded-stories.ts';
import type { FakeSlackApi } from '../../fakes/slack-api.ts';
import { NO_RETRIES } from './fixtures.ts';

export const COMMAND_CONFIG = configSchema.parse({
  topics: { heritage: 'lighthouse OR logbook OR "keeper\'s cottage"' },
  admins: { slack: ['U0CONFIGADMIN'] },
});

/** Everything but the Slack tokens and the logger. */
export function commandReceiverOptions(store: Store): Omit<SlackCommandOptions, 'slack' | 'log'> {
  let ids = 0;
  return {
    port: 0,
    host: '127.0.0.1',
    config: () => COMMAND_CONFIG,
    context: commandContexts({
      store,
      config: () => COMMAND_CONFIG,
      rateLimiter: new CommandRateLimiter(),
      loadFeed: () => async () => ({ title: null, items: [] }),
      recordedStories: recordedStoriesOver(store, COMMAND_CONFIG),
      now: Date.now,
      newId: () => `id${(ids += 1)}`,
    }),
    clientSettings: NO_RETRIES,
  };
}

type SlashCommandFields = Record<
  'token' | 'team_id' | 'team_domain' | 'channel_id' | 'channel_name' | 'user_id' | 'user_name' | 'command' | 'text' | 'api_app_id' | 'response_url' | 'trigger_id',
  string
>;

/** A `/news <text>` typed by `userId` in #newsroom, its reply going to the fake's response_url. */
export function slashCommandFields(api: FakeSlackApi, text: string, userId = 'U0MEMBER'): SlashCommandFields {
  return {
    token: 'deprecated-verification-token',
    team_id: 'T0FAKE',
    team_domain: 'fake',
    channel_id: 'C0NEWSROOM',
    channel_name: 'newsroom',
    user_id: userId,
    user_name: userId.toLowerCase(),
    command: '/news',
    text,
    api_app_id: 'A0HERALD',
    response_url: api.responseUrl(`r-${userId}`),
    trigger_id: '1.2.3',
  };
}

/** The `count`th reply posted to a response_url. */
export async function commandReply(api: FakeSlackApi, count = 1) {
  const calls = await api.waitForCalls('respond', count);
  return calls[count - 1]!.body as { response_type: string; text: string; blocks: { text: { text: string } }[] };
}

export async function chatSubscriptions(store: Store) {
  return (await store.listSubscriptions()).filter((subscription) => !subscription.managedByConfig);
}

/** Slack's v0 request signature of `body` sent at `timestamp` (seconds). */
export function signSlackRequest(body: string, timestamp: number, secret: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** POSTs a form-encoded slash command to Bolt's HTTP receiver on `port`, signed with `secret` unless `signature` is given; the HTTP status. */
export async function postSlashCommand(port: number, body: string, options: { secret: string; timestamp?: number; signature?: string }): Promise<number> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? signSlackRequest(body, timestamp, options.secret),
    },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}
