// `herald run` as a user starts it: a real process that polls, and on SIGTERM or SIGINT finishes
// its in-flight work, closes the database and exits 0.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, it } from 'vitest';
import { HERALD_BIN, useTestBed } from './harness.ts';


const bed = useTestBed();

it.each(['SIGTERM', 'SIGINT'] as const)('finishes and exits 0 on %s', async (signal) => {
  bed.server.route('/feed.xml', { body: '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>http://t.test/</link></channel></rss>' });
  bed.workspace.writeConfig({
    fetch: bed.server.fetchConfig(),
    http: { port: 0 },
    feeds: [{ id: 'feed', url: bed.server.url('/feed.xml') }],
    channels: [{ platform: 'console', channel: 'news' }],
  });
  const child = spawn(process.execPath, [HERALD_BIN, 'run'], { env: bed.workspace.env, cwd: bed.workspace.dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const messages: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => messages.push((JSON.parse(line) as { msg: string }).msg));
  // The first poll is in flight or done once the feed server has seen it.
  await Promise.race([bed.server.waitForRequests('/feed.xml', 1), once(child, 'exit')]);
  child.kill(signal);
  const [code] = (await once(child, 'exit')) as [number | null];
  expect(code).toBe(0);
  expect(messages).toContain('stopping: finishing in-flight work');
  expect(messages.at(-1)).toBe('stopped');
  expect(existsSync(join(bed.workspace.dir, 'herald.db'))).toBe(true);
});
