// Issue 20: what cleaning feed entries costs, as normalizeEntry does it (cleanText on the body,
// then summarize for the lead), in CPU time per 10,000 entries, median of --runs. Two fixed
// corpora: "web farm", the entry bodies of bench/poll/web-farm.ts (the first poll the profile
// was taken on: one lower-case sentence and a link per paragraph), and "news", paragraphs of
// several sentences as news feeds write them (capitals, initials, titles, "No. 10", quotes, a
// share of typographic quotes and dashes, repeated paragraphs, trailers). Then splitSentences
// alone, on the lines cleaning made of the corpus: the part the ASCII fast path replaced.
// With --baseline DIR (a checkout of main, e.g. `git worktree add --detach DIR main` and its
// node_modules linked in), that code cleans the same corpus in the same process, runs
// interleaved, and the outputs of both are compared entry by entry.
//   npx tsx bench/text/clean.ts [--entries 3000] [--runs 5] [--baseline DIR]
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type * as Clean from '../../src/text/clean.ts';
import type * as Sentences from '../../src/text/sentences.ts';
import type * as Summary from '../../src/text/summary.ts';
import { words } from '../../tests/scale/generated-feeds.ts';
import { feedTraits, webRss } from '../poll/web-farm.ts';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '3000' },
    runs: { type: 'string', default: '5' },
    baseline: { type: 'string' },
  },
});
const ENTRIES = Number(values.entries);
const RUNS = Number(values.runs);
const SUMMARY_LENGTH = 280;

interface Entry {
  title: string;
  body: string;
}

interface Cleaner {
  label: string;
  clean: (entry: Entry) => [string, string];
  split: (line: string) => string[];
}

async function cleaner(label: string, repo: string): Promise<Cleaner> {
  const { cleanText } = (await import(join(repo, 'src/text/clean.ts'))) as typeof Clean;
  const { summarize } = (await import(join(repo, 'src/text/summary.ts'))) as typeof Summary;
  const { splitSentences } = (await import(join(repo, 'src/text/sentences.ts'))) as typeof Sentences;
  return {
    label,
    split: splitSentences,
    clean: ({ title, body }) => {
      const text = cleanText(body);
      return [text, summarize(text, { maxLength: SUMMARY_LENGTH, title })];
    },
  };
}

/** The first `count` entries of the web farm's feeds 0, 1, 2, ... at revision 0. */
function webFarmEntries(count: number): Entry[] {
  const entries: Entry[] = [];
  for (let feed = 0; entries.length < count; feed += 1) {
    const rss = webRss(feed, 0, feedTraits(feed), (k) => Date.UTC(2026, 0, 5) + k * 60_000);
    for (const [, title, body] of rss.matchAll(/<title>([^<]*)<\/title><link>[^<]*<\/link><description><!\[CDATA\[(.*?)\]\]>/gs)) {
      entries.push({ title: title!, body: body! });
    }
  }
  return entries.slice(0, count);
}

const NAMES = ['Dr. Ilsa Morrow', 'Mayor J. R. Teague', 'Sen. Ana Brightwater', 'St. Brennan', 'the U.S. Coast Guard', 'Prof. Oduya'];
const PLACES = ['Millbrook', 'Eastgate', 'Northfield', 'Lakeview Quarry', 'the Riverside depot'];
const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Sentence `n` of a news paragraph: ASCII but for the typographic quotes and dashes some carry. */
function newsSentence(seed: number): string {
  const pick = <T>(list: readonly T[], salt: number): T => list[(seed * 7 + salt) % list.length]!;
  const body = words(seed, 8 + (seed % 14));
  switch (seed % 9) {
    case 0:
      return `${pick(NAMES, 1)} said the ${body} would reopen on Sept. ${1 + (seed % 28)}.`;
    case 1:
      return `"${capitalized(body)}," said ${pick(NAMES, 2)}.`;
    case 2:
      return `Route No. ${seed % 40} to ${pick(PLACES, 3)} runs at 6 p.m. after the ${body}.`;
    case 3:
      return `Why ${body}? Nobody in ${pick(PLACES, 4)} knows.`;
    case 4:
      return `${capitalized(body)} (about ${seed % 90}% of it, e.g. the ${pick(PLACES, 5)} lots) is done!`;
    case 5:
      return `“${capitalized(body)},” ${pick(NAMES, 6)} told the council — twice.`;
    case 6:
      return `The ${pick(PLACES, 7)} board’s ${body} costs $${(seed % 900) / 10}m.`;
    default:
      return `${capitalized(body)} in ${pick(PLACES, 8)}.`;
  }
}

/** News-like entries: 2-12 paragraphs of 1-6 sentences, some repeated, some with a trailer. */
function newsEntries(count: number): Entry[] {
  return Array.from({ length: count }, (_, entry) => {
    const paragraphs: string[] = [];
    for (let p = 0; p < 2 + (entry % 11); p += 1) {
      const seed = entry * 131 + p * 17;
      const sentences = Array.from({ length: 1 + (seed % 6) }, (_, s) => newsSentence(seed + s * 5));
      paragraphs.push(`<p>${sentences.join(' ')}</p>`);
    }
    if (entry % 5 === 0) paragraphs.push(paragraphs[0]!);
    if (entry % 7 === 0) paragraphs.push('<p><a href="https://local-news.example/more">Continue reading…</a></p>');
    return { title: capitalized(words(entry, 7)), body: paragraphs.join('\n') };
  });
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const median = (list: number[]): number => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;

const cleaners = [await cleaner('this branch', resolve(import.meta.dirname, '../..'))];
if (values.baseline) cleaners.push(await cleaner('baseline', resolve(values.baseline)));
const corpora: [string, Entry[]][] = [
  ['web farm', webFarmEntries(ENTRIES)],
  ['news', newsEntries(ENTRIES)],
];

/** Runs each cleaner's `work` RUNS times, interleaved, and prints the CPU medians per 10,000 entries. */
function report(what: string, entries: number, work: (() => void)[]): void {
  const samples = work.map(() => [] as number[]);
  for (let run = 0; run < RUNS; run += 1) {
    work.forEach((once, c) => {
      const start = cpuMs();
      once();
      samples[c]!.push(((cpuMs() - start) * 10_000) / entries);
    });
  }
  console.log(`  ${what}:`);
  cleaners.forEach(({ label }, c) => {
    const runs = samples[c]!.map((ms) => Math.round(ms)).join(', ');
    console.log(`    ${label}: ${Math.round(median(samples[c]!))} ms CPU per 10,000 entries (median of ${RUNS}: ${runs})`);
  });
  if (cleaners.length > 1) console.log(`    this branch / baseline: ${(median(samples[0]!) / median(samples[1]!)).toFixed(2)}`);
}

console.log(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ` +
    `${ENTRIES} entries a corpus, ${RUNS} runs${values.baseline ? `, baseline ${values.baseline}` : ''}`,
);
for (const [name, entries] of corpora) {
  const kb = entries.reduce((sum, { body }) => sum + body.length, 0) / entries.length / 1024;
  console.log(`\n${name}: ${entries.length} entries, ${kb.toFixed(1)} KB of HTML each on average`);
  const outputs = cleaners.map(({ clean }) => entries.map(clean));
  if (outputs.length > 1) {
    const differ = outputs[0]!.filter((out, i) => JSON.stringify(out) !== JSON.stringify(outputs[1]![i])).length;
    console.log(`  outputs that differ from the baseline's: ${differ} of ${entries.length}`);
  }
  report('cleanText + summarize', entries.length, cleaners.map(({ clean }) => () => entries.forEach(clean)));
  const lines = outputs[0]!.flatMap(([text]) => text.split('\n')).filter((line) => line !== '');
  const ascii = lines.filter((line) => /^[\x20-\x7e]*$/u.test(line)).length;
  console.log(`  ${lines.length} cleaned lines, ${Math.round((100 * ascii) / lines.length)}% of them ASCII (the fast path)`);
  report('splitSentences on those lines', entries.length, cleaners.map(({ split }) => () => lines.forEach(split)));
}

console.log(`\nload at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
