// What a command means once parsed: the one shape every platform's input becomes (Slack's text,
// Discord's typed options) and every handler reads.
import type { DigestSchedule } from '../domain/types.ts';

/** Where a subscription or test reads from: a feed URL, a known feed's id, or a config topic. */
export type FeedRef = { kind: 'url'; url: string } | { kind: 'feed'; id: string } | { kind: 'topic'; name: string };

export type ParsedCommand =
  | { name: 'subscribe'; target: FeedRef; query: string }
  | { name: 'unsubscribe'; id: string }
  | { name: 'list' }
  | { name: 'topics' }
  | { name: 'test'; query: string; feed: FeedRef | null }
  | { name: 'pause' }
  | { name: 'resume' }
  /** null turns digests off: every alert is posted as it arrives. */
  | { name: 'digest'; digest: DigestSchedule | null }
  | { name: 'status' }
  | { name: 'help'; command: CommandName | null }
  | { name: 'feed add'; url: string; id: string | null }
  | { name: 'feed import'; url: string }
  | { name: 'feed remove'; id: string }
  | { name: 'feed list' };

export type CommandName = ParsedCommand['name'];
