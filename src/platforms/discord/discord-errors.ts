// What a failed Discord call means for Herald. Permanent errors must stop retries at once:
// Discord bans the bot's IP after 10,000 invalid requests (401, 403, 429) in ten minutes, and
// no retry fixes a deleted channel or a missing permission. Messages name the fix, never the token.
import { DiscordAPIError, HTTPError, RateLimitError } from '@discordjs/rest';
import { RESTJSONErrorCodes } from 'discord.js';
import { PlatformError, describeError } from '../../domain/errors.ts';
import { truncate } from '../../text/truncate.ts';
import { rateLimitWaitMs } from './rest-client.ts';

const FIXES: Partial<Record<number, string>> = {
  [RESTJSONErrorCodes.UnknownChannel]: 'the channel no longer exists (Unknown Channel); subscribe another channel and remove this subscription',
  [RESTJSONErrorCodes.MissingAccess]:
    "the bot cannot see the channel (Missing Access); give Herald's role View Channel there, then run /news resume in it",
  [RESTJSONErrorCodes.MissingPermissions]:
    "the bot lacks a permission there (Missing Permissions); give Herald's role Send Messages, Embed Links, Send Messages in Threads and Create Posts, then run /news resume",
  [RESTJSONErrorCodes.CannotSendMessagesInNonTextChannel]: 'the channel cannot hold messages (a voice channel or category); subscribe a text or forum channel instead',
  [RESTJSONErrorCodes.TagRequiredToCreateAForumPostInThisChannel]:
    'the forum requires a tag on every post; turn off "Require people to select tags" in its settings, then run /news resume in it',
};

export const TOKEN_REJECTED =
  'Discord rejected the bot token (401 Unauthorized); reset it in the Developer Portal (your app > Bot > Reset Token), set DISCORD_TOKEN and restart Herald';

export function isDiscordCode(error: unknown, code: number): boolean {
  return error instanceof DiscordAPIError && error.code === code;
}

/** A Discord failure as the PlatformError the outbox acts on; `action` names the call ("posting to channel 123"). */
export function toPlatformError(error: unknown, action: string): PlatformError {
  if (error instanceof PlatformError) return error;
  if (error instanceof RateLimitError) {
    const retryAfterMs = Math.ceil(rateLimitWaitMs(error));
    return new PlatformError(
      'platform_rate_limited',
      `${action}: Discord rate limit${error.global ? ' (global)' : ''} asks to wait ${retryAfterMs} ms; the alert waits in the outbox meanwhile`,
      { route: error.route, global: error.global },
      { cause: error, retryAfterMs },
    );
  }
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === 'number' ? error.code : null;
    const context = { status: error.status, code: error.code, method: error.method };
    const fix = code === null ? undefined : FIXES[code];
    if (error.status === 401) return new PlatformError('platform_permanent', `${action}: ${TOKEN_REJECTED}`, context, { cause: error });
    // Every 403 and 404 is permanent too: retrying them only counts towards the ban.
    if (fix !== undefined || error.status === 403 || error.status === 404) {
      const reason = fix ?? `Discord refused it with ${error.status} (${truncate(error.message, 200)})`;
      return new PlatformError('platform_permanent', `${action}: ${reason}`, context, { cause: error });
    }
    // Any other 4xx refuses this request itself (50035 Invalid Form Body, say): sending it again cannot help.
    if (error.status >= 400 && error.status < 500 && error.status !== 429) {
      return new PlatformError('platform_rejected', `${action}: Discord refused the message with ${error.status} (${truncate(error.message, 200)}); it is dead-lettered, later alerts still go out`, context, { cause: error });
    }
    return new PlatformError('platform_transient', `${action}: Discord answered ${error.status} (${truncate(error.message, 200)})`, context, { cause: error });
  }
  if (error instanceof HTTPError) {
    return new PlatformError('platform_transient', `${action}: Discord answered ${error.status}; it will be retried`, { status: error.status, method: error.method }, { cause: error });
  }
  return new PlatformError('platform_transient', `${action}: ${truncate(describeError(error), 300)}`, {}, { cause: error });
}
