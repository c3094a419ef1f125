import { describe, expect, it } from 'vitest';
import { CommandError } from '../../src/commands/errors.ts';
import { commandFromOptions, parseCommandText } from '../../src/commands/parse.ts';
import type { ParsedCommand } from '../../src/commands/parsed.ts';

describe('parseCommandText: every command in its good forms', () => {
  const cases: [string, ParsedCommand][] = [
    ['', { name: 'help', command: null }],
    ['   ', { name: 'help', command: null }],
    [
      'subscribe https://news.example.test/world/rss.xml satellite OR missile',
      { name: 'subscribe', target: { kind: 'url', url: 'https://news.example.test/world/rss.xml' }, query: 'satellite OR missile', mention: null, backfill: 0 },
    ],
    [
      'subscribe https://news.example.test/rss.xml title:"kim jong-un" (launch OR test) -sport',
      { name: 'subscribe', target: { kind: 'url', url: 'https://news.example.test/rss.xml' }, query: 'title:"kim jong-un" (launch OR test) -sport', mention: null, backfill: 0 },
    ],
    ['subscribe HTTPS://News.Example.test/feed', { name: 'subscribe', target: { kind: 'url', url: 'https://news.example.test/feed' }, query: '', mention: null, backfill: 0 }],
    ['subscribe gazette', { name: 'subscribe', target: { kind: 'feed', id: 'gazette' }, query: '', mention: null, backfill: 0 }],
    ['  SUBSCRIBE   Gazette   ferry  ', { name: 'subscribe', target: { kind: 'feed', id: 'gazette' }, query: 'ferry', mention: null, backfill: 0 }],
    ['subscribe topic:Sea-News ferry -strike', { name: 'subscribe', target: { kind: 'topic', name: 'sea-news' }, query: 'ferry -strike', mention: null, backfill: 0 }],
    ['unsubscribe sub_3F9A1C2E', { name: 'unsubscribe', id: 'sub_3f9a1c2e' }],
    ['list', { name: 'list' }],
    ['topics', { name: 'topics' }],
    ['test "kim jong un"', { name: 'test', query: '"kim jong un"', feed: null }],
    ['test "kim jong un" -sport feed:gazette', { name: 'test', query: '"kim jong un" -sport', feed: { kind: 'feed', id: 'gazette' } }],
    ['test satellite FEED:https://news.example.test/rss', { name: 'test', query: 'satellite', feed: { kind: 'url', url: 'https://news.example.test/rss' } }],
    ['test satellite topic:orbit', { name: 'test', query: 'satellite topic:orbit', feed: null }],
    ['pause', { name: 'pause', id: null }],
    ['resume', { name: 'resume', id: null }],
    ['digest off', { name: 'digest', digest: null, id: null }],
    ['digest Hourly', { name: 'digest', digest: { kind: 'hourly' }, id: null }],
    ['digest daily 08:30', { name: 'digest', digest: { kind: 'daily', at: '08:30' }, id: null }],
    ['digest daily   7:05', { name: 'digest', digest: { kind: 'daily', at: '07:05' }, id: null }],
    ['status', { name: 'status' }],
    ['help', { name: 'help', command: null }],
    ['help subscribe', { name: 'help', command: 'subscribe' }],
    ['help feed  add', { name: 'help', command: 'feed add' }],
    ['feed add https://news.example.test/science/atom.xml', { name: 'feed add', url: 'https://news.example.test/science/atom.xml', id: null }],
    ['feed add https://news.example.test/science/atom.xml Science', { name: 'feed add', url: 'https://news.example.test/science/atom.xml', id: 'science' }],
    ['Feed Remove science', { name: 'feed remove', id: 'science' }],
    ['feed list', { name: 'feed list' }],
  ];

  it.each(cases)('%j', (text, expected) => {
    expect(parseCommandText(text)).toEqual(expected);
  });

  it('keeps the query exactly as typed, inner spacing and quotes included', () => {
    const query = '"north  korea"   OR  (title:pyongyang -"k-pop")';
    expect(parseCommandText(`subscribe gazette ${query}`)).toMatchObject({ query });
  });
});

describe('parseCommandText: every bad form says what was wrong and shows the correct form', () => {
  const SUBSCRIBE = 'Usage: /news subscribe <feed-url | feed-id | topic:name> [query] [mention:<@here | @role | @user,...>] [backfill:<1-10>]';
  const TEST = 'Usage: /news test <query> [feed:<feed-id | feed-url>]';
  const FEED = 'Usage: /news feed add <url> [id] | /news feed import <url> | /news feed remove <id> | /news feed list';
  const cases: [string, string][] = [
    ['subscirbe https://x.test/feed', `unknown command 'subscirbe' (did you mean 'subscribe'?). ${SUBSCRIBE}`],
    ['lsit', "unknown command 'lsit' (did you mean 'list'?). Usage: /news list"],
    [
      'frobnicate',
      "unknown command 'frobnicate'. Commands: subscribe, unsubscribe, list, topics, test, recent, pause, resume, digest, quiet, timezone, template, status, help, feed; /news help shows them all with examples",
    ],
    ['subscribe', `subscribe needs <feed-url | feed-id | topic:name>. ${SUBSCRIBE}`],
    ['subscribe ftp://files.example.test/feed', `'ftp://files.example.test/feed' is not an http(s) URL; write it like https://news.example.org/world/rss.xml. ${SUBSCRIBE}`],
    ['subscribe https://', `'https://' is not a URL; write it like https://news.example.org/world/rss.xml. ${SUBSCRIBE}`],
    [
      'subscribe news.example.test/rss',
      `'news.example.test/rss' is not an id: ids are 1-64 letters, digits, - or _ (a feed URL needs its scheme, like https://news.example.org/world/rss.xml). ${SUBSCRIBE}`,
    ],
    ['subscribe topic:', `'topic:' is not a topic name: write topic:name, with letters, digits, - or _. ${SUBSCRIBE}`],
    ['subscribe topic:sea.news', `'topic:sea.news' is not a topic name: write topic:name, with letters, digits, - or _. ${SUBSCRIBE}`],
    ['unsubscribe', 'unsubscribe needs <id>. Usage: /news unsubscribe <id>'],
    ['unsubscribe sub_1 sub_2', "unexpected 'sub_2' after the command. Usage: /news unsubscribe <id>"],
    ['unsubscribe sub.1', "'sub.1' is not an id: ids are 1-64 letters, digits, - or _ (a feed URL needs its scheme, like https://news.example.org/world/rss.xml). Usage: /news unsubscribe <id>"],
    ['list everything', "unexpected 'everything' after the command. Usage: /news list"],
    ['test', `test needs <query>. ${TEST}`],
    ['test feed:gazette', `test needs <query>. ${TEST}`],
    ['test satellite feed:', `feed: needs a value right after it, like feed:<feed-id | feed-url>. ${TEST}`],
    ['test satellite feed:topic:orbit', `feed takes a feed, not a topic; put 'topic:orbit' in the query instead. ${TEST}`],
    ['digest', 'digest needs <off | hourly | daily HH:MM>. Usage: /news digest [subscription-id] <off | hourly | daily HH:MM>'],
    ['digest weekly', "'weekly' is not a digest schedule: write off, hourly or daily HH:MM. Usage: /news digest [subscription-id] <off | hourly | daily HH:MM>"],
    ['digest daily', 'daily needs a time of day, like daily 08:30. Usage: /news digest [subscription-id] <off | hourly | daily HH:MM>'],
    ['digest daily 24:00', "'daily 24:00' is not a time of day: use a 24-hour clock from 00:00 to 23:59. Usage: /news digest [subscription-id] <off | hourly | daily HH:MM>"],
    ['digest daily 8.30', "'daily 8.30' is not a digest schedule: write off, hourly or daily HH:MM. Usage: /news digest [subscription-id] <off | hourly | daily HH:MM>"],
    ['help subscibe', "unknown command 'subscibe' (did you mean 'subscribe'?). Usage: /news help [command]"],
    ['feed', `feed needs one of: add, import, remove, list. ${FEED}`],
    ['feed ad https://x.test/rss', `unknown feed command 'ad' (did you mean 'feed add'?). ${FEED}`],
    ['feed add', 'feed add needs <url>. Usage: /news feed add <url> [id]'],
    ['feed add https://x.test/rss science extra', "unexpected 'extra' after the command. Usage: /news feed add <url> [id]"],
    ['feed add https://x.test/rss Science!', "'Science!' is not an id: ids are 1-64 letters, digits, - or _. Usage: /news feed add <url> [id]"],
    ['feed remove', 'feed remove needs <id>. Usage: /news feed remove <id>'],
  ];

  it.each(cases)('%j', (text, message) => {
    expect(() => parseCommandText(text)).toThrow(message);
    try {
      parseCommandText(text);
    } catch (error) {
      expect(error).toBeInstanceOf(CommandError);
      expect((error as CommandError).code).toBe('command_invalid');
      expect((error as CommandError).message).toBe(message);
    }
  });
});

describe('parseCommandText: input limits', () => {
  it('caps the URL at 2048 characters', () => {
    const url = `https://news.example.test/${'a'.repeat(2048)}`;
    expect(() => parseCommandText(`subscribe ${url}`)).toThrow(
      `the feed is ${url.length} characters long; it may be at most 2048. Usage: /news subscribe <feed-url | feed-id | topic:name> [query] [mention:<@here | @role | @user,...>] [backfill:<1-10>]`,
    );
  });

  it('caps the query at 500 characters', () => {
    expect(() => parseCommandText(`subscribe gazette ${'ferry '.repeat(100)}`)).toThrow('the query is 599 characters long; it may be at most 500');
  });

  it('caps ids at 64 characters', () => {
    expect(() => parseCommandText(`unsubscribe ${'a'.repeat(65)}`)).toThrow('the id is 65 characters long; it may be at most 64');
  });

  it('caps the whole command at 4000 characters', () => {
    expect(() => parseCommandText(`test ${'x'.repeat(4000)}`)).toThrow('the command is 4005 characters long; it may be at most 4000');
  });

  it('refuses control characters but accepts tabs and line breaks', () => {
    expect(() => parseCommandText('subscribe gazette ferry\u001b[31m')).toThrow('the command contains control characters');
    expect(parseCommandText('subscribe\tgazette\nferry')).toEqual({ name: 'subscribe', target: { kind: 'feed', id: 'gazette' }, query: 'ferry', mention: null, backfill: 0 });
  });
});

describe('commandFromOptions: typed options go through the same checks', () => {
  it('builds commands from option values', () => {
    expect(commandFromOptions('subscribe', { feed: 'topic:orbit', query: 'launch -sport' })).toEqual({
      name: 'subscribe',
      target: { kind: 'topic', name: 'orbit' },
      query: 'launch -sport',
      mention: null,
      backfill: 0,
    });
    expect(commandFromOptions('test', { query: 'satellite', feed: 'gazette' })).toEqual({ name: 'test', query: 'satellite', feed: { kind: 'feed', id: 'gazette' } });
    expect(commandFromOptions('digest', { schedule: 'daily 06:00' })).toEqual({ name: 'digest', digest: { kind: 'daily', at: '06:00' }, id: null });
    expect(commandFromOptions('help', { command: 'feed remove' })).toEqual({ name: 'help', command: 'feed remove' });
    expect(commandFromOptions('feed list', {})).toEqual({ name: 'feed list' });
    expect(commandFromOptions('subscribe', { feed: 'gazette', query: undefined })).toEqual({ name: 'subscribe', target: { kind: 'feed', id: 'gazette' }, query: '', mention: null, backfill: 0 });
  });

  it('refuses missing, unknown and malformed options with the usage', () => {
    // Typed options come from Discord: the usage names the option boxes.
    expect(() => commandFromOptions('unsubscribe', {})).toThrow('unsubscribe needs its id option. Usage: /news unsubscribe id:<id>');
    expect(() => commandFromOptions('recent', { days: '31' })).toThrow("days takes a whole number from 1 to 30, not '31'. Usage: /news recent [query:<query>] [days:<1-30>]");
    expect(() => commandFromOptions('list', { verbose: 'yes' })).toThrow("list has no option 'verbose'. Usage: /news list");
    expect(() => commandFromOptions('feed add', { url: 'gopher://x.test/' })).toThrow("'gopher://x.test/' is not an http(s) URL");
    expect(() => commandFromOptions('test', { query: 'x'.repeat(501) })).toThrow('the query is 501 characters long; it may be at most 500');
  });
});
