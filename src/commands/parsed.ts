// What a command means once parsed: the one shape every platform's input becomes (Slack's text,
// Discord's typed options) and every handler reads.
import type { Mention } from '../domain/mention.ts';
import type { DigestSchedule } from '../domain/types.ts';

/** Where a subscription or test reads from: a feed URL, a known feed's id, or a config topic. */
export type FeedRef = { kind: 'url'; url: string } | { kind: 'feed'; id: string } | { kind: 'topic'; name: string };

/** A channel's quiet hours, local times in its time zone; `from` after `to` spans midnight. */
export interface QuietHours {
  from: string;
  to: string;
}

export type ParsedCommand =
  /** backfill: how many of the latest matching items to post now (0: none). */
  | { name: 'subscribe'; target: FeedRef; query: string; mention: Mention | null; backfill: number }
  | { name: 'unsubscribe'; id: string }
  | { name: 'list' }
  | { name: 'topics' }
  | { name: 'test'; query: string; feed: FeedRef | null }
  | { name: 'recent'; query: string; days: number }
  /** id: one subscription; null: every subscription of the channel. */
  | { name: 'pause'; id: string | null }
  | { name: 'resume'; id: string | null }
  /** null turns digests off: every alert is posted as it arrives. */
  | { name: 'digest'; digest: DigestSchedule | null; id: string | null }
  /** null: no quiet hours. */
  | { name: 'quiet'; hours: QuietHours | null }
  | { name: 'timezone'; zone: string }
  /** null: the default message layout. */
  | { name: 'template'; text: string | null }
  | { name: 'status' }
  | { name: 'help'; command: CommandName | null }
  | { name: 'feed add'; url: string; id: string | null }
  | { name: 'feed import'; url: string }
  | { name: 'feed remove'; id: string }
  | { name: 'feed list' };

export type CommandName = ParsedCommand['name'];
