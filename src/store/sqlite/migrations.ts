// The SQLite schema, as an append-only list of migrations. PRAGMA user_version records how many
// have been applied; never edit a released migration, add the next one instead.
//
// Times are epoch milliseconds (INTEGER), booleans are 0/1, structured values are JSON text.
import type { Migration } from '../migration.ts';

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'feeds, seen items, stories, subscriptions, outbox',
    sql: `
      CREATE TABLE feeds (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        name TEXT,
        interval_ms INTEGER NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('config', 'command')),
        etag TEXT,
        last_modified TEXT,
        title TEXT,
        next_poll_at INTEGER NOT NULL,
        last_polled_at INTEGER,
        last_success_at INTEGER,
        seeded INTEGER NOT NULL DEFAULT 0,
        failure_count INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        disabled_reason TEXT
      ) STRICT;
      CREATE INDEX feeds_due ON feeds (next_poll_at) WHERE disabled_reason IS NULL;

      CREATE TABLE seen_items (
        feed_id TEXT NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        story_id TEXT NOT NULL,
        seen_at INTEGER NOT NULL,
        PRIMARY KEY (feed_id, key)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        url TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        fingerprint TEXT
      ) STRICT;
      CREATE INDEX stories_updated ON stories (updated_at);

      CREATE TABLE story_sources (
        seq INTEGER PRIMARY KEY,
        story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        feed_id TEXT NOT NULL,
        item_key TEXT NOT NULL,
        source_name TEXT NOT NULL,
        url TEXT,
        seen_at INTEGER NOT NULL,
        UNIQUE (story_id, feed_id, item_key)
      ) STRICT;

      CREATE TABLE story_urls (
        url TEXT PRIMARY KEY,
        story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX story_urls_story ON story_urls (story_id);

      CREATE TABLE subscriptions (
        id TEXT PRIMARY KEY,
        platform TEXT NOT NULL,
        workspace TEXT,
        channel TEXT NOT NULL,
        feeds TEXT,
        query TEXT NOT NULL,
        topic TEXT,
        digest TEXT,
        story_policy TEXT NOT NULL,
        created_by TEXT NOT NULL,
        paused INTEGER NOT NULL,
        paused_reason TEXT,
        managed_by_config INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX subscriptions_channel ON subscriptions (platform, channel);

      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        idempotency_key TEXT NOT NULL UNIQUE,
        subscription_id TEXT NOT NULL,
        story_id TEXT NOT NULL,
        platform TEXT NOT NULL,
        channel TEXT NOT NULL,
        kind TEXT NOT NULL,
        alert TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        message_ref TEXT,
        created_at INTEGER NOT NULL,
        sent_at INTEGER
      ) STRICT;
      CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX outbox_story ON outbox (subscription_id, story_id);
      CREATE INDEX outbox_sent ON outbox (platform, channel, sent_at) WHERE status = 'sent' AND kind = 'new';
    `,
  },
  {
    version: 2,
    name: 'held outbox entries and digests, notices, feed health',
    // SQLite cannot change a CHECK constraint in place: the outbox is rebuilt with its rows.
    sql: `
      CREATE TABLE outbox_v2 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        idempotency_key TEXT NOT NULL UNIQUE,
        subscription_id TEXT NOT NULL,
        story_id TEXT NOT NULL,
        platform TEXT NOT NULL,
        channel TEXT NOT NULL,
        kind TEXT NOT NULL,
        alert TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'held', 'sent', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        message_ref TEXT,
        created_at INTEGER NOT NULL,
        sent_at INTEGER,
        hold_reason TEXT CHECK (hold_reason IN ('schedule', 'cap', 'quiet-hours')),
        digest_key TEXT
      ) STRICT;
      INSERT INTO outbox_v2 (id, idempotency_key, subscription_id, story_id, platform, channel, kind, alert, status,
        attempts, next_attempt_at, last_error, message_ref, created_at, sent_at)
      SELECT id, idempotency_key, subscription_id, story_id, platform, channel, kind, alert, status,
        attempts, next_attempt_at, last_error, message_ref, created_at, sent_at FROM outbox;
      DROP TABLE outbox;
      ALTER TABLE outbox_v2 RENAME TO outbox;
      CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX outbox_channel_queue ON outbox (platform, channel, id) WHERE status = 'pending';
      CREATE INDEX outbox_held ON outbox (next_attempt_at) WHERE status = 'held';
      CREATE INDEX outbox_digest ON outbox (digest_key) WHERE digest_key IS NOT NULL;
      CREATE INDEX outbox_story ON outbox (subscription_id, story_id);
      CREATE INDEX outbox_sent ON outbox (platform, channel, sent_at) WHERE status = 'sent' AND kind = 'new';

      CREATE TABLE notices (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        idempotency_key TEXT NOT NULL UNIQUE,
        platform TEXT NOT NULL,
        workspace TEXT,
        channel TEXT,
        text TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        sent_at INTEGER
      ) STRICT;
      CREATE INDEX notices_due ON notices (next_attempt_at) WHERE status = 'pending';

      ALTER TABLE feeds ADD COLUMN failing_since INTEGER;
    `,
  },
  {
    version: 3,
    name: 'leases: one process per chat app holds its gateway',
    sql: `
      CREATE TABLE leases (
        name TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: 'due feeds in claim order',
    // Claims take the first few due feeds by (next_poll_at, id): with both in the index that is
    // a short index walk instead of sorting every due feed on each claim (4 ms at 10k feeds).
    sql: `
      DROP INDEX feeds_due;
      CREATE INDEX feeds_due ON feeds (next_poll_at, id) WHERE disabled_reason IS NULL;
    `,
  },
  {
    version: 5,
    name: 'feeds created by subscribing to a URL follow their subscriptions',
    // A column with a default, not a third origin: SQLite cannot widen the origin CHECK in place.
    sql: `
      ALTER TABLE feeds ADD COLUMN follows_subscriptions INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 6,
    name: 'story sources keep the link as published',
    sql: `
      ALTER TABLE story_sources ADD COLUMN link TEXT;
    `,
  },
  {
    version: 7,
    name: "the unit of delivery is a channel's message about a story",
    // A channel's message about a story is found by platform, channel and story, whichever
    // subscription queued it (story updates look it up for every planned alert).
    sql: `
      CREATE INDEX outbox_channel_story ON outbox (platform, channel, story_id) WHERE kind = 'new';
    `,
  },
  {
    version: 8,
    name: 'chat feeds belong to the workspaces that use them',
    // workspace '' stands for none (the console), so the key needs no NULL. Existing chat feeds
    // go to the workspaces whose subscriptions name them; one nobody names is an admin's to re-add.
    sql: `
      CREATE TABLE feed_workspaces (
        feed_id TEXT NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
        platform TEXT NOT NULL,
        workspace TEXT NOT NULL,
        -- Who brought the feed into this workspace (limits.chatFeedsPerUser); null for feeds from before.
        added_by TEXT,
        PRIMARY KEY (platform, workspace, feed_id)
      ) STRICT;
      CREATE INDEX feed_workspaces_feed ON feed_workspaces (feed_id);
      INSERT OR IGNORE INTO feed_workspaces (feed_id, platform, workspace)
        SELECT DISTINCT feeds.id, subscriptions.platform, coalesce(subscriptions.workspace, '')
        FROM subscriptions, json_each(subscriptions.feeds) AS named JOIN feeds ON feeds.id = named.value
        WHERE feeds.origin = 'command';
    `,
  },
  {
    version: 9,
    name: 'retention: finished outbox rows and notices found by age',
    // Pruning deletes finished rows oldest first in bounded batches; these keep each batch an
    // index range instead of a scan of every row ever queued (each partial index's WHERE is
    // written exactly as prune-sql.ts writes it, so SQLite's planner can use it).
    sql: `
      CREATE INDEX outbox_sent_age ON outbox (coalesce(sent_at, next_attempt_at)) WHERE status = 'sent';
      CREATE INDEX outbox_dead_age ON outbox (coalesce(sent_at, next_attempt_at)) WHERE status = 'dead';
      CREATE INDEX outbox_open_story ON outbox (story_id) WHERE status IN ('pending', 'held');
      CREATE INDEX notices_finished ON notices (coalesce(sent_at, next_attempt_at)) WHERE status IN ('sent', 'dead');
    `,
  },
  {
    version: 10,
    name: 'retention: seen items found by when their feed last served them',
    // Polls move last_seen_at of the items a page still serves (prune-sql.ts, SEEN_REFRESH_MS);
    // items from before start from when they were first seen.
    sql: `
      ALTER TABLE seen_items ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
      UPDATE seen_items SET last_seen_at = seen_at;
      CREATE INDEX seen_items_last_seen ON seen_items (last_seen_at);
    `,
  },
  {
    version: 11,
    name: 'a feed remembers the hash of the body it last committed',
    // A poll whose body hashes the same (and whose validators are the same) is recorded like a
    // 304, unparsed: most feeds on the web send no validators and the same bytes until they change.
    sql: `
      ALTER TABLE feeds ADD COLUMN body_hash TEXT;
    `,
  },
  {
    version: 12,
    name: 'chat settings per channel, mentions per subscription, history per channel',
    // channel_settings: what a channel set from chat (issue 21), keyed as delivery keys a channel
    // (platform and channel id). A subscription's mention is JSON, null for none.
    // /news recent reads a channel's sent first messages through outbox_sent (migration 1).
    sql: `
      ALTER TABLE subscriptions ADD COLUMN mention TEXT;
      CREATE TABLE channel_settings (
        platform TEXT NOT NULL,
        channel TEXT NOT NULL,
        timezone TEXT,
        quiet_from TEXT,
        quiet_to TEXT,
        template TEXT,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (platform, channel)
      ) STRICT;
    `,
  },
  {
    version: 13,
    name: 'stories merged across polls: aliases, and the outbox by story',
    // A copy that bridges two stored stories merges them (concerns/commit-poll.ts StoryMerge):
    // the younger id stays an alias of the survivor, so an item or a process that still names it
    // lands on the survivor; an alias goes with its survivor. The merge reads and moves every
    // outbox entry of a story, in every channel.
    sql: `
      CREATE TABLE story_aliases (
        story_id TEXT PRIMARY KEY,
        survivor_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        merged_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX story_aliases_survivor ON story_aliases (survivor_id);
      CREATE INDEX outbox_story_entries ON outbox (story_id);
    `,
  },
  {
    version: 14,
    name: 'feeds are never disabled',
    // Nothing has set disabled_reason since the store split (issue 17): a failing feed is polled
    // less often and recovers on its own, one nobody wants is removed. The due-feeds index loses
    // the predicate with the column, or claims (which no longer test it) could not use it.
    sql: `
      DROP INDEX feeds_due;
      ALTER TABLE feeds DROP COLUMN disabled_reason;
      CREATE INDEX feeds_due ON feeds (next_poll_at, id);
    `,
  },
  {
    version: 15,
    name: 'outbox lanes: the next entries of each channel by index, the hourly count from the index',
    // A claim walks the channels with pending entries and reads the first few of each in lane
    // order (created_at, id) from outbox_lane, instead of ranking every due entry of a backlog
    // per claim (a one-channel backlog of 7,200 made delivery quadratic). outbox_lane serves what
    // outbox_channel_queue did. The hourly cap counts digest keys: in outbox_sent they are read
    // from the index (the id is the rowid), not from rows whose alert JSON comes before them.
    sql: `
      DROP INDEX outbox_channel_queue;
      CREATE INDEX outbox_lane ON outbox (platform, channel, created_at, id) WHERE status = 'pending';
      DROP INDEX outbox_sent;
      CREATE INDEX outbox_sent ON outbox (platform, channel, sent_at, digest_key) WHERE status = 'sent' AND kind = 'new';
    `,
  },
  {
    version: 16,
    name: 'seen items without a story: what a first poll only records',
    // A feed's first poll records its entries older than dedup.window as seen without cleaning
    // them or opening stories (pipeline/seed-entries.ts): such a story could join nothing new and
    // alerts nobody, and it cost most of a first poll. SQLite cannot drop NOT NULL in place, so
    // the table is rebuilt; nothing references it.
    sql: `
      CREATE TABLE seen_items_next (
        feed_id TEXT NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        story_id TEXT,
        seen_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (feed_id, key)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO seen_items_next (feed_id, key, content_hash, story_id, seen_at, last_seen_at)
        SELECT feed_id, key, content_hash, story_id, seen_at, last_seen_at FROM seen_items;
      DROP TABLE seen_items;
      ALTER TABLE seen_items_next RENAME TO seen_items;
      CREATE INDEX seen_items_last_seen ON seen_items (last_seen_at);
    `,
  },
  {
    version: 17,
    name: 'the sentences a feed repeats are kept with the feed',
    // dedup/feed-boilerplate.ts: a JSON array of folded sentences, at most 64, written by the
    // poll commits that change it and read by the next commit of the feed's items, so no process
    // keeps them in memory for every feed and a restart or `poll --once` still has them. A table
    // of its own, not a column of feeds: every claim reads feeds rows whole.
    sql: `
      CREATE TABLE feed_boilerplate (
        feed_id TEXT PRIMARY KEY REFERENCES feeds (id) ON DELETE CASCADE,
        sentences TEXT NOT NULL
      ) STRICT;
    `,
  },
];
