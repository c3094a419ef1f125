// The panel's pages and the changes their forms post. Reads go through panel-queries.ts, changes
// through panel-actions.ts (the command handlers chat uses); each change is logged with who made
// it and leaves a flash message for the page it redirects to (post, redirect, get).
import type { Context, Hono } from 'hono';
import { errorReply, type CommandReply } from '../commands/index.ts';
import { PLATFORM_NAMES, type HeraldConfig } from '../config/schema.ts';
import type { PlatformName } from '../domain/types.ts';
import type { Logger } from '../observability/logger.ts';
import type { WorkspaceRef } from '../store/store.ts';
import { page, type Html } from './layout.ts';
import { addFeed, pauseChannel, removeFeed, testQuery, type ChannelKey, type Contexts } from './panel-actions.ts';
import { changedBy, type PanelEnv } from './panel-auth.ts';
import { channelGroups, feedRows, knownWorkspaces, outboxLists, overview, topicUses, type PanelReads } from './panel-queries.ts';
import { channelsBody } from './pages/channels.ts';
import { feedsBody } from './pages/feeds.ts';
import { outboxBody } from './pages/outbox.ts';
import { overviewBody } from './pages/overview.ts';
import { channelSource, queryBody, type QueryForm } from './pages/query.ts';
import { topicsBody } from './pages/topics.ts';
import type { Flash } from './sessions.ts';

export interface RouteOptions {
  store: PanelReads;
  config: () => HeraldConfig;
  contexts: Contexts;
  /** Runs a poll cycle soon (poll now). */
  pollSoon: () => void;
  /** Runs a delivery soon (a retried dead letter). */
  deliverSoon: () => void;
  log: Logger;
  now: () => number;
}

function render(c: Context<PanelEnv>, title: string, current: string, body: Html, status: 200 | 400 = 200) {
  const session = c.get('session');
  const flash = session.flash;
  session.flash = null;
  return c.html(page({ title, current, csrf: session.csrf, flash, body }), status);
}

function fromReplies(replies: CommandReply[]): Flash {
  const failed = replies.find((reply) => reply.status === 'error');
  const lines = replies.flatMap((reply) => [...(reply === replies[0] ? [] : [reply.headline]), ...reply.sections.flatMap((section) => [section.title ?? '', ...section.lines].filter(Boolean))]);
  return { status: failed === undefined ? 'ok' : 'error', headline: (failed ?? replies[0])?.headline ?? 'Nothing to do.', lines };
}

/** A form's string field, trimmed; '' when absent. */
function field(form: Record<string, unknown>, name: string): string {
  const value = form[name];
  return typeof value === 'string' ? value.trim() : '';
}

function workspaceField(value: string): WorkspaceRef | null {
  const colon = value.indexOf(':');
  const platform = value.slice(0, colon) as PlatformName;
  if (colon < 0 || !PLATFORM_NAMES.includes(platform)) return null;
  return { platform, workspace: value.slice(colon + 1) || null };
}

function channelField(form: Record<string, unknown>): ChannelKey | null {
  const platform = field(form, 'platform') as PlatformName;
  const channel = field(form, 'channel');
  if (!PLATFORM_NAMES.includes(platform) || channel === '') return null;
  return { platform, workspace: field(form, 'workspace') || null, channel };
}

export function registerRoutes(app: Hono<PanelEnv>, options: RouteOptions): void {
  const { store, log } = options;
  /** Logs a change with who made it, keeps its outcome for the next page, and goes there. */
  const done = (c: Context<PanelEnv>, to: string, flash: Flash, what: Record<string, unknown>) => {
    const session = c.get('session');
    session.flash = flash;
    log.info({ ...changedBy(session), ...what, outcome: flash.status, result: flash.headline }, 'web panel change');
    return c.redirect(to, 303);
  };
  const refused = (c: Context<PanelEnv>, to: string, headline: string) => {
    c.get('session').flash = { status: 'error', headline, lines: [] };
    return c.redirect(to, 303);
  };

  app.get('/', async (c) => render(c, 'Overview', '/', overviewBody(await overview(store, options.now()), options.now())));

  app.get('/feeds', async (c) => {
    const [rows, workspaces] = await Promise.all([feedRows(store), knownWorkspaces(store)]);
    return render(c, 'Feeds', '/feeds', feedsBody({ rows, workspaces }, c.get('session').csrf, options.now()));
  });

  app.post('/feeds/add', async (c) => {
    const form = await c.req.parseBody();
    const owner = workspaceField(field(form, 'workspace'));
    const url = field(form, 'url');
    if (owner === null || url === '') return refused(c, '/feeds', 'Give the feed URL and pick the workspace it is for.');
    const reply = await addFeed(options.contexts, owner, url, field(form, 'id') || null);
    return done(c, '/feeds', fromReplies([reply]), { action: 'feed add', url, workspace: owner });
  });

  app.post('/feeds/:id/remove', async (c) => {
    const id = c.req.param('id');
    const replies = await removeFeed(options.contexts, store, id);
    if (replies.length === 0) return refused(c, '/feeds', `There is no chat feed ${id} to remove; config feeds are removed in the config file.`);
    return done(c, '/feeds', fromReplies(replies), { action: 'feed remove', feedId: id });
  });

  app.post('/feeds/:id/poll', async (c) => {
    const id = c.req.param('id');
    if (!(await store.pollFeedNow(id, options.now()))) return refused(c, '/feeds', `Feed ${id} is gone; nothing to poll.`);
    options.pollSoon();
    return done(c, `/feeds#feed-${id}`, { status: 'ok', headline: `Feed ${id} is being polled now; reload this page to see how it went.`, lines: [] }, { action: 'poll now', feedId: id });
  });

  app.get('/channels', async (c) => render(c, 'Channels', '/channels', channelsBody(await channelGroups(store, options.config()), c.get('session').csrf)));

  for (const [path, paused] of [['/channels/pause', true], ['/channels/resume', false]] as const) {
    app.post(path, async (c) => {
      const channel = channelField(await c.req.parseBody());
      if (channel === null) return refused(c, '/channels', 'That form did not name a channel; reload the page and try again.');
      const reply = await pauseChannel(options.contexts, channel, paused);
      return done(c, '/channels', fromReplies([reply]), { action: paused ? 'pause' : 'resume', ...channel });
    });
  }

  const queryPage = async (c: Context<PanelEnv>, form: QueryForm, reply: CommandReply | null) => {
    const [feeds, groups] = await Promise.all([store.listFeeds(), channelGroups(store, options.config())]);
    const channels = groups.flatMap((group) => group.channels);
    return render(c, 'Query tester', '/query', queryBody({ feeds, channels, form, reply }, c.get('session').csrf), reply?.status === 'error' ? 400 : 200);
  };
  app.get('/query', (c) => {
    const channel = channelField(c.req.query());
    return queryPage(c, { query: '', source: channel === null ? '' : channelSource(channel) }, null);
  });
  app.post('/query', async (c) => {
    const body = await c.req.parseBody();
    const form = { query: field(body, 'query'), source: field(body, 'source') };
    const [kind, ...rest] = form.source.split(':');
    const channel = kind === 'channel' ? channelField({ platform: rest[0], workspace: rest[1], channel: rest.slice(2).join(':') }) : null;
    const source = channel !== null ? { channel } : kind === 'feed' && rest.length > 0 ? { feedId: rest.join(':') } : null;
    if (form.query === '' || source === null) return queryPage(c, form, errorReply('Write a query and pick a feed or a channel to test it against.'));
    return queryPage(c, form, await testQuery(options.contexts, store, form.query, source));
  });

  app.get('/outbox', async (c) => render(c, 'Outbox', '/outbox', outboxBody(await outboxLists(store), c.get('session').csrf, options.now())));

  app.post('/outbox/:id/retry', async (c) => {
    const id = Number.parseInt(c.req.param('id'), 10);
    if (!(await store.retryOutbox(id, options.now()))) return refused(c, '/outbox', `Alert #${c.req.param('id')} is not a dead letter any more; nothing to retry.`);
    options.deliverSoon();
    return done(c, '/outbox', { status: 'ok', headline: `Alert #${id} is queued again and is being sent now.`, lines: [] }, { action: 'outbox retry', outboxId: id });
  });

  app.post('/outbox/:id/drop', async (c) => {
    const id = Number.parseInt(c.req.param('id'), 10);
    const { pending, held } = await outboxLists(store);
    const entry = [...pending, ...held].find((candidate) => candidate.id === id);
    if (entry === undefined) return refused(c, '/outbox', `Alert #${c.req.param('id')} is no longer waiting; nothing to drop.`);
    await store.markDead(id, `dropped from the web panel by ${changedBy(c.get('session')).by}`, options.now());
    return done(c, '/outbox', { status: 'ok', headline: `Alert #${id} was dropped: it is a dead letter now, and Retry sends it after all.`, lines: [] }, { action: 'outbox drop', outboxId: id });
  });

  app.get('/topics', async (c) => render(c, 'Topics', '/topics', topicsBody(await topicUses(store, options.config()))));
}
