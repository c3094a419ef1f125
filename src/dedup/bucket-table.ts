// The LSH buckets of the story index: 32-bit bucket key -> the stories (small integer slots) in
// it. A story has up to 42 keys a member and most buckets hold one story, so a window of 40,000
// stories is about 1.7 million buckets: as a Map of numbers to ids that was about 1.5 KB a story
// (entries, boxed keys above 2^31, arrays) and most of a poll's garbage. Here a bucket is two
// typed-array cells in an open-addressed table (linear probing, backward-shift deletion, at most
// 3/4 full): 8-16 bytes a bucket, outside the JS heap, and no garbage per insert. A bucket of
// several stories points to a small array of slots, in the order they joined.

const EMPTY = 0;
const MIN_CAPACITY = 1 << 10;

export class BucketTable {
  #keys: Uint32Array;
  // 0: empty; n > 0: the one story of slot n - 1; n < 0: the stories in #lists[-n - 1].
  #cells: Int32Array;
  #mask: number;
  #used = 0;
  readonly #lists: (number[] | undefined)[] = [];
  readonly #freeLists: number[] = [];

  /** `capacity` (a power of two) is where the table starts; it doubles when 3/4 full. */
  constructor(capacity = MIN_CAPACITY) {
    this.#keys = new Uint32Array(capacity);
    this.#cells = new Int32Array(capacity);
    this.#mask = capacity - 1;
  }

  /** Buckets holding at least one story. */
  get size(): number {
    return this.#used;
  }

  /** The slots in the bucket, oldest first; empty when there is none. */
  get(key: number): readonly number[] {
    const at = this.#find(key);
    if (at < 0) return [];
    const cell = this.#cells[at]!;
    return cell > 0 ? [cell - 1] : this.#lists[-cell - 1]!;
  }

  /**
   * Adds `slot` to the bucket unless it is there. A bucket already holding `cap` stories first
   * gives up the one `evict` picks (an index into the bucket's slots, oldest first).
   */
  add(key: number, slot: number, cap: number, evict: (slots: readonly number[]) => number): void {
    let at = this.#find(key);
    if (at < 0) {
      if ((this.#used + 1) * 4 > this.#cells.length * 3) this.#grow();
      at = this.#home(key);
      while (this.#cells[at] !== EMPTY) at = (at + 1) & this.#mask;
      this.#keys[at] = key >>> 0;
      this.#cells[at] = slot + 1;
      this.#used += 1;
      return;
    }
    const cell = this.#cells[at]!;
    if (cell > 0) {
      if (cell - 1 !== slot) this.#cells[at] = -this.#newList([cell - 1, slot]) - 1;
      return;
    }
    const list = this.#lists[-cell - 1]!;
    if (list.includes(slot)) return;
    if (list.length >= cap) list.splice(evict(list), 1);
    list.push(slot);
  }

  /** Takes `slot` out of the bucket; an emptied bucket goes. */
  delete(key: number, slot: number): void {
    const at = this.#find(key);
    if (at < 0) return;
    const cell = this.#cells[at]!;
    if (cell > 0) {
      if (cell - 1 === slot) this.#removeAt(at);
      return;
    }
    const index = -cell - 1;
    const list = this.#lists[index]!;
    const position = list.indexOf(slot);
    if (position < 0) return;
    list.splice(position, 1);
    if (list.length > 1) return;
    this.#lists[index] = undefined;
    this.#freeLists.push(index);
    if (list.length === 1) this.#cells[at] = list[0]! + 1;
    else this.#removeAt(at);
  }

  #home(key: number): number {
    // Keys are hashes already; the multiply spreads them over the low bits the mask keeps.
    return (Math.imul(key, 0x9e3779b1) >>> 7) & this.#mask;
  }

  #find(key: number): number {
    const wanted = key >>> 0;
    for (let at = this.#home(key); this.#cells[at] !== EMPTY; at = (at + 1) & this.#mask) {
      if (this.#keys[at] === wanted) return at;
    }
    return -1;
  }

  #newList(slots: number[]): number {
    const index = this.#freeLists.pop() ?? this.#lists.length;
    this.#lists[index] = slots;
    return index;
  }

  /** Empties cell `at` and shifts back the cells after it that probed past it. */
  #removeAt(at: number): void {
    let hole = at;
    for (let next = (hole + 1) & this.#mask; this.#cells[next] !== EMPTY; next = (next + 1) & this.#mask) {
      const home = this.#home(this.#keys[next]!);
      // The entry at `next` may fill the hole if its home is not within (hole, next], cyclically.
      const between = hole <= next ? home > hole && home <= next : home > hole || home <= next;
      if (between) continue;
      this.#keys[hole] = this.#keys[next]!;
      this.#cells[hole] = this.#cells[next]!;
      hole = next;
    }
    this.#cells[hole] = EMPTY;
    this.#used -= 1;
  }

  #grow(): void {
    const keys = this.#keys;
    const cells = this.#cells;
    this.#keys = new Uint32Array(keys.length * 2);
    this.#cells = new Int32Array(cells.length * 2);
    this.#mask = this.#cells.length - 1;
    for (let from = 0; from < cells.length; from++) {
      if (cells[from] === EMPTY) continue;
      let at = this.#home(keys[from]!);
      while (this.#cells[at] !== EMPTY) at = (at + 1) & this.#mask;
      this.#keys[at] = keys[from]!;
      this.#cells[at] = cells[from]!;
    }
  }
}
