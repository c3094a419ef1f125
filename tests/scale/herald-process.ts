// One Herald process for scale tests and bench/poll, driven over stdin/stdout with JSON lines so
// a test can run several against one PostgreSQL, step them cycle by cycle and SIGKILL one.
//   node --import tsx tests/scale/herald-process.ts <config.yaml>   (DATABASE_URL in the environment)
// In:  {"cmd":"cycle"} polls what is due and drains the outbox; {"cmd":"advance","ms":N} moves
//      this process's clock on (lease expiry and feed intervals without waiting); {"cmd":"exit"}.
// Out: {"type":"ready"}, {"type":"advanced"}, {"type":"cycle","polled":[feedId...],"failed":N,"pollMs":N,"deliverMs":N,"sent":N},
//      {"type":"delivered","subscription":...,"storyId":...,"url":...} for every alert sent.
import { createInterface } from 'node:readline';
import { Herald } from '../../src/app.ts';
import { readEnvironment } from '../../src/config/env.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { AlertRecord } from '../../src/deliver/alert-record.ts';
import { createLogger } from '../../src/observability/logger.ts';

type Command = { cmd: 'cycle' } | { cmd: 'advance'; ms: number } | { cmd: 'exit' };

const say = (message: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(message)}\n`);
};

const configPath = process.argv[2];
if (!configPath) throw new Error('usage: herald-process.ts <config.yaml>');
const env = readEnvironment(process.env);
let offset = 0;
const herald = await Herald.start({
  config: await loadConfig(configPath, process.env),
  env,
  log: createLogger({ level: env.logLevel }),
  // The console platform prints each alert it is given as one JSON line.
  json: true,
  write: (text) => {
    for (const line of text.split('\n').filter(Boolean)) {
      const record = JSON.parse(line) as AlertRecord;
      say({ type: 'delivered', subscription: record.subscription, storyId: record.storyId, url: record.url });
    }
  },
  now: () => Date.now() + offset,
});
say({ type: 'ready' });

for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as Command;
  if (command.cmd === 'advance') {
    offset += command.ms;
    say({ type: 'advanced' });
  } else if (command.cmd === 'cycle') {
    const started = performance.now();
    const reports = await herald.poll();
    const polled = performance.now();
    const drain = await herald.deliver();
    say({
      type: 'cycle',
      polled: reports.map((report) => report.feedId),
      failed: reports.filter((report) => report.outcome === 'failed').length,
      pollMs: polled - started,
      deliverMs: performance.now() - polled,
      sent: drain.sent,
    });
  } else {
    break;
  }
}
await herald.close();
// Pooled keep-alive connections to the feed server would hold the process open for seconds.
process.exit(0);
