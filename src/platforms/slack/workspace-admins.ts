// Whether a Slack user is a workspace admin or owner, from users.info, remembered for a few
// minutes: admin commands are rare, but a busy channel should not cost one lookup per command.
import { describeError } from '../../domain/errors.ts';
import type { Logger } from '../../observability/logger.ts';

export type AdminLookup = (userId: string) => Promise<{ is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean } | undefined>;

const TTL_MS = 5 * 60_000;
const MAX_USERS = 1_000;

export class WorkspaceAdmins {
  private readonly known = new Map<string, { admin: boolean; until: number }>();

  constructor(
    private readonly lookup: AdminLookup,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** False when Slack cannot say (the lookup failed): admin rights are never assumed. */
  async isAdmin(userId: string): Promise<boolean> {
    const now = this.now();
    const cached = this.known.get(userId);
    if (cached && cached.until > now) return cached.admin;
    let admin: boolean;
    try {
      const user = await this.lookup(userId);
      admin = Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner);
    } catch (error) {
      this.log.warn({ platform: 'slack', userId, err: describeError(error) }, 'could not look up whether a Slack user is a workspace admin; treating them as not one');
      return false;
    }
    this.known.delete(userId);
    this.known.set(userId, { admin, until: now + TTL_MS });
    // Map order is insertion order, so the first key is the oldest lookup.
    const oldest = this.known.keys().next();
    if (this.known.size > MAX_USERS && !oldest.done) this.known.delete(oldest.value);
    return admin;
  }
}
