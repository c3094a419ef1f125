// The compiled command line, started as a user starts it: `node bin/herald.js`.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildState, stampBuild } from '../../bin/build-stamp.js';
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

describe('buildState', () => {
  it('is current after a build, stale once a source is newer, missing before any build', () => {
    const root = mkdtempSync(join(tmpdir(), 'herald-stamp-'));
    try {
      mkdirSync(join(root, 'src/cli'), { recursive: true });
      writeFileSync(join(root, 'src/cli/a.ts'), '');
      expect(buildState(root)).toBe('missing');
      mkdirSync(join(root, 'dist'));
      stampBuild(root);
      const built = statSync(join(root, 'dist/.built')).mtime;
      utimesSync(join(root, 'src/cli/a.ts'), built, new Date(built.getTime() - 1_000));
      expect(buildState(root)).toBe('current');
      utimesSync(join(root, 'src/cli/a.ts'), built, new Date(built.getTime() + 1_000));
      expect(buildState(root)).toBe('stale');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
