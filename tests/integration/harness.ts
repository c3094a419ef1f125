// Runs the real `herald` CLI in-process (or as a child process) against a temporary workspace:
// a config file, a SQLite database, and the local feed server. Alerts come back parsed from
// the --json lines on stdout; logs (stderr) are kept for assertions about failures.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { stringify } from 'yaml';
import { afterEach, beforeEach } from 'vitest';
import { runCli } from '../../src/cli/program.ts';
import type { AlertRecord } from '../../src/deliver/alert-record.ts';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.ts';

const REPO = resolve(import.meta.dirname, '../..');

/** The `herald` executable, as `npx herald` runs it. */
export const HERALD_BIN = join(REPO, 'bin/herald.js');

/** A valid RSS feed with no items: serving it first seeds a feed, so later items are new. */
export const EMPTY_FEED =
  '<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title><link>http://empty.test/</link></channel></rss>';

export interface TestBed {
  readonly server: FeedServer;
  readonly workspace: Workspace;
}

/** Gives every test in the file a fresh local feed server and workspace, closed and removed after it. */
export function useTestBed(): TestBed {
  const bed = {} as { server: FeedServer; workspace: Workspace };
  beforeEach(async () => {
    bed.server = await startFeedServer();
    bed.workspace = createWorkspace();
  });
  afterEach(async () => {
    await bed.server.close();
    bed.workspace.remove();
  });
  return bed;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  alerts: AlertRecord[];
}

export interface Workspace {
  dir: string;
  configPath: string;
  env: NodeJS.ProcessEnv;
  writeConfig(config: Record<string, unknown>): void;
  /** Runs `herald <args>` in this process. */
  run(...args: string[]): Promise<CliRun>;
  /** Runs `herald <args>` as a separate Node process, as a user would. */
  spawn(...args: string[]): Promise<CliRun>;
  remove(): void;
}

export function createWorkspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'herald-it-'));
  const configPath = join(dir, 'herald.yaml');
  // No DATABASE_URL: these runs use the embedded SQLite store, as a newcomer's would.
  const env: NodeJS.ProcessEnv = { HERALD_CONFIG: configPath, LOG_LEVEL: 'info', PATH: process.env.PATH };
  return {
    dir,
    configPath,
    env,
    writeConfig(config) {
      writeFileSync(configPath, stringify({ storage: { path: join(dir, 'herald.db') }, ...config }));
    },
    async run(...args) {
      const stdout = collect();
      const stderr = collect();
      const code = await runCli(args, { stdout: stdout.stream, stderr: stderr.stream, env, stopSignal: new Promise(() => undefined) });
      return result(code, stdout.text(), stderr.text());
    },
    async spawn(...args) {
      const child = await promisify(execFile)(process.execPath, [HERALD_BIN, ...args], { env, cwd: dir }).then(
        (output) => ({ code: 0, ...output }),
        (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? 1, stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
      );
      return result(child.code, child.stdout, child.stderr);
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

function result(code: number, stdout: string, stderr: string): CliRun {
  const alerts = stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as AlertRecord);
  return { code, stdout, stderr, alerts };
}

/** The workspace's outbox rows by status ({ sent: 3, pending: 1 }), read straight from its SQLite file. */
export function outboxByStatus(workspace: Workspace): Record<string, number> {
  const db = new Database(join(workspace.dir, 'herald.db'), { readonly: true });
  try {
    const rows = db.prepare<[], { status: string; n: number }>('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status').all();
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  } finally {
    db.close();
  }
}
