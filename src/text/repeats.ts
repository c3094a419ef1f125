// Aggregators and careless templates repeat a paragraph, or a whole article, several times
// over; a reader should meet each paragraph and each sentence once, in first-seen order.
import { foldForCompare } from './fold.ts';

// Short sentences ("No.", "Watch.") legitimately recur in quotes; only longer ones are repeats.
const MIN_REPEAT_SENTENCE = 24;

const sentences = new Intl.Segmenter(undefined, { granularity: 'sentence' });

function dropRepeatedSentences(line: string, seen: Set<string>): string {
  let out = '';
  for (const { segment } of sentences.segment(line)) {
    const key = foldForCompare(segment);
    if (key.length >= MIN_REPEAT_SENTENCE) {
      if (seen.has(key)) continue;
      seen.add(key);
    }
    out += segment;
  }
  return out.trim();
}

/** Paragraphs of lines with repeated lines and repeated sentences kept only the first time. */
export function removeRepeats(paragraphs: string[][]): string[][] {
  const seenLines = new Set<string>();
  const seenSentences = new Set<string>();
  const kept: string[][] = [];
  for (const paragraph of paragraphs) {
    const lines: string[] = [];
    for (const line of paragraph) {
      const lineKey = foldForCompare(line);
      if (seenLines.has(lineKey)) continue;
      seenLines.add(lineKey);
      const rest = dropRepeatedSentences(line, seenSentences);
      if (rest !== '') lines.push(rest);
    }
    if (lines.length > 0) kept.push(lines);
  }
  return kept;
}
