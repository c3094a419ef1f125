// `recent [query] [days:N]`: the alerts this channel got, newest first, read from the outbox's
// sent rows. Retention prunes those after retention.sentAlerts, so the reply says how far back
// it can look; the scan and the list are both bounded.
import ms from 'ms';
import type { OutboxEntry } from '../../domain/types.ts';
import { plural } from '../../text/plural.ts';
import { quoteInput } from '../args.ts';
import type { CommandContext } from '../context.ts';
import type { ParsedCommand } from '../parsed.ts';
import { okReply, type CommandReply, type ReplySection } from '../reply.ts';
import { ago, compileUserQuery } from './shared.ts';

const DAY = 86_400_000;
/** Sent alerts read per command: a query filters these, so a busy channel's old matches may fall outside. */
const SCANNED = 500;
const SHOWN = 10;

function alertSection(entry: OutboxEntry, context: CommandContext): ReplySection {
  const { item, sources } = entry.alert;
  const outlets = sources.map((source) => source.name).filter((name) => name !== '');
  const from = outlets.length === 0 ? item.sourceName : outlets.join(', ');
  const lines = [`${from}, sent ${ago(entry.sentAt, context)}`];
  const link = item.link ?? item.url;
  if (link !== null) lines.push(link);
  return { title: item.title, lines };
}

export async function recent(command: Extract<ParsedCommand, { name: 'recent' }>, context: CommandContext): Promise<CommandReply> {
  const compiled = command.query.trim() === '' ? null : compileUserQuery(command.query, context);
  const { platform, channel } = context.actor;
  const kept = context.config.retention.sentAlerts;
  const days = Math.min(command.days, Math.ceil(kept / DAY));
  const scanned = await context.store.recentAlerts({ platform, channel }, context.now() - days * DAY, SCANNED);
  const found = compiled === null ? scanned : scanned.filter((entry) => compiled.matches(entry.alert.item));
  const period = days === 1 ? 'the last day' : `the last ${days} days`;
  const matching = compiled === null ? '' : ` matching ${quoteInput(command.query)}`;
  const notes = [`Herald keeps sent alerts for ${ms(kept, { long: true })} (retention.sentAlerts in the config); older ones are gone.`];
  if (scanned.length === SCANNED) notes.unshift(`Only the latest ${SCANNED} alerts of ${period} were searched; a shorter days: finds older ones.`);
  if (found.length === 0) return okReply(`No alerts${matching} in ${period} here.`, [{ title: 'Note', lines: notes }]);
  const shown = found.slice(0, SHOWN);
  const more = found.length > shown.length ? ` (the latest ${shown.length} shown; a query narrows them)` : '';
  return okReply(`${plural(found.length, 'alert')}${matching} in ${period}, newest first${more}.`, [
    ...shown.map((entry) => alertSection(entry, context)),
    { title: 'Note', lines: notes },
  ]);
}
