import { describe, expect, it } from 'vitest';
import { canonicalUrl, itemKeyUrl, storedUrlForms, urlsNamedByFragment } from '../../src/text/canonical-url.ts';

describe('canonicalUrl', () => {
  it.each([
    ['drops utm_* and click ids, keeps and sorts the rest', 'https://news.example/story?utm_source=rss&b=2&fbclid=x1&a=1&gclid=y&UTM_Campaign=z', 'https://news.example/story?a=1&b=2'],
    ['drops mail and outlet tracking parameters', 'https://news.example/s?mc_cid=1&mc_eid=2&ocid=3&xtor=RSS-1&at_medium=4&id=7', 'https://news.example/s?id=7'],
    ['drops the query mark when nothing is left', 'https://news.example/s?utm_medium=email', 'https://news.example/s'],
    ['keeps the original encoding of kept values', 'https://news.example/s?q=a%20b&p=1+2', 'https://news.example/s?p=1+2&q=a%20b'],
    ['lower-cases scheme and host, not the path', 'HTTPS://News.EXAMPLE/World/Story', 'https://news.example/World/Story'],
    ['drops a leading www.', 'https://www.news.example/a', 'https://news.example/a'],
    ['keeps www when it is the whole name', 'https://www.example/a', 'https://www.example/a'],
    ['drops default ports, keeps others', 'http://news.example:80/a', 'https://news.example/a'],
    ['folds the scheme: http and https copies are one article', 'http://news.example/world/story', 'https://news.example/world/story'],
    ['drops MSN cvid and other listed trackers', 'https://news.example/s?cvid=ab12&igshid=x&srsltid=y&pk_campaign=z&mtm_source=q&id=7', 'https://news.example/s?id=7'],
    ['drops the https default port', 'https://news.example:443/a', 'https://news.example/a'],
    ['keeps a non-default port', 'https://news.example:8443/a', 'https://news.example:8443/a'],
    ['drops the fragment', 'https://news.example/a#comments', 'https://news.example/a'],
    ['drops a trailing slash on a non-root path', 'https://news.example/2024/05/story/', 'https://news.example/2024/05/story'],
    ['keeps the root slash', 'https://news.example/', 'https://news.example/'],
    ['drops credentials', 'https://user:secret@news.example/a', 'https://news.example/a'],
    ['drops a trailing dot on the host', 'https://news.example./a', 'https://news.example/a'],
  ])('%s', (_name, input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });

  it.each([
    ['a relative path', '/world/story?utm_source=x', 'https://www.paper.example/feed.xml', 'https://paper.example/world/story'],
    ['a sibling path', 'story-2', 'https://paper.example/news/feed', 'https://paper.example/news/story-2'],
    ['a protocol-relative link', '//cdn.paper.example/a/', 'https://paper.example/', 'https://cdn.paper.example/a'],
    ['an absolute link ignores the base', 'http://other.example/x', 'https://paper.example/', 'https://other.example/x'],
  ])('resolves %s against the base', (_name, href, base, expected) => {
    expect(canonicalUrl(href, base)).toBe(expected);
  });

  it.each([
    ['mailto', 'mailto:desk@paper.example'],
    ['javascript', 'javascript:alert(1)'],
    ['ftp', 'ftp://files.example/a'],
    ['data', 'data:text/html,hi'],
    ['garbage', 'not a url'],
    ['empty', ''],
    ['blank', '   '],
  ])('returns null for a %s link', (_name, href) => {
    expect(canonicalUrl(href)).toBeNull();
  });

  it('returns null for a relative link without a usable base, and for a bare fragment', () => {
    expect(canonicalUrl('/a/b')).toBeNull();
    expect(canonicalUrl('/a/b', 'not a url')).toBeNull();
    expect(canonicalUrl('#top', 'https://paper.example/a')).toBeNull();
  });

  it('gives one URL for two tracked variants of one article', () => {
    const fromFeed = canonicalUrl('https://www.paper.example/world/story/?utm_source=rss&utm_medium=feed');
    const fromShare = canonicalUrl('https://paper.example:443/world/story?fbclid=abc#top');
    expect(fromFeed).toBe(fromShare);
  });

  it('keeps the fragment when asked to', () => {
    expect(canonicalUrl('https://www.news.example/23.html?utm_source=x#a070641', null, { keepFragment: true })).toBe('https://news.example/23.html#a070641');
    expect(canonicalUrl('https://news.example/23.html', null, { keepFragment: true })).toBe('https://news.example/23.html');
  });
});

describe('storedUrlForms', () => {
  it('also looks a canonical https URL up in the http form stored before the scheme was folded', () => {
    expect(storedUrlForms('https://news.example/a')).toEqual(['https://news.example/a', 'http://news.example/a']);
  });
});

describe('itemKeyUrl', () => {
  it('keys an item by the canonical URL with the scheme it was published under, as keys were stored before', () => {
    const url = canonicalUrl('http://www.paper.example/a?utm_source=x')!;
    expect(url).toBe('https://paper.example/a');
    expect(itemKeyUrl(url, 'http://www.paper.example/a?utm_source=x')).toBe('http://paper.example/a');
    expect(itemKeyUrl(url, '/a', 'http://paper.example/feed')).toBe('http://paper.example/a');
    expect(itemKeyUrl(url, 'https://paper.example/a')).toBe('https://paper.example/a');
  });
});

describe('urlsNamedByFragment', () => {
  it('names the pages a feed links with several fragments, and only those', () => {
    const links = [
      'https://news.example/23.html#a070641',
      'https://news.example/23.html#a070643',
      'https://news.example/24.html#comments',
      'https://news.example/25.html',
      'https://news.example/25.html',
      null,
      'not a url',
    ];
    expect(urlsNamedByFragment(links, null)).toEqual(new Set(['https://news.example/23.html']));
  });

  it('counts a link without fragment as a fragment of its own', () => {
    expect(urlsNamedByFragment(['https://news.example/live', 'https://news.example/live#post-2'], null)).toEqual(new Set(['https://news.example/live']));
  });
});
