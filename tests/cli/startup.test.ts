// The compiled command line, started as a user starts it: `node bin/herald.js`.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HERALD_BIN } from '../integration/harness.ts';

const run = (...args: string[]) => promisify(execFile)(process.execPath, [HERALD_BIN, ...args], { env: { PATH: process.env.PATH } });

describe('herald start-up', () => {
  it('prints the version from package.json with --version and -V', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect((await run('--version')).stdout).toBe(`${version}\n`);
    expect((await run('-V')).stdout).toBe(`${version}\n`);
  });

  it('runs the build in dist/, not the TypeScript sources', async () => {
    const { stdout, stderr } = await run('--help');
    expect(stdout).toContain('poll [options]');
    // The tsx fallback announces itself on stderr; the build starts silently.
    expect(stderr).toBe('');
  });
});
