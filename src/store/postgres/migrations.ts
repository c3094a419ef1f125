// The PostgreSQL schema, as an append-only list of migrations recorded in schema_migrations.
// Never edit a released migration, add the next one instead. Times are epoch milliseconds
// (bigint), structured values are jsonb. Unique constraints carry item, story and outbox
// identity, so two processes committing the same poll produce one row, never two.
import type { Migration } from '../migration.ts';

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'feeds, seen items, stories, subscriptions, outbox',
    sql: `
      CREATE TABLE feeds (
        id text PRIMARY KEY,
        url text NOT NULL,
        name text,
        interval_ms bigint NOT NULL,
        origin text NOT NULL CHECK (origin IN ('config', 'command')),
        etag text,
        last_modified text,
        title text,
        next_poll_at bigint NOT NULL,
        last_polled_at bigint,
        last_success_at bigint,
        seeded boolean NOT NULL DEFAULT false,
        failure_count integer NOT NULL DEFAULT 0,
        last_error text,
        disabled_reason text
      );
      CREATE INDEX feeds_due ON feeds (next_poll_at) WHERE disabled_reason IS NULL;

      CREATE TABLE seen_items (
        feed_id text NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
        key text NOT NULL,
        content_hash text NOT NULL,
        story_id text NOT NULL,
        seen_at bigint NOT NULL,
        PRIMARY KEY (feed_id, key)
      );

      CREATE TABLE stories (
        id text PRIMARY KEY,
        title text NOT NULL,
        url text,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        fingerprint text
      );
      CREATE INDEX stories_updated ON stories (updated_at);

      CREATE TABLE story_sources (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        story_id text NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        feed_id text NOT NULL,
        item_key text NOT NULL,
        source_name text NOT NULL,
        url text,
        seen_at bigint NOT NULL,
        UNIQUE (story_id, feed_id, item_key)
      );

      CREATE TABLE story_urls (
        url text PRIMARY KEY,
        story_id text NOT NULL REFERENCES stories (id) ON DELETE CASCADE
      );
      CREATE INDEX story_urls_story ON story_urls (story_id);

      CREATE TABLE subscriptions (
        id text PRIMARY KEY,
        platform text NOT NULL,
        workspace text,
        channel text NOT NULL,
        feeds jsonb,
        query text NOT NULL,
        topic text,
        digest jsonb,
        story_policy text NOT NULL,
        created_by text NOT NULL,
        paused boolean NOT NULL,
        paused_reason text,
        managed_by_config boolean NOT NULL,
        created_at bigint NOT NULL
      );
      CREATE INDEX subscriptions_channel ON subscriptions (platform, channel);

      CREATE TABLE outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        idempotency_key text NOT NULL UNIQUE,
        subscription_id text NOT NULL,
        story_id text NOT NULL,
        platform text NOT NULL,
        channel text NOT NULL,
        kind text NOT NULL,
        alert jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at bigint NOT NULL,
        last_error text,
        message_ref jsonb,
        created_at bigint NOT NULL,
        sent_at bigint
      );
      CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX outbox_story ON outbox (subscription_id, story_id);
      CREATE INDEX outbox_sent ON outbox (platform, channel, sent_at) WHERE status = 'sent' AND kind = 'new';
    `,
  },
  {
    version: 2,
    name: 'held outbox entries and digests, notices, feed health',
    sql: `
      ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
      ALTER TABLE outbox ADD CONSTRAINT outbox_status_check CHECK (status IN ('pending', 'held', 'sent', 'dead'));
      ALTER TABLE outbox ADD COLUMN hold_reason text CHECK (hold_reason IN ('schedule', 'cap', 'quiet-hours'));
      ALTER TABLE outbox ADD COLUMN digest_key text;
      CREATE INDEX outbox_channel_queue ON outbox (platform, channel, id) WHERE status = 'pending';
      CREATE INDEX outbox_held ON outbox (next_attempt_at) WHERE status = 'held';
      CREATE INDEX outbox_digest ON outbox (digest_key) WHERE digest_key IS NOT NULL;

      CREATE TABLE notices (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        idempotency_key text NOT NULL UNIQUE,
        platform text NOT NULL,
        workspace text,
        channel text,
        text text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at bigint NOT NULL,
        last_error text,
        created_at bigint NOT NULL,
        sent_at bigint
      );
      CREATE INDEX notices_due ON notices (next_attempt_at) WHERE status = 'pending';

      ALTER TABLE feeds ADD COLUMN failing_since bigint;
    `,
  },
  {
    version: 3,
    name: 'leases: one process per chat app holds its gateway',
    sql: `
      CREATE TABLE leases (
        name text PRIMARY KEY,
        owner text NOT NULL,
        expires_at bigint NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'due feeds in claim order',
    // Claims take the first few due feeds by (next_poll_at, id): with both in the index that is
    // a short index walk instead of sorting every due feed on each claim (17 ms at 10k feeds).
    sql: `
      DROP INDEX feeds_due;
      CREATE INDEX feeds_due ON feeds (next_poll_at, id COLLATE "C") WHERE disabled_reason IS NULL;
    `,
  },
  {
    version: 5,
    name: 'feeds created by subscribing to a URL follow their subscriptions',
    sql: `
      ALTER TABLE feeds ADD COLUMN follows_subscriptions boolean NOT NULL DEFAULT false;
    `,
  },
  {
    version: 6,
    name: 'story sources keep the link as published',
    sql: `
      ALTER TABLE story_sources ADD COLUMN link text;
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
        feed_id text NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
        platform text NOT NULL,
        workspace text NOT NULL,
        -- Who brought the feed into this workspace (limits.chatFeedsPerUser); null for feeds from before.
        added_by text,
        PRIMARY KEY (platform, workspace, feed_id)
      );
      CREATE INDEX feed_workspaces_feed ON feed_workspaces (feed_id);
      INSERT INTO feed_workspaces (feed_id, platform, workspace)
        SELECT DISTINCT feeds.id, subscriptions.platform, coalesce(subscriptions.workspace, '')
        FROM subscriptions CROSS JOIN LATERAL jsonb_array_elements_text(subscriptions.feeds) AS named (id)
        JOIN feeds ON feeds.id = named.id
        WHERE feeds.origin = 'command' AND jsonb_typeof(subscriptions.feeds) = 'array'
        ON CONFLICT DO NOTHING;
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
      ALTER TABLE seen_items ADD COLUMN last_seen_at bigint NOT NULL DEFAULT 0;
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
      ALTER TABLE feeds ADD COLUMN body_hash text;
    `,
  },
  {
    version: 12,
    name: 'chat settings per channel, mentions per subscription, history per channel',
    // channel_settings: what a channel set from chat (issue 21), keyed as delivery keys a channel
    // (platform and channel id). A subscription's mention is JSON, null for none.
    // /news recent reads a channel's sent first messages through outbox_sent (migration 1).
    sql: `
      ALTER TABLE subscriptions ADD COLUMN mention jsonb;
      CREATE TABLE channel_settings (
        platform text NOT NULL,
        channel text NOT NULL,
        timezone text,
        quiet_from text,
        quiet_to text,
        template text,
        updated_at bigint NOT NULL,
        PRIMARY KEY (platform, channel)
      );
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
        story_id text PRIMARY KEY,
        survivor_id text NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        merged_at bigint NOT NULL
      );
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
      CREATE INDEX feeds_due ON feeds (next_poll_at, id COLLATE "C");
    `,
  },
  {
    version: 15,
    name: 'outbox lanes: the next entries of each channel by index, the hourly count from the index',
    // A claim walks the channels with pending entries and reads the first few of each in lane
    // order (created_at, id) from outbox_lane, instead of ranking every due entry of a backlog
    // per claim (a one-channel backlog of 7,200 made delivery quadratic). outbox_lane serves what
    // outbox_channel_queue did. The hourly cap's count can be answered from outbox_sent alone.
    sql: `
      DROP INDEX outbox_channel_queue;
      CREATE INDEX outbox_lane ON outbox (platform, channel, created_at, id) WHERE status = 'pending';
      DROP INDEX outbox_sent;
      CREATE INDEX outbox_sent ON outbox (platform, channel, sent_at) INCLUDE (digest_key, id) WHERE status = 'sent' AND kind = 'new';
    `,
  },
  {
    version: 16,
    name: 'seen items without a story: what a first poll only records',
    // A feed's first poll records its entries older than dedup.window as seen without cleaning
    // them or opening stories (pipeline/seed-entries.ts).
    sql: `
      ALTER TABLE seen_items ALTER COLUMN story_id DROP NOT NULL;
    `,
  },
  {
    version: 17,
    name: 'the sentences a feed repeats are kept with the feed',
    // dedup/feed-boilerplate.ts: a JSON array of folded sentences, at most 64, written by the
    // poll commits that change it and read by the next commit of the feed's items (see the
    // SQLite migration 17).
    sql: `
      CREATE TABLE feed_boilerplate (
        feed_id text PRIMARY KEY REFERENCES feeds (id) ON DELETE CASCADE,
        sentences jsonb NOT NULL
      );
    `,
  },
];
