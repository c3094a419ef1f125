// `herald demo` explains itself: what each channel follows before the alerts, what to try after.
import { expect, it } from 'vitest';
import { createWorkspace } from '../integration/harness.ts';

it('names each channel with what it follows, shows alerts, then suggests what to try next', async () => {
  const workspace = createWorkspace();
  try {
    const { code, stdout } = await workspace.run('demo', '--cycles', '1');
    expect(code).toBe(0);
    expect(stdout).toContain('  #korea-desk follows topic north-korea ("north korea" OR pyongyang OR "kim jong un" OR dprk), from every feed (The Daily Desk, Eastern Courier, Western Ledger)\n');
    expect(stdout).toContain('  #launches follows query satellite OR missile*, from every feed');
    const alerts = stdout.indexOf('── #');
    const next = stdout.indexOf('What to try next:');
    expect(alerts).toBeGreaterThan(stdout.indexOf('Channels:'));
    expect(next).toBeGreaterThan(alerts);
    expect(stdout.slice(next)).toContain('npx herald chat');
  } finally {
    workspace.remove();
  }
});
