// Herald's version, as package.json states it. Read at run time rather than imported, so the
// compiled dist/ and the sources (both two folders below the package root) find the same file.
import { readFileSync } from 'node:fs';

export function heraldVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}
