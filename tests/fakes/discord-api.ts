// A local fake of the Discord REST API (v10) on 127.0.0.1, for driving the real @discordjs/rest
// client through its `api` option. It records every request, keeps the messages it was sent,
// answers like Discord does (message JSON, nonce de-duplication with enforce_nonce, forum
// posts, DM channels, command registration, GET /gateway/bot, interaction callbacks and the
// interaction webhook's replies, channel webhooks in discord-webhooks.ts) and fails on demand: 429 with retry_after and X-RateLimit-*
// headers, 4xx with Discord's JSON error codes, 5xx.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeChannelWebhooks, WEBHOOK_ERROR_MESSAGES, type Reply, type WebhookHost } from './discord-webhooks.ts';

export interface RecordedRequest {
  method: string;
  /** The route after /api/v10, e.g. /channels/123/messages. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: unknown[];
  nonce?: string;
  edited_timestamp: string | null;
  /** 64 for an ephemeral interaction reply. */
  flags?: number;
  /** Set on a message a channel webhook posted, with the name and avatar it was posted under. */
  webhook_id?: string;
  username?: string;
  avatar_url?: string;
}

/** An interaction Discord created, for the gateway fake to dispatch and the callback routes to answer. */
export interface OpenedInteraction {
  id: string;
  token: string;
  applicationId: string;
}

export interface FakeInteraction extends OpenedInteraction {
  channelId: string;
  /** Bodies of POST /interactions/{id}/{token}/callback; Discord takes one. */
  callbacks: Record<string, unknown>[];
  /** The reply the callback or a later PATCH .../messages/@original made. */
  original: FakeMessage | null;
  followups: FakeMessage[];
}

export type Failure =
  | { status: 429; retryAfterSeconds: number; global?: boolean }
  | { status: 400 | 401 | 403 | 404; code: number }
  | { status: 500 | 502 | 503 };

interface FailureRule {
  method: string;
  path: RegExp;
  failure: Failure;
  /** How many more requests this rule fails; Infinity for always. */
  remaining: number;
}

const ERROR_MESSAGES: Record<number, string> = {
  0: '401: Unauthorized',
  10003: 'Unknown Channel',
  10008: 'Unknown Message',
  10013: 'Unknown User',
  10015: 'Unknown Webhook',
  10062: 'Unknown interaction',
  40060: 'Interaction has already been acknowledged.',
  40067: 'A tag is required to create a forum post in this channel',
  50001: 'Missing Access',
  50008: 'Cannot send messages in a non-text channel',
  50013: 'Missing Permissions',
  50035: 'Invalid Form Body',
  ...WEBHOOK_ERROR_MESSAGES,
};

const DISCORD_EPOCH = 1_420_070_400_000n;
export const BOT_USER = { id: '1100000000000000001', username: 'Herald', discriminator: '0', global_name: null, avatar: null, bot: true };
const GUILD_TEXT = 0;
const GUILD_FORUM = 15;
const PUBLIC_THREAD = 11;
const DM = 1;
const CHANNEL_MESSAGE_WITH_SOURCE = 4;
const DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE = 5;

/** Interaction callbacks and the interaction webhook: authorised by the interaction token in the path. */
const INTERACTION_ROUTE = /^\/(interactions\/\d+\/[^/]+\/callback|webhooks\/\d+\/[^/]+(\/messages\/@original)?)$/;

interface Waiter {
  method: string;
  path: RegExp;
  resolve: (request: RecordedRequest) => void;
}

export class FakeDiscordApi implements WebhookHost {
  readonly applicationId = BOT_USER.id;
  readonly requests: RecordedRequest[] = [];
  readonly messages = new Map<string, FakeMessage>();
  /** Registered application commands by route (global or guild). */
  readonly commands = new Map<string, unknown[]>();
  private readonly failures: FailureRule[] = [];
  private readonly forums = new Set<string>();
  /** Thread channels by id, with their parent. */
  private readonly threads = new Map<string, string>();
  readonly webhooks = new FakeChannelWebhooks(this);
  /** DM channel id by user id. */
  readonly dmChannels = new Map<string, string>();
  /** Interactions by token. */
  readonly interactions = new Map<string, FakeInteraction>();
  private readonly waiters: Waiter[] = [];
  private sequence = 0n;
  private server: Server | null = null;

  constructor(readonly token = 'fake-bot-token.for-tests') {}

  /** The base URL to give @discordjs/rest as `api` (it appends /v10). */
  url = '';
  /** What GET /gateway/bot names as the gateway: the gateway fake's URL. */
  gatewayUrl = 'ws://127.0.0.1:1';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      void this.handle(request, response);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Makes the next `times` requests matching method and path fail. */
  fail(method: string, path: RegExp, failure: Failure, times = 1): void {
    this.failures.push({ method, path, failure, remaining: times });
  }

  /** Declares a channel to be a forum: plain messages are refused there, as Discord does. */
  addForum(channelId: string): void {
    this.forums.add(channelId);
  }

  /** Declares a thread channel under a parent channel. */
  addThread(thread: string, parent: string): void {
    this.threads.set(thread, parent);
  }

  isForum(channel: string): boolean {
    return this.forums.has(channel);
  }

  threadParent(channel: string): string | undefined {
    return this.threads.get(channel);
  }

  requestsTo(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && (typeof path === 'string' ? request.path === path : path.test(request.path)));
  }

  /** The first request matching method and path, once the fake has answered it (at once if it already has). */
  answered(method: string, path: RegExp): Promise<RecordedRequest> {
    const done = this.requestsTo(method, path)[0];
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => this.waiters.push({ method, path, resolve }));
  }

  /** Creates an interaction in a channel, as Discord does before dispatching it over the gateway. */
  openInteraction(channelId: string, applicationId = BOT_USER.id): OpenedInteraction {
    const opened = { id: this.snowflake(), token: `interaction-token-${this.sequence}`, applicationId };
    this.interactions.set(opened.token, { ...opened, channelId, callbacks: [], original: null, followups: [] });
    return opened;
  }

  snowflake(): string {
    this.sequence += 1n;
    return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | this.sequence).toString();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const method = request.method ?? 'GET';
    // Decoded, so routes read as Discord documents them: discord.js sends @original as %40original.
    const path = decodeURIComponent((request.url ?? '/').replace(/^\/api\/v10/, '').replace(/\?.*$/, ''));
    const query = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams;
    const body: unknown = text === '' ? null : JSON.parse(text);
    const recorded = { method, path, query, headers: request.headers, body };
    this.requests.push(recorded);
    this.answer(recorded, response);
    for (const waiter of this.waiters.filter((candidate) => candidate.method === method && candidate.path.test(path))) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(recorded);
    }
  }

  private answer({ method, path, query, headers, body: raw }: RecordedRequest, response: ServerResponse): void {
    const body = raw as Record<string, unknown> | null;
    // The interaction's or the channel webhook's token is the credential on these routes: discord.js sends no bot token there.
    const webhookRoute = this.webhooks.ownsTokenRoute(path);
    const interactionRoute = !webhookRoute && INTERACTION_ROUTE.test(path);
    if (!interactionRoute && !webhookRoute && headers.authorization !== `Bot ${this.token}`) return this.error(response, 401, 0);
    const rule = this.failures.find((candidate) => candidate.remaining > 0 && candidate.method === method && candidate.path.test(path));
    if (rule) {
      rule.remaining -= 1;
      return this.failWith(response, rule.failure);
    }
    if (webhookRoute) return this.webhooks.routeToken(method, path, query, body ?? {}, this.reply(response));
    if (interactionRoute) return this.routeInteraction(method, path, body ?? {}, response);
    if (this.webhooks.routeBot(method, path, body, this.reply(response))) return;
    this.route(method, path, body, response);
  }

  private routeInteraction(method: string, path: string, body: Record<string, unknown>, response: ServerResponse): void {
    let match: RegExpExecArray | null;
    if (method === 'POST' && (match = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path))) {
      const interaction = this.interactions.get(match[2]!);
      if (!interaction || interaction.id !== match[1]) return this.error(response, 404, 10062);
      if (interaction.callbacks.length > 0) return this.error(response, 400, 40060);
      interaction.callbacks.push(body);
      const data = (body.data ?? {}) as Record<string, unknown>;
      if (body.type === CHANNEL_MESSAGE_WITH_SOURCE) interaction.original = this.webhookMessage(interaction, data);
      // A deferred reply shows "thinking" until the webhook's @original is edited.
      if (body.type === DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE) interaction.original = this.webhookMessage(interaction, { flags: data.flags });
      response.writeHead(204).end();
      return;
    }
    match = /^\/webhooks\/(\d+)\/([^/]+)(\/messages\/@original)?$/.exec(path);
    const interaction = match ? this.interactions.get(match[2]!) : undefined;
    // The webhook exists once the interaction was answered, under the application it was sent to.
    if (!match || !interaction || interaction.applicationId !== match[1] || interaction.callbacks.length === 0) return this.error(response, 404, 10015);
    if (method === 'POST' && !match[3]) {
      const message = this.webhookMessage(interaction, body);
      interaction.followups.push(message);
      return this.json(response, 200, this.messageJson(message));
    }
    if (method !== 'PATCH' || !match[3]) return this.json(response, 404, { message: '404: Not Found', code: 0 });
    if (!interaction.original) return this.error(response, 404, 10008);
    Object.assign(interaction.original, pick(body, ['content', 'embeds']), { edited_timestamp: new Date().toISOString() });
    this.json(response, 200, this.messageJson(interaction.original));
  }

  private route(method: string, path: string, body: Record<string, unknown> | null, response: ServerResponse): void {
    let match: RegExpExecArray | null;
    if (method === 'POST' && (match = /^\/channels\/(\d+)\/messages$/.exec(path))) {
      const channel = match[1]!;
      if (this.forums.has(channel)) return this.error(response, 400, 50008);
      return this.json(response, 200, this.createMessage(channel, body ?? {}));
    }
    if (method === 'PATCH' && (match = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path))) {
      const message = this.messages.get(match[2]!);
      if (!message || message.channel_id !== match[1]) return this.error(response, 404, 10008);
      Object.assign(message, pick(body ?? {}, ['content', 'embeds']), { edited_timestamp: new Date().toISOString() });
      return this.json(response, 200, this.messageJson(message));
    }
    if (method === 'GET' && (match = /^\/channels\/(\d+)$/.exec(path))) {
      const id = match[1]!;
      const parent = this.threads.get(id);
      const type = parent !== undefined ? PUBLIC_THREAD : this.forums.has(id) ? GUILD_FORUM : GUILD_TEXT;
      return this.json(response, 200, { id, type, guild_id: '2200000000000000001', name: `channel-${id}`, ...(parent === undefined ? {} : { parent_id: parent }) });
    }
    if (method === 'POST' && (match = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path))) {
      // A thread started from a message takes the message's id as its own.
      const message = this.messages.get(match[2]!);
      if (!message || message.channel_id !== match[1]) return this.error(response, 404, 10008);
      return this.json(response, 201, { id: message.id, type: PUBLIC_THREAD, parent_id: match[1], name: body?.name });
    }
    if (method === 'POST' && (match = /^\/channels\/(\d+)\/threads$/.exec(path))) {
      const thread = this.snowflake();
      this.threads.set(thread, match[1]!);
      const message = this.createMessage(thread, (body?.message as Record<string, unknown> | undefined) ?? {}, thread);
      return this.json(response, 201, { id: thread, type: PUBLIC_THREAD, parent_id: match[1], name: body?.name, message });
    }
    if (method === 'POST' && path === '/users/@me/channels') {
      const user = String(body?.recipient_id);
      const channel = this.dmChannels.get(user) ?? this.snowflake();
      this.dmChannels.set(user, channel);
      return this.json(response, 200, { id: channel, type: DM, recipients: [{ id: user }] });
    }
    if (method === 'GET' && path === '/gateway/bot') {
      return this.json(response, 200, {
        url: this.gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      });
    }
    if (method === 'PUT' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) {
      const commands = (Array.isArray(body) ? body : []).map((command: Record<string, unknown>) => ({ ...command, id: this.snowflake(), version: this.snowflake() }));
      this.commands.set(path, commands);
      return this.json(response, 200, commands);
    }
    this.json(response, 404, { message: '404: Not Found', code: 0 });
  }

  createMessage(channel: string, body: Record<string, unknown>, id = this.snowflake()): Record<string, unknown> {
    const nonce = typeof body.nonce === 'string' ? body.nonce : undefined;
    // With enforce_nonce, Discord answers a repeated nonce with the message it already created.
    const earlier = body.enforce_nonce === true && nonce !== undefined ? [...this.messages.values()].find((message) => message.channel_id === channel && message.nonce === nonce) : undefined;
    if (earlier) return this.messageJson(earlier);
    const message: FakeMessage = {
      id,
      channel_id: channel,
      content: typeof body.content === 'string' ? body.content : '',
      embeds: Array.isArray(body.embeds) ? body.embeds : [],
      edited_timestamp: null,
      ...(nonce === undefined ? {} : { nonce }),
    };
    this.messages.set(id, message);
    return this.messageJson(message);
  }

  /** A message the interaction's webhook posts in its channel; `body.flags` 64 makes it ephemeral. */
  private webhookMessage(interaction: FakeInteraction, body: Record<string, unknown>): FakeMessage {
    const message = this.messages.get(String(this.createMessage(interaction.channelId, body).id))!;
    message.flags = Number(body.flags ?? 0);
    return message;
  }

  messageJson(message: FakeMessage): Record<string, unknown> {
    return {
      type: 0,
      tts: false,
      pinned: false,
      flags: 0,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      components: [],
      author: message.webhook_id === undefined ? BOT_USER : { id: message.webhook_id, username: message.username, discriminator: '0000', avatar: null, bot: true },
      timestamp: new Date(Number((BigInt(message.id) >> 22n) + DISCORD_EPOCH)).toISOString(),
      ...message,
    };
  }

  private failWith(response: ServerResponse, failure: Failure): void {
    if (failure.status === 429) {
      const seconds = failure.retryAfterSeconds;
      response.setHeader('Retry-After', String(seconds));
      response.setHeader('X-RateLimit-Limit', '5');
      response.setHeader('X-RateLimit-Remaining', '0');
      response.setHeader('X-RateLimit-Reset', String(Date.now() / 1000 + seconds));
      response.setHeader('X-RateLimit-Reset-After', String(seconds));
      response.setHeader('X-RateLimit-Bucket', 'fake-bucket-messages');
      response.setHeader('X-RateLimit-Scope', failure.global ? 'global' : 'user');
      if (failure.global) response.setHeader('X-RateLimit-Global', 'true');
      return this.json(response, 429, { message: 'You are being rate limited.', retry_after: seconds, global: failure.global ?? false });
    }
    if ('code' in failure) return this.error(response, failure.status, failure.code);
    this.json(response, failure.status, { message: 'Server error', code: 0 });
  }

  private reply(response: ServerResponse): Reply {
    return {
      json: (status, body) => this.json(response, status, body),
      error: (status, code) => this.error(response, status, code),
      empty: () => void response.writeHead(204).end(),
    };
  }

  private error(response: ServerResponse, status: number, code: number): void {
    this.json(response, status, { message: ERROR_MESSAGES[code] ?? 'Error', code });
  }

  private json(response: ServerResponse, status: number, body: unknown): void {
    if (status < 400) {
      response.setHeader('X-RateLimit-Limit', '5');
      response.setHeader('X-RateLimit-Remaining', '4');
      response.setHeader('X-RateLimit-Reset-After', '1');
    }
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  }
}

function pick(body: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => key in body).map((key) => [key, body[key]]));
}
