// Logs for people on a terminal, JSON for everything else.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.ts';

function stream(tty: boolean): { stream: PassThrough; text: () => string } {
  const out = new PassThrough();
  if (tty) Object.assign(out, { isTTY: true });
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream: out, text: () => Buffer.concat(chunks).toString('utf8') };
}

// ESC [ ... m: a terminal colour code.
const COLOUR = new RegExp(String.raw`\u001b\[\d+m`);

describe('createLogger', () => {
  it('writes a readable line with a local time on a terminal', () => {
    const tty = stream(true);
    createLogger({ destination: tty.stream }).info({ feeds: 3, token: 'xoxb-secret' }, 'poll finished');
    const line = tty.text();
    expect(line.split('\n')).toHaveLength(2);
    const plain = line.replace(new RegExp(COLOUR.source, 'g'), '');
    expect(plain).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: poll finished \{"feeds":3,"token":"\[redacted\]"\}\n$/);
    expect(line).toMatch(COLOUR);
    expect(line).not.toContain('"level"');
  });

  it('writes JSON on a pipe', () => {
    const pipe = stream(false);
    createLogger({ destination: pipe.stream }).warn({ port: 9464 }, 'port busy');
    const record = JSON.parse(pipe.text()) as Record<string, unknown>;
    expect(record).toMatchObject({ level: 40, app: 'herald', port: 9464, msg: 'port busy' });
    expect(typeof record.time).toBe('number');
  });

  it('lets LOG_FORMAT override the guess either way', () => {
    const tty = stream(true);
    createLogger({ destination: tty.stream, format: 'json' }).info('hello');
    expect(JSON.parse(tty.text())).toMatchObject({ msg: 'hello' });
    const pipe = stream(false);
    createLogger({ destination: pipe.stream, format: 'pretty' }).info('hello');
    // Pretty on a pipe (a file someone will read): no colour codes in it.
    expect(pipe.text()).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: hello\n$/);
  });
});
