// The parsing of the issue-21 arguments: quiet hours, time zones, templates, counts, mentions,
// a leading subscription id, marked arguments in any order, and help in Discord's option form.
import { describe, expect, it } from 'vitest';
import { help } from '../../src/commands/handlers/info.ts';
import { commandFromOptions, parseCommandText } from '../../src/commands/parse.ts';
import { formatMention, mentionProblem, mergeMentions, parseMention } from '../../src/domain/mention.ts';

describe('quiet hours, time zone and template', () => {
  it.each([
    ['quiet 22:00 07:00', { from: '22:00', to: '07:00' }],
    ['quiet 9:30   17:05', { from: '09:30', to: '17:05' }],
    ['quiet OFF', null],
  ])('%s', (text, hours) => expect(parseCommandText(text)).toEqual({ name: 'quiet', hours }));

  it.each([
    ['quiet 22:00', "'22:00' is not quiet hours: write the start and the end on a 24-hour clock, like 22:00 07:00, or off"],
    ['quiet 24:00 07:00', "'24:00 07:00' is not quiet hours"],
    ['quiet 22:00 22:00', 'quiet hours from 22:00 to 22:00 would be no hours at all; write two different times, or off'],
    ['timezone Mars/Olympus', "'Mars/Olympus' is not a time zone"],
    ['timezone Europe/Paris extra', "unexpected 'extra' after the command"],
    ['template {titel}', 'the template has {titel}, which Herald does not fill'],
  ])('%s is refused', (text, message) => expect(() => parseCommandText(text)).toThrow(message));

  it('reads a time zone in its canonical spelling and a template as written', () => {
    expect(parseCommandText('timezone america/new_york')).toEqual({ name: 'timezone', zone: 'America/New_York' });
    expect(parseCommandText('template *{title}*  <{link}>')).toEqual({ name: 'template', text: '*{title}*  <{link}>' });
    expect(parseCommandText('template off')).toEqual({ name: 'template', text: null });
  });
});

describe('subscription ids, counts and marked arguments', () => {
  it('takes a leading subscription id for pause, resume and digest, and leaves the schedule whole', () => {
    expect(parseCommandText('pause sub_3f9a1c2e')).toEqual({ name: 'pause', id: 'sub_3f9a1c2e' });
    expect(parseCommandText('resume')).toEqual({ name: 'resume', id: null });
    expect(parseCommandText('digest sub_3f9a1c2e daily 8:30')).toEqual({ name: 'digest', id: 'sub_3f9a1c2e', digest: { kind: 'daily', at: '08:30' } });
    expect(parseCommandText('digest daily 8:30')).toEqual({ name: 'digest', id: null, digest: { kind: 'daily', at: '08:30' } });
    expect(commandFromOptions('digest', { schedule: 'hourly', id: 'cfg_0a1b2c3d4e5f' })).toEqual({ name: 'digest', id: 'cfg_0a1b2c3d4e5f', digest: { kind: 'hourly' } });
  });

  it('reads marked arguments after the query in any order', () => {
    const expected = { name: 'subscribe', target: { kind: 'feed', id: 'gazette' }, query: 'title:breaking', mention: { here: true, users: [], roles: [] }, backfill: 3 };
    expect(parseCommandText('subscribe gazette title:breaking mention:@here backfill:3')).toEqual(expected);
    expect(parseCommandText('subscribe gazette title:breaking backfill:3 mention:@here')).toEqual(expected);
    expect(parseCommandText('recent days:3')).toEqual({ name: 'recent', query: '', days: 3 });
    expect(parseCommandText('recent ferry OR strike')).toEqual({ name: 'recent', query: 'ferry OR strike', days: 7 });
  });

  it('reads days: and backfill: anywhere in the line, outside a quoted phrase, and leaves the query as typed', () => {
    expect(parseCommandText('recent days:14 satellite OR missile')).toEqual({ name: 'recent', query: 'satellite OR missile', days: 14 });
    expect(parseCommandText('recent satellite Days:3 OR  "launch debris"')).toEqual({ name: 'recent', query: 'satellite OR  "launch debris"', days: 3 });
    expect(parseCommandText('recent title:"days:3 later" days:2')).toEqual({ name: 'recent', query: 'title:"days:3 later"', days: 2 });
    expect(parseCommandText('recent "days:3"')).toEqual({ name: 'recent', query: '"days:3"', days: 7 });
    expect(parseCommandText('subscribe backfill:2 gazette title:breaking mention:@here')).toMatchObject({ target: { kind: 'feed', id: 'gazette' }, query: 'title:breaking', backfill: 2 });
    expect(parseCommandText('subscribe gazette backfill:2 title:breaking')).toMatchObject({ query: 'title:breaking', backfill: 2 });
  });

  it.each([
    ['recent days:3 ferry days:5', 'days: is given twice; keep one'],
    ['recent days: ferry', 'days: needs a value right after it'],
    ['recent days:abc ferry', "days takes a whole number from 1 to 30, not 'abc'"],
    ['subscribe gazette backfill:11', "backfill takes a whole number from 1 to 10, not '11'"],
    ['subscribe gazette backfill:x', "backfill takes a whole number from 1 to 10, not 'x'"],
    ['recent days:0', "days takes a whole number from 1 to 30, not '0'"],
    ['subscribe gazette mention:', 'mention: needs a value right after it'],
    ['subscribe gazette mention:everyone', "'everyone' is not a mention"],
  ])('%s is refused', (text, message) => expect(() => parseCommandText(text)).toThrow(message));

  it("refuses a feed option with a query pasted into it, pointing at the query option", () => {
    expect(() => commandFromOptions('subscribe', { feed: 'https://news.example.org/world/rss.xml usyk OR trump' })).toThrow(
      "the feed option takes one feed without spaces, not 'https://news.example.org/world/rss.xml usyk OR trump'; put 'usyk OR trump' in the query option instead",
    );
  });
});

describe('mentions', () => {
  it.each([
    ['@here', { here: true, users: [], roles: [] }],
    ['<!here>', { here: true, users: [], roles: [] }],
    ['<@U0DESK|desk>, <!subteam^S0NEWS|@news>', { here: false, users: ['U0DESK'], roles: ['S0NEWS'] }],
    ['<@&660000000000000001>,<@!550000000000000001>,<@550000000000000001>', { here: false, users: ['550000000000000001'], roles: ['660000000000000001'] }],
    ['role:S0NEWS, user:W0EDITOR', { here: false, users: ['W0EDITOR'], roles: ['S0NEWS'] }],
  ])('%s', (text, mention) => expect(parseMention(text)).toEqual({ ok: true, mention }));

  it('refuses text that is no mention, and more than ten names', () => {
    expect(parseMention('@channel')).toMatchObject({ ok: false, problem: expect.stringContaining("'@channel' is not a mention") });
    expect(parseMention(' , ')).toMatchObject({ ok: false });
    const many = Array.from({ length: 11 }, (_, index) => `user:U${index}`).join(',');
    expect(parseMention(many)).toMatchObject({ ok: false, problem: expect.stringContaining('at most 10') });
  });

  it("checks ids against the platform's shape", () => {
    const slack = { here: false, users: ['U0DESK'], roles: ['S0NEWS'] };
    const discord = { here: false, users: ['550000000000000001'], roles: ['660000000000000001'] };
    expect(mentionProblem(slack, 'slack')).toBeNull();
    expect(mentionProblem(discord, 'discord')).toBeNull();
    expect(mentionProblem(slack, 'discord')).toMatch(/^Discord users and roles are numeric ids/);
    expect(mentionProblem(discord, 'slack')).toMatch(/^Slack user ids start with U or W/);
  });

  it('merges the mentions of several subscriptions, each name once', () => {
    expect(mergeMentions([null, undefined])).toBeNull();
    const merged = mergeMentions([{ here: false, users: ['U1'], roles: [] }, null, { here: true, users: ['U1', 'U2'], roles: ['S1'] }]);
    expect(merged).toEqual({ here: true, users: ['U1', 'U2'], roles: ['S1'] });
    expect(formatMention(merged!)).toBe('@here, role:S1, user:U1, user:U2');
  });
});

describe("help in Discord's option form", () => {
  it('shows options in their own boxes and an example that keeps the query out of feed:', () => {
    const reply = help({ name: 'help', command: 'subscribe' }, 'discord');
    expect(reply.sections[0]!.title).toBe(
      '/news subscribe feed:<feed-url | feed-id | topic:name> [query:<query>] [mention:<@here | @role | @user,...>] [backfill:<1-10>]',
    );
    expect(reply.sections[0]!.lines.at(-1)).toBe('Example: /news subscribe feed:https://news.example.org/world/rss.xml query:satellite OR missile backfill:3');
    expect(help({ name: 'help', command: null }, 'discord').headline).toContain('fill each option in its own box');
    // Slack keeps the text form.
    expect(help({ name: 'help', command: 'subscribe' }, 'slack').sections[0]!.lines.at(-1)).toBe(
      'Example: /news subscribe https://news.example.org/world/rss.xml satellite OR missile backfill:3',
    );
  });
});
