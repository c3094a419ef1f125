#!/usr/bin/env node
// Starts the compiled CLI in dist/ (built by `npm ci` through the prepare script, or by
// `npm run build`): plain JavaScript starts in a fraction of the time tsx needs to transpile
// the sources on every start. When dist/ is missing, or older than a file in src/ (an edit,
// a git pull), the sources run through tsx instead, slowly, and it says so.
import { fileURLToPath } from 'node:url';
import { buildState } from './build-stamp.js';

const state = buildState(fileURLToPath(new URL('..', import.meta.url)));
if (state === 'current') {
  await import('../dist/cli.js');
} else {
  const why = state === 'missing' ? 'dist/ is missing' : 'src/ changed since dist/ was built';
  process.stderr.write(`herald: ${why}, so the TypeScript sources run through tsx (a few seconds per start); run \`npm run build\` for a fast start\n`);
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
