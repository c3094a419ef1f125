import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { environmentVariables, readEnvironment } from '../../src/config/env.ts';
import { settingsOf } from '../../src/platforms/platform-module.ts';
import { slackPlatform } from '../../src/platforms/slack/index.ts';
import { slackCommandTransport } from '../../src/platforms/slack/settings.ts';
import { HeraldError } from '../../src/domain/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'herald-env-'));

function secretFile(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function rejection(env: NodeJS.ProcessEnv): HeraldError {
  try {
    readEnvironment(env);
  } catch (error) {
    expect(error).toBeInstanceOf(HeraldError);
    return error as HeraldError;
  }
  throw new Error('expected the environment to be rejected');
}

describe('readEnvironment', () => {
  it('gives defaults for an empty environment', () => {
    expect(readEnvironment({})).toEqual({
      configPath: 'config/herald.yaml',
      databaseUrl: null,
      logLevel: 'info',
      logFormat: 'auto',
      httpPort: null,
      webToken: null,
      platforms: {
        slack: { botToken: null, appToken: null, signingSecret: null, apiUrl: null },
        discord: { token: null, applicationId: null, guildId: null, apiUrl: null },
        webhook: { secrets: {} },
      },
    });
  });

  it('reads every variable, and empty values count as unset', () => {
    const env = readEnvironment({
      HERALD_CONFIG: '/etc/herald.yaml',
      DATABASE_URL: 'postgres://herald:pw@127.0.0.1:5432/herald',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
      HERALD_HTTP_PORT: '9465',
      SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
      SLACK_APP_TOKEN: 'xapp-1-A1-xyz',
      SLACK_SIGNING_SECRET: '',
      SLACK_API_URL: 'http://127.0.0.1:3101/api/',
      DISCORD_TOKEN: 'abc.def.ghi',
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_GUILD_ID: '223456789012345678',
      DISCORD_API_URL: 'http://127.0.0.1:3102/api',
      HERALD_WEB_TOKEN: 'panel-token-0123456789',
    });
    expect(env).toEqual({
      configPath: '/etc/herald.yaml',
      databaseUrl: 'postgres://herald:pw@127.0.0.1:5432/herald',
      logLevel: 'debug',
      logFormat: 'json',
      httpPort: 9465,
      webToken: 'panel-token-0123456789',
      platforms: {
        slack: { botToken: 'xoxb-1-2-abc', appToken: 'xapp-1-A1-xyz', signingSecret: null, apiUrl: 'http://127.0.0.1:3101/api/' },
        discord: { token: 'abc.def.ghi', applicationId: '123456789012345678', guildId: '223456789012345678', apiUrl: 'http://127.0.0.1:3102/api' },
        webhook: { secrets: {} },
      },
    });
  });

  it('reads secrets from *_FILE, trimmed', () => {
    const env = readEnvironment({
      SLACK_BOT_TOKEN_FILE: secretFile('bot', 'xoxb-from-file\n'),
      SLACK_SIGNING_SECRET_FILE: secretFile('signing', '  8f742231b10e8888abcd99yyyzzz85a5 \n'),
      DISCORD_TOKEN_FILE: secretFile('discord', 'discord.token.value\n'),
      DATABASE_URL_FILE: secretFile('db', 'postgresql://u:p@db/herald\n'),
    });
    expect(env.platforms.slack).toMatchObject({ botToken: 'xoxb-from-file', signingSecret: '8f742231b10e8888abcd99yyyzzz85a5' });
    expect(env.platforms.discord).toMatchObject({ token: 'discord.token.value' });
    expect(env.databaseUrl).toBe('postgresql://u:p@db/herald');
  });

  it('names the variable and the fix, and never echoes a secret', () => {
    const wrongToken = 'xoxp-user-token-not-bot-4f1c';
    const dbUrl = 'mysql://root:hunter2@db/herald';
    const error = rejection({ SLACK_BOT_TOKEN: wrongToken, SLACK_APP_TOKEN: 'xapp-1', DATABASE_URL: dbUrl, DISCORD_TOKEN: 'Bot abc.def', LOG_LEVEL: 'verbose' });
    expect(error.code).toBe('config_invalid');
    expect(error.message.split('\n')).toEqual([
      'the environment has 4 problems:',
      expect.stringMatching(/^ {2}DATABASE_URL: is not a PostgreSQL URL; write it like postgres:\/\//),
      expect.stringMatching(/^ {2}LOG_LEVEL: is not a log level; use one of fatal, error/),
      expect.stringMatching(/^ {2}SLACK_BOT_TOKEN: is not a Slack bot token \(those start with xoxb-\)/),
      expect.stringMatching(/^ {2}DISCORD_TOKEN: must not contain spaces; .* without a 'Bot ' prefix$/),
    ]);
    expect(rejection({ LOG_LEVEL: 'verbose' }).message).toMatch(/^the environment has 1 problem:\n {2}LOG_LEVEL: /);
    for (const secret of [wrongToken, dbUrl, 'hunter2', 'abc.def']) {
      expect(error.message).not.toContain(secret);
      expect(JSON.stringify(error.context)).not.toContain(secret);
    }
  });

  it('says which file a bad secret came from, without its content', () => {
    const path = secretFile('app', 'xoxb-pasted-into-the-wrong-file');
    const error = rejection({ SLACK_BOT_TOKEN: 'xoxb-ok', SLACK_APP_TOKEN_FILE: path });
    expect(error.message).toContain(`SLACK_APP_TOKEN: (read from SLACK_APP_TOKEN_FILE '${path}') is not a Slack app-level token`);
    expect(error.message).not.toContain('pasted-into');
  });

  it('rejects a secret set twice, an unreadable file and an empty file', () => {
    const error = rejection({
      DISCORD_TOKEN: 'a.b.c',
      DISCORD_TOKEN_FILE: secretFile('dup', 'a.b.c'),
      SLACK_BOT_TOKEN_FILE: join(dir, 'missing'),
      DATABASE_URL_FILE: secretFile('empty', '\n'),
    });
    expect(error.context.problems).toEqual([
      { variable: 'DATABASE_URL_FILE', message: expect.stringContaining('is empty; put the secret in it') },
      { variable: 'SLACK_BOT_TOKEN_FILE', message: expect.stringMatching(/^cannot read '.*missing': ENOENT/) },
      { variable: 'DISCORD_TOKEN', message: 'both DISCORD_TOKEN and DISCORD_TOKEN_FILE are set; keep one' },
    ]);
  });

  it('accepts SLACK_BOT_TOKEN alone: post-only mode, /news off until an app token or signing secret is set', () => {
    const slack = settingsOf(slackPlatform, readEnvironment({ SLACK_BOT_TOKEN: 'xoxb-1' }));
    expect(slack).toMatchObject({ botToken: 'xoxb-1', appToken: null, signingSecret: null });
    expect(slackCommandTransport(slack)).toBeNull();
    expect(slackCommandTransport({ ...slack, appToken: 'xapp-1' })).toBe('socket');
    expect(slackCommandTransport({ ...slack, signingSecret: 'abc' })).toBe('http');
    expect(slackCommandTransport({ ...slack, botToken: null, signingSecret: 'abc' })).toBeNull();
  });

  it('rejects settings that only work together', () => {
    expect(rejection({ SLACK_SIGNING_SECRET: 'abc' }).message).toContain('SLACK_BOT_TOKEN: not set, but SLACK_SIGNING_SECRET is');
    expect(rejection({ DISCORD_GUILD_ID: '1' }).message).toContain('DISCORD_TOKEN: not set, but DISCORD_GUILD_ID is');
  });

  it('names the fix for a bad log format or metrics port', () => {
    const error = rejection({ LOG_FORMAT: 'yaml', HERALD_HTTP_PORT: '99999' });
    expect(error.context.problems).toEqual([
      { variable: 'LOG_FORMAT', message: expect.stringContaining('use pretty (lines for people), json (for log collectors) or auto') },
      { variable: 'HERALD_HTTP_PORT', message: expect.stringContaining('is above 65535') },
    ]);
    expect(rejection({ HERALD_HTTP_PORT: 'metrics' }).message).toContain('HERALD_HTTP_PORT: is not a port number');
  });

  it('validates ids and test API URLs', () => {
    const error = rejection({ DISCORD_TOKEN: 'a.b.c', DISCORD_APPLICATION_ID: 'my-app', SLACK_API_URL: 'localhost:3000' });
    expect(error.context.problems).toEqual([
      { variable: 'SLACK_API_URL', message: expect.stringContaining('is not an http(s) URL') },
      { variable: 'DISCORD_APPLICATION_ID', message: expect.stringContaining('is not a Discord id (digits only)') },
    ]);
  });
});

describe('.env.example', () => {
  it('lists every variable readEnvironment reads, with every secret empty', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile('.env.example', 'utf8');
    const assigned = new Map([...text.matchAll(/^([A-Z_]+)=(.*)$/gm)].map((match) => [match[1]!, match[2]!]));
    const read = ['HERALD_CONFIG', 'DATABASE_URL', 'LOG_LEVEL', 'LOG_FORMAT', 'HERALD_HTTP_PORT', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_API_URL', 'DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'DISCORD_GUILD_ID', 'DISCORD_API_URL', 'HERALD_WEB_TOKEN'];
    expect([...assigned.keys()].sort()).toEqual([...read].sort());
    // The platforms' modules declare no variable the list above misses.
    expect(environmentVariables().sort()).toEqual([...read].sort());
    for (const value of assigned.values()) expect(value).toBe('');
    // Loading the file as it ships must succeed.
    expect(readEnvironment(Object.fromEntries(assigned)).configPath).toBe('config/herald.yaml');
  });
});
