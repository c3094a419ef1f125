// Generated news items and subscriptions for the match benchmark. The words and templates are
// invented here; the shapes follow a topic feed (headline, a lead of a few sentences, category
// labels, an outlet) and a realistic subscription mix. Word frequencies are Zipf-like, as in
// real text: a few function words everywhere, a long tail of rarer words.
import type { Item } from '../../src/domain/types.ts';

/** mulberry32: a small seeded generator, so every run sees the same corpus. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Picks index i of n with probability proportional to 1 / (i + 1 + ahead): Zipf's law for a
 * list that continues a ranking whose first `ahead` words are drawn from other lists.
 */
function zipf(rand: () => number, n: number, ahead = 0): number {
  const first = ahead + 1;
  return Math.min(n - 1, Math.floor(first * Math.exp(rand() * Math.log((n + first) / first)) - first));
}

const FUNCTION_WORDS =
  'the of and to in a on for that with as by at from is was said has its it after were have will be an but over this their which more who not been during than about would also into they two while other some new last up since before'.split(
    ' ',
  );

const TOPICAL =
  'missile missiles satellite satellites balloon balloons launch launches border troops summit sanctions talks election elections vote ballot parliament minister ministers president leader leaders army navy drone drones rocket rockets nuclear test tests festival football match league striker coach stadium trade tariff tariffs exports imports economy inflation bank banks currency market markets shares prices price rice harvest drought flood floods storm typhoon earthquake rescue hospital vaccine outbreak virus police court judge trial protest protests strike union unions factory plant energy power grid oil gas pipeline shipping port ports ferry airline airport flight flights train railway bridge tunnel school schools students university science space probe orbit telescope climate emissions forest wildfire heatwave ice glacier river dam museum film actor singer concert album award prize athlete olympic marathon chess defence defense ceasefire treaty embassy envoy diplomat diplomats refugee refugees aid famine loudspeaker loudspeakers propaganda broadcast broadcasts spy hackers cyber hacking crypto'.split(
    ' ',
  );

const PLACES = [
  'Pyongyang', 'Seoul', 'North Korea', 'South Korea', 'DPRK', 'Tokyo', 'Beijing', 'Moscow', 'Kyiv', 'Washington',
  'Brussels', 'Jakarta', 'Manila', 'Hanoi', 'Taipei', 'Ulaanbaatar', 'Vladivostok', 'Busan', 'Incheon', 'Kaesong',
  'Sinuiju', 'Wonsan', 'Hamhung', 'Osaka', 'Shanghai', 'Canberra', 'Geneva', 'Nairobi', 'Lagos', 'Lima',
];

const PEOPLE = [
  'Kim Jong-un', 'KIM JONG UN', 'Kim Jong Un', 'Kim Yo-jong', 'Mira Santos', 'Tomas Ekberg', 'Aiko Morita', 'Ravi Menon',
  'Lena Vogt', 'Omar Haddad', 'Sun-hee Park', 'Jae-won Lee', 'Ines Duarte', 'Pavel Orlov', 'Grace Ochieng', 'Hugo Lambert',
];

const OUTLETS = ['Harbor Times', 'Eastern Courier', 'Daily Lantern', 'Wire Asia', 'Metro Ledger', 'Coastal Post'];
const CATEGORIES = ['World', 'Asia', 'North Korea', 'Politics', 'Business', 'Sport', 'Science', 'Culture', 'Climate', 'Technology'];

// The long tail of a real vocabulary, as syllable-built words: rare words are most of the
// distinct words in news text, and most subscriptions name something fairly rare.
function tailWords(rand: () => number, count: number): string[] {
  const syllables = ['ka', 'ro', 'vin', 'tel', 'mar', 'sen', 'do', 'lu', 'pra', 'ne', 'shi', 'gor', 'al', 'ben', 'tis', 'qua', 'mo', 'rel'];
  const words = new Set<string>();
  while (words.size < count) {
    const length = 2 + Math.floor(rand() * 3);
    let word = '';
    for (let i = 0; i < length; i += 1) word += syllables[Math.floor(rand() * syllables.length)];
    words.add(word);
  }
  return [...words];
}

// The long tail continues the ranking after the function words, news words, places and people,
// so its most frequent word is about as common as a middling news word, not as common as "the".
const AHEAD_OF_TAIL = FUNCTION_WORDS.length + TOPICAL.length + PLACES.length + PEOPLE.length;

function tailWord(rand: () => number, tail: string[]): string {
  return tail[zipf(rand, tail.length, AHEAD_OF_TAIL)]!;
}

export interface Corpus {
  items: Item[];
  queries: string[];
}

function sentence(rand: () => number, tail: string[]): string {
  const words: string[] = [];
  const length = 12 + Math.floor(rand() * 14);
  for (let i = 0; i < length; i += 1) {
    const roll = rand();
    if (roll < 0.45) words.push(FUNCTION_WORDS[zipf(rand, FUNCTION_WORDS.length)]!);
    else if (roll < 0.53) words.push(TOPICAL[Math.floor(rand() * TOPICAL.length)]!);
    else if (roll < 0.57) words.push(rand() < 0.5 ? PLACES[zipf(rand, PLACES.length)]! : PEOPLE[zipf(rand, PEOPLE.length)]!);
    else words.push(tailWord(rand, tail));
  }
  const text = words.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}${rand() < 0.3 ? ', officials said' : ''}.`;
}

function makeItem(rand: () => number, tail: string[], index: number): Item {
  const outlet = OUTLETS[Math.floor(rand() * OUTLETS.length)]!;
  const place = PLACES[zipf(rand, PLACES.length)]!;
  const person = PEOPLE[zipf(rand, PEOPLE.length)]!;
  const topic = TOPICAL[Math.floor(rand() * TOPICAL.length)]!;
  const titles = [
    `${person} says ${topic} plan for ${place} is on track`,
    `${place}'s ${topic} row deepens as ${tailWord(rand, tail)} talks stall`,
    `What the ${topic} means for ${place} – explained`,
    `${place} sends more ${topic} across the border, ${person} warns`,
  ];
  const text = Array.from({ length: 3 + Math.floor(rand() * 4) }, () => sentence(rand, tail)).join(' ');
  const slug = `${topic}-${place.toLowerCase().replace(/\s+/g, '-')}`;
  return {
    feedId: outlet.toLowerCase().replace(/\s+/g, '-'),
    key: `item-${index}`,
    url: `https://www.${outlet.toLowerCase().replace(/\s+/g, '')}.example/world/asia/${slug}-${index}`,
    title: titles[Math.floor(rand() * titles.length)]!,
    text,
    summary: '',
    published: null,
    categories: [CATEGORIES[zipf(rand, CATEGORIES.length)]!, CATEGORIES[zipf(rand, CATEGORIES.length)]!],
    author: rand() < 0.6 ? PEOPLE[4 + Math.floor(rand() * (PEOPLE.length - 4))]! : null,
    sourceName: outlet,
    contentHash: `hash-${index}`,
  };
}

// Subscription words: some common news words, a few place names, and mostly the specific
// things people follow (long-tail words), which most items never mention.
function subjectWord(rand: () => number, tail: string[]): string {
  const roll = rand();
  if (roll < 0.1) return TOPICAL[Math.floor(rand() * TOPICAL.length)]!;
  if (roll < 0.11) return PLACES[Math.floor(rand() * PLACES.length)]!.split(' ').at(-1)!;
  return tail[Math.floor(rand() * tail.length)]!;
}

function makeQuery(rand: () => number, tail: string[]): string {
  const word = () => subjectWord(rand, tail);
  const roll = rand();
  if (roll < 0.35) return word();
  if (roll < 0.5) {
    const names = [...PLACES.filter((place) => place.includes(' ')), ...PEOPLE];
    return rand() < 0.05 ? `"${names[Math.floor(rand() * names.length)]!}"` : `"${word()} ${word()}"`;
  }
  if (roll < 0.65) return `${word()} OR ${word()}${rand() < 0.5 ? ` OR ${word()}` : ''}`;
  if (roll < 0.75) return rand() < 0.5 ? `${word()} ${word()}` : `${word()} AND (${word()} OR ${word()})`;
  if (roll < 0.85) {
    const fields = [
      `title:${word()}`,
      `source:"${OUTLETS[Math.floor(rand() * OUTLETS.length)]!}" ${word()}`,
      `category:"${CATEGORIES[Math.floor(rand() * CATEGORIES.length)]!}" ${word()}`,
      `url:asia ${word()}`,
    ];
    return fields[Math.floor(rand() * fields.length)]!;
  }
  if (roll < 0.95) return `${word()} -${word()}${rand() < 0.3 ? ' -"live blog"' : ''}`;
  // People star the word whose forms they want (`balloon*` for balloons, ballooning), not its
  // first three letters. A real word's extensions are its inflections and derivations, a
  // handful; a short generated word starts dozens of unrelated generated words, so tail
  // prefixes are whole words of three or more syllables, which about one other generated word
  // extends.
  if (rand() < 0.5) {
    const news = TOPICAL[Math.floor(rand() * TOPICAL.length)]!;
    return `${news.length > 4 ? news.replace(/s$/, '') : news}*`;
  }
  let long = tail[Math.floor(rand() * tail.length)]!;
  while (long.length < 7) long = tail[Math.floor(rand() * tail.length)]!;
  return `${long}*`;
}

export function makeCorpus(itemCount: number, queryCount: number, seed = 7): Corpus {
  const rand = random(seed);
  const tail = tailWords(rand, 20_000);
  const items = Array.from({ length: itemCount }, (_, index) => makeItem(rand, tail, index));
  const queries = Array.from({ length: queryCount }, () => makeQuery(rand, tail));
  return { items, queries };
}
