// The Slack-compatible body of a digest counts its stories in English: "*1 story*", "*2 stories*".
import { expect, it } from 'vitest';
import type { Digest } from '../../../src/domain/types.ts';
import { digestPayload, slackText } from '../../../src/platforms/webhook/payload.ts';
import { alert, item } from '../../store/records.ts';

const NOW = Date.parse('2026-12-03T08:00:00Z');

function digestOf(count: number): Digest {
  const alerts = Array.from({ length: count }, (_, n) => alert({ storyId: `s${n}`, item: item({ key: `k${n}`, title: `Story ${n}` }) }));
  return { platform: 'webhook', workspace: null, channel: 'tools', reason: 'schedule', windowStart: NOW - 3_600_000, windowEnd: NOW, alerts };
}

it('heads a digest with its story count in the singular and the plural', () => {
  const heading = (count: number) => slackText(digestPayload(digestOf(count), 'm1', NOW)).text.split('\n')[0];
  expect(heading(1)).toBe('*1 story*');
  expect(heading(2)).toBe('*2 stories*');
});
