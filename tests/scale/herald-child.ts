// Spawns and steps tests/scale/herald-process.ts: one real Herald process per instance.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const REPO = resolve(import.meta.dirname, '../..');
const SCRIPT = resolve(import.meta.dirname, 'herald-process.ts');

export interface CycleResult {
  type: 'cycle';
  polled: string[];
  failed: number;
  pollMs: number;
  deliverMs: number;
  sent: number;
}

export interface DeliveredLine {
  type: 'delivered';
  subscription: string;
  storyId: string;
  url: string | null;
}

type Message = { type: 'ready' } | { type: 'advanced' } | CycleResult | DeliveredLine;

export class HeraldChild {
  readonly delivered: DeliveredLine[] = [];
  private readonly waiting: { type: Message['type']; resolve: (message: Message) => void; reject: (error: Error) => void }[] = [];
  private stderr = '';
  private exited = false;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    createInterface({ input: child.stdout! }).on('line', (line) => this.receive(JSON.parse(line) as Message));
    child.once('exit', (code, signal) => {
      this.exited = true;
      for (const waiter of this.waiting.splice(0)) {
        waiter.reject(new Error(`${name} exited (${signal ?? code}) while a test waited for '${waiter.type}':\n${this.stderr}`));
      }
    });
  }

  /**
   * Starts a Herald process on this config; resolves once it has migrated and synced the config.
   * `repo` runs another checkout's Herald instead (bench/poll --baseline).
   */
  static async start(name: string, configPath: string, env: NodeJS.ProcessEnv, nodeArgs: string[] = [], repo = REPO): Promise<HeraldChild> {
    const script = repo === REPO ? SCRIPT : resolve(repo, relative(REPO, SCRIPT));
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, configPath], { cwd: repo, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const handle = new HeraldChild(name, child);
    await handle.next('ready');
    return handle;
  }

  /** One poll cycle (due feeds only) followed by an outbox drain. */
  async cycle(): Promise<CycleResult> {
    const done = this.next('cycle');
    this.send({ cmd: 'cycle' });
    return (await done) as CycleResult;
  }

  async advance(ms: number): Promise<void> {
    const done = this.next('advanced');
    this.send({ cmd: 'advance', ms });
    await done;
  }

  /** SIGKILL: no cleanup, leases stay where they are. */
  async kill(): Promise<void> {
    if (this.exited) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = once(this.child, 'exit');
    this.send({ cmd: 'exit' });
    await exited;
  }

  /** What the process logged, for failure messages. */
  logs(): string {
    return this.stderr;
  }

  private send(command: Record<string, unknown>): void {
    this.child.stdin!.write(`${JSON.stringify(command)}\n`);
  }

  private next(type: Message['type']): Promise<Message> {
    if (this.exited) return Promise.reject(new Error(`${this.name} has exited:\n${this.stderr}`));
    return new Promise((resolve, reject) => this.waiting.push({ type, resolve, reject }));
  }

  private receive(message: Message): void {
    if (message.type === 'delivered') this.delivered.push(message);
    const index = this.waiting.findIndex((waiter) => waiter.type === message.type);
    if (index >= 0) this.waiting.splice(index, 1)[0]!.resolve(message);
  }
}
