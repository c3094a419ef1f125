#!/usr/bin/env node
// Starts the compiled CLI in dist/ (built by `npm ci` through the prepare script, or by
// `npm run build`): plain JavaScript starts in a fraction of the time tsx needs to transpile
// the sources on every start. Without dist/ it still works, slowly, through tsx, and says so.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  process.stderr.write('herald: dist/ is missing, so the TypeScript sources run through tsx (a few seconds per start); run `npm run build` once for a fast start\n');
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
