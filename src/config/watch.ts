// Live reload. The directory is watched, not the file: editors save by writing a new file and
// renaming it over the old one, and Kubernetes swaps a ConfigMap through a symlink, so events
// on the file's own inode stop after the first save. Any event in the directory schedules a
// debounced re-read; a text identical to the last one read changes nothing.
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describeError, HeraldError, isHeraldError } from '../domain/errors.ts';
import { parseConfigText, readConfigText } from './load.ts';
import type { HeraldConfig } from './schema.ts';

export interface ConfigHandlers {
  onChange(config: HeraldConfig): void;
  /** The file became unreadable or invalid; the caller keeps its last good config and logs this. */
  onError(error: HeraldError): void;
}

export interface ConfigReloader {
  /** Re-reads the file; calls are queued, so reloads never overlap and arrive in order. */
  reload(): Promise<void>;
  /** No handler is called after this. */
  close(): void;
}

export function createConfigReloader(path: string, handlers: ConfigHandlers, env: NodeJS.ProcessEnv): ConfigReloader {
  let closed = false;
  // The text on disk when watching began is the baseline: re-saving it is not a change. Read
  // synchronously so an edit made right after this call is always seen as an edit.
  let last: Promise<string | null> = Promise.resolve(readBaseline(path));

  const report = (error: unknown): void => {
    if (closed) return;
    handlers.onError(
      isHeraldError(error)
        ? error
        : new HeraldError('config_invalid', `config '${path}' changed, but applying it failed: ${describeError(error)}`, { path }, { cause: error }),
    );
  };

  const step = async (previous: string | null): Promise<string | null> => {
    let text: string;
    try {
      text = await readConfigText(path);
    } catch (error) {
      report(error);
      return null;
    }
    // After an error any readable text is news, so the caller learns the file is good again.
    if (text === previous || closed) return text;
    let config: HeraldConfig;
    try {
      config = parseConfigText(text, env, path);
    } catch (error) {
      report(error);
      return text;
    }
    try {
      handlers.onChange(config);
    } catch (error) {
      report(error);
    }
    return text;
  };

  return {
    reload() {
      const next = last.then(step);
      // Only a throwing onError rejects `next`; the queue carries on regardless.
      last = next.catch(() => null);
      return next.then(() => undefined);
    },
    close() {
      closed = true;
    },
  };
}

function readBaseline(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

export function watchConfig(
  path: string,
  handlers: ConfigHandlers,
  options: { debounceMs?: number; env?: NodeJS.ProcessEnv } = {},
): { close(): void } {
  const debounceMs = options.debounceMs ?? 200;
  const reloader = createConfigReloader(path, handlers, options.env ?? process.env);
  const directory = dirname(resolve(path));
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher;
  try {
    // Not persistent: watching the config alone should not keep the process alive.
    watcher = watch(directory, { persistent: false }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => void reloader.reload(), debounceMs);
    });
  } catch (error) {
    throw new HeraldError(
      'config_unreadable',
      `cannot watch the directory of config '${path}' (${directory}): ${describeError(error)}; check it exists, or run without live reload`,
      { path },
      { cause: error },
    );
  }
  watcher.on('error', (error) => {
    handlers.onError(
      new HeraldError('config_unreadable', `stopped watching config '${path}' for edits: ${describeError(error)}; restart Herald to pick up later edits`, { path }, { cause: error }),
    );
  });
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
      reloader.close();
    },
  };
}
