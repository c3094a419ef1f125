// The command core's public surface, for the platform adapters (Slack, Discord) and app.ts.
export { COMMAND_PREFIX, COMMANDS, REST_OF_LINE, commandSpec, usage } from './grammar.ts';
export type { ArgKind, ArgSpec, CommandSpec, FeedRefForm, SuggestionSource } from './grammar.ts';
export type { CommandName, FeedRef, ParsedCommand } from './parsed.ts';
export { commandFromOptions, parseCommandText } from './parse.ts';
export { CommandError } from './errors.ts';
export { handleCommand, handleCommandText, isConfigAdmin } from './handle.ts';
export type { Actor, CommandContext, FeedLoad, LoadedFeed } from './context.ts';
export { REPLY_LIMITS, errorReply, okReply } from './reply.ts';
export type { CommandReply, ReplySection } from './reply.ts';
export { CommandRateLimiter } from './rate-limit.ts';
export type { BucketLimit, RateDecision, RateKey, RateLimiterOptions } from './rate-limit.ts';
export { FETCH_RATE_LIMITS, INPUT_LIMITS, MAX_FEEDS_PER_COMMAND, MAX_SUBSCRIPTIONS_PER_CHANNEL } from './limits.ts';
export { feedLoader } from './feed-loader.ts';
export { randomId } from './ids.ts';
export { MAX_SUGGESTIONS, suggestions } from './suggest.ts';
