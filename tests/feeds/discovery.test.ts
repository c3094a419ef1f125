// Feed discovery (issue 15): the feeds a web page advertises, and which one to pick.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { discoverFeeds, pickFeed } from '../../src/feeds/discovery.ts';

describe('discoverFeeds', () => {
  it('finds RSS, Atom and JSON Feed links in the head, absolute, in page order, once each', () => {
    const html = `<!doctype html><html><head>
      <base href="https://cdn.site.test/blog/">
      <link rel="stylesheet" href="/style.css">
      <link rel="alternate" type="application/rss+xml" title="Posts" href="feed.xml">
      <link rel="alternate" type="application/atom+xml" href="https://site.test/atom.xml">
      <link rel="Alternate Feed" type="application/feed+json; charset=utf-8" title="JSON" href="/feed.json">
      <link rel="alternate" type="application/rss+xml" href="feed.xml">
      <link rel="alternate" type="text/html" hreflang="de" href="/de/">
      <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
    </head><body><link rel="alternate" type="application/rss+xml" href="/ignored-in-body.xml"></body></html>`;
    expect(discoverFeeds(html, 'https://site.test/blog/')).toEqual([
      { url: 'https://cdn.site.test/blog/feed.xml', title: 'Posts' },
      { url: 'https://site.test/atom.xml', title: null },
      { url: 'https://cdn.site.test/feed.json', title: 'JSON' },
    ]);
  });

  it('finds the feed of the fixture home page', () => {
    const html = readFileSync(new URL('../fixtures/feeds/not-a-feed.html', import.meta.url), 'utf8');
    expect(discoverFeeds(html, 'https://edge.test/')).toEqual([{ url: 'https://edge.test/news/rss', title: 'Edge & Case Gazette' }]);
  });
});

describe('pickFeed', () => {
  it('picks the only feed, or the only one that is not a comments feed, else leaves the choice', () => {
    const posts = { url: 'https://b.test/feed/', title: 'Blog' };
    const comments = { url: 'https://b.test/comments/feed/', title: 'Blog » Comments Feed' };
    const sport = { url: 'https://b.test/sport.xml', title: 'Sport' };
    expect(pickFeed([posts])).toBe(posts);
    expect(pickFeed([posts, comments])).toBe(posts);
    expect(pickFeed([posts, sport])).toBeNull();
    expect(pickFeed([])).toBeNull();
  });
});
