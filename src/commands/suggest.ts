// Completions for an argument as a person types it (Discord autocomplete), from the sources the
// command table names: this channel's removable subscriptions, feed ids, topic names.
import type { SuggestionSource } from './grammar.ts';
import type { CommandContext } from './context.ts';
import { channelSubscriptions, visibleFeeds } from './handlers/shared.ts';

/** Discord shows at most 25 choices. */
export const MAX_SUGGESTIONS = 25;

async function candidates(source: SuggestionSource, context: Pick<CommandContext, 'store' | 'config' | 'actor'>): Promise<string[]> {
  switch (source) {
    case 'channel-subscriptions':
      return (await channelSubscriptions(context)).filter((subscription) => !subscription.managedByConfig).map((subscription) => subscription.id);
    case 'feeds':
      return (await visibleFeeds(context)).map((feed) => feed.id);
    case 'feeds-and-topics': {
      const feeds = (await visibleFeeds(context)).map((feed) => feed.id);
      return [...feeds, ...Object.keys(context.config.topics).map((name) => `topic:${name}`)];
    }
  }
}

/** Values containing what was typed (case-insensitive), those starting with it first, sorted. */
export async function suggestions(source: SuggestionSource, typed: string, context: Pick<CommandContext, 'store' | 'config' | 'actor'>): Promise<string[]> {
  const needle = typed.trim().toLowerCase();
  const found = (await candidates(source, context)).filter((value) => value.toLowerCase().includes(needle));
  const starts = (value: string): number => (value.toLowerCase().startsWith(needle) ? 0 : 1);
  return found.sort((a, b) => starts(a) - starts(b) || a.localeCompare(b)).slice(0, MAX_SUGGESTIONS);
}
