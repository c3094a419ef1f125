// Aggregators and careless templates repeat a paragraph, or a whole article, several times
// over; a reader should meet each paragraph and each sentence once, in first-seen order. Feeds
// also repeat their lead cut short ("The council approved the budget on…" before or after the
// whole sentence): the cut copy goes, the whole one stays.
import { foldForCompare } from './fold.ts';
import { splitSentences } from './sentences.ts';

// Short sentences ("No.", "Watch.") legitimately recur in quotes; only longer ones are repeats.
const MIN_REPEAT_SENTENCE = 24;

// A sentence cut short by the publisher: "...", "…", "[...]" or "[…]" at its end.
const CUT_MARK = /\s*(?:\[(?:…|\.{3})\]|…|\.{3})["'”’)\]]*\s*$/u;
const ANY_CUT_MARK = /…|\.{3}/u;

function dropRepeatedSentences(
  line: string,
  lineKey: string,
  seen: Set<string>,
  isCutRepeat: (sentence: string) => boolean,
): string {
  const sentences = splitSentences(line);
  let out = '';
  for (const segment of sentences) {
    if (isCutRepeat(segment)) continue;
    // A line of one sentence is that sentence: folded once, not twice (most feed paragraphs).
    const key = sentences.length === 1 ? lineKey : foldForCompare(segment);
    if (key.length >= MIN_REPEAT_SENTENCE) {
      if (seen.has(key)) continue;
      seen.add(key);
    }
    out += segment;
  }
  return out.trim();
}

/** Whether a sentence is cut short and its words appear, uncut, elsewhere in `paragraphs`. */
function cutRepeatTest(paragraphs: string[][]): (sentence: string) => boolean {
  // Most texts have no cut mark at all, and then nothing needs splitting twice.
  if (!paragraphs.some((lines) => lines.some((line) => ANY_CUT_MARK.test(line)))) return () => false;
  // Only whole sentences count as the original: two identical cut copies are one lead, kept once.
  const whole = paragraphs
    .flat()
    .map((line) => splitSentences(line).filter((sentence) => !CUT_MARK.test(sentence)).join(''))
    .join('\n');
  const wholeText = foldForCompare(whole);
  return (sentence) => {
    if (!CUT_MARK.test(sentence)) return false;
    const stem = foldForCompare(sentence.replace(CUT_MARK, ''));
    return stem.length >= MIN_REPEAT_SENTENCE && wholeText.includes(stem);
  };
}

/** Paragraphs of lines with repeated lines and repeated sentences kept only the first time. */
export function removeRepeats(paragraphs: string[][]): string[][] {
  const seenLines = new Set<string>();
  const seenSentences = new Set<string>();
  const isCutRepeat = cutRepeatTest(paragraphs);
  const kept: string[][] = [];
  for (const paragraph of paragraphs) {
    const lines: string[] = [];
    for (const line of paragraph) {
      const lineKey = foldForCompare(line);
      if (seenLines.has(lineKey)) continue;
      seenLines.add(lineKey);
      const rest = dropRepeatedSentences(line, lineKey, seenSentences, isCutRepeat);
      if (rest !== '') lines.push(rest);
    }
    if (lines.length > 0) kept.push(lines);
  }
  return kept;
}
