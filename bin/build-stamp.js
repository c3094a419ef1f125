// Whether dist/ is the build of the sources as they are now. `npm run build` stamps the build
// when tsc is done (run as a script: `node bin/build-stamp.js`); bin/herald.js and the test
// setup compare the stamp with the newest file in src/. tsc leaves unchanged outputs alone, so
// its own files cannot tell "built" from "nothing to build".
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const STAMP = 'dist/.built';

function newestFile(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestFile(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** 'current', 'stale' (a source changed since the build) or 'missing' (never built). */
export function buildState(root) {
  let builtAt;
  try {
    builtAt = statSync(join(root, STAMP)).mtimeMs;
  } catch {
    return 'missing';
  }
  let sources;
  try {
    sources = newestFile(join(root, 'src'));
  } catch {
    // An installed copy without its sources runs what it has.
    return 'current';
  }
  return sources <= builtAt ? 'current' : 'stale';
}

export function stampBuild(root) {
  writeFileSync(join(root, STAMP), `${new Date().toISOString()}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) stampBuild(fileURLToPath(new URL('..', import.meta.url)));
