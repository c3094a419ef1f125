// Tests that spawn `herald` run bin/herald.js, which runs the compiled dist/. Build it before
// the run when a source file is newer than the last build, so those tests never run stale
// code; an unchanged tree costs one directory walk instead of a 3-second tsc check.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../..');
const BUILD_INFO = join(REPO, 'dist/.tsbuildinfo');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function builtAt(): number {
  try {
    return statSync(BUILD_INFO).mtimeMs;
  } catch {
    return 0;
  }
}

export default function buildDist(): void {
  if (newestSource(join(REPO, 'src')) <= builtAt()) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(REPO, 'tsconfig.build.json')], { cwd: REPO, stdio: 'inherit' });
  // tsc leaves its build info untouched when no output changed (a source saved unchanged);
  // mark the check done so the next run does not repeat it.
  const now = new Date();
  utimesSync(BUILD_INFO, now, now);
}
