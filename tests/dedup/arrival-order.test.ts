// Issue 16, arrival order: a story's messages must not depend on the order its outlets arrive in.
// Each case is one story as several outlets carry it (invented text), where some pairs of
// copies are not alike on their own: when those arrive first they start two stories, which a
// later bridging copy merges. Every permutation is run three ways: all outlets in one batch (one
// poll cycle's group commit), each outlet in a poll of its own in one process (`herald run`),
// and each in a poll of its own in a new process (`herald poll --once`, index read from the store).
import { describe, expect, it } from 'vitest';
import type { RawEntry } from '../../src/domain/types.ts';
import { FULL, OWN_LEAD, rss, SHORT, WIRE_LEAD } from './fog-story.ts';
import { newsroom } from './newsroom.ts';

const QUARRY_FULL = 'Quarry blast cracked walls in twelve homes on Millbrook Lane, residents say';
const QUARRY_SHORT = 'Quarry blast cracked walls, residents say';
const QUARRY_WIRE =
  'Residents of Millbrook Lane said on Tuesday that a blast at the hillside quarry had cracked walls and ceilings in twelve homes, and the district council promised an inspection of the site and of the blasting permits it granted last spring.';
const QUARRY_OWN =
  'Residents of Millbrook Lane said on Tuesday that a blast at the hillside quarry had cracked walls and ceilings in twelve homes, photographs shared with our newsroom show, and two families have moved out while engineers check the foundations.';


interface Case {
  outlets: Record<string, RawEntry>;
}

const cases: Record<string, Case> = {
  'a shortened headline, the wire, a rewritten lead (the wire bridges the other two)': {
    outlets: {
      tidewire: rss('tidewire', `${SHORT} | Tidewire`, WIRE_LEAD),
      wire: rss('wire', FULL, WIRE_LEAD),
      northcast: rss('northcast', `${FULL} - Northcast`, OWN_LEAD),
    },
  },
  'a shortened headline first, the full one, a copy identical to the full one': {
    outlets: {
      euroline: rss('euroline', `${SHORT} | Euroline`, WIRE_LEAD),
      wire: rss('wire', FULL, WIRE_LEAD),
      copy: rss('copy', FULL, WIRE_LEAD),
    },
  },
  'four outlets: two shortened headlines, the wire, a rewritten lead': {
    outlets: {
      hill: rss('hill', `${QUARRY_SHORT} | Hill Post`, QUARRY_WIRE),
      dale: rss('dale', `${QUARRY_SHORT} - Dale Times`, QUARRY_WIRE),
      wire: rss('wire', QUARRY_FULL, QUARRY_WIRE),
      county: rss('county', QUARRY_FULL, QUARRY_OWN),
    },
  },
  'four outlets: the wire between two pairs of copies': {
    outlets: {
      hill: rss('hill', `${QUARRY_SHORT} | Hill Post`, QUARRY_WIRE),
      wire: rss('wire', QUARRY_FULL, QUARRY_WIRE),
      county: rss('county', QUARRY_FULL, QUARRY_OWN),
      valley: rss('valley', `${QUARRY_FULL} - Valley News`, QUARRY_OWN),
    },
  },
};

/** The name the newsroom gives each feed (newsroom.ts). */
const outletName = (feedId: string): string => `Outlet ${feedId}`;

function permutations<T>(list: T[]): T[][] {
  if (list.length <= 1) return [list];
  return list.flatMap((head, i) => permutations([...list.slice(0, i), ...list.slice(i + 1)]).map((rest) => [head, ...rest]));
}

describe.each(Object.entries(cases))('%s', (_name, { outlets }) => {
  const names = Object.keys(outlets);
  const orders = permutations(names).map((order) => [order.join(' -> '), order] as const);

  it.each(orders)('in one batch, %s: one message listing every outlet', async (_order, order) => {
    const room = await newsroom(names);
    await room.poll(Object.fromEntries(order.map((name) => [name, [outlets[name]!]])));
    const outbox = await room.outbox();
    expect(outbox.map((e) => e.alert.kind)).toEqual(['new']);
    expect(outbox[0]!.alert.sources.map((source) => source.name).sort()).toEqual(names.map(outletName).sort());
  });

  it.each(orders.flatMap(([label, order]) => [[label, order, 'one process'], [label, order, 'a new process each (herald poll --once)']] as const))(
    'in polls of their own, %s, %s: one message, which ends up listing every outlet',
    async (_order, order, processes) => {
      const room = await newsroom(names);
      for (const name of order) {
        // `herald poll --once` is a process of its own: it reads the story index from the store.
        if (processes !== 'one process') await room.restart();
        await room.poll({ [name]: [outlets[name]!] });
      }
      const outbox = await room.outbox();
      expect(outbox.filter((e) => e.alert.kind === 'new')).toHaveLength(1);
      // The message's latest state (the first post, or the last edit queued for it).
      expect(outbox.at(-1)!.alert.sources.map((source) => source.name).sort()).toEqual(names.map(outletName).sort());
    },
  );
});

describe('an item alike to two different stories does not merge them', () => {
  const tolls = rss('courier', 'Council approves new bridge tolls for lorries on the estuary crossing', 'The county council voted on Monday to charge lorries a toll on the estuary bridge from April, with the money going to repairs of the ageing deck and its cables.');
  const strike = rss('gazette', 'Ferry crews walk out over weekend rotas', 'Crews on the two harbour ferries stopped work at dawn on Saturday in a dispute over weekend rotas, leaving foot passengers to queue for buses along the shore road.');
  // A roundup whose headline is the tolls story's and whose lead is the strike story's.
  const roundup = rss('digest', 'Council approves new bridge tolls for lorries on the estuary crossing', 'Crews on the two harbour ferries stopped work at dawn on Saturday in a dispute over weekend rotas, leaving foot passengers to queue for buses along the shore road.');
  const outlets: Record<string, RawEntry> = { courier: tolls, gazette: strike, digest: roundup };

  it.each(permutations(Object.keys(outlets)).map((order) => [order.join(' -> '), order] as const))('in one batch, %s: two messages', async (_order, order) => {
    const room = await newsroom(Object.keys(outlets));
    await room.poll(Object.fromEntries(order.map((name) => [name, [outlets[name]!]])));
    expect(await room.messages()).toHaveLength(2);
  });
});
