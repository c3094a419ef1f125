// Every SQL statement the SQLite store runs, prepared once per connection after migration.
// Lists are bound as one JSON array and expanded with json_each, so each statement stays a
// single prepared statement whatever the list length.
import type Database from 'better-sqlite3';
import { SEEN_REFRESH_MS } from '../prune-sql.ts';
import type { ChannelSettingsRow } from '../concerns/channel-state.ts';
import type { BoilerplateRow, FeedRow, NoticeRow, OutboxRow, SourceRow, StoryRow, SubscriptionRow } from './rows.ts';

type Params = Record<string, string | number | null>;

// The stories the index is rebuilt from: the @limit most recently updated since @since.
const RECENT_STORIES = `SELECT * FROM stories WHERE updated_at >= @since ORDER BY updated_at DESC, id DESC LIMIT @limit`;

export function prepareStatements(db: Database.Database) {
  return {
    // Feeds. A config feed whose URL changed is a different feed: its HTTP state and seeding
    // start over, so the new URL's current items are seeded instead of alerted.
    syncConfigFeed: db.prepare<Params>(`
      INSERT INTO feeds (id, url, name, interval_ms, origin, next_poll_at)
      VALUES (@id, @url, @name, @intervalMs, 'config', @now)
      ON CONFLICT (id) DO UPDATE SET
        url = excluded.url,
        name = excluded.name,
        interval_ms = excluded.interval_ms,
        etag = CASE WHEN feeds.url = excluded.url THEN feeds.etag END,
        body_hash = CASE WHEN feeds.url = excluded.url THEN feeds.body_hash END,
        last_modified = CASE WHEN feeds.url = excluded.url THEN feeds.last_modified END,
        title = CASE WHEN feeds.url = excluded.url THEN feeds.title END,
        seeded = CASE WHEN feeds.url = excluded.url THEN feeds.seeded ELSE 0 END,
        failure_count = CASE WHEN feeds.url = excluded.url THEN feeds.failure_count ELSE 0 END,
        last_error = CASE WHEN feeds.url = excluded.url THEN feeds.last_error END,
        failing_since = CASE WHEN feeds.url = excluded.url THEN feeds.failing_since END,
        next_poll_at = CASE WHEN feeds.url = excluded.url THEN feeds.next_poll_at ELSE excluded.next_poll_at END
      WHERE feeds.origin = 'config'`),
    deleteConfigFeedsExcept: db.prepare<[string]>(
      `DELETE FROM feeds WHERE origin = 'config' AND id NOT IN (SELECT value FROM json_each(?))`,
    ),
    addFeed: db.prepare<Params, FeedRow>(`
      INSERT INTO feeds (id, url, name, interval_ms, origin, follows_subscriptions, next_poll_at)
      VALUES (@id, @url, @name, @intervalMs, 'command', @followsSubscriptions, @now)
      ON CONFLICT (id) DO NOTHING
      RETURNING *`),
    keepFeed: db.prepare<[string], FeedRow>(`UPDATE feeds SET follows_subscriptions = 0 WHERE id = ? RETURNING *`),
    removeFeed: db.prepare<[string]>(`DELETE FROM feeds WHERE id = ?`),
    // Run in the transaction that deleted the subscription naming them (a JSON array of ids).
    removeUnfollowedFeeds: db.prepare<[string], FeedRow>(`
      DELETE FROM feeds
      WHERE follows_subscriptions = 1 AND id IN (SELECT value FROM json_each(?))
        AND NOT EXISTS (SELECT 1 FROM subscriptions, json_each(subscriptions.feeds) AS named WHERE named.value = feeds.id)
      RETURNING *`),
    getFeed: db.prepare<[string], FeedRow>(`SELECT * FROM feeds WHERE id = ?`),
    listFeeds: db.prepare<[], FeedRow>(`SELECT * FROM feeds ORDER BY id`),
    listVisibleFeeds: db.prepare<Params, FeedRow>(`
      SELECT * FROM feeds WHERE origin = 'config'
        OR id IN (SELECT feed_id FROM feed_workspaces WHERE platform = @platform AND workspace = @workspace)
      ORDER BY id`),
    addFeedWorkspace: db.prepare<Params>(
      `INSERT INTO feed_workspaces (feed_id, platform, workspace, added_by) VALUES (@feedId, @platform, @workspace, @addedBy) ON CONFLICT DO NOTHING`,
    ),
    removeFeedWorkspace: db.prepare<Params>(`DELETE FROM feed_workspaces WHERE feed_id = @feedId AND platform = @platform AND workspace = @workspace`),
    chatFeedWorkspaces: db.prepare<[], { id: string; platform: string | null; workspace: string | null }>(`
      SELECT feeds.id, feed_workspaces.platform, feed_workspaces.workspace
      FROM feeds LEFT JOIN feed_workspaces ON feed_workspaces.feed_id = feeds.id
      WHERE feeds.origin = 'command'`),
    countFeedsAddedBy: db.prepare<Params, { count: number }>(
      `SELECT count(*) AS count FROM feed_workspaces WHERE platform = @platform AND workspace = @workspace AND added_by = @userId`,
    ),
    countFeedWorkspaces: db.prepare<[string], { count: number }>(`SELECT count(*) AS count FROM feed_workspaces WHERE feed_id = ?`),
    dueFeeds: db.prepare<Params, FeedRow>(`
      SELECT * FROM feeds WHERE next_poll_at <= @now
      ORDER BY next_poll_at, id LIMIT @limit`),
    leaseFeed: db.prepare<[number, string]>(`UPDATE feeds SET next_poll_at = ? WHERE id = ?`),
    recordPollFailure: db.prepare<Params, FeedRow>(`
      UPDATE feeds SET failure_count = failure_count + 1, last_error = @error,
        last_polled_at = @now, next_poll_at = @nextPollAt
      WHERE id = @id RETURNING *`),
    recordNotModified: db.prepare<Params>(`
      UPDATE feeds SET failure_count = 0, last_error = NULL, last_polled_at = @now,
        last_success_at = @now, next_poll_at = @nextPollAt
      WHERE id = @id`),
    commitFeed: db.prepare<Params>(`
      UPDATE feeds SET etag = @etag, last_modified = @lastModified, body_hash = @bodyHash, title = coalesce(@title, title),
        seeded = 1, failure_count = 0, last_error = NULL, last_polled_at = @now,
        last_success_at = @now, next_poll_at = @nextPollAt
      WHERE id = @feedId`),
    markFeedFailing: db.prepare<Params>(`UPDATE feeds SET failing_since = @now WHERE id = @id AND failing_since IS NULL`),
    markFeedRecovered: db.prepare<[string]>(`UPDATE feeds SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL`),

    // Items and stories
    upsertSeenItem: db.prepare<Params>(`
      INSERT INTO seen_items (feed_id, key, content_hash, story_id, seen_at, last_seen_at)
      VALUES (@feedId, @key, @contentHash, @storyId, @now, @now)
      ON CONFLICT (feed_id, key) DO UPDATE SET content_hash = excluded.content_hash, story_id = excluded.story_id,
        last_seen_at = excluded.last_seen_at`),
    // An item first seen by this poll: kept only when no other process recorded it first.
    insertSeenItem: db.prepare<Params>(`
      INSERT INTO seen_items (feed_id, key, content_hash, story_id, seen_at, last_seen_at)
      VALUES (@feedId, @key, @contentHash, @storyId, @now, @now)
      ON CONFLICT (feed_id, key) DO NOTHING`),
    // A changed item: recorded only while the store still has the hash the poll compared with.
    // One recorded without a story takes the commit's (a StoriesCommit); one with a story keeps it.
    changeSeenItem: db.prepare<Params>(`
      UPDATE seen_items SET content_hash = @contentHash, story_id = coalesce(story_id, @storyId), last_seen_at = @now
      WHERE feed_id = @feedId AND key = @key AND content_hash = @previousHash`),
    // Items the page still served: their last-seen time moves on, at most once per SEEN_REFRESH_MS.
    refreshSeenItems: db.prepare<Params>(`
      UPDATE seen_items SET last_seen_at = @now
      WHERE feed_id = @feedId AND key IN (SELECT value FROM json_each(@keys)) AND last_seen_at < @now - ${SEEN_REFRESH_MS}`),
    seenItems: db.prepare<[string, string], { key: string; content_hash: string; story_id: string | null }>(`
      SELECT key, content_hash, story_id FROM seen_items
      WHERE feed_id = ? AND key IN (SELECT value FROM json_each(?))`),
    upsertStory: db.prepare<Params>(`
      INSERT INTO stories (id, title, url, created_at, updated_at, fingerprint)
      VALUES (@id, @title, @url, @createdAt, @updatedAt, @fingerprint)
      ON CONFLICT (id) DO UPDATE SET title = excluded.title, url = excluded.url,
        updated_at = max(stories.updated_at, excluded.updated_at), fingerprint = excluded.fingerprint`),
    insertSource: db.prepare<Params>(`
      INSERT INTO story_sources (story_id, feed_id, item_key, source_name, url, link, seen_at)
      VALUES (@storyId, @feedId, @itemKey, @sourceName, @url, @link, @seenAt)
      ON CONFLICT (story_id, feed_id, item_key) DO NOTHING`),
    insertStoryUrl: db.prepare<[string, string]>(
      `INSERT INTO story_urls (url, story_id) VALUES (?, ?) ON CONFLICT (url) DO NOTHING`,
    ),
    writeBoilerplate: db.prepare<Params>(`
      INSERT INTO feed_boilerplate (feed_id, sentences) VALUES (@feedId, @sentences)
      ON CONFLICT (feed_id) DO UPDATE SET sentences = excluded.sentences`),
    feedBoilerplate: db.prepare<[string], BoilerplateRow>(
      `SELECT feed_id, sentences FROM feed_boilerplate WHERE feed_id IN (SELECT value FROM json_each(?))`,
    ),
    storiesByUrl: db.prepare<[string], { url: string; story_id: string }>(
      `SELECT url, story_id FROM story_urls WHERE url IN (SELECT value FROM json_each(?))`,
    ),
    getStory: db.prepare<[string, string], StoryRow>(
      `SELECT * FROM stories WHERE id = coalesce((SELECT survivor_id FROM story_aliases WHERE story_id = ?), ?)`,
    ),
    // A story merge (concerns/commit-poll.ts StoryMerge), in the order commit-poll.ts runs them.
    storyAlias: db.prepare<[string], { survivor_id: string }>(`SELECT survivor_id FROM story_aliases WHERE story_id = ?`),
    retireOutbox: db.prepare<Params>(`
      DELETE FROM outbox WHERE id IN (SELECT value FROM json_each(@ids)) AND story_id IN (@from, @into)
        AND ((status = 'pending' AND (kind = 'update' OR next_attempt_at <= @now)) OR (status = 'held' AND digest_key IS NULL))`),
    mergedOutbox: db.prepare<[string], OutboxRow>(`SELECT * FROM outbox WHERE story_id = ?`),
    moveOutboxEntry: db.prepare<Params>(`UPDATE outbox SET story_id = @into, alert = @alert WHERE id = @id`),
    moveSeenItems: db.prepare<Params>(`
      UPDATE seen_items SET story_id = @into
      WHERE story_id = @from AND (feed_id, key) IN (SELECT feed_id, item_key FROM story_sources WHERE story_id = @from)`),
    moveSources: db.prepare<Params>(`
      INSERT INTO story_sources (story_id, feed_id, item_key, source_name, url, link, seen_at)
      SELECT @into, feed_id, item_key, source_name, url, link, seen_at FROM story_sources WHERE story_id = @from ORDER BY seq
      ON CONFLICT (story_id, feed_id, item_key) DO NOTHING`),
    moveStoryUrls: db.prepare<Params>(`UPDATE story_urls SET story_id = @into WHERE story_id = @from`),
    keepStoryTimes: db.prepare<Params>(`
      UPDATE stories SET updated_at = max(updated_at, (SELECT updated_at FROM stories WHERE id = @from)),
        created_at = min(created_at, (SELECT created_at FROM stories WHERE id = @from))
      WHERE id = @into AND EXISTS (SELECT 1 FROM stories WHERE id = @from)`),
    moveAliases: db.prepare<Params>(`UPDATE story_aliases SET survivor_id = @into WHERE survivor_id = @from`),
    addAlias: db.prepare<Params>(`
      INSERT INTO story_aliases (story_id, survivor_id, merged_at) VALUES (@from, @into, @now)
      ON CONFLICT (story_id) DO UPDATE SET survivor_id = excluded.survivor_id, merged_at = excluded.merged_at`),
    deleteStory: db.prepare<[string]>(`DELETE FROM stories WHERE id = ?`),
    storyEntries: db.prepare<[string], OutboxRow>(
      `SELECT * FROM outbox WHERE story_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
    ),
    storySources: db.prepare<[string], SourceRow>(
      `SELECT * FROM story_sources WHERE story_id = ? ORDER BY seen_at, seq`,
    ),
    recentStories: db.prepare<[{ since: number; limit: number }], StoryRow>(
      `SELECT * FROM (${RECENT_STORIES}) ORDER BY updated_at, id`,
    ),
    recentSources: db.prepare<[{ since: number; limit: number }], SourceRow>(`
      SELECT story_sources.* FROM story_sources JOIN (${RECENT_STORIES}) AS recent ON recent.id = story_sources.story_id
      ORDER BY story_sources.seen_at, story_sources.seq`),

    // Subscriptions. Config sync never takes over a command-made subscription with the same id
    // and keeps what people changed from chat (pause, digest).
    syncConfigSubscription: db.prepare<Params>(`
      INSERT INTO subscriptions (id, platform, workspace, channel, feeds, query, topic, digest, story_policy,
        created_by, paused, paused_reason, managed_by_config, created_at, mention)
      VALUES (@id, @platform, @workspace, @channel, @feeds, @query, @topic, @digest, @storyPolicy,
        @createdBy, @paused, @pausedReason, 1, @createdAt, @mention)
      ON CONFLICT (id) DO UPDATE SET platform = excluded.platform, workspace = excluded.workspace,
        channel = excluded.channel, feeds = excluded.feeds, query = excluded.query, topic = excluded.topic,
        story_policy = excluded.story_policy, digest = excluded.digest, created_by = excluded.created_by,
        mention = excluded.mention
      WHERE subscriptions.managed_by_config = 1`),
    deleteConfigSubscriptionsExcept: db.prepare<[string]>(
      `DELETE FROM subscriptions WHERE managed_by_config = 1 AND id NOT IN (SELECT value FROM json_each(?))`,
    ),
    addSubscription: db.prepare<Params>(`
      INSERT INTO subscriptions (id, platform, workspace, channel, feeds, query, topic, digest, story_policy,
        created_by, paused, paused_reason, managed_by_config, created_at, mention)
      VALUES (@id, @platform, @workspace, @channel, @feeds, @query, @topic, @digest, @storyPolicy,
        @createdBy, @paused, @pausedReason, @managedByConfig, @createdAt, @mention)
      ON CONFLICT (id) DO NOTHING`),
    removeSubscription: db.prepare<[string], { feeds: string | null }>(`DELETE FROM subscriptions WHERE id = ? RETURNING feeds`),
    getSubscription: db.prepare<[string], SubscriptionRow>(`SELECT * FROM subscriptions WHERE id = ?`),
    listSubscriptions: db.prepare<Params, SubscriptionRow>(`
      SELECT * FROM subscriptions
      WHERE (@platform IS NULL OR platform = @platform)
        AND (@anyWorkspace = 1 OR workspace IS @workspace)
        AND (@channel IS NULL OR channel = @channel)
        AND (@feedId IS NULL OR feeds IS NULL
             OR EXISTS (SELECT 1 FROM json_each(subscriptions.feeds) WHERE value = @feedId))
      ORDER BY created_at, id`),
    updateSubscription: db.prepare<Params>(`
      UPDATE subscriptions SET paused = @paused, paused_reason = @pausedReason, digest = @digest,
        query = @query, topic = @topic
      WHERE id = @id`),
    pauseSubscription: db.prepare<Params>(
      `UPDATE subscriptions SET paused = 1, paused_reason = @reason WHERE id = @id AND paused = 0`,
    ),

    // Outbox
    insertOutbox: db.prepare<Params>(`
      INSERT INTO outbox (idempotency_key, subscription_id, story_id, platform, channel, kind, alert,
        status, next_attempt_at, created_at)
      VALUES (@idempotencyKey, @subscriptionId, @storyId, @platform, @channel, @kind, @alert,
        'pending', @now, @now)
      ON CONFLICT (idempotency_key) DO NOTHING`),
    // A message that has not gone out takes a story's new sources in place of an edit: only
    // while it is what the poll saw, not claimed by a worker (a claim pushes next_attempt_at
    // past now) and not sealed into a digest.
    foldOutbox: db.prepare<Params>(`
      UPDATE outbox SET alert = @alert
      WHERE id = @id AND alert = @expected
        AND ((status = 'pending' AND next_attempt_at <= @now) OR (status = 'held' AND digest_key IS NULL))`),
    // A channel receives its alerts in order: its lane is its pending entries by (created_at, id),
    // and an entry that is not due (retrying, or leased by a worker) keeps the younger ones back.
    // A claim takes from each lane its first @perChannel entries while they are due, so one
    // channel's backlog cannot fill a claim. The lanes are walked through outbox_lane, a step a
    // channel, and only their heads are read and sorted: ranking every due entry made a claim
    // cost the whole backlog, once per alert of a one-channel backlog.
    dueOutbox: db.prepare<Params, OutboxRow>(`
      WITH RECURSIVE lanes (platform, channel) AS (
        SELECT * FROM (SELECT platform, channel FROM outbox WHERE status = 'pending' ORDER BY platform, channel LIMIT 1)
        UNION ALL
        SELECT n.platform, n.channel FROM lanes AS l JOIN outbox AS n ON n.id = coalesce(
          (SELECT id FROM outbox WHERE status = 'pending' AND platform = l.platform AND channel > l.channel
            ORDER BY channel LIMIT 1),
          (SELECT id FROM outbox WHERE status = 'pending' AND platform > l.platform ORDER BY platform, channel LIMIT 1))),
      heads AS (
        SELECT o.id, o.created_at,
          min(o.next_attempt_at <= @now) OVER (PARTITION BY o.platform, o.channel ORDER BY o.created_at, o.id) AS due
        FROM lanes AS l JOIN outbox AS o ON o.id IN (
          SELECT id FROM outbox WHERE status = 'pending' AND platform = l.platform AND channel = l.channel
          ORDER BY created_at, id LIMIT @perChannel))
      SELECT o.* FROM heads CROSS JOIN outbox AS o ON o.id = heads.id
      WHERE heads.due = 1
      ORDER BY heads.created_at, heads.id LIMIT @limit`),
    leaseOutbox: db.prepare<[number, number]>(`UPDATE outbox SET next_attempt_at = ? WHERE id = ?`),
    markSent: db.prepare<Params>(
      `UPDATE outbox SET status = 'sent', message_ref = @messageRef, sent_at = @now WHERE id = @id`,
    ),
    markRetry: db.prepare<Params>(
      `UPDATE outbox SET attempts = attempts + 1, last_error = @error, next_attempt_at = @nextAttemptAt WHERE id = @id`,
    ),
    // A dead entry's next_attempt_at records when it died.
    markDead: db.prepare<Params>(`
      UPDATE outbox SET status = 'dead', attempts = attempts + 1, last_error = @error, next_attempt_at = @now
      WHERE id = @id`),
    holdOutbox: db.prepare<Params>(
      `UPDATE outbox SET status = 'held', hold_reason = @reason, next_attempt_at = @releaseAt WHERE id = @id AND status = 'pending'`,
    ),
    dueHeld: db.prepare<[number], OutboxRow>(
      `SELECT * FROM outbox WHERE status = 'held' AND next_attempt_at <= ? ORDER BY id`,
    ),
    sealDigest: db.prepare<[string, number, number]>(`UPDATE outbox SET digest_key = ?, next_attempt_at = ? WHERE id = ?`),
    markDigestSent: db.prepare<Params>(
      `UPDATE outbox SET status = 'sent', message_ref = @messageRef, sent_at = @now WHERE digest_key = @key AND status = 'held'`,
    ),
    markDigestRetry: db.prepare<Params>(`
      UPDATE outbox SET attempts = attempts + 1, last_error = @error, next_attempt_at = @nextAttemptAt
      WHERE digest_key = @key AND status = 'held'`),
    markDigestDead: db.prepare<Params>(`
      UPDATE outbox SET status = 'dead', attempts = attempts + 1, last_error = @error, next_attempt_at = @now
      WHERE digest_key = @key AND status = 'held'`),
    // A manual retry starts the attempt count over, so the delivery policy gives it a full set of
    // tries, and takes the entry out of its digest: the worker decides afresh whether to hold it.
    retryOutbox: db.prepare<Params>(`
      UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = @now, hold_reason = NULL, digest_key = NULL
      WHERE id = @id AND status = 'dead'`),
    listOutbox: db.prepare<Params, OutboxRow>(
      `SELECT * FROM outbox WHERE (@status IS NULL OR status = @status) ORDER BY id LIMIT @limit`,
    ),
    // The first 'new' entry per story: min(id) picks the row of the bare column (SQLite).
    storyMessages: db.prepare<Params, OutboxRow>(`
      SELECT *, min(id) FROM outbox
      WHERE platform = @platform AND channel = @channel AND kind = 'new'
        AND story_id IN (SELECT value FROM json_each(@storyIds))
      GROUP BY story_id`),
    // A message counts for every subscription that matched it, not only the one it follows.
    lastSentAt: db.prepare<[string], { subscription_id: string; sent_at: number }>(`
      SELECT matched.value AS subscription_id, max(sent_at) AS sent_at
      FROM outbox, json_each(coalesce(json_extract(outbox.alert, '$.subscriptionIds'), json_array(outbox.subscription_id))) AS matched
      WHERE status = 'sent' AND matched.value IN (SELECT value FROM json_each(?))
      GROUP BY matched.value`),
    originalEntry: db.prepare<Params, OutboxRow>(`
      SELECT * FROM outbox
      WHERE platform = @platform AND channel = @channel AND story_id = @storyId AND kind = 'new'
      ORDER BY id LIMIT 1`),
    // Entries that went out in one digest were one message; an entry without a digest key is one
    // message itself. Counted from outbox_sent alone, and only digest keys go through DISTINCT
    // (five times cheaper than a DISTINCT over every entry): it runs for every alert sent.
    countSentSince: db.prepare<[string, string, number], { count: number }>(`
      SELECT count(*) - count(digest_key) + count(DISTINCT digest_key) AS count FROM outbox
      WHERE platform = ? AND channel = ? AND status = 'sent' AND kind = 'new' AND sent_at >= ?`),

    // Notices
    insertNotice: db.prepare<Params>(`
      INSERT INTO notices (idempotency_key, platform, workspace, channel, text, status, next_attempt_at, created_at)
      VALUES (@idempotencyKey, @platform, @workspace, @channel, @text, 'pending', @now, @now)
      ON CONFLICT (idempotency_key) DO NOTHING`),
    dueNotices: db.prepare<Params, NoticeRow>(
      `SELECT * FROM notices WHERE status = 'pending' AND next_attempt_at <= @now ORDER BY created_at, id LIMIT @limit`,
    ),
    leaseNotice: db.prepare<[number, number]>(`UPDATE notices SET next_attempt_at = ? WHERE id = ?`),
    markNoticeSent: db.prepare<Params>(`UPDATE notices SET status = 'sent', sent_at = @now WHERE id = @id`),
    markNoticeRetry: db.prepare<Params>(
      `UPDATE notices SET attempts = attempts + 1, last_error = @error, next_attempt_at = @nextAttemptAt WHERE id = @id`,
    ),
    markNoticeDead: db.prepare<Params>(
      `UPDATE notices SET status = 'dead', attempts = attempts + 1, last_error = @error, next_attempt_at = @now WHERE id = @id`,
    ),
    listNotices: db.prepare<Params, NoticeRow>(
      `SELECT * FROM notices WHERE (@status IS NULL OR status = @status) ORDER BY id LIMIT @limit`,
    ),

    // Operations
    outboxStats: db.prepare<[], { depth: number; oldest_created_at: number | null }>(
      `SELECT count(*) AS depth, min(created_at) AS oldest_created_at FROM outbox WHERE status IN ('pending', 'held')`,
    ),
    feedHealthCounts: db.prepare<[], { ok: number; failing: number }>(`
      SELECT count(*) FILTER (WHERE failure_count = 0) AS ok, count(*) FILTER (WHERE failure_count > 0) AS failing
      FROM feeds`),
    // A free or expired lease is taken, the owner's own renewed; otherwise no row comes back.
    acquireLease: db.prepare<Params, { name: string }>(`
      INSERT INTO leases (name, owner, expires_at) VALUES (@name, @owner, @expiresAt)
      ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
      WHERE leases.owner = excluded.owner OR leases.expires_at <= @now
      RETURNING name`),
    releaseLease: db.prepare<[string, string]>(`DELETE FROM leases WHERE name = ? AND owner = ?`),

    // A channel's own state (concerns/channel-state.ts)
    channelSettings: db.prepare<[string, string], ChannelSettingsRow>('SELECT * FROM channel_settings WHERE platform = ? AND channel = ?'),
    upsertChannelSettings: db.prepare<Params>(`
      INSERT INTO channel_settings (platform, channel, timezone, quiet_from, quiet_to, template, updated_at)
      VALUES (@platform, @channel, @timezone, @quietFrom, @quietTo, @template, @now)
      ON CONFLICT (platform, channel) DO UPDATE SET timezone = excluded.timezone, quiet_from = excluded.quiet_from,
        quiet_to = excluded.quiet_to, template = excluded.template, updated_at = excluded.updated_at`),
    recentAlerts: db.prepare<[string, string, number, number], OutboxRow>(`
      SELECT * FROM outbox WHERE platform = ? AND channel = ? AND status = 'sent' AND kind = 'new' AND sent_at >= ?
      ORDER BY sent_at DESC, id DESC LIMIT ?`),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
