// How due held entries become digests, the same for every store: entries already sealed keep
// their digest (a resend after a crash names the same message); the rest are grouped per
// channel and hold reason, each group keyed by its oldest entry, which no other digest can own.
import type { OutboxEntry } from '../domain/types.ts';
import type { DigestClaim } from './concerns/outbox.ts';

export interface SealedDigest extends DigestClaim {
  /** True for a group formed now: its entries must be stamped with the key. */
  fresh: boolean;
}

export function groupHeldEntries(entries: OutboxEntry[]): SealedDigest[] {
  const groups = new Map<string, SealedDigest>();
  for (const entry of [...entries].sort((a, b) => a.id - b.id)) {
    const { platform, workspace, channel } = entry.alert;
    const reason = entry.holdReason ?? 'schedule';
    const group = entry.digestKey ? `sealed\u0000${entry.digestKey}` : JSON.stringify([platform, workspace, channel, reason]);
    let digest = groups.get(group);
    if (!digest) {
      digest = { key: entry.digestKey ?? `digest:${entry.id}`, platform, workspace, channel, reason, entries: [], fresh: !entry.digestKey };
      groups.set(group, digest);
    }
    digest.entries.push(entry);
  }
  return [...groups.values()];
}

/** The digest claims as callers see them, with each entry's key and lease filled in. */
export function claimedDigests(digests: SealedDigest[], leaseUntil: number): DigestClaim[] {
  return digests.map(({ fresh: _fresh, ...digest }) => ({
    ...digest,
    entries: digest.entries.map((entry) => ({ ...entry, digestKey: digest.key, nextAttemptAt: leaseUntil })),
  }));
}

