// A well-formed alert for renderer tests; each test overrides the parts it is about.
import type { Alert, Item } from '../../src/domain/types.ts';

export const NOW = Date.parse('2025-05-09T12:00:00Z');

export function makeAlert(overrides: Partial<Omit<Alert, 'item'>> & { item?: Partial<Item> } = {}): Alert {
  const { item, ...rest } = overrides;
  return {
    subscriptionId: 'sub-1',
    platform: 'slack',
    workspace: 'T1',
    channel: 'C1',
    storyId: 'story-1',
    item: {
      feedId: 'coast',
      key: 'k1',
      url: 'https://news.example/ferry',
      title: 'Northern ferry route to reopen',
      text: 'The crossing reopens next month.',
      summary: 'The crossing reopens next month.',
      published: '2025-05-09T09:00:00Z',
      categories: [],
      author: null,
      sourceName: 'Harbour Gazette',
      contentHash: 'h1',
      ...item,
    },
    sources: [{ name: 'Harbour Gazette', url: 'https://news.example/ferry' }],
    topic: null,
    template: null,
    kind: 'new',
    ...rest,
  };
}
