import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HeraldError } from '../../src/domain/errors.ts';
import { loadConfig, parseConfigText, type ConfigProblem } from '../../src/config/load.ts';

/** Parses and returns the thrown HeraldError (the test fails if nothing is thrown). */
function problemsOf(text: string, env: NodeJS.ProcessEnv = {}): { error: HeraldError; problems: ConfigProblem[] } {
  try {
    parseConfigText(text, env, 'test.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(HeraldError);
    const herald = error as HeraldError;
    return { error: herald, problems: herald.context.problems as ConfigProblem[] };
  }
  throw new Error('expected the config to be rejected');
}

const minimal = `
feeds:
  - { id: world, url: "https://example.org/world/rss" }
channels:
  - { platform: console, channel: news }
`;

describe('the shipped config files', () => {
  it('config/herald.yaml (the default run) validates', async () => {
    const config = await loadConfig('config/herald.yaml', {});
    expect(config.storage.path).toBe('data/herald.db');
    expect(config.feeds.length).toBeGreaterThanOrEqual(3);
    expect(config.channels.some((rule) => rule.platform === 'console')).toBe(true);
    expect(Object.keys(config.topics).length).toBeGreaterThanOrEqual(2);
  });

  it('config/herald.example.yaml (the reference) validates, with its env defaults', async () => {
    const config = await loadConfig('config/herald.example.yaml', {});
    expect(config.feeds.find((feed) => feed.id === 'asia')?.url).toBe('https://example.org/asia/atom.xml');
    expect(config.channels.map((rule) => rule.platform).sort()).toEqual(['console', 'discord', 'slack']);
  });

  it('the reference documents every key the schema has', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile('config/herald.example.yaml', 'utf8');
    const config = parseConfigText(text, {}, 'example');
    const keys = [
      ...Object.keys(config),
      ...Object.keys(config.storage),
      ...Object.keys(config.fetch),
      ...Object.keys(config.defaults),
      ...Object.keys(config.dedup),
      ...Object.keys(config.retention),
      ...Object.keys(config.admins),
      'id', 'url', 'name', 'interval',
      'platform', 'channel', 'workspace', 'feeds', 'topics', 'query', 'template', 'storyPolicy', 'digest', 'timezone', 'quietHours', 'maxAlertsPerHour', 'thread',
      'voice', 'avatar',
    ];
    for (const key of keys) expect(text, key).toMatch(new RegExp(`\\b${key}:`));
  });
});

describe('good configs', () => {
  it('applies defaults to a minimal file', () => {
    const config = parseConfigText(minimal, {}, 'test.yaml');
    expect(config.fetch).toMatchObject({ concurrency: 16, timeout: 15_000, maxBytes: 5 * 1024 * 1024, allowPrivateAddresses: false });
    expect(config.defaults).toMatchObject({ interval: 600_000, backfill: 0, summaryLength: 280, storyPolicy: 'update', timezone: 'UTC' });
    expect(config.storage.path).toBe('data/herald.db');
    expect(config.topics).toEqual({});
  });

  it('converts durations and sizes', () => {
    const config = parseConfigText(
      `fetch: { timeout: 30s, maxBytes: 512KiB }
defaults: { interval: 2h }
dedup: { window: 1d }
feeds:
  - { id: a, url: "https://example.org/a", interval: 90s }
  - { id: b, url: "https://example.org/b", interval: 45000 }`,
      {},
      'test.yaml',
    );
    expect(config.fetch.timeout).toBe(30_000);
    expect(config.fetch.maxBytes).toBe(512 * 1024);
    expect(config.defaults.interval).toBe(7_200_000);
    expect(config.dedup.window).toBe(86_400_000);
    expect(config.feeds.map((feed) => feed.interval)).toEqual([90_000, 45_000]);
  });

  it('refuses poll intervals under 30 seconds, a bare number being milliseconds', () => {
    expect(() => parseConfigText('feeds:\n  - { id: a, url: "https://example.org/a", interval: 1500 }', {}, 't')).toThrow(
      /feeds\[0\]\.interval: .*poll a feed no more often than every 30s/,
    );
    expect(() => parseConfigText('defaults: { interval: 10s }', {}, 't')).toThrow(/defaults\.interval/);
  });

  it('reads 5MiB as five mebibytes, not 5 bytes', () => {
    expect(parseConfigText('fetch: { maxBytes: 5MiB }', {}, 't').fetch.maxBytes).toBe(5 * 1024 * 1024);
    expect(parseConfigText('fetch: { maxBytes: 2 MB }', {}, 't').fetch.maxBytes).toBe(2 * 1024 * 1024);
  });
});

describe('interpolation', () => {
  it('replaces ${VAR} and ${VAR:-default} in string values', () => {
    const config = parseConfigText(
      `feeds:
  - { id: a, url: "https://\${HOST}/feed", name: "\${NAME:-Default Name}" }
  - { id: b, url: "\${B_URL:-https://example.org/b}" }`,
      { HOST: 'news.example.org', B_URL: '' },
      't',
    );
    expect(config.feeds[0]).toMatchObject({ url: 'https://news.example.org/feed', name: 'Default Name' });
    // Like the shell, an empty variable takes the default.
    expect(config.feeds[1]!.url).toBe('https://example.org/b');
  });

  it('gives unquoted references the type of their value; quoted ones stay strings', () => {
    const text = 'slack:\n  port: ${PORT}\nfetch:\n  allowPrivateAddresses: ${PRIVATE:-true}\nadmins:\n  slack: ["${ADMIN}"]\n';
    const config = parseConfigText(text, { PORT: '3100', ADMIN: '12345' }, 't');
    expect(config).toMatchObject({ slack: { port: 3100 } });
    expect(config.fetch.allowPrivateAddresses).toBe(true);
    expect(config.admins.slack).toEqual(['12345']);
  });

  it('keeps $${...} literal and never interpolates keys', () => {
    const config = parseConfigText(`topics:\n  money: 'price $\${X}'\n`, { X: 'no' }, 't');
    expect(config.topics.money).toBe('price ${X}');
    const { problems } = problemsOf(`topics:\n  \${X}: a\n`, { X: 'no' });
    expect(problems[0]!.path).toBe('topics["${X}"]');
  });

  it('a value with YAML syntax in it cannot change the document', () => {
    const config = parseConfigText('feeds:\n  - { id: a, url: "${U}", name: "${N}" }\n', { U: 'https://example.org/x', N: 'x\nfeeds: []\n# ' }, 't');
    expect(config.feeds).toHaveLength(1);
    expect(config.feeds[0]!.name).toBe('x\nfeeds: []\n# ');
  });

  it('an unset variable is a problem naming the variable and the path, reported once', () => {
    const { error, problems } = problemsOf('feeds:\n  - { id: a, url: "${FEED_URL}" }\n');
    expect(problems).toEqual([
      expect.objectContaining({ path: 'feeds[0].url', line: 2, message: expect.stringContaining('environment variable FEED_URL is not set') }),
    ]);
    expect(error.message).toContain('${FEED_URL:-value}');
  });

  it('rejects malformed references', () => {
    const { problems } = problemsOf('storage: { path: "${not valid}" }\n');
    expect(problems[0]).toMatchObject({ path: 'storage.path', message: expect.stringContaining("'${not valid}' is not a variable reference") });
  });

  it('never shows a value taken from the environment in a message', () => {
    const secret = 'sk-live-9f8e7d6c5b4a';
    const { error } = problemsOf('feeds:\n  - { id: a, url: "ftp://${TOKEN}@example.org/" }\n', { TOKEN: secret });
    expect(error.message).toContain("'ftp://${TOKEN}@example.org/' is not an http(s) URL");
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(error.context)).not.toContain(secret);
  });
});

describe('bad configs', () => {
  it('reports every kind of problem at once, each with its path, line and fix', () => {
    const text = `fetch:
  concurrency: lots
  maxBytes: 5 parsecs
  allowPrivateAddresses: yes
defaults: { interval: soon, timezone: Mars/Olympus }
topics:
  space: rocket
feeds:
  - { id: world, url: "ftp://x" }
  - { id: world, url: "https://example.org/b" }
  - { url: "https://example.org/c" }
channels:
  - { platform: console, channel: news, topcs: [space] }
  - { platform: slak, channel: C1, feeds: [wrold], topics: [spaec] }
`;
    const { error, problems } = problemsOf(text, {});
    const byPath = Object.fromEntries(problems.map((problem) => [problem.path, problem.message]));
    expect(byPath).toEqual({
      'fetch.concurrency': "expected a number, got 'lots'",
      'fetch.maxBytes': "'5 parsecs' is not a size; write it like 512KiB or 5MiB",
      'fetch.allowPrivateAddresses': "expected true or false, got 'yes'",
      'defaults.interval': "'soon' is not a duration; write it like 30s, 10m, 2h or 1d",
      'defaults.timezone': expect.stringContaining("'Mars/Olympus' is not a time zone"),
      'feeds[0].url': "'ftp://x' is not an http(s) URL; write it like https://example.org/feed.xml",
      'feeds[1].id': "'world' is already the id of feeds[0]; give every feed its own id",
      'feeds[2].id': 'missing; this key is required',
      'channels[0].topcs': "unknown key (did you mean 'topics'?)",
      'channels[1].platform': "'slak' is not one of: console, slack, discord, webhook (did you mean 'slack'?)",
      'channels[1].feeds[0]': "no feed has the id or tag 'wrold' (did you mean 'world'?); the feeds are: world",
      'channels[1].topics[0]': "no topic is named 'spaec' (did you mean 'space'?); the topics are: space",
    });
    expect(problems.find((problem) => problem.path === 'feeds[0].url')).toMatchObject({ line: 9, column: 23 });
    expect(error.code).toBe('config_invalid');
    expect(error.context.path).toBe('test.yaml');
    const lines = error.message.split('\n');
    expect(lines[0]).toBe("config 'test.yaml' has 12 problems:");
    expect(lines).toContain("  feeds[0].url: 'ftp://x' is not an http(s) URL; write it like https://example.org/feed.xml (line 9:23)");
    expect(lines).toHaveLength(13);
  });

  it('names the known keys when an unknown key is nothing like them', () => {
    const { problems } = problemsOf('storage: { path: x, zzzzzz: 1 }\n');
    expect(problems[0]).toMatchObject({ path: 'storage.zzzzzz', message: 'unknown key; the keys allowed here are: path' });
  });

  it('explains wrong types and out-of-range numbers', () => {
    const { problems } = problemsOf(`fetch: { concurrency: 0, allowedPorts: 80 }
defaults: { backfill: 1.5, summaryLength: 99999 }
feeds: { id: a }
topics: [a]
`);
    expect(Object.fromEntries(problems.map((problem) => [problem.path, problem.message]))).toEqual({
      'fetch.concurrency': '0 is too small; use 1 or more',
      'fetch.allowedPorts': "expected a list (lines starting with '- '), got 80",
      'defaults.backfill': 'expected a whole number, got 1.5',
      'defaults.summaryLength': '99999 is too large; use 4000 or less',
      feeds: "expected a list (lines starting with '- '), got a mapping",
      topics: 'expected a mapping (key: value lines), got a list',
    });
  });

  it('checks channel rules: digests, quiet hours, time zones, empty lists, duplicates, threads outside Discord', () => {
    const { problems } = problemsOf(`feeds:
  - { id: a, url: "https://example.org/a" }
channels:
  - { platform: console, channel: x, digest: weekly }
  - { platform: console, channel: y, quietHours: { from: '22:00', to: '22:00' }, timezone: Nowhere/City }
  - { platform: console, channel: z, feeds: [], topics: [] }
  - { platform: slack, channel: C1, feeds: [a], query: 'x' }
  - { platform: slack, channel: C1, feeds: [a], query: 'x', digest: hourly }
  - { platform: slack, channel: C2, thread: true }
  - { platform: discord, channel: '123', thread: true }
`);
    expect(Object.fromEntries(problems.map((problem) => [problem.path, problem.message]))).toEqual({
      'channels[0].digest': "'weekly' is not a digest schedule: write off, hourly or daily HH:MM",
      'channels[1].quietHours': expect.stringContaining('from and to are both 22:00'),
      'channels[1].timezone': expect.stringContaining("'Nowhere/City' is not a time zone"),
      'channels[2].feeds': expect.stringContaining('an empty list listens to no feed'),
      'channels[2].topics': expect.stringContaining('an empty list names no topic'),
      'channels[4]': expect.stringContaining('as channels[3], so the two would be one subscription'),
      'channels[5].thread': 'only Discord channels can start a thread per alert, not slack; remove thread from this rule',
    });
  });

  it('reports YAML syntax errors with line and column, one per broken line', () => {
    const { error, problems } = problemsOf('storage:\n  path: a\nfeeds: [1, 2\ntopics: {}\n');
    expect(problems.length).toBeGreaterThanOrEqual(1);
    expect(problems[0]).toMatchObject({ path: '', line: 4, column: 1 });
    expect(error.message).toMatch(/YAML syntax error: .* \(line 4:1\)/);
    expect(new Set(problems.map((problem) => problem.line)).size).toBe(problems.length);
  });

  it('hints at quoting an unquoted ${VAR} inside a flow mapping', () => {
    const { error } = problemsOf('feeds:\n  - { id: a, url: ${URL} }\n', { URL: 'https://example.org/' });
    expect(error.message).toContain('quote a ${...} reference');
  });

  it('reports duplicate keys', () => {
    const { problems } = problemsOf('storage: { path: a }\nstorage: { path: b }\n');
    expect(problems[0]).toMatchObject({ line: 2, message: expect.stringContaining('unique') });
  });

  it('rejects an empty file and a file that is not a mapping', () => {
    expect(problemsOf('# nothing here\n').problems).toEqual([{ path: '', message: expect.stringContaining('the file is empty') }]);
    expect(problemsOf('- a\n- b\n').problems[0]).toMatchObject({ path: '', message: 'expected a mapping (key: value lines), got a list' });
  });

  it('refuses alias bombs instead of expanding them', () => {
    const layers = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]'];
    for (let i = 1; i < 9; i++) layers.push(`${'b'.repeat(i)}: &${'b'.repeat(i)} [${Array(10).fill(i === 1 ? '*a' : `*${'b'.repeat(i - 1)}`).join(', ')}]`);
    const { problems } = problemsOf(layers.join('\n'));
    expect(problems[0]!.message).toMatch(/^YAML: .*alias/i);
  });
});

describe('loadConfig', () => {
  it('reads a file and names the file in problems', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-config-'));
    const path = join(dir, 'herald.yaml');
    writeFileSync(path, 'feeds: [{ id: a, url: "ftp://x" }]\n');
    await expect(loadConfig(path, {})).rejects.toMatchObject({ code: 'config_invalid', message: expect.stringContaining(`config '${path}' has 1 problem:`) });
    writeFileSync(path, minimal);
    await expect(loadConfig(path, {})).resolves.toMatchObject({ feeds: [{ id: 'world' }] });
  });

  it('an unreadable file is config_unreadable with the fix', async () => {
    const path = join(tmpdir(), 'herald-no-such-dir', 'herald.yaml');
    await expect(loadConfig(path, {})).rejects.toMatchObject({
      code: 'config_unreadable',
      message: expect.stringMatching(new RegExp(`^cannot read config '${path}': ENOENT.* — create it from config/herald.example.yaml or pass --config$`)),
    });
  });
});

describe('query checks', () => {
  it('rejects a topic or rule query that does not compile, with its line', () => {
    const { problems } = problemsOf(`topics:
  space: 'rocket OR'
  ok: 'satellite'
channels:
  - { platform: console, channel: news, topics: [ok], query: '"unclosed' }
`);
    expect(problems.map((problem) => [problem.path, problem.line])).toEqual([
      ['topics.space', 2],
      ['channels[0].query', 5],
    ]);
  });

  it('lists query errors in the same pass as schema and reference errors', () => {
    const { problems } = problemsOf(`fetch: { concurrency: many }
topics:
  space: 'rocket OR'
channels:
  - { platform: console, channel: news, query: '"unclosed', digest: weekly }
  - { platform: console, channel: ops, topics: [spice], query: 'fine' }
  - { platform: console, channel: long, query: 42 }
`);
    expect(problems.map((problem) => problem.path)).toEqual([
      'fetch.concurrency',
      'topics.space',
      'channels[0].query',
      'channels[0].digest',
      'channels[1].topics[0]',
      'channels[2].query',
    ]);
    // The misspelt topic is one problem (the reference), not a second one from compiling the rule.
    expect(problems.filter((problem) => problem.path.startsWith('channels[1]'))).toHaveLength(1);
  });

  it('reads digest schedules as /news digest does: daily 8:30 is daily 08:30', () => {
    const config = parseConfigText(
      `channels:
  - { platform: console, channel: a, digest: daily 8:30 }
  - { platform: console, channel: b, digest: '  Daily   17:05 ' }
  - { platform: console, channel: c, digest: hourly }
`,
      {},
      'test.yaml',
    );
    expect(config.channels.map((rule) => rule.digest)).toEqual(['daily 08:30', 'daily 17:05', 'hourly']);
    const { problems } = problemsOf(`channels:
  - { platform: console, channel: a, digest: daily 24:00 }
  - { platform: console, channel: b, digest: daily }
`);
    expect(problems.map((problem) => problem.message)).toEqual([
      "'daily 24:00' is not a time of day: use a 24-hour clock from 00:00 to 23:59",
      'daily needs a time of day, like daily 08:30',
    ]);
  });
});
