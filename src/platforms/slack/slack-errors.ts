// Slack Web API failures as Herald's PlatformError. Permanent means a person has to change
// something (invite the app, fix a channel id, replace a token, add a scope): the outbox then
// pauses the subscription and tells the admins instead of retrying. Everything Slack may get
// over by itself (5xx, timeouts, resets, its own internal errors) is transient.
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import { PlatformError } from '../../domain/errors.ts';

export interface SlackCallTarget {
  /** The Web API method, e.g. chat.postMessage. */
  method: string;
  /** The channel (or user id, for a DM) the call was for; none for calls like auth.test. */
  channel?: string;
}

const REINSTALL = 'Slack app settings > OAuth & Permissions (or re-create the app from slack-app-manifest.yaml), then reinstall it to the workspace';
const NEW_TOKEN = "copy the current Bot User OAuth Token from your Slack app's OAuth & Permissions page into SLACK_BOT_TOKEN and restart Herald";

/** Errors a retry cannot fix, with what the person who runs Herald should do. */
const PERMANENT: Record<string, (target: SlackCallTarget, needed: string | null) => string> = {
  channel_not_found: (t) => `Slack channel ${t.channel} does not exist or Herald cannot see it: check the channel id, or invite the Herald app if the channel is private`,
  not_in_channel: (t) => `Herald is not a member of Slack channel ${t.channel}: invite it there with /invite @Herald`,
  is_archived: (t) => `Slack channel ${t.channel} is archived: unarchive it, or remove this channel's subscriptions`,
  messages_tab_disabled: (t) => `Slack user ${t.channel} cannot get direct messages from Herald: turn on the Messages tab under App Home in the Slack app settings`,
  restricted_action: (t) => `a workspace policy stops Herald from posting in Slack channel ${t.channel}: ask a workspace admin to allow apps to post there`,
  restricted_action_read_only_channel: (t) => `Slack channel ${t.channel} is read-only for apps: pick another channel or ask a workspace admin to allow posting`,
  restricted_action_thread_only_channel: (t) => `Slack channel ${t.channel} only allows replies in threads: pick another channel for alerts`,
  team_access_not_granted: (t) => `the Herald app has no access to the workspace of Slack channel ${t.channel}: install the app there`,
  ekm_access_denied: (t) => `Slack's enterprise key management refused access to channel ${t.channel}: ask a workspace admin`,
  access_denied: (t) => `Slack denied Herald access to channel ${t.channel}: check the app's installation and the channel's permissions`,
  invalid_auth: () => `Slack rejected Herald's bot token: ${NEW_TOKEN}`,
  not_authed: () => `Slack received no bot token from Herald: set SLACK_BOT_TOKEN and restart Herald`,
  account_inactive: () => `the Slack bot user behind Herald's token is deactivated: reinstall the app, then ${NEW_TOKEN}`,
  token_revoked: () => `Herald's Slack bot token was revoked: reinstall the app, then ${NEW_TOKEN}`,
  token_expired: () => `Herald's Slack bot token has expired: ${NEW_TOKEN}`,
  not_allowed_token_type: () => `SLACK_BOT_TOKEN is not a bot token: ${NEW_TOKEN}`,
  org_login_required: () => `the Slack workspace is being migrated to an Enterprise Grid org: reinstall the app when it is done`,
  two_factor_setup_required: () => `the Slack workspace requires two-factor setup for Herald's installer: finish it, then reinstall the app`,
  enterprise_is_restricted: () => `the Slack Enterprise Grid org restricts this app: ask an org admin to approve Herald`,
  missing_scope: (t, needed) => `the Slack app lacks the ${needed === null ? 'scope' : `'${needed}' scope`} that ${t.method} needs: add it under ${REINSTALL}`,
  no_permission: (t) => `the Slack app has no permission for ${t.method}: add the scopes listed in slack-app-manifest.yaml under ${REINSTALL}`,
};

const NEW_APP_TOKEN = "create an app-level token with the connections:write scope under Basic Information > App-Level Tokens in your Slack app's settings, put it in SLACK_APP_TOKEN and restart Herald";

/** apps.connections.open is called with the app-level token, so these refusals are about SLACK_APP_TOKEN, not the bot token. */
const APP_TOKEN_REFUSED: Record<string, string> = {
  invalid_auth: `Slack rejected SLACK_APP_TOKEN: ${NEW_APP_TOKEN}`,
  not_authed: `Slack received no app-level token from Herald: ${NEW_APP_TOKEN}`,
  token_revoked: `SLACK_APP_TOKEN was revoked: ${NEW_APP_TOKEN}`,
  not_allowed_token_type: `SLACK_APP_TOKEN is not an app-level token: ${NEW_APP_TOKEN}`,
  missing_scope: `SLACK_APP_TOKEN lacks the connections:write scope: ${NEW_APP_TOKEN}`,
};

const RATE_LIMITED = new Set(['ratelimited', 'rate_limited', 'message_limit_exceeded']);

/** Refusals of one message, not of the channel: retrying the same message cannot help. */
const REJECTED = new Set([
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'no_text',
  'too_many_attachments',
  'invalid_arguments',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
]);

function call(target: SlackCallTarget): string {
  return target.channel === undefined ? target.method : `${target.method} to channel ${target.channel}`;
}

function rateLimited(target: SlackCallTarget, retryAfterMs: number | null, cause: unknown): PlatformError {
  const wait = retryAfterMs === null ? '' : ` for ${Math.ceil(retryAfterMs / 1000)}s`;
  return new PlatformError('platform_rate_limited', `Slack rate-limited ${call(target)}${wait}; Herald waits and retries`, { ...target }, { cause, retryAfterMs });
}

function transient(target: SlackCallTarget, reason: string, cause: unknown): PlatformError {
  return new PlatformError('platform_transient', `Slack ${call(target)} failed (${reason}); Herald retries with backoff`, { ...target }, { cause });
}

/** Any error the WebClient threw (or anything else) as a PlatformError; never includes the token. */
export function slackPlatformError(error: unknown, target: SlackCallTarget): PlatformError {
  if (error instanceof PlatformError) return error;
  if (error instanceof WebAPIRateLimitedError) return rateLimited(target, error.retryAfter * 1000, error);
  if (error instanceof WebAPIPlatformError) {
    const code = error.data.error;
    const permanent = PERMANENT[code];
    if (permanent) {
      const { needed } = error.data as { needed?: unknown };
      return new PlatformError('platform_permanent', `${permanent(target, typeof needed === 'string' ? needed : null)} (Slack error ${code})`, { ...target, slackError: code }, { cause: error });
    }
    if (RATE_LIMITED.has(code)) return rateLimited(target, null, error);
    if (REJECTED.has(code)) {
      const reason = `Slack refused this message for ${call(target)} (Slack error ${code}); it is dead-lettered, later alerts still go out`;
      return new PlatformError('platform_rejected', reason, { ...target, slackError: code }, { cause: error });
    }
    return transient(target, `Slack error ${code}`, error);
  }
  if (error instanceof WebAPIHTTPError) return transient(target, `HTTP ${error.statusCode}`, error);
  if (error instanceof WebAPIRequestError) {
    const timedOut = error.original.name === 'TimeoutError' || error.original.name === 'AbortError';
    return transient(target, timedOut ? 'no answer before the request timeout' : `request failed: ${error.original.message}`, error);
  }
  return transient(target, error instanceof Error ? error.message : String(error), error);
}

/** Why a Socket Mode connection could not be opened: apps.connections.open's error, or a socket that closed before Slack's hello. */
export function socketModeStartError(error: unknown): PlatformError {
  const target = { method: 'apps.connections.open' };
  if (error instanceof WebAPIPlatformError) {
    const code = error.data.error;
    const refused = APP_TOKEN_REFUSED[code];
    if (refused) return new PlatformError('platform_permanent', `${refused} (Slack error ${code})`, { ...target, slackError: code }, { cause: error });
  }
  // The Socket Mode client rejects with nothing when the WebSocket closes before Slack's hello.
  if (error === undefined) return transient({ method: 'Socket Mode connection' }, 'closed before Slack said hello', error);
  return slackPlatformError(error, target);
}
