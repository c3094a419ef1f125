// A local fake of the Discord REST API (v10) on 127.0.0.1, for driving the real @discordjs/rest
// client through its `api` option. It records every request, keeps the messages it was sent,
// answers like Discord does (message JSON, nonce de-duplication with enforce_nonce, forum
// posts, DM channels, command registration) and fails on demand: 429 with retry_after and
// X-RateLimit-* headers, 4xx with Discord's JSON error codes, 5xx.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** The route after /api/v10, e.g. /channels/123/messages. */
  path: string;
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
  40067: 'A tag is required to create a forum post in this channel',
  50001: 'Missing Access',
  50008: 'Cannot send messages in a non-text channel',
  50013: 'Missing Permissions',
  50035: 'Invalid Form Body',
};

const DISCORD_EPOCH = 1_420_070_400_000n;
const BOT_USER = { id: '1100000000000000001', username: 'Herald', discriminator: '0', global_name: null, avatar: null, bot: true };
const GUILD_TEXT = 0;
const GUILD_FORUM = 15;
const PUBLIC_THREAD = 11;
const DM = 1;

export class FakeDiscordApi {
  readonly requests: RecordedRequest[] = [];
  readonly messages = new Map<string, FakeMessage>();
  /** Registered application commands by route (global or guild). */
  readonly commands = new Map<string, unknown[]>();
  private readonly failures: FailureRule[] = [];
  private readonly forums = new Set<string>();
  /** DM channel id by user id. */
  readonly dmChannels = new Map<string, string>();
  private sequence = 0n;
  private server: Server | null = null;

  constructor(readonly token = 'fake-bot-token.for-tests') {}

  /** The base URL to give @discordjs/rest as `api` (it appends /v10). */
  url = '';

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

  requestsTo(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && (typeof path === 'string' ? request.path === path : path.test(request.path)));
  }

  private snowflake(): string {
    this.sequence += 1n;
    return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | this.sequence).toString();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const method = request.method ?? 'GET';
    const path = (request.url ?? '/').replace(/^\/api\/v10/, '').replace(/\?.*$/, '');
    const body: unknown = text === '' ? null : JSON.parse(text);
    this.requests.push({ method, path, headers: request.headers, body });

    if (request.headers.authorization !== `Bot ${this.token}`) return this.error(response, 401, 0);
    const rule = this.failures.find((candidate) => candidate.remaining > 0 && candidate.method === method && candidate.path.test(path));
    if (rule) {
      rule.remaining -= 1;
      return this.failWith(response, rule.failure);
    }
    this.route(method, path, body as Record<string, unknown> | null, response);
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
      return this.json(response, 200, { id, type: this.forums.has(id) ? GUILD_FORUM : GUILD_TEXT, guild_id: '2200000000000000001', name: `channel-${id}` });
    }
    if (method === 'POST' && (match = /^\/channels\/(\d+)\/threads$/.exec(path))) {
      const thread = this.snowflake();
      const message = this.createMessage(thread, (body?.message as Record<string, unknown> | undefined) ?? {}, thread);
      return this.json(response, 201, { id: thread, type: PUBLIC_THREAD, parent_id: match[1], name: body?.name, message });
    }
    if (method === 'POST' && path === '/users/@me/channels') {
      const user = String(body?.recipient_id);
      const channel = this.dmChannels.get(user) ?? this.snowflake();
      this.dmChannels.set(user, channel);
      return this.json(response, 200, { id: channel, type: DM, recipients: [{ id: user }] });
    }
    if (method === 'PUT' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) {
      const commands = (Array.isArray(body) ? body : []).map((command: Record<string, unknown>) => ({ ...command, id: this.snowflake(), version: this.snowflake() }));
      this.commands.set(path, commands);
      return this.json(response, 200, commands);
    }
    this.json(response, 404, { message: '404: Not Found', code: 0 });
  }

  private createMessage(channel: string, body: Record<string, unknown>, id = this.snowflake()): Record<string, unknown> {
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

  private messageJson(message: FakeMessage): Record<string, unknown> {
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
      author: BOT_USER,
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
