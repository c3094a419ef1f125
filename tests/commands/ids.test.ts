import { describe, expect, it } from 'vitest';
import { candidateFeedId, feedIdFromUrl, randomId } from '../../src/commands/ids.ts';

describe('feed ids from URLs', () => {
  it.each([
    ['https://news.example.org/world/rss.xml', 'news-example-org-world'],
    ['https://www.example.org/feed/', 'example-org'],
    ['https://example.org/index.php?format=atom', 'example-org'],
    ['https://Blog.Example.ORG/2024/tech/atom.xml', 'blog-example-org-2024-tech'],
    ['https://feeds.example.org/a-very-long-section-name/with/more/path/segments/rss', 'example-org-a-very-long-section-name'],
    ['https://rss.xml/', 'feed'],
    [`https://${'a'.repeat(60)}.example/`, 'a'.repeat(40)],
  ])('%s -> %s', (url, id) => {
    expect(feedIdFromUrl(url)).toBe(id);
    expect(id).toMatch(/^[a-z0-9][a-z0-9_-]{0,63}$/);
  });

  it('numbers the candidates after the first', () => {
    expect([0, 1, 2].map((attempt) => candidateFeedId('example-org', attempt))).toEqual(['example-org', 'example-org-2', 'example-org-3']);
  });

  it('makes short lower-case ids the id argument accepts', () => {
    expect(randomId()).toMatch(/^[0-9a-f]{8}$/);
  });
});
