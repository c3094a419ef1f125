// What the panel changes, each through the same command handlers (or store calls) that chat and
// the CLI use: the panel acts as an admin in the workspace or channel a change concerns.
import { handleCommand, okReply, type Actor, type CommandContext, type CommandReply, type ParsedCommand } from '../commands/index.ts';
import type { PlatformName } from '../domain/types.ts';
import type { PanelReads } from './panel-queries.ts';
import type { WorkspaceRef } from '../store/store.ts';

/** How the panel appears as the author of a change (createdBy, addedBy) in the store. */
export const PANEL_USER = 'web-panel';

export interface ChannelKey {
  platform: PlatformName;
  workspace: string | null;
  channel: string;
}

export type Contexts = (actor: Actor) => CommandContext;

/** The panel as an admin in a channel (a workspace-wide change names the panel itself as its channel). */
export function panelActor(where: WorkspaceRef & { channel?: string }): Actor {
  return { platform: where.platform, workspace: where.workspace, channel: where.channel ?? PANEL_USER, userId: PANEL_USER, isAdmin: true };
}

export function runAs(contexts: Contexts, where: WorkspaceRef & { channel?: string }, command: ParsedCommand): Promise<CommandReply> {
  return handleCommand(command, contexts(panelActor(where)));
}

export function addFeed(contexts: Contexts, owner: WorkspaceRef, url: string, id: string | null): Promise<CommandReply> {
  return runAs(contexts, owner, { name: 'feed add', url, id });
}

/**
 * Removes a chat feed from every workspace using it, as each one's admin would with `feed
 * remove` (their subscriptions that read only it go too); the last one out removes the feed.
 * A chat feed no workspace uses any more is removed directly.
 */
export async function removeFeed(contexts: Contexts, store: PanelReads, id: string): Promise<CommandReply[]> {
  const owners = (await store.chatFeedWorkspaces()).get(id) ?? [];
  const replies: CommandReply[] = [];
  for (const owner of owners) replies.push(await runAs(contexts, owner, { name: 'feed remove', id }));
  if (owners.length === 0) {
    const feed = await store.getFeed(id);
    if (feed?.origin === 'command' && (await store.removeFeed(id))) replies.push(okReply(`Removed feed ${id}, which no workspace used.`));
  }
  return replies;
}

export function pauseChannel(contexts: Contexts, channel: ChannelKey, paused: boolean): Promise<CommandReply> {
  return runAs(contexts, channel, { name: paused ? 'pause' : 'resume', id: null });
}

/**
 * `/news test` for a channel's feeds (its own actor) or for one feed (as a workspace that sees
 * it: any for a config feed, one of its owners for a chat feed).
 */
export async function testQuery(contexts: Contexts, store: PanelReads, query: string, source: { channel: ChannelKey } | { feedId: string }): Promise<CommandReply> {
  if ('channel' in source) return runAs(contexts, source.channel, { name: 'test', query, feed: null });
  const owner = (await store.chatFeedWorkspaces()).get(source.feedId)?.[0] ?? { platform: 'console' as const, workspace: null };
  return runAs(contexts, owner, { name: 'test', query, feed: { kind: 'feed', id: source.feedId } });
}
