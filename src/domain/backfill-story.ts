// The story id of a `subscribe ... backfill:N` alert about an item no poll has recorded yet (or
// about an entry recorded without a story that the backfill could not give one). The
// poll that records the item later puts it in a story of its own (or another outlet's), so alert
// planning looks this id up for every source of a story: the channel's backfilled message is then
// that story's message, and a later outlet or edit updates it instead of posting it again.
import { createHash } from 'node:crypto';

export function backfillStoryId(feedId: string, itemKey: string): string {
  return `backfill_${createHash('sha256').update(`${feedId}\u0000${itemKey}`).digest('hex').slice(0, 16)}`;
}
