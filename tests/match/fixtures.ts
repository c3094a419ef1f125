// Items in the shapes of a single-country topic feed, in our own invented words, with names
// spelled the several ways real feeds spell them.
import type { Item } from '../../src/domain/types.ts';

export function item(fields: Partial<Item>): Item {
  return {
    feedId: 'peninsula-desk',
    key: 'k1',
    url: 'https://news.example.org/world/asia/balloon-launch',
    title: '',
    text: '',
    summary: '',
    published: null,
    categories: [],
    author: null,
    sourceName: 'Peninsula Desk',
    contentHash: 'h',
    ...fields,
  };
}

export const balloonItem = item({
  title: "Seoul answers Pyongyang's balloons with loudspeakers",
  text:
    'KIM JONG UN was shown inspecting a launch site as more balloons drifted over the border. ' +
    'Officials in the DPRK said the price of fuel rose; police under the bridge counted the debris.',
  categories: ['World', 'North Korea'],
  author: 'Hana Ro',
});

export const satelliteItem = item({
  key: 'k2',
  url: 'https://wire.example.com/science/orbit/satellite-2031',
  title: 'Kim Jong-un hails a spy satellite launch',
  text: 'The North’s state media said the satellite reached orbit on the third try. Engineers cheered in Sohae.',
  categories: ['Science', 'Asia'],
  author: 'Tomas Ekberg',
  sourceName: 'Wire Asia',
  feedId: 'wire-asia',
});

export const sportItem = item({
  key: 'k3',
  url: 'https://news.example.org/sport/football/qualifier',
  title: 'North Korea’s women reach the Asian Cup final',
  text: 'The side beat Japan two-nil in a qualifier watched by Kim Jong Un, a live blog reported. Ice on the pitch delayed the start.',
  categories: ['Sport'],
});
