// An item folded once into per-field word positions, so any number of queries can be checked
// against it without touching its text again.
import type { Item } from '../domain/types.ts';
import type { Field } from './ast.ts';
import { tokenize, type Token } from './fold.ts';

export interface FieldToken extends Token {
  /** Word position within the field; values of a multi-valued field are one position apart so phrases never span two. */
  position: number;
  /** Which value of the field the span is in (categories, the parts of `source:`). */
  value: number;
}

export class PreparedField {
  readonly tokens: FieldToken[] = [];
  /** Stem -> word positions, in order. */
  readonly positions = new Map<string, number[]>();
  private sortedRaw: string[] | null = null;

  constructor(readonly values: readonly string[]) {
    let position = 0;
    for (let value = 0; value < values.length; value += 1) {
      for (const { raw, stem, start, end } of tokenize(values[value]!)) {
        this.tokens.push({ raw, stem, start, end, position, value });
        const list = this.positions.get(stem);
        if (list) list.push(position);
        else this.positions.set(stem, [position]);
        position += 1;
      }
      position += 1;
    }
  }

  /** The distinct unstemmed words, sorted. */
  rawWords(): readonly string[] {
    return (this.sortedRaw ??= [...new Set(this.tokens.map((token) => token.raw))].sort());
  }

  hasPrefix(prefix: string): boolean {
    const sorted = this.rawWords();
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle]! < prefix) low = middle + 1;
      else high = middle;
    }
    return low < sorted.length && sorted[low]!.startsWith(prefix);
  }
}

export interface PreparedItem {
  readonly item: Item;
  readonly fields: Readonly<Record<Field, PreparedField>>;
}

function urlParts(url: string | null): { host: string | null; rest: string | null } {
  if (url === null) return { host: null, rest: null };
  try {
    const parsed = new URL(url);
    return { host: parsed.hostname, rest: `${parsed.hostname}${parsed.pathname}${parsed.search}` };
  } catch {
    return { host: null, rest: url };
  }
}

export function prepareItem(item: Item): PreparedItem {
  const { host, rest } = urlParts(item.url);
  const present = (values: (string | null)[]): string[] => values.filter((value): value is string => value !== null && value !== '');
  return {
    item,
    fields: {
      title: new PreparedField([item.title]),
      text: new PreparedField([item.text]),
      source: new PreparedField(present([item.sourceName, item.feedId, host])),
      category: new PreparedField(item.categories),
      author: new PreparedField(present([item.author])),
      url: new PreparedField(present([rest])),
    },
  };
}

export function isPreparedItem(value: Item | PreparedItem): value is PreparedItem {
  return 'fields' in value && value.fields !== undefined;
}
