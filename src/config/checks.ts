// Checks that span several keys (references between feeds, topics and channel rules, time
// zones, duplicates). They read the raw document defensively, so they run even when the
// schema found problems elsewhere and the user sees every problem in one pass.
import { mentionProblem, parseMention } from '../domain/mention.ts';
import { configSubscriptionId } from './channels.ts';
import { PLATFORM_NAMES } from './schema.ts';
import { describeValue, didYouMean, formatPath, listNames, type ConfigPath, type PathProblem } from './problems.ts';

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function records(value: unknown): [number, Raw][] {
  return Array.isArray(value) ? value.flatMap((entry, index): [number, Raw][] => (isRecord(entry) ? [[index, entry]] : [])) : [];
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string') ? value : undefined;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

interface ReferenceWords {
  noun: string;
  has: string;
  empty: string;
}

const FEED_WORDS: ReferenceWords = {
  noun: 'feed',
  has: 'has the id or tag',
  empty: 'an empty list listens to no feed; remove the key to listen to every feed, or name some',
};

const TOPIC_WORDS: ReferenceWords = {
  noun: 'topic',
  has: 'is named',
  empty: 'an empty list names no topic; remove the key to match every item, or name some',
};

export function crossCheck(raw: unknown, platforms: readonly string[] = PLATFORM_NAMES): PathProblem[] {
  if (!isRecord(raw)) return [];
  const problems: PathProblem[] = [];
  // A rule names feeds by id or by tag (tag:world); a tag no feed carries is a typo.
  const feedIds = [...checkFeedIds(raw.feeds, problems), ...feedTags(raw.feeds).map((tag) => `tag:${tag}`)];
  const topicNames = isRecord(raw.topics) ? Object.keys(raw.topics) : [];
  if (isRecord(raw.defaults)) checkTimeZone(raw.defaults.timezone, ['defaults', 'timezone'], problems);

  const rulesById = new Map<string, number>();
  for (const [index, rule] of records(raw.channels)) {
    const at: ConfigPath = ['channels', index];
    checkReferences(rule.feeds, [...at, 'feeds'], feedIds, FEED_WORDS, problems);
    checkReferences(rule.topics, [...at, 'topics'], topicNames, TOPIC_WORDS, problems);
    checkTimeZone(rule.timezone, [...at, 'timezone'], problems);
    if (isRecord(rule.quietHours) && typeof rule.quietHours.from === 'string' && rule.quietHours.from === rule.quietHours.to) {
      problems.push({
        path: [...at, 'quietHours'],
        message: `from and to are both ${rule.quietHours.from}, so the quiet hours are empty; give the start in from and the end in to, like { from: '22:00', to: '07:00' }`,
      });
    }
    const platform = typeof rule.platform === 'string' && platforms.includes(rule.platform) ? rule.platform : null;
    checkMention(rule.mention, platform, [...at, 'mention'], problems);
    if (rule.thread === true && platform !== null && platform !== 'discord') {
      problems.push({ path: [...at, 'thread'], message: `only Discord channels can start a thread per alert, not ${platform}; remove thread from this rule` });
    }
    if (rule.voice !== undefined && platform !== null && platform !== 'discord') {
      problems.push({ path: [...at, 'voice'], message: `only Discord channels can post under a feed's or rule's own name, not ${platform}; remove voice from this rule` });
    }
    const feeds = strings(rule.feeds);
    const topics = strings(rule.topics);
    if (platform !== null && typeof rule.channel === 'string') {
      const id = configSubscriptionId({ platform, channel: rule.channel, workspace: optionalString(rule.workspace), feeds, topics, query: optionalString(rule.query) });
      const first = rulesById.get(id);
      if (first === undefined) rulesById.set(id, index);
      else {
        problems.push({
          path: at,
          message: `same platform, workspace, channel, feeds, topics and query as ${formatPath(['channels', first])}, so the two would be one subscription; merge them or remove one`,
        });
      }
    }
  }
  return problems;
}

function checkFeedIds(feeds: unknown, problems: PathProblem[]): string[] {
  const firstIndex = new Map<string, number>();
  for (const [index, feed] of records(feeds)) {
    if (typeof feed.id !== 'string') continue;
    const first = firstIndex.get(feed.id);
    if (first === undefined) firstIndex.set(feed.id, index);
    else problems.push({ path: ['feeds', index, 'id'], message: `'${feed.id}' is already the id of ${formatPath(['feeds', first])}; give every feed its own id` });
  }
  return [...firstIndex.keys()];
}

function feedTags(feeds: unknown): string[] {
  return [...new Set(records(feeds).flatMap(([, feed]) => strings(feed.tags) ?? []))];
}

function checkReferences(
  value: unknown,
  path: ConfigPath,
  known: readonly string[],
  words: ReferenceWords,
  problems: PathProblem[],
): void {
  if (!Array.isArray(value)) return;
  if (value.length === 0) {
    problems.push({ path, message: words.empty });
    return;
  }
  value.forEach((name, index) => {
    if (typeof name !== 'string' || known.includes(name)) return;
    problems.push({
      path: [...path, index],
      message: `no ${words.noun} ${words.has} ${describeValue(name)}${didYouMean(name, known)}; the ${words.noun}s are: ${listNames(known)}`,
    });
  });
}

function checkMention(value: unknown, platform: string | null, path: ConfigPath, problems: PathProblem[]): void {
  if (typeof value !== 'string') return;
  const parsed = parseMention(value);
  const problem = parsed.ok ? (platform === null ? null : mentionProblem(parsed.mention, platform)) : parsed.problem;
  if (problem !== null) problems.push({ path, message: problem });
}

function checkTimeZone(value: unknown, path: ConfigPath, problems: PathProblem[]): void {
  if (typeof value !== 'string' || isTimeZone(value)) return;
  problems.push({ path, message: `${describeValue(value)} is not a time zone; use an IANA name like UTC, Europe/London or America/New_York` });
}
