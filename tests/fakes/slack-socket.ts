// A local fake of Slack's Socket Mode WebSocket endpoint, for driving the real Bolt
// SocketModeReceiver (@slack/socket-mode). It shares the fake Web API's HTTP server on 127.0.0.1:
// apps.connections.open hands out a one-time ticket URL under /link/, and a connection with
// any other ticket is refused at the upgrade, as on Slack. It speaks the session the way Slack
// does: `hello` on connect; envelopes the test pushes; the client's acks ({ envelope_id,
// payload }) recorded; a `disconnect` message when the test asks for one (Slack sends it before
// recycling a connection; the client then opens a new one). Pings from the client are answered
// by ws itself.
import { EventEmitter, once } from 'node:events';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

/** The fields Slack puts in a slash command's payload (the same as the HTTP form). */
export interface SlashCommandPayload {
  team_id: string;
  channel_id: string;
  user_id: string;
  command: string;
  text: string;
  response_url: string;
  [field: string]: string | boolean;
}

export class FakeSlackSocket extends EventEmitter<{ hello: [WebSocket]; ack: [SocketAck]; close: [WebSocket] }> {
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly sockets: WebSocket[] = [];
  private closed = 0;
  private refusals = 0;
  private issued = 0;
  private envelopes = 0;
  readonly acks: SocketAck[] = [];

  constructor(private readonly appId: string) {
    super();
  }

  /** Serves WebSocket upgrades to /link/ on the fake Web API's server. */
  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
  }

  /** A URL for apps.connections.open: ws://<host>/link/?ticket=..., good for one connection. */
  issueUrl(host: string): string {
    this.issued += 1;
    const ticket = `ticket-${this.issued}`;
    this.tickets.add(ticket);
    return `ws://${host}/link/?ticket=${ticket}`;
  }

  /** The next `times` connections are refused at the upgrade, even with a good ticket. */
  refuseNext(times = 1): void {
    this.refusals += times;
  }

  /** How many connections the client has opened (Slack said hello on each). */
  get connections(): number {
    return this.sockets.length;
  }

  /** Connections open right now: a socket whose close handshake has begun is not. */
  get open(): number {
    return this.sockets.filter((socket) => socket.readyState === socket.OPEN).length;
  }

  /** Resolves once `count` connections have been opened (counting earlier ones). */
  async waitForConnections(count: number): Promise<void> {
    while (this.sockets.length < count) await once(this, 'hello');
  }

  /** Resolves once `count` connections have closed (counting earlier ones). */
  async waitForCloses(count: number): Promise<void> {
    while (this.closed < count) await once(this, 'close');
  }

  /** Sends a slash command envelope on the newest open connection; returns its envelope_id. */
  pushSlashCommand(payload: SlashCommandPayload): string {
    this.envelopes += 1;
    const envelopeId = `envelope-${this.envelopes}`;
    this.send({ envelope_id: envelopeId, type: 'slash_commands', payload, accepts_response_payload: true });
    return envelopeId;
  }

  /** Resolves with the client's ack of this envelope, whether it came already or comes later. */
  async ackOf(envelopeId: string): Promise<SocketAck> {
    for (;;) {
      const ack = this.acks.find((entry) => entry.envelope_id === envelopeId);
      if (ack) return ack;
      await once(this, 'ack');
    }
  }

  /** Slack's warning that it is about to recycle the connection; the client should reconnect. */
  requestRefresh(): void {
    this.send({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'fake-applink' } });
  }

  close(): void {
    for (const socket of this.sockets) socket.terminate();
    this.server.close();
  }

  private send(message: Record<string, unknown>): void {
    const socket = this.sockets.findLast((candidate) => candidate.readyState === candidate.OPEN);
    if (!socket) throw new Error('no open Socket Mode connection to send on');
    socket.send(JSON.stringify(message));
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'ws://fake');
    const ticket = url.searchParams.get('ticket') ?? '';
    const refused = this.refusals > 0;
    if (refused) this.refusals -= 1;
    if (url.pathname !== '/link/' || !this.tickets.delete(ticket) || refused) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    this.server.handleUpgrade(req, socket, head, (ws) => this.connected(ws));
  }

  private connected(ws: WebSocket): void {
    this.sockets.push(ws);
    ws.on('message', (data: RawData) => this.received(data));
    ws.on('close', () => {
      this.closed += 1;
      this.emit('close', ws);
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.open,
        debug_info: { host: 'fake-applink', build_number: 1, approximate_connection_time: 18_060 },
        connection_info: { app_id: this.appId },
      }),
    );
    this.emit('hello', ws);
  }

  private received(data: RawData): void {
    const message = JSON.parse((data as Buffer).toString('utf8')) as SocketAck;
    this.acks.push(message);
    this.emit('ack', message);
  }
}
