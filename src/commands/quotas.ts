// What one person and one workspace may create from chat (config `limits:`), checked before
// anything is fetched or stored. A refusal names the limit's key and who can raise it: the
// config's admins, the only people a limit meant for a workspace's own admins cannot be.
import type { CommandContext } from './context.ts';
import { forbidden } from './errors.ts';

type LimitKey = keyof CommandContext['config']['limits'];

/** Who can raise a limit: the config's admins on this platform, by id, or whoever runs Herald. */
export function whoRaisesLimits(context: Pick<CommandContext, 'config' | 'actor'>): string {
  const admins: readonly string[] = (context.config.admins as Partial<Record<string, readonly string[]>>)[context.actor.platform] ?? [];
  return admins.length === 0 ? 'whoever runs Herald' : `a config admin (${admins.join(', ')})`;
}

function refusal(what: string, key: LimitKey, context: CommandContext): never {
  const limit = context.config.limits[key];
  throw forbidden(`${what} (${limit}, limits.${key}); remove some, or ask ${whoRaisesLimits(context)} to raise limits.${key} in the config`, {
    reason: 'limit',
    limit: key,
  });
}

/** Refuses a new chat subscription past the person's or the workspace's limit. */
export async function checkSubscriptionQuota(context: CommandContext): Promise<void> {
  const { platform, workspace, userId } = context.actor;
  const made = (await context.store.listSubscriptions({ platform, workspace })).filter((subscription) => !subscription.managedByConfig);
  if (made.filter((subscription) => subscription.createdBy === userId).length >= context.config.limits.subscriptionsPerUser) {
    refusal('you have made as many subscriptions from chat as one person may', 'subscriptionsPerUser', context);
  }
  if (made.length >= context.config.limits.subscriptionsPerWorkspace) {
    refusal('this workspace has as many subscriptions made from chat as it may', 'subscriptionsPerWorkspace', context);
  }
}

/** Refuses a feed new to this workspace past the person's or the workspace's limit of chat feeds. */
export async function checkChatFeedQuota(context: CommandContext): Promise<void> {
  const { platform, workspace, userId } = context.actor;
  if ((await context.store.countFeedsAddedBy({ platform, workspace }, userId)) >= context.config.limits.chatFeedsPerUser) {
    refusal('you have added as many feeds from chat as one person may', 'chatFeedsPerUser', context);
  }
  const own = (await context.store.listFeeds({ platform, workspace })).filter((feed) => feed.origin === 'command');
  if (own.length >= context.config.limits.chatFeedsPerWorkspace) {
    refusal('this workspace uses as many feeds added from chat as it may', 'chatFeedsPerWorkspace', context);
  }
}
