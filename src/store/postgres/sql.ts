// The SQL the PostgreSQL store runs. Batches travel as one jsonb array expanded with
// jsonb_to_recordset, so a poll of hundreds of items costs a handful of round trips.
import { SEEN_REFRESH_MS } from '../prune-sql.ts';
import { SUBSCRIPTION_COLUMNS } from './rows.ts';

// A config feed whose URL changed is a different feed: its HTTP state and seeding start over,
// so the new URL's current items are seeded instead of alerted.
export const SYNC_CONFIG_FEEDS = `
  INSERT INTO feeds (id, url, name, interval_ms, origin, next_poll_at)
  SELECT id, url, name, interval_ms, 'config', $2
  FROM jsonb_to_recordset($1::jsonb) AS f(id text, url text, name text, interval_ms bigint)
  ON CONFLICT (id) DO UPDATE SET
    url = excluded.url,
    name = excluded.name,
    interval_ms = excluded.interval_ms,
    etag = CASE WHEN feeds.url = excluded.url THEN feeds.etag END,
    body_hash = CASE WHEN feeds.url = excluded.url THEN feeds.body_hash END,
    last_modified = CASE WHEN feeds.url = excluded.url THEN feeds.last_modified END,
    title = CASE WHEN feeds.url = excluded.url THEN feeds.title END,
    seeded = CASE WHEN feeds.url = excluded.url THEN feeds.seeded ELSE false END,
    failure_count = CASE WHEN feeds.url = excluded.url THEN feeds.failure_count ELSE 0 END,
    last_error = CASE WHEN feeds.url = excluded.url THEN feeds.last_error END,
    failing_since = CASE WHEN feeds.url = excluded.url THEN feeds.failing_since END,
    next_poll_at = CASE WHEN feeds.url = excluded.url THEN feeds.next_poll_at ELSE excluded.next_poll_at END
  WHERE feeds.origin = 'config'`;

export const ADD_FEED = `
  INSERT INTO feeds (id, url, name, interval_ms, origin, follows_subscriptions, next_poll_at)
  VALUES ($1, $2, $3, $4, 'command', $6, $5)
  ON CONFLICT (id) DO NOTHING
  RETURNING *`;

// Removing a subscription: its feeds that follow subscriptions are locked first (in id order, so
// two removals never deadlock), then checked by a later statement, whose fresh snapshot sees
// every subscription committed while it waited for the lock.
export const LOCK_FOLLOWING_FEEDS = `
  SELECT id FROM feeds WHERE id = ANY($1::text[]) AND follows_subscriptions ORDER BY id COLLATE "C" FOR UPDATE`;

export const REMOVE_UNFOLLOWED_FEEDS = `
  DELETE FROM feeds
  WHERE id = ANY($1::text[])
    AND NOT EXISTS (SELECT 1 FROM subscriptions WHERE subscriptions.feeds @> jsonb_build_array(feeds.id))
  RETURNING *`;

// SKIP LOCKED lets concurrent claimers pass over rows another transaction is leasing right now;
// the re-checked WHERE skips rows whose lease was committed meanwhile.
export const CLAIM_DUE_FEEDS = `
  WITH due AS (
    SELECT id, next_poll_at AS due_at FROM feeds
    WHERE next_poll_at <= $1
    ORDER BY next_poll_at, id COLLATE "C" LIMIT $2
    FOR UPDATE SKIP LOCKED)
  UPDATE feeds SET next_poll_at = $3 FROM due WHERE feeds.id = due.id
  RETURNING feeds.*, due.due_at`;

// A channel receives its alerts in order: its lane is its pending entries by (created_at, id),
// and an entry that is not due (retrying, or leased by another worker) keeps the younger ones
// back. A claim takes from each lane its first $4 entries while they are due. The lanes are
// walked through outbox_lane, a step a channel, and only their heads are read and sorted:
// ranking every due entry made a claim cost the whole backlog, once per alert of a
// one-channel backlog.
export const CLAIM_DUE_OUTBOX = `
  WITH RECURSIVE lanes AS (
    (SELECT platform, channel FROM outbox WHERE status = 'pending' ORDER BY platform, channel LIMIT 1)
    UNION ALL
    SELECT n.platform, n.channel FROM lanes AS l CROSS JOIN LATERAL (
      SELECT platform, channel FROM outbox WHERE status = 'pending' AND (platform, channel) > (l.platform, l.channel)
      ORDER BY platform, channel LIMIT 1) AS n),
  heads AS (
    SELECT h.id, h.created_at,
      bool_and(h.next_attempt_at <= $1) OVER (PARTITION BY l.platform, l.channel ORDER BY h.created_at, h.id) AS due
    FROM lanes AS l CROSS JOIN LATERAL (
      SELECT id, created_at, next_attempt_at FROM outbox
      WHERE status = 'pending' AND platform = l.platform AND channel = l.channel
      ORDER BY created_at, id LIMIT $4) AS h),
  due AS (
    SELECT o.id FROM outbox AS o JOIN heads ON heads.id = o.id
    WHERE heads.due
    ORDER BY heads.created_at, heads.id LIMIT $2
    FOR UPDATE OF o SKIP LOCKED)
  UPDATE outbox SET next_attempt_at = $3 FROM due WHERE outbox.id = due.id
  RETURNING outbox.*`;

export const RECORD_POLL_FAILURE = `
  UPDATE feeds SET failure_count = failure_count + 1, last_error = $2, last_polled_at = $3, next_poll_at = $4
  WHERE id = $1 RETURNING *`;

// Many 304s in one statement; a feed removed since its claim matches no row and is skipped.
export const RECORD_NOT_MODIFIED = `
  UPDATE feeds SET failure_count = 0, last_error = NULL, last_polled_at = p.now, last_success_at = p.now,
    next_poll_at = p.next_poll_at
  FROM jsonb_to_recordset($1::jsonb) AS p(feed_id text, now bigint, next_poll_at bigint)
  WHERE feeds.id = p.feed_id`;

// Successful polls of several feeds in one statement, so one round trip and atomic without
// BEGIN/COMMIT: feed state, stories, their sources and URLs, seen items and outbox entries.
// Every row names the feed whose poll it belongs to (a story shared by several polls names them
// all) and is written only if that feed's row was updated, so a poll of a feed removed meanwhile
// leaves nothing behind. Items go first and decide the rest: an item another process recorded
// first (a new item it inserted, a changed item whose stored hash moved on) is lost to this
// poll, and so are the sources, stories and alerts standing only on lost items: one item is
// never two sources nor alerted twice. Foreign keys are checked at the end of the statement,
// when every part has run. JSON arrays: $1 feeds, $2 stories, $3 numbered sources, $4 seen
// items (mode 'new', 'changed' or 'any'), $5 numbered alerts (with their cause and fold), $6 the
// other items each page still served, whose last-seen time moves on.
export const WRITE_POLLS = `
  WITH feed_polled AS (
    UPDATE feeds SET etag = c.etag, last_modified = c.last_modified, body_hash = c.body_hash, title = coalesce(c.title, feeds.title),
      seeded = true, failure_count = 0, last_error = NULL, last_polled_at = c.now, last_success_at = c.now,
      next_poll_at = c.next_poll_at
    FROM jsonb_to_recordset($1::jsonb)
      AS c(feed_id text, now bigint, etag text, last_modified text, body_hash text, title text, next_poll_at bigint, stories_only boolean)
    WHERE feeds.id = c.feed_id AND NOT c.stories_only
    RETURNING feeds.id
  ), feed_written AS (
    -- A StoriesCommit (stories_only) leaves the feed's state as it is; it needs the feed to exist.
    SELECT id FROM feed_polled
    UNION SELECT feeds.id FROM feeds JOIN jsonb_to_recordset($1::jsonb) AS c(feed_id text, stories_only boolean)
      ON feeds.id = c.feed_id WHERE c.stories_only
  ), written AS (
    SELECT coalesce(array_agg(id), '{}') AS ids FROM feed_written
  ), boilerplate_written AS (
    INSERT INTO feed_boilerplate (feed_id, sentences)
    SELECT b.feed_id, b.sentences FROM jsonb_to_recordset($8::jsonb) AS b(feed_id text, sentences jsonb)
    WHERE b.feed_id IN (SELECT id FROM feed_written)
    ON CONFLICT (feed_id) DO UPDATE SET sentences = excluded.sentences
  ), polled_items AS (
    SELECT * FROM jsonb_to_recordset($4::jsonb)
      AS i(feed_id text, key text, content_hash text, story_id text, seen_at bigint, mode text, previous_hash text)
    WHERE i.feed_id IN (SELECT id FROM feed_written)
  ), new_items AS (
    INSERT INTO seen_items (feed_id, key, content_hash, story_id, seen_at, last_seen_at)
    SELECT feed_id, key, content_hash, story_id, seen_at, seen_at FROM polled_items WHERE mode = 'new'
    ON CONFLICT (feed_id, key) DO NOTHING
    RETURNING feed_id, key
  ), changed_items AS (
    -- An item recorded without a story takes the commit's (a StoriesCommit); one with a story keeps it.
    UPDATE seen_items SET content_hash = i.content_hash, story_id = coalesce(seen_items.story_id, i.story_id), last_seen_at = i.seen_at
    FROM polled_items AS i
    WHERE i.mode = 'changed' AND seen_items.feed_id = i.feed_id AND seen_items.key = i.key
      AND seen_items.content_hash = i.previous_hash
    RETURNING seen_items.feed_id, seen_items.key
  ), any_items AS (
    INSERT INTO seen_items (feed_id, key, content_hash, story_id, seen_at, last_seen_at)
    SELECT feed_id, key, content_hash, story_id, seen_at, seen_at FROM polled_items WHERE mode = 'any'
    ON CONFLICT (feed_id, key) DO UPDATE SET content_hash = excluded.content_hash, story_id = excluded.story_id,
      last_seen_at = excluded.last_seen_at
    RETURNING feed_id, key
  ), refreshed_items AS (
    -- Items the page still served (never one of polled_items: no row is updated twice).
    UPDATE seen_items SET last_seen_at = r.now
    FROM jsonb_to_recordset($6::jsonb) AS r(feed_id text, key text, now bigint)
    WHERE r.feed_id IN (SELECT id FROM feed_written) AND seen_items.feed_id = r.feed_id AND seen_items.key = r.key
      AND seen_items.last_seen_at < r.now - ${SEEN_REFRESH_MS}
  ), kept_items AS (
    SELECT * FROM new_items UNION ALL SELECT * FROM changed_items UNION ALL SELECT * FROM any_items
  ), lost_items AS (
    SELECT feed_id, key, story_id FROM polled_items AS i
    WHERE NOT EXISTS (SELECT 1 FROM kept_items AS k WHERE k.feed_id = i.feed_id AND k.key = i.key)
  ), lost_stories AS (
    -- Recorded entries have no story (NULL would make every NOT IN below unknown).
    SELECT story_id FROM lost_items WHERE story_id IS NOT NULL
    EXCEPT SELECT i.story_id FROM polled_items AS i JOIN kept_items AS k ON k.feed_id = i.feed_id AND k.key = i.key
  ), stories_written AS (
    INSERT INTO stories (id, title, url, created_at, updated_at, fingerprint)
    SELECT id, title, url, created_at, updated_at, fingerprint
    FROM jsonb_to_recordset($2::jsonb)
      AS s(id text, title text, url text, created_at bigint, updated_at bigint, fingerprint text, polls text[])
    WHERE s.polls && (SELECT ids FROM written) AND s.id NOT IN (SELECT story_id FROM lost_stories)
    ON CONFLICT (id) DO UPDATE SET title = excluded.title, url = excluded.url,
      updated_at = greatest(stories.updated_at, excluded.updated_at), fingerprint = excluded.fingerprint
  ), polled_sources AS (
    SELECT * FROM jsonb_to_recordset($3::jsonb)
      AS s(poll text, story_id text, feed_id text, item_key text, source_name text, url text, link text, seen_at bigint, n integer)
    WHERE s.poll IN (SELECT id FROM feed_written) AND s.story_id NOT IN (SELECT story_id FROM lost_stories)
      AND NOT EXISTS (SELECT 1 FROM lost_items AS l WHERE l.feed_id = s.feed_id AND l.key = s.item_key)
  ), sources_written AS (
    INSERT INTO story_sources (story_id, feed_id, item_key, source_name, url, link, seen_at)
    SELECT story_id, feed_id, item_key, source_name, url, link, seen_at FROM polled_sources ORDER BY n
    ON CONFLICT (story_id, feed_id, item_key) DO NOTHING
  ), urls_written AS (
    INSERT INTO story_urls (url, story_id)
    SELECT url, story_id FROM polled_sources WHERE url IS NOT NULL ORDER BY n
    ON CONFLICT (url) DO NOTHING
  ), polled_alerts AS (
    SELECT * FROM jsonb_to_recordset($5::jsonb)
      AS a(poll text, key text, alert jsonb, now bigint, n integer, cause_feed text, cause_key text,
        fold_id bigint, fold_expected jsonb, fold_alert jsonb)
    WHERE a.poll IN (SELECT id FROM feed_written)
      AND NOT EXISTS (SELECT 1 FROM lost_items AS l WHERE l.feed_id = a.cause_feed AND l.key = a.cause_key)
  ), folded AS (
    -- A message not yet claimed by a worker (a claim pushes next_attempt_at past now) nor
    -- sealed into a digest, and still as the poll saw it, takes the story's new state.
    UPDATE outbox SET alert = a.fold_alert FROM polled_alerts AS a
    WHERE outbox.id = a.fold_id AND outbox.alert = a.fold_expected
      AND ((outbox.status = 'pending' AND outbox.next_attempt_at <= a.now) OR (outbox.status = 'held' AND outbox.digest_key IS NULL))
    RETURNING a.n
  ), queued AS (
    INSERT INTO outbox (idempotency_key, subscription_id, story_id, platform, channel, kind, alert, status,
      next_attempt_at, created_at)
    SELECT key, alert->>'subscriptionId', alert->>'storyId', alert->>'platform', alert->>'channel', alert->>'kind',
      alert, 'pending', now, now
    FROM polled_alerts AS a WHERE a.n NOT IN (SELECT n FROM folded)
    ORDER BY n
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING idempotency_key
  )
  SELECT (SELECT ids FROM written) AS feeds,
    (SELECT coalesce(array_agg(idempotency_key), '{}') FROM queued) AS queued,
    -- Which bridging items of story merges ($7) this write recorded: only their merges stand.
    (SELECT coalesce(jsonb_agg(jsonb_build_array(k.feed_id, k.key)), '[]') FROM kept_items AS k
      WHERE EXISTS (SELECT 1 FROM jsonb_to_recordset($7::jsonb) AS c(feed_id text, key text) WHERE c.feed_id = k.feed_id AND c.key = k.key)) AS causes`;

// A story merge (concerns/commit-poll.ts StoryMerge), one statement after another in the
// commit's transaction: $1 from, $2 into, resolved through story_aliases first.
export const FEED_BOILERPLATE = `SELECT feed_id, sentences FROM feed_boilerplate WHERE feed_id = ANY($1::text[])`;

export const STORY_ALIAS = `SELECT survivor_id FROM story_aliases WHERE story_id = $1`;
export const MERGE_STORIES = [
  // $3: now, $4: entries to retire.
  `DELETE FROM outbox WHERE id = ANY($4::bigint[]) AND story_id IN ($1, $2)
     AND ((status = 'pending' AND (kind = 'update' OR next_attempt_at <= $3)) OR (status = 'held' AND digest_key IS NULL))`,
  `UPDATE outbox SET story_id = $2, alert = jsonb_set(alert, '{storyId}', to_jsonb($2::text)) WHERE story_id = $1`,
  `UPDATE seen_items SET story_id = $2
   WHERE story_id = $1 AND (feed_id, key) IN (SELECT feed_id, item_key FROM story_sources WHERE story_id = $1)`,
  `INSERT INTO story_sources (story_id, feed_id, item_key, source_name, url, link, seen_at)
   SELECT $2, feed_id, item_key, source_name, url, link, seen_at FROM story_sources WHERE story_id = $1 ORDER BY seq
   ON CONFLICT (story_id, feed_id, item_key) DO NOTHING`,
  `UPDATE story_urls SET story_id = $2 WHERE story_id = $1`,
  `UPDATE stories SET updated_at = greatest(stories.updated_at, f.updated_at), created_at = least(stories.created_at, f.created_at)
   FROM stories AS f WHERE stories.id = $2 AND f.id = $1`,
  `UPDATE story_aliases SET survivor_id = $2 WHERE survivor_id = $1`,
  `DELETE FROM stories WHERE id = $1`,
  `INSERT INTO story_aliases (story_id, survivor_id, merged_at) VALUES ($1, $2, $3)
   ON CONFLICT (story_id) DO UPDATE SET survivor_id = excluded.survivor_id, merged_at = excluded.merged_at`,
] as const;

export const STORY_ENTRIES = `SELECT * FROM outbox WHERE story_id = ANY($1::text[]) ORDER BY id`;

export const GET_STORY = `
  SELECT stories.*, coalesce(
    (SELECT json_agg(story_sources ORDER BY seen_at, seq) FROM story_sources WHERE story_id = stories.id), '[]'::json
  ) AS sources
  FROM stories WHERE id = coalesce((SELECT survivor_id FROM story_aliases WHERE story_id = $1), $1)`;

// The stories the index is rebuilt from: the $2 most recently updated since $1 (LIMIT NULL: all).
const RECENT = `SELECT * FROM stories WHERE updated_at >= $1 ORDER BY updated_at DESC, id COLLATE "C" DESC LIMIT $2`;

export const RECENT_STORIES = `SELECT * FROM (${RECENT}) AS recent ORDER BY updated_at, id COLLATE "C"`;

export const RECENT_SOURCES = `
  SELECT story_sources.* FROM story_sources JOIN (${RECENT}) AS recent ON recent.id = story_sources.story_id
  ORDER BY story_sources.seen_at, story_sources.seq`;

const SUBSCRIPTION_PARAMS = '$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15';

// Config sync never takes over a chat-made subscription with the same id and keeps what people
// changed from chat (pause, digest).
export const SYNC_CONFIG_SUBSCRIPTION = `
  INSERT INTO subscriptions (${SUBSCRIPTION_COLUMNS}) VALUES (${SUBSCRIPTION_PARAMS})
  ON CONFLICT (id) DO UPDATE SET platform = excluded.platform, workspace = excluded.workspace,
    channel = excluded.channel, feeds = excluded.feeds, query = excluded.query, topic = excluded.topic,
    story_policy = excluded.story_policy, digest = excluded.digest, created_by = excluded.created_by,
    mention = excluded.mention
  WHERE subscriptions.managed_by_config`;

export const ADD_SUBSCRIPTION = `
  INSERT INTO subscriptions (${SUBSCRIPTION_COLUMNS}) VALUES (${SUBSCRIPTION_PARAMS})
  ON CONFLICT (id) DO NOTHING
  RETURNING id`;

export const UPDATE_SUBSCRIPTION = `
  UPDATE subscriptions SET paused = $2, paused_reason = $3, digest = $4, query = $5, topic = $6 WHERE id = $1`;

export const LIST_SUBSCRIPTIONS = `
  SELECT * FROM subscriptions
  WHERE ($1::text IS NULL OR platform = $1)
    AND ($2::boolean OR workspace IS NOT DISTINCT FROM $3::text)
    AND ($4::text IS NULL OR channel = $4)
    AND ($5::text IS NULL OR feeds IS NULL OR feeds @> jsonb_build_array($5::text))
  ORDER BY created_at, id COLLATE "C"`;

export const MARK_SENT = `UPDATE outbox SET status = 'sent', message_ref = $2, sent_at = $3 WHERE id = $1`;

export const MARK_RETRY = `UPDATE outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3 WHERE id = $1`;

// A dead entry's next_attempt_at records when it died.
export const MARK_DEAD = `
  UPDATE outbox SET status = 'dead', attempts = attempts + 1, last_error = $2, next_attempt_at = $3 WHERE id = $1`;

// A manual retry starts the attempt count over, so the delivery policy gives it a full set of
// tries, and takes the entry out of its digest: the worker decides afresh whether to hold it.
export const RETRY_OUTBOX = `
  UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $2, hold_reason = NULL, digest_key = NULL
  WHERE id = $1 AND status = 'dead' RETURNING id`;

export const HOLD_OUTBOX = `
  UPDATE outbox SET status = 'held', hold_reason = $2, next_attempt_at = $3 WHERE id = $1 AND status = 'pending'`;

export const DUE_HELD = `SELECT * FROM outbox WHERE status = 'held' AND next_attempt_at <= $1 ORDER BY id FOR UPDATE SKIP LOCKED`;

export const SEAL_DIGESTS = `
  UPDATE outbox SET digest_key = d.key, next_attempt_at = $2
  FROM jsonb_to_recordset($1::jsonb) AS d(id bigint, key text) WHERE outbox.id = d.id`;

export const MARK_DIGEST_SENT = `
  UPDATE outbox SET status = 'sent', message_ref = $2, sent_at = $3 WHERE digest_key = $1 AND status = 'held'`;

export const MARK_DIGEST_RETRY = `
  UPDATE outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3 WHERE digest_key = $1 AND status = 'held'`;

export const MARK_DIGEST_DEAD = `
  UPDATE outbox SET status = 'dead', attempts = attempts + 1, last_error = $2, next_attempt_at = $3
  WHERE digest_key = $1 AND status = 'held'`;

// A channel's message about a story: its first 'new' entry. $1 platform, $2 channel id.
const CHANNEL_MATCH = 'platform = $1 AND channel = $2';

export const ORIGINAL_ENTRY = `
  SELECT * FROM outbox WHERE ${CHANNEL_MATCH} AND story_id = $3 AND kind = 'new' ORDER BY id LIMIT 1`;

export const STORY_MESSAGES = `
  SELECT DISTINCT ON (story_id) * FROM outbox
  WHERE ${CHANNEL_MATCH} AND story_id = ANY($3::text[]) AND kind = 'new'
  ORDER BY story_id, id`;

export const INSERT_NOTICES = `
  INSERT INTO notices (idempotency_key, platform, workspace, channel, text, status, next_attempt_at, created_at)
  SELECT "idempotencyKey", platform, workspace, channel, text, 'pending', $2, $2
  FROM jsonb_to_recordset($1::jsonb) AS n("idempotencyKey" text, platform text, workspace text, channel text, text text)
  ON CONFLICT (idempotency_key) DO NOTHING`;

export const CLAIM_DUE_NOTICES = `
  WITH due AS (
    SELECT id FROM notices WHERE status = 'pending' AND next_attempt_at <= $1
    ORDER BY created_at, id LIMIT $2
    FOR UPDATE SKIP LOCKED)
  UPDATE notices SET next_attempt_at = $3 FROM due WHERE notices.id = due.id
  RETURNING notices.*`;

export const MARK_NOTICE_RETRY = `UPDATE notices SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3 WHERE id = $1`;

export const MARK_NOTICE_DEAD = `
  UPDATE notices SET status = 'dead', attempts = attempts + 1, last_error = $2, next_attempt_at = $3 WHERE id = $1`;

// A message counts for every subscription that matched it, not only the one it follows.
export const LAST_SENT_AT = `
  SELECT matched.id AS subscription_id, max(sent_at) AS sent_at
  FROM outbox CROSS JOIN LATERAL jsonb_array_elements_text(coalesce(alert->'subscriptionIds', jsonb_build_array(subscription_id))) AS matched(id)
  WHERE status = 'sent' AND matched.id = ANY($1::text[])
  GROUP BY matched.id`;

export const LIST_OUTBOX = `SELECT * FROM outbox WHERE ($1::text IS NULL OR status = $1) ORDER BY id LIMIT $2`;

// Entries that went out in one digest were one message.
// Entries that went out in one digest were one message; an entry without a digest key is one
// message itself, so only digest keys go through DISTINCT. It runs for every alert sent.
export const COUNT_SENT_SINCE = `
  SELECT (count(*) - count(digest_key) + count(DISTINCT digest_key))::integer AS count FROM outbox
  WHERE platform = $1 AND channel = $2 AND status = 'sent' AND kind = 'new' AND sent_at >= $3`;

export const OUTBOX_STATS = `
  SELECT count(*) AS depth, min(created_at) AS oldest_created_at FROM outbox WHERE status IN ('pending', 'held')`;

export const FEED_HEALTH_COUNTS = `
  SELECT count(*) FILTER (WHERE failure_count = 0) AS ok, count(*) FILTER (WHERE failure_count > 0) AS failing
  FROM feeds`;

// The upsert takes a free or expired lease, or renews the owner's own; otherwise it changes
// nothing and returns no row. Two processes racing for a free lease meet on the primary key.
export const ACQUIRE_LEASE = `
  INSERT INTO leases (name, owner, expires_at) VALUES ($1, $2, $3)
  ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
  WHERE leases.owner = excluded.owner OR leases.expires_at <= $4
  RETURNING name`;
