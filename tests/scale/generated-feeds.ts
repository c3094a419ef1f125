// Generated RSS for scale tests and bench/poll: feed n carries `items` entries of invented local
// news, newest first. `revision` adds that many newer entries on top, so a later revision is a
// changed feed (new ETag, new items) and the same revision is byte-identical (a 304).
// Words enough that two generated headlines share little, so the near-duplicate detector keeps
// every entry its own story unless a test shares a link on purpose.
const WORDS = (
  'harbor millbrook eastgate riverside northfield lakeview quarry ferry library bakery robotics bridge garden ' +
  'lighthouse market council timetable weekend bread prize tide gauge lane plots volunteer lamp craft fair ' +
  'orchard tram depot museum archive choir regatta kiln pottery cycling trail meadow beekeepers clinic ' +
  'observatory mural bandstand ferryman almanac canal lockkeeper sawmill granary vineyard quilt glassworks ' +
  'chess marathon puppet theatre fishery hatchery windmill greenhouse compost recycling skatepark aquarium ' +
  'planetarium tapestry carnival lantern parade hiking cabin reservoir pumphouse foundry weaver cobbler'
).split(' ');

export function words(seed: number, count: number): string {
  // mulberry32: a tiny deterministic generator, so every call yields the same text.
  let state = seed >>> 0;
  const picked: string[] = [];
  for (let i = 0; i < count; i += 1) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    picked.push(WORDS[((t ^ (t >>> 14)) >>> 0) % WORDS.length]!);
  }
  return picked.join(' ');
}

export interface GeneratedItem {
  guid: string;
  title: string;
  link: string;
  description: string;
  publishedAt: number;
}

/** Entry k (0 = oldest) of feed n: the same text on every call, so feeds are stable between polls. */
export function generatedItem(feed: number, k: number, epoch: number): GeneratedItem {
  const seed = feed * 100_003 + k;
  return {
    guid: `feed-${feed}-item-${k}`,
    title: `${words(seed, 7)} ${feed}-${k}`,
    link: `https://local-news.example/${feed}/${k}`,
    description: `${words(seed + 7_919, 24)}.`,
    publishedAt: epoch + k * 60_000,
  };
}

export function generatedRss(feed: number, options: { items: number; revision: number; epoch: number }): string {
  const total = options.items + options.revision;
  const entries: string[] = [];
  for (let k = total - 1; k >= options.revision; k -= 1) {
    const item = generatedItem(feed, k, options.epoch);
    entries.push(
      `<item><guid isPermaLink="false">${item.guid}</guid><title>${item.title}</title><link>${item.link}</link>` +
        `<description>${item.description}</description><pubDate>${new Date(item.publishedAt).toUTCString()}</pubDate></item>`,
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>District ${feed} bulletin</title>` +
    `<link>https://local-news.example/${feed}/</link><description>Generated feed ${feed}</description>${entries.join('')}</channel></rss>`
  );
}
