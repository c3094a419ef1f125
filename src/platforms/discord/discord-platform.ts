// Discord delivery over the REST API alone (no gateway), so `herald poll --once` can post too.
// Every message parses no mentions; a message the bot posts carries a nonce derived from its
// outbox idempotency key with enforce_nonce, so a send retried after a lost answer is
// de-duplicated by Discord (for a few minutes). A forum channel is found without config: Discord refuses a plain message there
// (50008), the channel's type confirms it, and the alert becomes a forum post from then on.
// An alert whose rule gives it a voice goes through the channel's webhook (channel-webhooks.ts),
// which Discord gives no nonce.
import { createHash } from 'node:crypto';
import { ChannelType, RESTJSONErrorCodes, Routes, type APIChannel, type APIMessage, type APIThreadChannel } from 'discord.js';
import { PlatformError, describeError } from '../../domain/errors.ts';
import type { Alert, Digest, MessageRef } from '../../domain/types.ts';
import type { Logger } from '../../observability/logger.ts';
import { plural } from '../../text/plural.ts';
import { singleLine } from '../../text/sanitize.ts';
import { fitEscaped, truncate } from '../../text/truncate.ts';
import type { ChannelTarget, Platform } from '../platform.ts';
import { ChannelWebhooks } from './channel-webhooks.ts';
import { TOKEN_REJECTED, isDiscordCode, toPlatformError } from './discord-errors.ts';
import { escapeDiscordMarkdown } from './escape.ts';
import { renderDiscordAlert, type AllowedMentions, type DiscordEmbed } from './render.ts';
import { renderDiscordDigest } from './render-digest.ts';
import type { DiscordRest } from './rest-client.ts';
import type { Voice } from './voice.ts';

/** Discord's limits on a nonce, a message's content and a forum post's name. */
const NONCE_LENGTH = 25;
const CONTENT_MAX = 2000;
const POST_NAME_MAX = 100;

const FORUM_TYPES: ReadonlySet<ChannelType> = new Set([ChannelType.GuildForum, ChannelType.GuildMedia]);

interface MessageBody {
  content?: string;
  embeds?: DiscordEmbed[];
  /** Set by the alert renderer alone, to exactly the mention a rule or subscription opted into. */
  allowed_mentions?: AllowedMentions;
}

export interface DiscordPlatformOptions {
  rest: DiscordRest;
  /** The config's admins.discord, read at each use so a config reload applies. */
  admins: () => readonly string[];
  /** Channels whose config rule says `thread: true`: each alert there starts a thread. Read at each send. */
  threadChannels?: () => ReadonlySet<string>;
  /** Who an alert (a digest) appears from, by its rule's `voice:`; null or absent: the bot. Read at each send. */
  voice?: (alert: Alert) => Voice | null;
  digestVoice?: (digest: Digest) => Voice | null;
  /** DISCORD_APPLICATION_ID, to recognise Herald's own webhooks; null: asked of Discord when first needed. */
  applicationId?: string | null;
  log: Logger;
  now?: () => number;
}

/** A Discord nonce (at most 25 characters) that is the same for every retry of one outbox entry. */
export function nonceFor(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, NONCE_LENGTH);
}

function postName(text: string): string {
  return truncate(singleLine(text), POST_NAME_MAX) || 'Herald';
}

export class DiscordPlatform implements Platform {
  readonly name = 'discord' as const;
  private readonly forums = new Set<string>();
  private readonly dmChannels = new Map<string, string>();
  private tokenRejected = false;
  private readonly now: () => number;
  private readonly webhooks: ChannelWebhooks;

  constructor(private readonly options: DiscordPlatformOptions) {
    this.now = options.now ?? Date.now;
    this.webhooks = new ChannelWebhooks({
      rest: options.rest,
      call: (action, request) => this.call(action, request),
      applicationId: options.applicationId ?? null,
      log: options.log,
      now: this.now,
    });
  }

  async send(alert: Alert, idempotencyKey: string): Promise<MessageRef> {
    const ref = await this.post(alert.channel, renderDiscordAlert(alert), postName(alert.item.title), idempotencyKey, this.options.voice?.(alert) ?? null);
    // A forum post is a thread already (its ref names the thread, not the channel).
    if (ref.channel === alert.channel && this.options.threadChannels?.().has(alert.channel)) await this.startThread(ref, alert.item.title);
    return ref;
  }

  async update(ref: MessageRef, alert: Alert): Promise<void> {
    if (ref.webhook !== undefined) return this.webhooks.edit(alert.channel, ref, withoutMentions(renderDiscordAlert(alert)));
    try {
      await this.call(`editing message ${ref.id} in Discord channel ${ref.channel}`, () =>
        this.options.rest.rest.patch(Routes.channelMessage(ref.channel, ref.id), { body: withoutMentions(renderDiscordAlert(alert)) }),
      );
    } catch (error) {
      // Someone deleted the alert: the update has nothing to edit, and reposting would undo the deletion.
      if (isDiscordCode(error instanceof PlatformError ? error.cause : error, RESTJSONErrorCodes.UnknownMessage)) {
        this.options.log.info({ channel: ref.channel, messageId: ref.id }, 'story update skipped: its Discord message was deleted');
        return;
      }
      throw error;
    }
  }

  sendDigest(digest: Digest, idempotencyKey: string): Promise<MessageRef> {
    const name = `News digest: ${plural(digest.alerts.length, 'story', 'stories')}`;
    return this.post(digest.channel, renderDiscordDigest(digest, { now: this.now() }), name, idempotencyKey, this.options.digestVoice?.(digest) ?? null);
  }

  async notice(target: ChannelTarget, text: string): Promise<void> {
    await this.post(target.channel, { content: fitEscaped(text, CONTENT_MAX, escapeDiscordMarkdown) }, postName(`Herald: ${text}`), null);
  }

  async notifyAdmins(_workspace: string | null, text: string): Promise<void> {
    const content = fitEscaped(text, CONTENT_MAX, escapeDiscordMarkdown);
    for (const admin of this.options.admins()) {
      try {
        const channel = await this.dmChannel(admin);
        await this.call(`messaging Discord admin ${admin}`, () =>
          this.options.rest.rest.post(Routes.channelMessages(channel), { body: withoutMentions({ content }) }),
        );
      } catch (error) {
        // admins.discord may hold role ids too, which cannot be messaged; the rest still are.
        this.options.log.warn({ admin, err: describeError(error) }, 'could not message a Discord admin (a role id in admins.discord cannot be messaged)');
      }
    }
  }

  /** Not ready once Discord has refused the token: nothing will get through until it is replaced. */
  async ready(): Promise<boolean> {
    return !this.tokenRejected;
  }

  async close(): Promise<void> {
    this.options.rest.rest.clearHashSweeper();
    this.options.rest.rest.clearHandlerSweeper();
  }

  /**
   * Posts a message to a channel, or a post named `name` when the channel is a forum: under
   * `voice` through the channel's webhook when Herald has one there, else as the bot.
   */
  private async post(channel: string, body: MessageBody, name: string, idempotencyKey: string | null, voice: Voice | null = null): Promise<MessageRef> {
    const spoken = voice === null ? null : await this.webhooks.post(channel, withoutMentions(body), voice, postName(name));
    if (spoken !== null) return spoken;
    const action = `posting to Discord channel ${channel}`;
    if (this.forums.has(channel)) return this.forumPost(channel, body, name, action);
    const nonce = idempotencyKey === null ? {} : { nonce: nonceFor(idempotencyKey), enforce_nonce: true };
    try {
      const message = (await this.call(action, () =>
        this.options.rest.rest.post(Routes.channelMessages(channel), { body: { ...withoutMentions(body), ...nonce } }),
      )) as APIMessage;
      return { platform: 'discord', channel, id: message.id };
    } catch (error) {
      if (!(error instanceof PlatformError && isDiscordCode(error.cause, RESTJSONErrorCodes.CannotSendMessagesInNonTextChannel))) throw error;
      if (!(await this.isForum(channel, action))) throw error;
      this.forums.add(channel);
      return this.forumPost(channel, body, name, action);
    }
  }

  /**
   * Starts a thread on a posted alert, so talk about the story stays under it. The alert is out
   * already: a thread Discord refuses is logged with the fix, never a failed (and so repeated) send.
   */
  private async startThread(ref: MessageRef, title: string): Promise<void> {
    try {
      await this.call(`starting a thread on message ${ref.id} in Discord channel ${ref.channel}`, () =>
        this.options.rest.rest.post(Routes.threads(ref.channel, ref.id), { body: { name: postName(title) } }),
      );
    } catch (error) {
      this.options.log.warn(
        { channel: ref.channel, messageId: ref.id, err: describeError(error) },
        "alert posted, but Discord refused its thread: give Herald 'Create Public Threads' in the channel, or remove thread: true from its rule",
      );
    }
  }

  /** A forum post's first message is the alert; its thread id is its message id and its channel. */
  private async forumPost(forum: string, body: MessageBody, name: string, action: string): Promise<MessageRef> {
    const thread = (await this.call(action, () =>
      this.options.rest.rest.post(Routes.threads(forum), { body: { name: postName(name), message: withoutMentions(body) } }),
    )) as APIThreadChannel & { message?: APIMessage };
    return { platform: 'discord', channel: thread.id, id: thread.message?.id ?? thread.id };
  }

  private async isForum(channel: string, action: string): Promise<boolean> {
    const found = (await this.call(action, () => this.options.rest.rest.get(Routes.channel(channel)))) as APIChannel;
    return FORUM_TYPES.has(found.type);
  }

  private async dmChannel(user: string): Promise<string> {
    const known = this.dmChannels.get(user);
    if (known !== undefined) return known;
    const channel = (await this.call(`opening a direct message to Discord user ${user}`, () =>
      this.options.rest.rest.post(Routes.userChannels(), { body: { recipient_id: user } }),
    )) as APIChannel;
    this.dmChannels.set(user, channel.id);
    return channel.id;
  }

  /**
   * One REST call under its rate-limit budget, failures mapped to PlatformError. After a 401
   * no request is made at all: the token is revoked, and every try would count towards the ban.
   */
  private async call<T>(action: string, request: () => Promise<T>): Promise<T> {
    if (this.tokenRejected) throw new PlatformError('platform_permanent', `${action}: ${TOKEN_REJECTED}`, { status: 401 });
    try {
      return await this.options.rest.bounded(request);
    } catch (error) {
      const mapped = toPlatformError(error, action);
      if (mapped.context.status === 401) this.tokenRejected = true;
      throw mapped;
    }
  }
}

/** Whatever a message holds, it pings no one but what its renderer allowed (an opted-in mention). */
function withoutMentions(body: MessageBody): MessageBody & { allowed_mentions: AllowedMentions } {
  return { ...body, allowed_mentions: body.allowed_mentions ?? { parse: [] } };
}
