// `test <query> [feed]`: runs a query over the recent items of one feed (or of this channel's
// feeds) and shows, item by item, why it matched or missed: the explain output of the matcher.
import { explainMatch, formatExplanation } from '../../match/index.ts';
import type { Item } from '../../domain/types.ts';
import { quoteInput } from '../args.ts';
import type { CommandContext } from '../context.ts';
import { invalid } from '../errors.ts';
import type { ParsedCommand } from '../parsed.ts';
import { okReply, type CommandReply, type ReplySection } from '../reply.ts';
import { checkFetchable } from './feed-urls.ts';
import {
  channelSubscriptions,
  compileUserQuery,
  feedsOf,
  itemLines,
  knownFeed,
  loadFeeds,
  loadNotes,
  newestItems,
  requireFetchBudget,
  type FeedTarget,
} from './shared.ts';
import { commandLine } from '../forms.ts';

type Test = Extract<ParsedCommand, { name: 'test' }>;

const RECENT_ITEMS = 20;
const SHOWN_MATCHES = 5;
const SHOWN_MISSES = 3;

async function targets(command: Test, context: CommandContext): Promise<FeedTarget[]> {
  const { feed } = command;
  if (feed?.kind === 'url') {
    checkFetchable(feed.url, context);
    return [{ label: feed.url, url: feed.url }];
  }
  if (feed?.kind === 'feed') {
    const record = await knownFeed(feed.id, context);
    return [{ label: record.id, url: record.url }];
  }
  const feeds = await feedsOf(await channelSubscriptions(context), context);
  if (feeds.length === 0) {
    throw invalid(`this channel follows no feeds yet; name one: ${commandLine(context.actor.platform, 'test', { query: '<query>', feed: '<feed-id | feed-url>' })}`);
  }
  return feeds.map((record) => ({ label: record.id, url: record.url }));
}

function explanationSection(verdict: 'Matched' | 'Missed', query: string, item: Item, context: CommandContext): ReplySection {
  // The first line only says matched or missed, which the title already says.
  const why = formatExplanation(explainMatch(query, context.config.topics, item)).split('\n').slice(1);
  return { title: `${verdict}: ${item.title}`, lines: [...itemLines(item, context).slice(1), ...why.map((line) => line.trim())] };
}

export async function test(command: Test, context: CommandContext): Promise<CommandReply> {
  const compiled = compileUserQuery(command.query, context);
  const feeds = await targets(command, context);
  requireFetchBudget(context, feeds.map((feed) => feed.url));
  const result = await loadFeeds(feeds, context);
  const notes = loadNotes(result);
  if (result.loaded.length === 0) throw invalid(`no feed could be loaded to test against: ${notes.join('; ')}`);

  const recent = newestItems(result.loaded, RECENT_ITEMS);
  const matched = recent.filter((item) => compiled.matches(item));
  const missed = recent.filter((item) => !compiled.matches(item));
  const from = result.loaded.map((feed) => feed.label).join(', ');
  const headline = `${quoteInput(command.query)} matches ${matched.length} of the ${recent.length === 1 ? 'one most recent item' : `${recent.length} most recent items`} from ${from}.`;
  const sections: ReplySection[] = [
    ...matched.slice(0, SHOWN_MATCHES).map((item) => explanationSection('Matched', command.query, item, context)),
    ...missed.slice(0, SHOWN_MISSES).map((item) => explanationSection('Missed', command.query, item, context)),
    { title: 'Notes', lines: notes },
  ];
  return okReply(headline, sections);
}
