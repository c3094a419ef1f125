// A local fake of the Discord gateway (v10, JSON encoding, no transport compression) on
// 127.0.0.1, for driving the real discord.js Client. The REST fake's GET /gateway/bot points the
// client here. It speaks the session the way Discord does: HELLO on connect; IDENTIFY checked
// against the bot token, closing with 4004 Authentication failed when it differs; READY with the
// bot user, the application and its guilds as unavailable, then a GUILD_CREATE for each; HEARTBEAT
// answered with HEARTBEAT_ACK; RECONNECT on request, and RESUME of a session it issued answered
// with RESUMED. Tests dispatch further events (INTERACTION_CREATE) themselves.
import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayOpcodes,
  InteractionContextType,
  InteractionType,
  type APIApplicationCommandInteractionDataOption,
} from 'discord.js';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { BOT_USER, type OpenedInteraction } from './discord-api.ts';

/** An hour: the client's own heartbeat timer never fires during a test, so each heartbeat seen is one the test asked for. */
const HEARTBEAT_INTERVAL_MS = 3_600_000;

export interface FakeGuild {
  id: string;
  name: string;
  /** Text channels, by id. */
  channels: string[];
  /** Role ids besides @everyone: discord.js only sees a member's roles that the guild lists. */
  roles?: string[];
}

export interface IdentifyData {
  token: string;
  intents: number;
  compress?: boolean;
  shard?: [number, number];
  properties: Record<string, string>;
}

export interface ResumeData {
  token: string;
  session_id: string;
  seq: number;
}

export interface GatewayConnection {
  /** The query the client connected with (v, encoding, compress). */
  query: URLSearchParams;
  identify: IdentifyData | null;
  resume: ResumeData | null;
  /** The close code, once the socket closed. */
  closeCode: number | null;
}

interface GatewayPayload {
  op: number;
  d: unknown;
  s?: number | null;
  t?: string | null;
}

/**
 * Emits 'identify' (IdentifyData), 'resume' (ResumeData), 'heartbeat' (the sequence the client reported) and 'close'
 * ({ code }, whichever side closed) so tests wait on what happened instead of on time.
 */
export class FakeDiscordGateway extends EventEmitter {
  readonly connections: GatewayConnection[] = [];
  private readonly sockets = new Map<WebSocket, GatewayConnection>();
  private readonly sessions = new Set<string>();
  private sequence = 0;
  private server: WebSocketServer | null = null;
  /** The ws:// URL for the REST fake's GET /gateway/bot. */
  url = '';

  constructor(
    /** The token IDENTIFY must carry; any other gets close code 4004, as from Discord. */
    readonly token = 'fake-bot-token.for-tests',
    readonly guilds: FakeGuild[] = [],
    readonly applicationId = BOT_USER.id,
  ) {
    super();
  }

  async start(): Promise<this> {
    this.server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    this.server.on('connection', (socket, request) => this.accept(socket, new URL(request.url ?? '/', 'ws://127.0.0.1').searchParams));
    await once(this.server, 'listening');
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets.keys()) socket.terminate();
    await new Promise<void>((resolve, reject) => (this.server ? this.server.close((error) => (error ? reject(error) : resolve())) : resolve()));
  }

  /** Connections still open. */
  get open(): number {
    return this.sockets.size;
  }

  /** Sends a dispatch (op 0) with the next sequence number to every open connection. */
  dispatch(event: string, data: unknown): void {
    this.sequence += 1;
    for (const socket of this.sockets.keys()) send(socket, { op: GatewayOpcodes.Dispatch, t: event, s: this.sequence, d: data });
  }

  /** Asks every open connection for a heartbeat now (op 1), as Discord may. */
  requestHeartbeat(): void {
    for (const socket of this.sockets.keys()) send(socket, { op: GatewayOpcodes.Heartbeat, d: null });
  }

  /** Closes every open connection with `code`, as Discord ends a session (4004 once the token was reset). */
  disconnect(code: number, reason = ''): void {
    for (const socket of this.sockets.keys()) socket.close(code, reason);
  }

  /** Tells every open connection to reconnect and resume (op 7), as Discord does when it moves a session. */
  requestReconnect(): void {
    for (const socket of this.sockets.keys()) send(socket, { op: GatewayOpcodes.Reconnect, d: null });
  }

  /** The last sequence number dispatched. */
  get lastSequence(): number {
    return this.sequence;
  }

  private accept(socket: WebSocket, query: URLSearchParams): void {
    const connection: GatewayConnection = { query, identify: null, resume: null, closeCode: null };
    this.connections.push(connection);
    this.sockets.set(socket, connection);
    socket.on('message', (data) => this.receive(socket, connection, data));
    socket.on('close', (code) => {
      connection.closeCode = code;
      this.sockets.delete(socket);
      this.emit('close', { code });
    });
    send(socket, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: HEARTBEAT_INTERVAL_MS } });
  }

  private receive(socket: WebSocket, connection: GatewayConnection, data: RawData): void {
    const payload = JSON.parse(data.toString()) as GatewayPayload;
    if (payload.op === GatewayOpcodes.Heartbeat) {
      send(socket, { op: GatewayOpcodes.HeartbeatAck, d: null });
      this.emit('heartbeat', payload.d);
      return;
    }
    if (payload.op === GatewayOpcodes.Resume) return this.resume(socket, connection, payload.d as ResumeData);
    if (payload.op !== GatewayOpcodes.Identify) return;
    if (connection.identify !== null || connection.resume !== null) return socket.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
    const identify = payload.d as IdentifyData;
    connection.identify = identify;
    this.emit('identify', identify);
    if (identify.token !== this.token) return socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    this.ready(socket);
  }

  private resume(socket: WebSocket, connection: GatewayConnection, resume: ResumeData): void {
    if (connection.identify !== null || connection.resume !== null) return socket.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
    connection.resume = resume;
    this.emit('resume', resume);
    if (resume.token !== this.token) return socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    // An unknown session is not resumable (d: false): the client identifies afresh.
    if (!this.sessions.has(resume.session_id)) return send(socket, { op: GatewayOpcodes.InvalidSession, d: false });
    // Nothing was dispatched while it was away, so there is nothing to replay before RESUMED.
    this.sequence += 1;
    send(socket, { op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.Resumed, s: this.sequence, d: {} });
  }

  private ready(socket: WebSocket): void {
    const session = `session-${this.connections.length}`;
    this.sessions.add(session);
    this.sequence += 1;
    send(socket, {
      op: GatewayOpcodes.Dispatch,
      t: GatewayDispatchEvents.Ready,
      s: this.sequence,
      d: {
        v: 10,
        user: BOT_USER,
        guilds: this.guilds.map((guild) => ({ id: guild.id, unavailable: true })),
        session_id: session,
        resume_gateway_url: this.url,
        shard: [0, 1],
        application: { id: this.applicationId, flags: 0 },
      },
    });
    for (const guild of this.guilds) this.dispatch(GatewayDispatchEvents.GuildCreate, guildCreate(guild));
  }
}

function send(socket: WebSocket, payload: GatewayPayload): void {
  socket.send(JSON.stringify({ s: null, t: null, ...payload }));
}

function guildCreate(guild: FakeGuild): Record<string, unknown> {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    owner_id: '5500000000000000099',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    premium_tier: 0,
    preferred_locale: 'en-US',
    nsfw_level: 0,
    features: [],
    // The @everyone role has the guild's id.
    roles: [guild.id, ...(guild.roles ?? [])].map((id, position) => ({
      id,
      name: position === 0 ? '@everyone' : `role-${id}`,
      color: 0,
      hoist: false,
      position,
      permissions: '0',
      managed: false,
      mentionable: false,
      flags: 0,
    })),
    emojis: [],
    stickers: [],
    channels: guild.channels.map((id, position) => ({ id, type: ChannelType.GuildText, name: `channel-${id}`, position, permission_overwrites: [], nsfw: false, parent_id: null })),
    threads: [],
    members: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    member_count: 2,
    joined_at: '2024-06-01T00:00:00.000Z',
    large: false,
    unavailable: false,
  };
}

export interface InteractionOptions {
  guildId: string;
  channelId: string;
  userId: string;
  /** The member's permissions in the channel, as Discord computes them. */
  permissions?: bigint;
  roles?: string[];
  /** The subcommand's words, like "list" or "feed add". */
  words: string;
  /** Option values: a number is an integer option (counts such as backfill and days), a string a string option. */
  options?: Record<string, string | number>;
  /** For autocomplete: the option being typed. */
  focused?: string;
}

/**
 * The INTERACTION_CREATE data Discord sends for `/news <words> <options>` typed in a server
 * channel: a slash command, or an autocomplete request when `focused` names the option typed.
 */
export function newsInteraction(opened: OpenedInteraction, options: InteractionOptions): Record<string, unknown> {
  const leaves: APIApplicationCommandInteractionDataOption[] = Object.entries(options.options ?? {}).map(([name, value]) => ({
    ...(typeof value === 'number' ? { type: ApplicationCommandOptionType.Integer as const, value } : { type: ApplicationCommandOptionType.String as const, value }),
    name,
    ...(name === options.focused ? { focused: true } : {}),
  }));
  const words = options.words.split(' ');
  const subcommand: APIApplicationCommandInteractionDataOption = { type: ApplicationCommandOptionType.Subcommand, name: words.at(-1)!, options: leaves as never };
  const top = words.length === 2 ? { type: ApplicationCommandOptionType.SubcommandGroup, name: words[0]!, options: [subcommand] } : subcommand;
  const user = { id: options.userId, username: `member-${options.userId}`, discriminator: '0', global_name: null, avatar: null };
  return {
    id: opened.id,
    token: opened.token,
    application_id: opened.applicationId,
    type: options.focused === undefined ? InteractionType.ApplicationCommand : InteractionType.ApplicationCommandAutocomplete,
    version: 1,
    guild_id: options.guildId,
    guild: { id: options.guildId, locale: 'en-US', features: [] },
    channel_id: options.channelId,
    channel: { id: options.channelId, type: ChannelType.GuildText, guild_id: options.guildId, name: `channel-${options.channelId}`, position: 0, permission_overwrites: [], nsfw: false, parent_id: null },
    member: {
      user,
      roles: options.roles ?? [],
      permissions: String(options.permissions ?? 0n),
      joined_at: '2024-06-01T00:00:00.000Z',
      nick: null,
      avatar: null,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
    },
    app_permissions: '0',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { 0: options.guildId },
    context: InteractionContextType.Guild,
    attachment_size_limit: 10_485_760,
    data: { id: '7700000000000000001', name: 'news', type: ApplicationCommandType.ChatInput, guild_id: options.guildId, options: [top] },
  };
}
