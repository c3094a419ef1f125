// Parsing on the worker pool (issue 15): the same results and coded errors as parseFeed, the
// parse budget, an event loop that keeps turning while a huge feed is read, and the pool working
// from built JavaScript as well as from the TypeScript sources.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { HeraldError } from '../../src/domain/errors.ts';
import { parseFeed } from '../../src/feeds/parse.ts';
import { closeParsePool, parseFeedOffThread } from '../../src/feeds/parse-pool.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string): string => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8');
const LIMITS = { maxChars: 8 * 1024 * 1024, maxEntries: 10_000 };

/** A feed of `count` empty items: the shape that cost rss-parser seconds of CPU on the main thread. */
function emptyItems(count: number): string {
  return `<rss version="2.0"><channel><title>Hostile</title>${'<item></item>'.repeat(count)}</channel></rss>`;
}

afterAll(async () => {
  await closeParsePool();
});

describe('parseFeedOffThread', () => {
  it('returns what parseFeed returns, for XML and JSON', async () => {
    for (const name of ['topic-feed.xml', 'youtube-atom.xml', 'json-feed.json']) {
      expect(await parseFeedOffThread(fixture(name), null, LIMITS)).toEqual(await parseFeed(fixture(name), null, LIMITS));
    }
  });

  it('rebuilds a refusal as the same coded HeraldError', async () => {
    const error = await parseFeedOffThread(fixture('not-a-feed.html'), 'text/html', LIMITS).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(HeraldError);
    expect(error).toMatchObject({ code: 'parse_failed', message: expect.stringMatching(/^the response is an HTML page, not a feed/) as string });
  });

  it('fails a feed past its parse budget with parse_too_slow, and the pool goes on parsing', async () => {
    const error = await parseFeedOffThread(emptyItems(100_000), null, { ...LIMITS, budgetMs: 0 }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(HeraldError);
    expect((error as HeraldError).code).toBe('parse_too_slow');
    expect((error as HeraldError).message).toBe(
      'reading the feed took longer than its 0 ms budget (fetch.parseBudget): the feed is too large or too complex to read quickly; ask the publisher for a smaller feed, or raise fetch.parseBudget',
    );
    expect((await parseFeedOffThread(fixture('atom.xml'), null, LIMITS)).entries).toHaveLength(3);
  });

  it('keeps the event loop turning while a 5 MiB feed is read', async () => {
    const body = emptyItems(Math.floor((5 * 1024 * 1024) / '<item></item>'.length));
    let turns = 0;
    let done = false;
    const spin = (): void => {
      if (done) return;
      turns += 1;
      setImmediate(spin);
    };
    setImmediate(spin);
    const parsed = await parseFeedOffThread(body, null, LIMITS).finally(() => {
      done = true;
    });
    expect(parsed.entries).toHaveLength(10_000);
    // On the main thread the whole read is one synchronous call: the loop would not turn at all.
    expect(turns).toBeGreaterThan(10);
  });
});

/** Transpiles src/ to JavaScript with .js import specifiers, as a build would. */
function buildSources(outDir: string): void {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
    });
  for (const file of walk(join(ROOT, 'src'))) {
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, rewriteRelativeImportExtensions: true, verbatimModuleSyntax: true },
      fileName: file,
    });
    const target = join(outDir, relative(ROOT, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  writeFileSync(join(outDir, 'package.json'), JSON.stringify({ type: 'module' }));
  symlinkSync(join(ROOT, 'node_modules'), join(outDir, 'node_modules'));
}

describe('the parse pool from built JavaScript', () => {
  it('parses on a worker thread, budget included, in plain node with no TypeScript loader', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'herald-i15-build-'));
    try {
      buildSources(outDir);
      const script = `
        import { parseFeedOffThread, closeParsePool } from ${JSON.stringify(join(outDir, 'src/feeds/parse-pool.js'))};
        const feed = await parseFeedOffThread(process.argv[1], null);
        const slow = await parseFeedOffThread('<rss><channel>' + '<item></item>'.repeat(100000) + '</channel></rss>', null, { maxChars: 1e8, maxEntries: 10000, budgetMs: 0 }).catch((error) => error.code);
        console.log(JSON.stringify({ title: feed.title, entries: feed.entries.length, slow }));
        await closeParsePool();
      `;
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, fixture('podcast.xml')], { cwd: outDir });
      expect(JSON.parse(stdout)).toEqual({ title: 'The Allotment Hour', entries: 3, slow: 'parse_too_slow' });
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
