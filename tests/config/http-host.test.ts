// Issue 18, finding 8: the unauthenticated metrics and health server listened on every interface.
// It now listens where config `http.host` says, loopback by default.
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load.ts';
import { startOperatorServer } from '../../src/observability/http-server.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { HeraldMetrics } from '../../src/observability/metrics.ts';

describe('http.host', () => {
  it('defaults to 127.0.0.1 and can be opened explicitly', () => {
    expect(parseConfigText('feeds: []\n', {}, 'test.yaml').http).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(parseConfigText('http: { host: 0.0.0.0 }\n', {}, 'test.yaml').http.host).toBe('0.0.0.0');
  });

  it('is where the operator server listens', async () => {
    const config = parseConfigText('http: { port: 0 }\n', {}, 'test.yaml');
    const server = await startOperatorServer({
      port: config.http.port,
      host: config.http.host,
      metrics: new HeraldMetrics({ outboxStats: () => Promise.reject(new Error('not scraped here')), feedHealthCounts: () => Promise.reject(new Error('not scraped here')) }),
      readiness: [],
      log: silentLogger(),
    });
    try {
      const answer = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      expect(answer.status).toBe(200);
      expect(server.address).toBe('127.0.0.1');
    } finally {
      await server.close();
    }
  });
});
