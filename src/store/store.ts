// The store: one interface per concern (concerns/*.ts), each implemented once for SQLite
// (sqlite/, the default) and once for PostgreSQL (postgres/, scale-out); both pass the contract
// suite in tests/store/. Every method is async so either can sit behind it.
//
// The wiring (app.ts, cli/) opens one `Store`, the intersection of every concern; each caller
// declares only the concerns it uses (e.g. `FeedStore & OutboxStore`) and is handed that same
// object, so its type names what it may touch and a test fake need implement only those.
//
// Work sharing uses leases written into the rows themselves: claiming a due feed or outbox
// entry pushes its due time to `leaseUntil`, so another process skips it, and a process that
// dies simply lets the lease expire. No in-memory state that matters lives outside the store.
import type { ChannelStateStore } from './concerns/channel-state.ts';
import type { PollCommitStore } from './concerns/commit-poll.ts';
import type { FeedStore } from './concerns/feeds.ts';
import type { LeaseStore } from './concerns/leases.ts';
import type { NoticeStore } from './concerns/notices.ts';
import type { OutboxStore } from './concerns/outbox.ts';
import type { PanelStore } from './concerns/panel.ts';
import type { RetentionStore } from './concerns/retention.ts';
import type { StoryStore } from './concerns/stories.ts';
import type { SubscriptionStore } from './concerns/subscriptions.ts';

export type * from './concerns/channel-state.ts';
export type * from './concerns/commit-poll.ts';
export type * from './concerns/feeds.ts';
export type * from './concerns/leases.ts';
export type * from './concerns/notices.ts';
export type * from './concerns/outbox.ts';
export type * from './concerns/panel.ts';
export type * from './concerns/retention.ts';
export type * from './concerns/stories.ts';
export type * from './concerns/subscriptions.ts';

/** The store as a whole: opened, migrated, probed and closed by the wiring alone. */
export interface StoreLifecycle {
  readonly kind: 'sqlite' | 'postgres';
  /** Applies pending migrations; safe to call from several processes at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Resolves when the store answers a query on its schema; rejects (coded) when closed, unreachable or unmigrated. */
  ping(): Promise<void>;
}

export type Store = StoreLifecycle &
  FeedStore &
  StoryStore &
  PollCommitStore &
  SubscriptionStore &
  OutboxStore &
  NoticeStore &
  LeaseStore &
  RetentionStore &
  ChannelStateStore &
  PanelStore;
