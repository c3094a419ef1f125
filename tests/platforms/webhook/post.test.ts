// One webhook post and its failures as the outbox's failure policy reads them: the guard at
// connect time (a host name that resolves to a private address), timeouts, 429 and redirects.
import type { LookupFunction } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { PlatformError } from '../../../src/domain/errors.ts';
import { postJson, type PostOptions } from '../../../src/platforms/webhook/post.ts';
import { targetPolicy } from '../../../src/platforms/webhook/settings.ts';
import { parseConfigText } from '../../../src/config/load.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook-receiver.ts';

let receiver: WebhookReceiver;
beforeEach(async () => {
  receiver = await startWebhookReceiver();
});
afterEach(async () => {
  await receiver.close();
});

// hooks.test resolves to the receiver's loopback address, as a hostile DNS answer would.
const loopbackLookup = ((_host: string, options: { all?: boolean }, callback: (error: null, address: unknown, family?: number) => void) => {
  if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
}) as unknown as LookupFunction;

function options(overrides: Partial<PostOptions> = {}): PostOptions {
  return {
    target: 'tools',
    url: receiver.url('/hook'),
    body: '{"event":"alert"}',
    headers: {},
    policy: { allowPrivateAddresses: true, allowedPorts: [receiver.port] },
    timeoutMs: 5_000,
    userAgent: 'test',
    ...overrides,
  };
}

async function failure(post: Promise<void>): Promise<PlatformError> {
  const error = await post.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

it('refuses a host name that resolves to a private address when the connection opens', async () => {
  const error = await failure(postJson(options({ url: `http://hooks.test:${receiver.port}/hook`, policy: { allowPrivateAddresses: false, allowedPorts: [receiver.port] }, lookup: loopbackLookup })));
  expect(error.code).toBe('platform_permanent');
  expect(error.message).toBe(`Herald will not post to webhook target 'tools' (http://hooks.test:${receiver.port}): hooks.test resolves to 127.0.0.1 is a loopback address; set fetch.allowPrivateAddresses: true to allow private networks`);
  expect(receiver.posts).toEqual([]);
});

it('retries a post with no answer within the timeout, and a 429 after its Retry-After', async () => {
  receiver.answer(() => 'hold');
  const timedOut = await failure(postJson(options({ timeoutMs: 200 })));
  expect(timedOut).toMatchObject({ code: 'platform_transient', message: expect.stringContaining('no answer within 0.2s; Herald retries') });
  receiver.answer(() => ({ status: 429 }));
  expect(await failure(postJson(options()))).toMatchObject({ code: 'platform_rate_limited', retryAfterMs: null });
});

it('does not follow a redirect, and says so', async () => {
  receiver.answer(() => ({ status: 302 }));
  const error = await failure(postJson(options()));
  expect(error).toMatchObject({ code: 'platform_permanent', message: expect.stringContaining('refused the post with 302 Found; Herald does not follow redirects') });
  expect(receiver.posts).toHaveLength(1);
});

it('posts under one config over one kept-alive connection', async () => {
  const { fetch } = parseConfigText(`fetch:\n  allowPrivateAddresses: true\n  allowedPorts: [${receiver.port}]\n`, {}, 'test.yaml');
  expect(targetPolicy(fetch)).toBe(targetPolicy(fetch));
  for (let post = 0; post < 6; post += 1) await postJson(options({ policy: targetPolicy(fetch) }));
  expect(receiver.posts).toHaveLength(6);
  // An agent per post would open 6; one shared agent reuses its sockets (undici opened 2 here).
  expect(receiver.connections).toBeLessThanOrEqual(2);
});
