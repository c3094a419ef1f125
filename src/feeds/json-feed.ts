// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) to a ParsedFeed. The envelope is
// validated strictly, so an API error or another JSON document is refused with its reason;
// item fields are validated one by one and a field of the wrong type is dropped, not the feed,
// because publishers' generators get single fields wrong far more often than whole feeds.
import { z } from 'zod';
import { HeraldError } from '../domain/errors.ts';
import type { ParsedFeed, RawEntry } from '../domain/types.ts';

const text = z.string().optional().catch(undefined);
const author = z.looseObject({ name: text }).optional().catch(undefined);

const itemSchema = z
  .looseObject({
    // The spec says string; generators written in loosely typed languages emit numbers.
    id: z.union([z.string(), z.number().transform(String)]).optional().catch(undefined),
    url: text,
    external_url: text,
    title: text,
    content_html: text,
    content_text: text,
    summary: text,
    image: text,
    banner_image: text,
    date_published: text,
    date_modified: text,
    tags: z.array(z.unknown()).optional().catch(undefined),
    author,
    authors: z.array(z.unknown()).optional().catch(undefined),
  })
  .nullable()
  .catch(null);

const feedSchema = z.looseObject({
  version: z
    .string({ error: 'a JSON Feed names its version, like "version": "https://jsonfeed.org/version/1.1"' })
    // The spec's URL form, and the bare "1", "1.0" or "1.1" many generators write instead.
    .regex(/^(?:https?:\/\/jsonfeed\.org\/version\/)?1(?:\.[01])?\/?$/, 'only JSON Feed versions 1 and 1.1 are read'),
  title: text,
  home_page_url: text,
  items: z.array(z.unknown(), { error: 'a JSON Feed has an "items" array' }),
});

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Plain-text bodies become HTML with their paragraphs intact, so cleaning treats both alike. */
function textToHtml(value: string): string {
  return value
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

function authorName(entry: NonNullable<z.output<typeof itemSchema>>): string | null {
  for (const candidate of entry.authors ?? []) {
    const parsed = author.parse(candidate);
    if (parsed?.name) return parsed.name;
  }
  return entry.author?.name ?? null;
}

function toEntry(entry: NonNullable<z.output<typeof itemSchema>>): RawEntry {
  const contentHtml = entry.content_html ?? (entry.content_text === undefined ? null : textToHtml(entry.content_text));
  return {
    guid: entry.id ?? null,
    link: entry.url ?? entry.external_url ?? null,
    title: entry.title ?? null,
    contentHtml,
    summaryHtml: entry.summary === undefined ? null : textToHtml(entry.summary),
    published: entry.date_published ?? entry.date_modified ?? null,
    categories: (entry.tags ?? []).filter((tag): tag is string => typeof tag === 'string'),
    author: authorName(entry),
    image: entry.image ?? entry.banner_image ?? null,
  };
}

/** Reads a JSON Feed document; throws HeraldError('parse_failed') with the reason it is not one. */
export function parseJsonFeed(body: string, maxEntries: number): ParsedFeed {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new HeraldError('parse_failed', `the JSON is malformed: ${(error as Error).message}`, { format: 'json' });
  }
  const feed = feedSchema.safeParse(json);
  if (!feed.success) {
    const issue = feed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new HeraldError(
      'parse_failed',
      `the JSON is not a JSON Feed (${where}${issue?.message ?? 'unexpected shape'}): point the URL at the site's RSS, Atom or JSON feed`,
      { format: 'json' },
    );
  }
  const entries: RawEntry[] = [];
  for (const candidate of feed.data.items.slice(0, maxEntries)) {
    const entry = itemSchema.parse(candidate);
    if (entry) entries.push(toEntry(entry));
  }
  return { format: 'json', title: feed.data.title ?? null, link: feed.data.home_page_url ?? null, entries };
}
