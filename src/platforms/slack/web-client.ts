// The one way Herald builds a Slack WebClient. The SDK's defaults suit a chat bot poorly: no
// request timeout, ten retries over about thirty minutes, and a 429 that pauses the client's
// whole queue (one rate-limited channel would hold every other channel's posts). Herald's outbox
// already retries with backoff and honours Retry-After, so the client tries briefly and reports.
import { WebClient, type RetryOptions, type WebClientOptions } from '@slack/web-api';
import type { Logger } from '../../observability/logger.ts';
import { slackLogger } from './slack-logger.ts';

export interface SlackClientSettings {
  /** Per request, in milliseconds. */
  timeoutMs: number;
  /** Retries of a request that failed in transport or with a 5xx (p-retry options). */
  retry: RetryOptions;
}

export const DEFAULT_SLACK_CLIENT_SETTINGS: SlackClientSettings = {
  timeoutMs: 10_000,
  retry: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2_000, randomize: true },
};

/** The options shared by Herald's own client and the one Bolt builds for slash commands. */
export function slackClientOptions(apiUrl: string | null, log: Logger, settings: SlackClientSettings = DEFAULT_SLACK_CLIENT_SETTINGS): WebClientOptions {
  return {
    // The SDK appends method names straight to this URL, so it must end with a slash.
    ...(apiUrl === null ? {} : { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` }),
    logger: slackLogger(log),
    timeout: settings.timeoutMs,
    retryConfig: settings.retry,
    rejectRateLimitedCalls: true,
    // Method names are fixed strings in Herald; an absolute URL must never redirect a call (and its token).
    allowAbsoluteUrls: false,
  };
}

export function createSlackWebClient(token: string, apiUrl: string | null, log: Logger, settings?: SlackClientSettings): WebClient {
  return new WebClient(token, slackClientOptions(apiUrl, log, settings));
}
