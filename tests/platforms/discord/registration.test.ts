// The /news registration payload against the command table it is built from, and its
// registration (guild-scoped or global) through the real REST client and the fake API.
import { ApplicationCommandOptionType, InteractionContextType, type APIApplicationCommandOption } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMAND_PREFIX, COMMANDS } from '../../../src/commands/index.ts';
import { COMMAND_NAME, newsCommand, registerCommands } from '../../../src/platforms/discord/command-registration.ts';
import { DiscordRest } from '../../../src/platforms/discord/rest-client.ts';
import { FakeDiscordApi } from '../../fakes/discord-api.ts';

const APP = '1100000000000000001';
const GUILD = '2200000000000000001';
const OPTION_NAME = /^[-_\p{Ll}\p{N}]{1,32}$/u;

/** The subcommand registered for a command's words, through its group for two words. */
function registered(words: readonly string[]): APIApplicationCommandOption | undefined {
  let options = newsCommand().options ?? [];
  for (const [index, word] of words.entries()) {
    const found = options.find((option) => option.name === word);
    if (found === undefined || index === words.length - 1) return found;
    if (found.type !== ApplicationCommandOptionType.SubcommandGroup) return undefined;
    options = found.options ?? [];
  }
  return undefined;
}

describe('the /news payload', () => {
  it('is the command prefix, usable in servers only, by everyone (admin checks are the handler\'s)', () => {
    const command = newsCommand();
    expect(`/${command.name}`).toBe(COMMAND_PREFIX);
    expect(command.name).toBe(COMMAND_NAME);
    expect(command.default_member_permissions).toBeNull();
    expect(command.contexts).toEqual([InteractionContextType.Guild]);
    expect(command.description.length).toBeLessThanOrEqual(100);
  });

  it.each(COMMANDS.map((spec) => [spec.name, spec] as const))('%s is a subcommand with the table\'s description and typed options', (_name, spec) => {
    const subcommand = registered(spec.words);
    expect(subcommand?.type).toBe(ApplicationCommandOptionType.Subcommand);
    if (subcommand?.type !== ApplicationCommandOptionType.Subcommand) return;
    expect(subcommand.description).toBe(spec.description);
    const options = subcommand.options ?? [];
    expect(options.map((option) => option.name).sort()).toEqual(spec.args.map((arg) => arg.name).sort());
    for (const arg of spec.args) {
      const option = options.find((candidate) => candidate.name === arg.name)!;
      if (arg.kind === 'count') {
        // A count (backfill, days) is an integer option: Discord's client offers only whole numbers in range.
        expect(option).toEqual({ type: ApplicationCommandOptionType.Integer, name: arg.name, description: arg.description, required: arg.required, min_value: arg.range!.min, max_value: arg.range!.max });
        continue;
      }
      expect(option).toMatchObject({ type: ApplicationCommandOptionType.String, description: arg.description, required: arg.required, max_length: arg.maxLength });
      const autocomplete = 'autocomplete' in option ? option.autocomplete : undefined;
      const choices = 'choices' in option ? option.choices : undefined;
      expect(autocomplete === true).toBe(arg.suggest !== undefined);
      expect(choices?.map((choice) => choice.value)).toEqual(arg.choices);
    }
    // Discord refuses a required option after an optional one.
    const required = options.map((option) => option.required === true);
    expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
  });

  it('registers nothing the table does not have, within Discord\'s limits', () => {
    const top = newsCommand().options ?? [];
    const names = new Set(COMMANDS.map((spec) => spec.words[0]));
    expect(top.map((option) => option.name).sort()).toEqual([...names].sort());
    const all: APIApplicationCommandOption[] = top.flatMap((option): APIApplicationCommandOption[] =>
      option.type === ApplicationCommandOptionType.SubcommandGroup ? [option, ...(option.options ?? [])] : [option],
    );
    for (const option of all.flatMap((option): APIApplicationCommandOption[] => ('options' in option ? [option, ...(option.options ?? [])] : [option]))) {
      expect(option.name).toMatch(OPTION_NAME);
      expect(option.description.length).toBeGreaterThan(0);
      expect(option.description.length).toBeLessThanOrEqual(100);
      if ('options' in option) expect((option.options ?? []).length).toBeLessThanOrEqual(25);
    }
  });

  it('marks a group as for admins exactly when all its commands are admin-only', () => {
    const groups = (newsCommand().options ?? []).filter((option) => option.type === ApplicationCommandOptionType.SubcommandGroup);
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) {
      const members = COMMANDS.filter((spec) => spec.words.length === 2 && spec.words[0] === group.name);
      expect(group.description.endsWith('(admins)')).toBe(members.every((spec) => spec.adminOnly));
    }
  });
});

describe('registerCommands', () => {
  let api: FakeDiscordApi;
  let rest: DiscordRest;

  beforeEach(async () => {
    api = await new FakeDiscordApi().start();
    rest = new DiscordRest({ token: api.token, apiUrl: api.url });
  });

  afterEach(async () => {
    rest.rest.clearHashSweeper();
    rest.rest.clearHandlerSweeper();
    await api.stop();
  });

  it('overwrites the guild\'s commands when a guild is set', async () => {
    await registerCommands(rest.rest, APP, GUILD);

    const [request] = api.requests;
    expect(request).toMatchObject({ method: 'PUT', path: `/applications/${APP}/guilds/${GUILD}/commands`, body: [newsCommand()] });
  });

  it('overwrites the global commands without one', async () => {
    await registerCommands(rest.rest, APP, null);

    expect(api.requests.map((request) => `${request.method} ${request.path}`)).toEqual([`PUT /applications/${APP}/commands`]);
    expect(api.commands.get(`/applications/${APP}/commands`)).toHaveLength(1);
  });
});
