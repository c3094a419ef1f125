// Posting under a voice (a feed's or a rule's own name and avatar) through a channel webhook.
// Herald keeps one webhook per channel, named "Herald" and owned by its application: found by
// listing the channel's webhooks, created when missing (both need Manage Webhooks), and kept in
// memory, so a channel is listed once per process, not on every send. A thread's webhook is its
// parent's (messages go in with thread_id); in a forum each alert starts a post (thread_name).
// When no webhook can be had, the alert goes out as the bot and the reason is logged once per
// retry period, naming the fix. Webhook messages carry no nonce (Discord has none for them).
import { ChannelType, RESTJSONErrorCodes, Routes, type APIChannel, type APIMessage, type APIWebhook } from 'discord.js';
import { PlatformError } from '../../domain/errors.ts';
import type { MessageRef } from '../../domain/types.ts';
import type { Logger } from '../../observability/logger.ts';
import { isDiscordCode, toPlatformError } from './discord-errors.ts';
import type { DiscordRest } from './rest-client.ts';
import { WEBHOOK_NAME, type Voice } from './voice.ts';

/** How long a channel whose webhook Herald could not get posts as the bot before it tries again. */
export const VOICE_RETRY_MS = 15 * 60_000;

const THREAD_TYPES: ReadonlySet<ChannelType> = new Set([ChannelType.PublicThread, ChannelType.PrivateThread, ChannelType.AnnouncementThread]);
const FORUM_TYPES: ReadonlySet<ChannelType> = new Set([ChannelType.GuildForum, ChannelType.GuildMedia]);

/** The webhook an alert channel posts through. */
interface ChannelWebhook {
  id: string;
  token: string;
  /** The channel the webhook belongs to: the alert's channel, or a thread's parent. */
  channel: string;
  /** The alert's channel when it is a thread, which messages are posted into. */
  thread: string | null;
  forum: boolean;
}

/** A message body as the renderer made it, mentions settled. */
type Body = object;
type BotCall = <T>(action: string, request: () => Promise<T>) => Promise<T>;

export interface ChannelWebhooksOptions {
  rest: DiscordRest;
  /** A bot-authenticated call (DiscordPlatform's: rate-limit budget, 401 tripwire, error mapping). */
  call: BotCall;
  /** DISCORD_APPLICATION_ID; null: asked of Discord once. */
  applicationId: string | null;
  log: Logger;
  now: () => number;
}

/** Unknown Webhook, or a token Discord no longer takes: the webhook was deleted or reset. */
function webhookGone(error: unknown): boolean {
  const cause = error instanceof PlatformError ? error.cause : error;
  return isDiscordCode(cause, RESTJSONErrorCodes.UnknownWebhook) || isDiscordCode(cause, RESTJSONErrorCodes.InvalidWebhookToken);
}

function botOnlyReason(error: PlatformError, channel: string): string {
  if (isDiscordCode(error.cause, RESTJSONErrorCodes.MissingPermissions)) {
    return `Herald lacks Manage Webhooks in Discord channel ${channel}, so its alerts post as the bot, without their voice; give Herald's role Manage Webhooks there (or remove voice: from the channel's rule)`;
  }
  return `${error.message}; alerts in Discord channel ${channel} post as the bot, without their voice, until Herald can use a webhook there`;
}

export class ChannelWebhooks {
  /** By alert channel. */
  private readonly hooks = new Map<string, ChannelWebhook>();
  /**
   * Herald's webhook by the channel it belongs to, while found or being found: a thread and its
   * parent, or two alerts sent at once, share one listing and never create two webhooks.
   */
  private readonly owned = new Map<string, Promise<{ id: string; token: string }>>();
  /** Alert channels posting as the bot, until when. */
  private readonly botOnlyUntil = new Map<string, number>();
  private application: Promise<string> | null = null;

  constructor(private readonly options: ChannelWebhooksOptions) {}

  /**
   * Posts `body` to `channel` under `voice`; `postName` names a forum post. Null when Herald has
   * no webhook there (the reason is logged): the caller posts as the bot. A webhook deleted since
   * it was cached is recreated once.
   */
  async post(channel: string, body: Body, voice: Voice, postName: string): Promise<MessageRef | null> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const hook = await this.webhookFor(channel);
      if (hook === null) return null;
      try {
        return await this.execute(hook, channel, body, voice, postName);
      } catch (error) {
        if (!webhookGone(error)) throw error;
        this.forget(channel, hook);
      }
    }
    this.postAsBot(channel, `Herald's webhook in Discord channel ${channel} was deleted again right after Herald recreated it, so alerts there post as the bot; leave the "${WEBHOOK_NAME}" webhook in the channel's Integrations settings`);
    return null;
  }

  /**
   * Edits a message the channel's webhook posted. When that webhook is gone (deleted, or Herald
   * can no longer read it) nothing else may edit the message: the update is logged and dropped,
   * as for a deleted message.
   */
  async edit(channel: string, ref: MessageRef, body: Body): Promise<void> {
    const hook = await this.webhookFor(channel);
    const skip = (why: string): void => this.options.log.info({ channel, messageId: ref.id }, `story update skipped: ${why}`);
    if (hook === null || hook.id !== ref.webhook) return skip('the Discord webhook that posted its message is gone, and only it can edit the message');
    const thread = ref.channel === hook.channel ? {} : { query: new URLSearchParams({ thread_id: ref.channel }) };
    try {
      await this.webhookCall(`editing message ${ref.id} in Discord channel ${ref.channel} through its webhook`, () =>
        this.options.rest.rest.patch(Routes.webhookMessage(hook.id, hook.token, ref.id), { body, auth: false, ...thread }),
      );
    } catch (error) {
      if (webhookGone(error)) {
        this.forget(channel, hook);
        return skip('the Discord webhook that posted its message was deleted, and only it could edit the message');
      }
      if (isDiscordCode(error instanceof PlatformError ? error.cause : error, RESTJSONErrorCodes.UnknownMessage)) return skip('its Discord message was deleted');
      throw error;
    }
  }

  private async execute(hook: ChannelWebhook, channel: string, body: Body, voice: Voice, postName: string): Promise<MessageRef> {
    const query = new URLSearchParams({ wait: 'true' });
    if (hook.thread !== null) query.set('thread_id', hook.thread);
    const payload = { ...body, username: voice.name, ...(voice.avatar === null ? {} : { avatar_url: voice.avatar }), ...(hook.forum ? { thread_name: postName } : {}) };
    const message = (await this.webhookCall(`posting to Discord channel ${channel} through its webhook`, () =>
      this.options.rest.rest.post(Routes.webhook(hook.id, hook.token), { body: payload, query, auth: false }),
    )) as APIMessage;
    // In a forum the message's channel is the new post; elsewhere the channel or thread itself.
    return { platform: 'discord', channel: message.channel_id, id: message.id, webhook: hook.id };
  }

  /** The channel's webhook, cached; null (and the reason logged) when Herald cannot have one. */
  private async webhookFor(channel: string): Promise<ChannelWebhook | null> {
    const known = this.hooks.get(channel);
    if (known !== undefined) return known;
    if ((this.botOnlyUntil.get(channel) ?? 0) > this.options.now()) return null;
    try {
      const hook = await this.findOrCreate(channel);
      this.hooks.set(channel, hook);
      this.botOnlyUntil.delete(channel);
      return hook;
    } catch (error) {
      // A rate limit or an outage is retried with the alert; a refusal will not pass on retry.
      // A revoked bot token (401) stops the bot's posts too, so it is the caller's to report.
      if (!(error instanceof PlatformError && (error.permanent || error.rejected)) || error.context.status === 401) throw error;
      this.postAsBot(channel, botOnlyReason(error, channel));
      return null;
    }
  }

  private async findOrCreate(channel: string): Promise<ChannelWebhook> {
    const { call, rest } = this.options;
    const found = (await call(`reading Discord channel ${channel}`, () => rest.rest.get(Routes.channel(channel)))) as APIChannel;
    const thread = THREAD_TYPES.has(found.type) && 'parent_id' in found && typeof found.parent_id === 'string' ? found.parent_id : null;
    const owner = thread ?? channel;
    let hook = this.owned.get(owner);
    if (hook === undefined) {
      hook = this.ownWebhook(owner);
      this.owned.set(owner, hook);
      hook.catch(() => this.owned.delete(owner));
    }
    return { ...(await hook), channel: owner, thread: thread === null ? null : channel, forum: FORUM_TYPES.has(found.type) };
  }

  /** Herald's webhook in `owner`: the first its application made there, else a new one. */
  private async ownWebhook(owner: string): Promise<{ id: string; token: string }> {
    const { call, rest } = this.options;
    const application = await this.applicationId();
    const listed = (await call(`listing the webhooks of Discord channel ${owner}`, () => rest.rest.get(Routes.channelWebhooks(owner)))) as APIWebhook[];
    const hook =
      listed.find((candidate) => candidate.application_id === application && typeof candidate.token === 'string') ??
      ((await call(`creating Herald's webhook in Discord channel ${owner}`, () => rest.rest.post(Routes.channelWebhooks(owner), { body: { name: WEBHOOK_NAME } }))) as APIWebhook);
    if (typeof hook.token !== 'string') throw new PlatformError('platform_permanent', `Discord gave Herald's webhook in channel ${owner} no token`, { channel: owner });
    return { id: hook.id, token: hook.token };
  }

  /** Drops a webhook Discord no longer knows, so the next use finds or creates another. */
  private forget(channel: string, hook: ChannelWebhook): void {
    this.hooks.delete(channel);
    this.owned.delete(hook.channel);
  }

  private applicationId(): Promise<string> {
    const { applicationId, call, rest } = this.options;
    if (applicationId !== null) return Promise.resolve(applicationId);
    this.application ??= call("reading Herald's Discord application", () => rest.rest.get(Routes.currentApplication())).then(
      (application) => (application as { id: string }).id,
      (error: unknown) => {
        this.application = null;
        throw error;
      },
    );
    return this.application;
  }

  private postAsBot(channel: string, reason: string): void {
    this.botOnlyUntil.set(channel, this.options.now() + VOICE_RETRY_MS);
    this.options.log.warn({ channel }, reason);
  }

  /**
   * A call authorised by the webhook's token, not the bot's: a 401 here means that webhook's
   * token, so it must not trip the bot's revoked-token stop.
   */
  private async webhookCall<T>(action: string, request: () => Promise<T>): Promise<T> {
    try {
      return await this.options.rest.bounded(request);
    } catch (error) {
      throw webhookGone(error) ? new PlatformError('platform_permanent', `${action}: the webhook is gone`, {}, { cause: error }) : toPlatformError(error, action);
    }
  }
}
