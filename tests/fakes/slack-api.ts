// A local fake of the Slack Web API for tests, driven through the real @slack/web-api client
// (its slackApiUrl option) and Bolt's respond(). It listens on 127.0.0.1 on a random port,
// records every call, answers like Slack does, and can be told to fail on purpose. With an
// app-level token it also serves Socket Mode: apps.connections.open and the WebSocket behind it
// (`socket`, see slack-socket.ts).
//
//   const slack = await startFakeSlackApi({ token: 'xoxb-test' });
//   const client = new WebClient('xoxb-test', { slackApiUrl: slack.apiUrl });
//   slack.failNext('chat.postMessage', { status: 429, retryAfter: 7 }, { channel: 'C1' });
//   slack.failNext('chat.postMessage', { error: 'channel_not_found' });
//   await slack.waitForCalls('chat.postMessage', 2);
//   expect(slack.calls('chat.postMessage')[0].body.blocks).toEqual([...]);
//   await slack.close();
import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeSlackSocket } from './slack-socket.ts';

export interface FakeSlackCall {
  /** The Web API method (chat.postMessage), or `respond` for a POST to a response_url. */
  method: string;
  /** Form fields as sent; JSON-valued ones (blocks) decoded. A response_url body as JSON. */
  body: Record<string, unknown>;
  /** The response_url id for `respond` calls. */
  responseId: string | null;
  authorization: string | null;
}

export type FakeSlackFailure =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503 }
  | { error: string; extra?: Record<string, unknown> }
  | { hang: true };

export interface FakeSlackUser {
  teamId?: string;
  isAdmin?: boolean;
  isOwner?: boolean;
}

export interface FakeSlackOptions {
  /** When set, a call with another bearer token gets invalid_auth, as on Slack. */
  token?: string;
  /** The same for apps.connections.open, the one method that takes the app-level token (xapp-...). */
  appToken?: string;
  users?: Record<string, FakeSlackUser>;
  teamId?: string;
}

interface ScriptedFailure {
  method: string;
  channel: string | null;
  failure: FakeSlackFailure;
  times: number;
}

interface StoredMessage {
  text: unknown;
  blocks: unknown;
}

const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata']);

export class FakeSlackApi extends EventEmitter<{ call: [FakeSlackCall] }> {
  private readonly recorded: FakeSlackCall[] = [];
  private readonly failures: ScriptedFailure[] = [];
  /** channel id -> ts -> message: what is in the fake workspace now. */
  readonly messages = new Map<string, Map<string, StoredMessage>>();
  private posted = 0;
  private readonly server = createServer((req, res) => void this.handle(req, res));
  /** Socket Mode's WebSocket endpoint, on this server. */
  readonly socket = new FakeSlackSocket('A0HERALD');

  constructor(private readonly options: FakeSlackOptions) {
    super();
    this.socket.attach(this.server);
  }

  async listen(): Promise<void> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The slackApiUrl to give the WebClient. */
  get apiUrl(): string {
    return `${this.origin}/api/`;
  }

  /** A response_url for a slash command; POSTs to it are recorded as `respond` calls. */
  responseUrl(id: string): string {
    return `${this.origin}/respond/${id}`;
  }

  calls(method?: string): FakeSlackCall[] {
    return this.recorded.filter((call) => method === undefined || call.method === method);
  }

  /** The next `times` calls to `method` (for `channel`, when given) fail this way. */
  failNext(method: string, failure: FakeSlackFailure, options: { channel?: string; times?: number } = {}): void {
    this.failures.push({ method, channel: options.channel ?? null, failure, times: options.times ?? 1 });
  }

  /** Resolves once `count` calls to `method` have been recorded (counting earlier ones). */
  async waitForCalls(method: string, count: number): Promise<FakeSlackCall[]> {
    while (this.calls(method).length < count) await once(this, 'call');
    return this.calls(method);
  }

  async close(): Promise<void> {
    this.socket.close();
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', this.origin).pathname;
    const authorization = req.headers.authorization ?? null;

    const respond = /^\/respond\/([^/]+)$/.exec(path);
    if (respond) {
      this.record({ method: 'respond', body: JSON.parse(raw) as Record<string, unknown>, responseId: respond[1]!, authorization });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const method = /^\/api\/([\w.]+)$/.exec(path)?.[1];
    if (!method) {
      res.writeHead(404).end();
      return;
    }
    const body = formBody(raw);
    const call: FakeSlackCall = { method, body, responseId: null, authorization };
    const failure = this.takeFailure(method, typeof body.channel === 'string' ? body.channel : null);
    // A hanging call is recorded only when it arrives; the client gives up on its own timeout.
    this.record(call);
    if (failure && 'hang' in failure) return;
    if (failure && 'status' in failure) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (failure.status === 429) headers['retry-after'] = String(failure.retryAfter);
      res.writeHead(failure.status, headers).end(JSON.stringify({ ok: false, error: failure.status === 429 ? 'ratelimited' : 'fatal_error' }));
      return;
    }
    if (failure) {
      this.json(res, { ok: false, error: failure.error, ...failure.extra });
      return;
    }
    const refused = this.authError(method, authorization);
    if (refused !== null) {
      this.json(res, { ok: false, error: refused });
      return;
    }
    this.json(res, this.answer(method, body));
  }

  private record(call: FakeSlackCall): void {
    this.recorded.push(call);
    this.emit('call', call);
  }

  private authError(method: string, authorization: string | null): string | null {
    const { token, appToken } = this.options;
    const appLevel = method === 'apps.connections.open';
    const expected = appLevel ? appToken : token;
    if (expected === undefined || authorization === `Bearer ${expected}`) return null;
    // Slack tells a valid token of the wrong kind (bot for app-level, or the reverse) from an unknown one.
    const other = appLevel ? token : appToken;
    return other !== undefined && authorization === `Bearer ${other}` ? 'not_allowed_token_type' : 'invalid_auth';
  }

  private takeFailure(method: string, channel: string | null): FakeSlackFailure | null {
    const index = this.failures.findIndex((entry) => entry.method === method && (entry.channel === null || entry.channel === channel));
    if (index === -1) return null;
    const entry = this.failures[index]!;
    entry.times -= 1;
    if (entry.times <= 0) this.failures.splice(index, 1);
    return entry.failure;
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    const teamId = this.options.teamId ?? 'T0FAKE';
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.test/', team: 'Fake', user: 'herald', team_id: teamId, user_id: 'U0HERALD', bot_id: 'B0HERALD', is_enterprise_install: false };
      case 'chat.postMessage': {
        const channel = channelId(String(body.channel));
        this.posted += 1;
        const ts = `${1_718_000_000 + this.posted}.${String(this.posted).padStart(6, '0')}`;
        this.channelMessages(channel).set(ts, { text: body.text, blocks: body.blocks });
        return { ok: true, channel, ts, message: { type: 'message', subtype: 'bot_message', text: body.text, ts, bot_id: 'B0HERALD', blocks: body.blocks } };
      }
      case 'chat.update': {
        const channel = String(body.channel);
        const ts = String(body.ts);
        const messages = this.channelMessages(channel);
        if (!messages.has(ts)) return { ok: false, error: 'message_not_found' };
        messages.set(ts, { text: body.text, blocks: body.blocks });
        return { ok: true, channel, ts, text: body.text, message: { text: body.text, blocks: body.blocks } };
      }
      case 'users.info': {
        const id = String(body.user);
        const user = this.options.users?.[id];
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: { id, team_id: user.teamId ?? teamId, name: id.toLowerCase(), deleted: false, is_admin: user.isAdmin ?? false, is_owner: user.isOwner ?? false, is_primary_owner: false, is_bot: false },
        };
      }
      case 'conversations.info':
        return { ok: true, channel: { id: channelId(String(body.channel)), name: 'newsroom', is_channel: true, is_archived: false, is_member: true } };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(body.users)}` } };
      case 'apps.connections.open':
        return { ok: true, url: this.socket.issueUrl(new URL(this.origin).host) };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private channelMessages(channel: string): Map<string, StoredMessage> {
    let messages = this.messages.get(channel);
    if (!messages) {
      messages = new Map();
      this.messages.set(channel, messages);
    }
    return messages;
  }

  private json(res: ServerResponse, body: Record<string, unknown>): void {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  }
}

/** Slack answers a post to "#newsroom" with the channel's id; the fake makes one from the name. */
function channelId(channel: string): string {
  return channel.startsWith('#') ? `C${channel.slice(1).toUpperCase().replace(/[^A-Z0-9]/g, '')}` : channel;
}

function formBody(raw: string): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    body[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
  }
  return body;
}

export async function startFakeSlackApi(options: FakeSlackOptions = {}): Promise<FakeSlackApi> {
  const api = new FakeSlackApi(options);
  await api.listen();
  return api;
}
