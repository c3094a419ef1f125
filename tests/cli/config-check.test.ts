// `herald config check` on files that are valid but not quite right, and on files with
// problems of every kind at once.
import { expect, it } from 'vitest';
import { useTestBed } from '../integration/harness.ts';

const bed = useTestBed();

it('warns on a Slack channel written as a name, with its line, and still passes the file', async () => {
  bed.workspace.writeConfig({
    channels: [
      { platform: 'slack', channel: 'C0123ABCDEF' },
      { platform: 'slack', channel: '#general', query: 'rocket' },
      { platform: 'console', channel: '#news' },
    ],
  });
  const { code, stdout } = await bed.workspace.run('config', 'check');
  expect(code).toBe(0);
  const lines = stdout.trim().split('\n');
  expect(lines[0]).toMatch(/is valid with 1 warning: 0 feeds, 0 topics, 3 channel rules$/);
  expect(lines.slice(1)).toEqual([expect.stringMatching(/^ {2}warning: channels\[1\]\.channel: '#general' looks like a Slack channel name, not its id: .*Write the id \(like C0123ABCDEF\).* \(line \d+:\d+\)$/)]);
});

it('lists a schema problem, a reference problem and a query problem in one run', async () => {
  bed.workspace.writeConfig({
    fetch: { concurrency: 'many' },
    topics: { space: 'rocket OR' },
    channels: [{ platform: 'console', channel: 'news', topics: ['spcae'], query: '"unclosed', digest: 'daily 8:30' }],
  });
  const { code, stderr } = await bed.workspace.run('config', 'check');
  expect(code).toBe(1);
  expect(stderr).toContain('has 4 problems');
  for (const path of ['fetch.concurrency', 'topics.space', 'channels[0].topics[0]', 'channels[0].query']) expect(stderr).toContain(`  ${path}: `);
  expect(stderr).not.toContain('digest');
});
