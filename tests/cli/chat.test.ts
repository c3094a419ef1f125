// `herald chat`: /news commands typed for a console channel, through the same grammar and
// handlers as Slack and Discord, against a local feed server.
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.ts';
import { useTestBed } from '../integration/harness.ts';

const bed = useTestBed();
const FEED = readFileSync(new URL('../fixtures/feeds/topic-feed.xml', import.meta.url), 'utf8');

/** Runs `herald chat`, lets the test type lines and wait for answers. */
function chat(...args: string[]) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let output = '';
  stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exit = runCli(['chat', ...args], { stdin, stdout, stderr, env: bed.workspace.env, stopSignal: new Promise(() => undefined) });
  return {
    type: (line: string) => stdin.write(`${line}\n`),
    /** Waits until the output (from `from` on) matches, and returns the match. */
    async waitFor(pattern: RegExp, from = 0): Promise<RegExpMatchArray> {
      for (;;) {
        const match = output.slice(from).match(pattern);
        if (match) return match;
        await Promise.race([once(stdout, 'data'), exit.then((code) => Promise.reject(new Error(`herald chat exited ${code}:\n${output}`)))]);
      }
    },
    output: () => output,
    end: () => (stdin.end(), exit),
  };
}

it('subscribes, lists, tests and unsubscribes a console channel', async () => {
  bed.server.route('/world.xml', { body: FEED });
  const url = bed.server.url('/world.xml');
  bed.workspace.writeConfig({ fetch: bed.server.fetchConfig(), channels: [{ platform: 'console', channel: 'news', topics: ['space'] }], topics: { space: 'nasa OR rocket' } });
  const session = chat();

  session.type(`/news subscribe ${url} climate OR flood`);
  const [, id] = await session.waitFor(/Subscribed this channel to .* Id: (sub_[a-z0-9]+)/);
  const afterSubscribe = session.output().length;
  // The rest is typed at once: chat answers line by line, in order.
  session.type('list');
  session.type(`test missiles feed:${url}`);
  session.type(`unsubscribe ${id!}`);
  session.type('/news list');
  expect(await session.end()).toBe(0);

  const [listed, tested, unsubscribed, listedAgain] = splitAt(session.output().slice(afterSubscribe), [
    'This channel has 2',
    "'missiles' matches",
    'Unsubscribed:',
    'This channel has 1',
  ]);
  expect(listed).toContain('(managed by config)');
  expect(listed).toContain(`${id!}\n  query: climate OR flood`);
  expect(tested).toMatch(/^'missiles' matches [1-9]\d* of the 14 most recent items/);
  expect(tested).toContain('Matched: Seoul and Tokyo protest after Pyongyang fires two ballistic missiles');
  expect(unsubscribed).toContain(`Unsubscribed: ${id!}`);
  expect(listedAgain).toContain('(managed by config)');
  expect(listedAgain).not.toContain(id!);
});

/** The transcript cut where each answer starts; fails naming the answer that is missing. */
function splitAt(transcript: string, starts: string[]): string[] {
  const at = starts.map((start) => {
    const index = transcript.indexOf(start);
    if (index === -1) throw new Error(`no answer starting '${start}' in:\n${transcript}`);
    return index;
  });
  return at.map((index, n) => transcript.slice(index, at[n + 1]));
}

it('answers a mistyped command with the fix, acts on --channel, and stops at exit', async () => {
  bed.workspace.writeConfig({});
  const session = chat('--channel', 'ops');
  session.type('subscrbe https://example.org/feed.xml');
  await session.waitFor(/did you mean 'subscribe'\?/);
  session.type('list');
  await session.waitFor(/this channel has no subscriptions/i);
  session.type('exit');
  session.type('list');
  expect(await session.end()).toBe(0);
  // Nothing after exit was run: one listing only.
  expect(session.output().match(/no subscriptions/gi)).toHaveLength(1);
});

it('on a terminal, prompts with the channel and recalls earlier commands with the up arrow, across sessions', async () => {
  bed.workspace.writeConfig({});
  const terminal = () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
    let output = '';
    stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exit = runCli(['chat', '--channel', 'ops'], { stdin, stdout, stderr: new PassThrough(), env: bed.workspace.env, stopSignal: new Promise(() => undefined) });
    return { stdin, output: () => output, exit };
  };
  const first = terminal();
  first.stdin.write('status\r');
  first.stdin.write('exit\r');
  expect(await first.exit).toBe(0);
  expect(first.output()).toContain("Herald chat for console channel 'ops'");
  expect(first.output()).toContain('ops> ');

  const second = terminal();
  // Up arrow twice: past 'exit' to 'status', then Enter runs it again.
  second.stdin.write('\u001b[A\u001b[A\r');
  second.stdin.end();
  expect(await second.exit).toBe(0);
  const answers = (text: string) => text.split('this channel has no subscriptions').length - 1;
  expect(answers(first.output())).toBe(1);
  expect(second.output()).toContain('ops> status');
  expect(answers(second.output())).toBe(1);
});
