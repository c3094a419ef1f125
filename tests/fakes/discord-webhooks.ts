// Channel webhooks in the fake Discord API (discord-api.ts routes to this): list and create a
// channel's webhooks with the bot token (refused with 403 Missing Permissions 50013 where the bot
// lacks Manage Webhooks), execute one by its token (?wait=true answers the message, thread_id
// posts in a thread, thread_name starts a forum post, a forum without either is refused with
// 220001) and edit a message it posted (a message in a thread needs its thread_id). A deleted
// webhook answers 404 Unknown Webhook (10015), a wrong token 401 Invalid Webhook Token (50027).
import type { FakeMessage } from './discord-api.ts';

export interface FakeWebhook {
  id: string;
  type: 1;
  channel_id: string;
  name: string;
  avatar: null;
  /** The application that created it; Herald recognises its own by this. */
  application_id: string;
  token: string;
}

/** What the webhooks need of the fake API: its messages, channels and ids. */
export interface WebhookHost {
  readonly applicationId: string;
  readonly messages: Map<string, FakeMessage>;
  snowflake(): string;
  createMessage(channel: string, body: Record<string, unknown>, id?: string): Record<string, unknown>;
  messageJson(message: FakeMessage): Record<string, unknown>;
  isForum(channel: string): boolean;
  /** The parent of a thread channel; undefined for any other channel. */
  threadParent(channel: string): string | undefined;
  addThread(thread: string, parent: string): void;
}

export interface Reply {
  json(status: number, body: unknown): void;
  error(status: number, code: number): void;
  empty(): void;
}

export const WEBHOOK_ERROR_MESSAGES: Record<number, string> = {
  50024: 'Cannot execute action on this channel type',
  50027: 'Invalid Webhook Token',
  220001: 'Webhooks posted to forum channels must have a thread_name or thread_id',
};

/** A channel webhook's own routes; the token form tells them from interaction webhooks. */
const TOKEN_ROUTE = /^\/webhooks\/(\d+)\/(webhook-[^/]+)(?:\/messages\/(\d+))?$/;
const CHANNEL_WEBHOOKS = /^\/channels\/(\d+)\/webhooks$/;
/** What Discord refuses in a webhook's name or a message's username. */
const REFUSED_NAME = /discord|clyde|^(everyone|here)$/i;

export class FakeChannelWebhooks {
  /** By id; deleted ones are removed. */
  readonly webhooks = new Map<string, FakeWebhook>();
  /** Channels where the bot lacks Manage Webhooks. */
  private readonly denied = new Set<string>();

  constructor(private readonly host: WebhookHost) {}

  /** Takes Manage Webhooks from the bot in a channel, as a server admin would. */
  denyManageWebhooks(channel: string): void {
    this.denied.add(channel);
  }

  /** Adds a webhook someone else made (another app, or a person: application_id null in Discord). */
  add(channel: string, applicationId: string, name = 'Captain Hook'): FakeWebhook {
    const id = this.host.snowflake();
    const webhook: FakeWebhook = { id, type: 1, channel_id: channel, name, avatar: null, application_id: applicationId, token: `webhook-token-${id}` };
    this.webhooks.set(id, webhook);
    return webhook;
  }

  /** Deletes a webhook, as a person does in the channel's Integrations settings. */
  delete(id: string): void {
    this.webhooks.delete(id);
  }

  /** Whether the request is for a channel webhook's token-authorised routes (no bot token needed). */
  ownsTokenRoute(path: string): boolean {
    return TOKEN_ROUTE.test(path);
  }

  /** The bot-authorised routes: a channel's webhooks and the current application. False when not one of them. */
  routeBot(method: string, path: string, body: Record<string, unknown> | null, reply: Reply): boolean {
    if (method === 'GET' && path === '/applications/@me') {
      reply.json(200, { id: this.host.applicationId, name: 'Herald', bot_public: true });
      return true;
    }
    const match = CHANNEL_WEBHOOKS.exec(path);
    if (!match || (method !== 'GET' && method !== 'POST')) return false;
    const channel = match[1]!;
    if (this.denied.has(channel)) reply.error(403, 50013);
    else if (this.host.threadParent(channel) !== undefined) reply.error(400, 50024);
    else if (method === 'GET') reply.json(200, [...this.webhooks.values()].filter((webhook) => webhook.channel_id === channel));
    else if (typeof body?.name !== 'string' || REFUSED_NAME.test(body.name)) reply.error(400, 50035);
    else reply.json(200, this.add(channel, this.host.applicationId, body.name));
    return true;
  }

  routeToken(method: string, path: string, query: URLSearchParams, body: Record<string, unknown>, reply: Reply): void {
    const [, id, token, messageId] = TOKEN_ROUTE.exec(path)!;
    const webhook = this.webhooks.get(id!);
    if (!webhook) return reply.error(404, 10015);
    if (webhook.token !== token) return reply.error(401, 50027);
    if (method === 'POST' && messageId === undefined) return this.execute(webhook, query, body, reply);
    if (method === 'PATCH' && messageId !== undefined) return this.edit(webhook, messageId, query, body, reply);
    reply.json(405, { message: '405: Method Not Allowed', code: 0 });
  }

  private execute(webhook: FakeWebhook, query: URLSearchParams, body: Record<string, unknown>, reply: Reply): void {
    if (typeof body.username === 'string' && REFUSED_NAME.test(body.username)) return reply.error(400, 50035);
    let channel = webhook.channel_id;
    let id: string | undefined;
    const thread = query.get('thread_id');
    if (thread !== null) {
      if (this.host.threadParent(thread) !== webhook.channel_id) return reply.error(404, 10003);
      channel = thread;
    } else if (this.host.isForum(webhook.channel_id)) {
      if (typeof body.thread_name !== 'string') return reply.error(400, 220001);
      // A forum post is a thread whose first message has the thread's id.
      channel = id = this.host.snowflake();
      this.host.addThread(channel, webhook.channel_id);
    }
    const created = this.host.createMessage(channel, body, id);
    const message = this.host.messages.get(String(created.id))!;
    Object.assign(message, { webhook_id: webhook.id, username: typeof body.username === 'string' ? body.username : webhook.name });
    if (typeof body.avatar_url === 'string') message.avatar_url = body.avatar_url;
    if (query.get('wait') !== 'true') return reply.empty();
    reply.json(200, this.host.messageJson(message));
  }

  private edit(webhook: FakeWebhook, messageId: string, query: URLSearchParams, body: Record<string, unknown>, reply: Reply): void {
    const message = this.host.messages.get(messageId);
    // A message in a thread is found only with its thread_id, as on Discord.
    const channel = query.get('thread_id') ?? webhook.channel_id;
    if (!message || message.webhook_id !== webhook.id || message.channel_id !== channel) return reply.error(404, 10008);
    if ('content' in body) message.content = String(body.content);
    if (Array.isArray(body.embeds)) message.embeds = body.embeds;
    message.edited_timestamp = new Date().toISOString();
    reply.json(200, this.host.messageJson(message));
  }
}
