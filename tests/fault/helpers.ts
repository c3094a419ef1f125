// Feeds of invented items for the fault tests: numbered stories, all matching "harbour".
export const EMPTY_FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Wire</title><link>http://wire.test/</link></channel></rss>';

const WORDS = (
  'pier berth crane ferry tide quay dredger lighthouse buoy tanker tugboat anchor harbourmaster customs ' +
  'warehouse container freight schooner regatta fishing trawler mussels oysters storm gale fog beacon ' +
  'channel lock sluice marina yacht dinghy coastguard rescue lifeboat pilot towage ballast cargo grain ' +
  'timber coal salt copper wool whaling sailmaker ropewalk chandlery drydock slipway shipyard launch'
).split(' ');

/** A headline of its own for item n: different enough from every other that no two join one story. */
export function headline(n: number): string {
  let seed = (n + 1) * 2_654_435_761;
  const words: string[] = [];
  for (let i = 0; i < 7; i += 1) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    words.push(WORDS[seed % WORDS.length]!);
  }
  return `Harbour ${n}: ${words.join(' ')}`;
}

/** An RSS feed of items first..last-1, newest first, each its own story. */
export function numberedFeed(first: number, last: number): string {
  const items: string[] = [];
  for (let n = last - 1; n >= first; n -= 1) {
    const day = String(1 + (n % 28)).padStart(2, '0');
    items.push(
      `<item><guid>harbour-${n}</guid><link>http://wire.test/harbour/${n}</link>` +
        `<title>${headline(n)}</title>` +
        `<description>${headline(n * 31 + 7)} ${headline(n * 17 + 3)}.</description>` +
        `<pubDate>Tue, ${day} Oct 2024 08:00:00 GMT</pubDate></item>`,
    );
  }
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Wire</title><link>http://wire.test/</link>${items.join('')}</channel></rss>`;
}
