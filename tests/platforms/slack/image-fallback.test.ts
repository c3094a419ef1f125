// Slack refuses a whole message (invalid_blocks) when it cannot download its image: the alert
// then goes out without the picture rather than being dead-lettered (issue 15).
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startFakeSlackApi, type FakeSlackApi } from '../../fakes/slack-api.ts';
import { TOKEN, alert, capturedLogger, item, slackPlatform } from './fixtures.ts';

let api: FakeSlackApi;
beforeEach(async () => {
  api = await startFakeSlackApi({ token: TOKEN });
});
afterEach(() => api.close());

it('sends and updates without the image when Slack refuses the blocks with it', async () => {
  const { log, lines } = capturedLogger();
  const platform = slackPlatform(api, { log });
  const withImage = alert({ item: item({ image: 'https://img.example.test/broken.jpg' }) });
  api.failNext('chat.postMessage', { error: 'invalid_blocks' });
  const ref = await platform.send(withImage, 'k1');
  const posts = api.calls('chat.postMessage');
  expect(posts).toHaveLength(2);
  expect(JSON.stringify(posts[0]!.body.blocks)).toContain('broken.jpg');
  expect(JSON.stringify(posts[1]!.body.blocks)).not.toContain('broken.jpg');
  expect(lines()).toContain('Slack refused the alert with its image; sending it without');

  api.failNext('chat.update', { error: 'invalid_blocks' });
  await platform.update(ref, withImage);
  expect(api.calls('chat.update')).toHaveLength(2);
});

it('still reports invalid_blocks as rejected for an alert without an image, after one try', async () => {
  const platform = slackPlatform(api);
  api.failNext('chat.postMessage', { error: 'invalid_blocks' });
  await expect(platform.send(alert(), 'k1')).rejects.toMatchObject({ code: 'platform_rejected' });
  expect(api.calls('chat.postMessage')).toHaveLength(1);
});
