// The command core's public surface, for the platform adapters (Slack, Discord) and app.ts.
//
// An adapter's whole job:
//   1. input -> ParsedCommand: parseCommandText(text) for a line of text (Slack: unescape the
//      &amp; &lt; &gt; Slack sends, and its <url|label> link form, first), or
//      commandFromOptions(name, options) for typed options (Discord: register COMMANDS, their
//      words as subcommand (group) names and their args as string options with max_length,
//      choices and autocomplete from `suggest`, answered through suggestions()).
//   2. handleCommand(command, context), with actor.isAdmin = isConfigAdmin(...) || the
//      platform's own admins, one CommandRateLimiter and one feedLoader(config) for the process.
//   3. render the CommandReply (headline, sections, text), escaping it for the platform; it
//      already fits REPLY_LIMITS. `ephemeral` says whether the channel needs to see it.
// Parse errors are CommandErrors (HeraldError 'command_invalid'); handleCommandText does 1-2 and
// turns them into error replies too.
export { COMMAND_PREFIX, COMMANDS, REST_OF_LINE, commandSpec, usage } from './grammar.ts';
export type { ArgKind, ArgSpec, CommandSpec, FeedRefForm, SuggestionSource } from './grammar.ts';
export type { CommandName, FeedRef, ParsedCommand } from './parsed.ts';
export { commandFromOptions, parseCommandText } from './parse.ts';
export { CommandError } from './errors.ts';
export { handleCommand, handleCommandText, isConfigAdmin } from './handle.ts';
export type { Actor, CommandContext, CommandContextOptions, FeedLoad, LoadedFeed } from './context.ts';
export { commandContexts } from './context.ts';
export { REPLY_LIMITS, errorReply, okReply } from './reply.ts';
export type { CommandReply, ReplySection } from './reply.ts';
export { CommandRateLimiter } from './rate-limit.ts';
export type { BucketLimit, RateDecision, RateKey, RateLimiterOptions } from './rate-limit.ts';
export { FETCH_RATE_LIMITS, INPUT_LIMITS, MAX_FEEDS_PER_COMMAND, MAX_SUBSCRIPTIONS_PER_CHANNEL } from './limits.ts';
export { feedLoader } from './feed-loader.ts';
export { randomId } from './ids.ts';
export { MAX_SUGGESTIONS, suggestions } from './suggest.ts';
