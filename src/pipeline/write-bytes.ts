// What a poll adds to its batched store write (group-commit.ts), in estimated bytes: the text of
// each item it writes (the alert queued for an item carries the whole item, and the batch holds
// it until then) plus, for each row, the bytes of text that take as long to write as the rest of
// that row's work. Measured on SQLite (bench/poll/burst-writes.ts, part costs; bench/README.md):
// a batch's run grows by about 20 ns per byte of text, 310 us per cleaned item beyond its text
// (story assignment, matching, its story, source and alert rows), 7.5 us per entry only
// recorded and 3.7 us per 304, that is 15 KB, 380 B and 190 B of text (rounded up below). So a
// budget of bytes bounds how long a batch holds the event loop, whatever its mix. Cheap on
// purpose: lengths summed, nothing encoded.
import type { BatchEntry } from './commit-batch.ts';

/**
 * What one batched write may carry: about 240 cleaned items of news-sized text, or 16,000 304s.
 * In a burst of 7,200 new entries with 128 feeds in flight, batches this size held the event loop
 * at most about 100 ms where unbounded ones held it 620 ms, for 14% more CPU in the writes (a
 * commit costs the pages it touched, and smaller batches touch the same pages more often: at
 * 1 MiB it was 37% more, with no shorter longest batch). bench/poll/burst-writes.ts.
 */
export const WRITE_BATCH_BYTES = 4 * 1024 * 1024;

const ITEM_BYTES = 16 * 1024;
const RECORDED_BYTES = 512;
const FEED_ROW_BYTES = 256;

/** A changed feed's write (or a backfill's stories): its feed row, its new or edited items with their text, the entries it only records. */
export function polledFeedBytes(entry: BatchEntry): number {
  const { items } = entry;
  const recorded = entry.storiesOnly ? 0 : (entry.recorded?.length ?? 0);
  let bytes = FEED_ROW_BYTES + ITEM_BYTES * items.length + RECORDED_BYTES * recorded;
  for (const item of items) bytes += item.title.length + item.summary.length + item.text.length;
  return bytes;
}

/** A 304's write: its feed row. */
export function notModifiedBytes(): number {
  return FEED_ROW_BYTES;
}
