// The demo's example news: invented items in the shapes real feeds have (a topic desk whose
// descriptions end in "Continue reading...", a wire story carried by two outlets). `initial`
// items are there on the first poll; `later` items appear one per cycle so the demo shows
// live alerts and a story gaining a second source.

export interface DemoItem {
  feed: 'desk' | 'wire-east' | 'wire-west';
  guid: string;
  title: string;
  link: string;
  description: string;
  category: string;
  hoursAgo: number;
}

const WIRE_BODY =
  '<p>Engineers at the Sohae launch site fuelled a new rocket overnight, according to commercial satellite images reviewed by analysts on Tuesday.</p>' +
  '<p>Pyongyang has not announced a launch window, but shipping warnings were issued for waters off the west coast.</p>';

export const DEMO_FEEDS = {
  desk: { name: 'The Daily Desk', path: '/desk/rss.xml', site: 'http://desk.demo.test' },
  'wire-east': { name: 'Eastern Courier', path: '/east/rss.xml', site: 'http://east.demo.test' },
  'wire-west': { name: 'Western Ledger', path: '/west/rss.xml', site: 'http://west.demo.test' },
} as const;

export const INITIAL_ITEMS: DemoItem[] = [
  {
    feed: 'desk',
    guid: 'desk-101',
    title: 'Kim Jong-un tours new greenhouse farm outside Pyongyang',
    link: 'http://desk.demo.test/asia/greenhouse-farm',
    description:
      '<p>State media showed the leader inspecting rows of cucumbers at a farm that officials say will feed the capital year round.</p><p>Continue reading...</p>',
    category: 'North Korea',
    hoursAgo: 5,
  },
  {
    feed: 'desk',
    guid: 'desk-102',
    title: 'Seoul and Tokyo agree hotline for missile warnings',
    link: 'http://desk.demo.test/asia/missile-hotline',
    description:
      '<p>The two governments will share radar data within minutes of any missile launch from the North, defence officials said.</p><p>Sign up for our free morning briefing newsletter</p><p>Continue reading...</p>',
    category: 'North Korea',
    hoursAgo: 3,
  },
  {
    feed: 'desk',
    guid: 'desk-103',
    title: 'Marathon organisers move race start to avoid heatwave',
    link: 'http://desk.demo.test/sport/marathon-heat',
    description: '<p>Runners will set off at dawn after forecasters warned of record temperatures.</p><p>Continue reading...</p>',
    category: 'Sport',
    hoursAgo: 2,
  },
];

export const LATER_ITEMS: DemoItem[] = [
  {
    feed: 'wire-east',
    guid: 'east-9001',
    title: 'North Korea readies satellite rocket, images suggest',
    link: 'http://east.demo.test/world/satellite-rocket?utm_source=rss',
    description: WIRE_BODY,
    category: 'World',
    hoursAgo: 0,
  },
  {
    feed: 'wire-west',
    guid: 'west-4410',
    title: 'North Korea readies satellite rocket, images suggest',
    link: 'http://west.demo.test/news/2026/north-korea-satellite-rocket',
    description: WIRE_BODY,
    category: 'World',
    hoursAgo: 0,
  },
  {
    feed: 'desk',
    guid: 'desk-104',
    title: 'KIM JONG UN hosts visiting delegation for trade talks',
    link: 'http://desk.demo.test/asia/trade-talks',
    description:
      '<p>The talks in Pyongyang focused on rail links and fertiliser shipments, the official news agency said.</p><p>Continue reading...</p>',
    category: 'North Korea',
    hoursAgo: 0,
  },
];

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function renderRss(feed: keyof typeof DEMO_FEEDS, items: DemoItem[], now: number): string {
  const meta = DEMO_FEEDS[feed];
  const entries = items
    .filter((item) => item.feed === feed)
    .map(
      (item) => `    <item>
      <guid isPermaLink="false">${escapeXml(item.guid)}</guid>
      <title>${escapeXml(item.title)}</title>
      <link>${escapeXml(item.link)}</link>
      <description>${escapeXml(item.description)}</description>
      <category>${escapeXml(item.category)}</category>
      <pubDate>${new Date(now - item.hoursAgo * 3_600_000).toUTCString()}</pubDate>
    </item>`,
    )
    .reverse()
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>${escapeXml(meta.name)}</title>
    <link>${meta.site}</link>
    <description>Example feed served by herald demo</description>
${entries}
  </channel>
</rss>
`;
}
