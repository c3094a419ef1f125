// What a poll adds to its batched store write (group-commit.ts), in estimated bytes: the text of
// each item it writes (the alert queued for an item carries the whole item, and the batch holds
// it until then) plus, for each row, the bytes of text that take as long to write as the rest of
// that row's work. Measured on SQLite (bench/poll/burst-writes.ts, part costs): a batch's run
// grows by about 17 ns per byte of text, 280 us per cleaned item beyond its text (story
// assignment, matching, its story, source and alert rows), 8 us per entry only recorded and
// 4 us per feed row. So a budget of bytes bounds how long a batch holds the event loop, whatever
// its mix. Cheap on purpose: lengths summed, nothing encoded.
import type { PolledFeed } from './commit-batch.ts';

/**
 * What one batched write may carry: about 240 cleaned items of news-sized text, or 16,000 304s.
 * At this size a burst's batches cost about the CPU of unbounded ones (a commit costs the pages
 * it touched, so much smaller batches pay more), and one holds the event loop about a quarter as long
 * (bench/poll/burst-writes.ts, bench/README.md).
 */
export const WRITE_BATCH_BYTES = 4 * 1024 * 1024;

const ITEM_BYTES = 16 * 1024;
const RECORDED_BYTES = 512;
const FEED_ROW_BYTES = 256;

/** A changed feed's write: its feed row, its new or edited items with their text, the entries it only records. */
export function polledFeedBytes({ items, recorded }: PolledFeed): number {
  let bytes = FEED_ROW_BYTES + ITEM_BYTES * items.length + RECORDED_BYTES * (recorded?.length ?? 0);
  for (const item of items) bytes += item.title.length + item.summary.length + item.text.length;
  return bytes;
}

/** A 304's write: its feed row. */
export function notModifiedBytes(): number {
  return FEED_ROW_BYTES;
}
