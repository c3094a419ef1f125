// The machine-readable form of a delivered alert: one JSON object per line on stdout with
// `herald poll --once --json`, for scripts and tests. Field names are a public contract.
import type { Alert, Digest, MessageRef } from '../domain/types.ts';

export interface AlertRecord {
  platform: Alert['platform'];
  workspace: string | null;
  channel: string;
  kind: Alert['kind'];
  title: string;
  url: string | null;
  summary: string;
  source: string;
  sources: string[];
  subscription: string;
  /** Every subscription of the channel that matched the story; the message is one all the same. */
  subscriptions: string[];
  topic: string | null;
  storyId: string;
  published: string | null;
  messageId: string;
  /** Why the alert waited, when it went out in a digest (the digest's message is messageId). */
  digest: Digest['reason'] | null;
}

export function alertRecord(alert: Alert, ref: MessageRef, digest: Digest | null = null): AlertRecord {
  return {
    platform: alert.platform,
    workspace: alert.workspace,
    channel: alert.channel,
    kind: alert.kind,
    title: alert.item.title,
    // The link as published; the canonical URL for alerts queued before items carried it.
    url: alert.item.link ?? alert.item.url,
    summary: alert.item.summary,
    source: alert.item.sourceName,
    sources: alert.sources.map((source) => source.name),
    subscription: alert.subscriptionId,
    subscriptions: alert.subscriptionIds ?? [alert.subscriptionId],
    topic: alert.topic,
    storyId: alert.storyId,
    published: alert.item.published,
    messageId: ref.id,
    digest: digest?.reason ?? null,
  };
}
