import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HeraldConfig } from '../../src/config/schema.ts';
import { createConfigReloader, watchConfig } from '../../src/config/watch.ts';
import type { HeraldError } from '../../src/domain/errors.ts';

const configWith = (feedId: string): string => `feeds:\n  - { id: ${feedId}, url: "https://example.org/${feedId}" }\n`;
const invalid = 'feeds:\n  - { id: a, url: "ftp://example.org/a" }\n';

let dir: string;
let path: string;

/** Saves like an editor does: write a temporary file, then rename it over the config. */
function save(text: string): void {
  const temporary = join(dir, `.herald.yaml.${Math.random().toString(36).slice(2)}.tmp`);
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** Handlers whose calls can be awaited one at a time, in order. */
function recorder() {
  const changes: HeraldConfig[] = [];
  const errors: HeraldError[] = [];
  const waiting: (() => void)[] = [];
  const notify = () => {
    for (const wake of waiting.splice(0)) wake();
  };
  const until = async (done: () => boolean): Promise<void> => {
    while (!done()) await new Promise<void>((resolve) => waiting.push(resolve));
  };
  return {
    changes,
    errors,
    handlers: {
      onChange: (config: HeraldConfig) => {
        changes.push(config);
        notify();
      },
      onError: (error: HeraldError) => {
        errors.push(error);
        notify();
      },
    },
    untilChanges: (count: number) => until(() => changes.length >= count),
    untilErrors: (count: number) => until(() => errors.length >= count),
  };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-watch-'));
  path = join(dir, 'herald.yaml');
  writeFileSync(path, configWith('first'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('watchConfig', () => {
  it('a valid edit delivers the new config', async () => {
    const calls = recorder();
    const watcher = watchConfig(path, calls.handlers, { debounceMs: 10, env: {} });
    try {
      save(configWith('second'));
      await calls.untilChanges(1);
      expect(calls.changes[0]!.feeds.map((feed) => feed.id)).toEqual(['second']);
      expect(calls.errors).toEqual([]);
    } finally {
      watcher.close();
    }
  });

  it('an invalid edit reports why and delivers nothing; the next good edit is delivered', async () => {
    const calls = recorder();
    const watcher = watchConfig(path, calls.handlers, { debounceMs: 10, env: {} });
    try {
      save(invalid);
      await calls.untilErrors(1);
      expect(calls.errors[0]).toMatchObject({ code: 'config_invalid', message: expect.stringContaining("feeds[0].url: 'ftp://example.org/a' is not an http(s) URL") });
      expect(calls.changes).toEqual([]);

      save(configWith('third'));
      await calls.untilChanges(1);
      // Reloads run in order, so had the invalid edit produced a config it would be first here.
      expect(calls.changes.map((config) => config.feeds[0]!.id)).toEqual(['third']);
    } finally {
      watcher.close();
    }
  });

  it('uses the env it was given for ${VAR}', async () => {
    const calls = recorder();
    const watcher = watchConfig(path, calls.handlers, { debounceMs: 10, env: { FEED_HOST: 'news.example.org' } });
    try {
      save('feeds:\n  - { id: a, url: "https://${FEED_HOST}/rss" }\n');
      await calls.untilChanges(1);
      expect(calls.changes[0]!.feeds[0]!.url).toBe('https://news.example.org/rss');
    } finally {
      watcher.close();
    }
  });

  it('refuses to watch a directory that does not exist', () => {
    expect(() => watchConfig(join(dir, 'missing', 'herald.yaml'), recorder().handlers)).toThrow(/cannot watch the directory of config/);
  });
});

describe('createConfigReloader', () => {
  it('does not deliver a config for unchanged text', async () => {
    const calls = recorder();
    const reloader = createConfigReloader(path, calls.handlers, {});
    save(configWith('first'));
    await reloader.reload();
    expect(calls.changes).toEqual([]);
    save(`${configWith('first')}# a comment\n`);
    await reloader.reload();
    expect(calls.changes).toHaveLength(1);
    await reloader.reload();
    expect(calls.changes).toHaveLength(1);
  });

  it('after an error, the file becoming good again is delivered even if it is the old text', async () => {
    const calls = recorder();
    const reloader = createConfigReloader(path, calls.handlers, {});
    save(invalid);
    await reloader.reload();
    save(configWith('first'));
    await reloader.reload();
    expect(calls.errors).toHaveLength(1);
    expect(calls.changes.map((config) => config.feeds[0]!.id)).toEqual(['first']);
  });

  it('a vanished file is config_unreadable, and the queue carries on', async () => {
    const calls = recorder();
    const reloader = createConfigReloader(path, calls.handlers, {});
    rmSync(path);
    await reloader.reload();
    expect(calls.errors[0]).toMatchObject({ code: 'config_unreadable' });
    save(configWith('back'));
    await reloader.reload();
    expect(calls.changes.map((config) => config.feeds[0]!.id)).toEqual(['back']);
  });

  it('an exception in onChange is reported through onError', async () => {
    const errors: HeraldError[] = [];
    const reloader = createConfigReloader(
      path,
      {
        onChange: () => {
          throw new Error('store is closed');
        },
        onError: (error) => errors.push(error),
      },
      {},
    );
    save(configWith('second'));
    await reloader.reload();
    expect(errors[0]!.message).toContain('changed, but applying it failed: store is closed');
  });

  it('calls no handler after close', async () => {
    const calls = recorder();
    const reloader = createConfigReloader(path, calls.handlers, {});
    reloader.close();
    save(configWith('second'));
    await reloader.reload();
    rmSync(path);
    await reloader.reload();
    expect(calls.changes).toEqual([]);
    expect(calls.errors).toEqual([]);
  });
});
