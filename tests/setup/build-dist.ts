// Tests that spawn `herald` run bin/herald.js, which runs the compiled dist/ (and falls back
// to the slow tsx path when dist/ is older than src/). Build it before the run when a source
// changed, so those tests run the code under test at the speed users get; an unchanged tree
// costs one directory walk instead of a 3-second tsc check.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { buildState, stampBuild } from '../../bin/build-stamp.js';

const REPO = resolve(import.meta.dirname, '../..');

export default function buildDist(): void {
  if (buildState(REPO) === 'current') return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(REPO, 'tsconfig.build.json')], { cwd: REPO, stdio: 'inherit' });
  stampBuild(REPO);
}
