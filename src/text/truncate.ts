// Shortening text for a length limit without cutting inside a word, a URL or a surrogate
// pair. Lengths are UTF-16 units, the unit Slack and Discord count in.
import { sliceWhole } from './sanitize.ts';

export const ELLIPSIS = '…';

// Made on first use: building a segmenter loads ICU data, which a command that cuts no text
// (`herald poll --once` with nothing to post) would otherwise pay at start.
const segmenters = new Map<'word' | 'grapheme', Intl.Segmenter>();
function segmenter(granularity: 'word' | 'grapheme'): Intl.Segmenter {
  let made = segmenters.get(granularity);
  if (made === undefined) {
    made = new Intl.Segmenter(undefined, { granularity });
    segmenters.set(granularity, made);
  }
  return made;
}

const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"]+/giu;
// Left dangling before an ellipsis these read as noise: "the war in Ukraine, …".
const DANGLING = /[\s,;:&\-–—([{"'“‘«「『]+$/u;

function urlSpans(text: string): [number, number][] {
  return [...text.matchAll(URL_PATTERN)].map((match) => [match.index, match.index + match[0].length]);
}

function insideUrl(position: number, spans: [number, number][]): boolean {
  return spans.some(([start, end]) => position > start && position < end);
}

/**
 * The cut cutPoint makes, found without segmenting, for the text nearly every summary is: ASCII
 * words and single spaces, no URL. Between an ASCII space and another ASCII character there is
 * always a word boundary (UAX #29 joins only spaces with spaces), so the last space edge within
 * the budget, when it lies in its second half, is the segmenter's choice. Null: segment instead.
 */
function plainCut(text: string, budget: number): number | null {
  if (text.length <= budget || /\b(?:https?:|www\.)/iu.test(text)) return null;
  for (let i = budget; i >= 1 && i >= budget / 2; i -= 1) {
    const before = text.charCodeAt(i - 1);
    const after = text.charCodeAt(i);
    // Other whitespace (line breaks split further) and non-ASCII need the segmenter's rules.
    if (before > 0x7e || after > 0x7e || before < 0x20 || after < 0x20) return null;
    if ((before === 0x20) !== (after === 0x20)) return i;
  }
  return null;
}

/**
 * The end of the longest prefix within `budget` that ends between words: preferably at a
 * space, else at a word-segmenter boundary (text without spaces), else, for one giant token,
 * between graphemes. Never inside a URL.
 */
function cutPoint(text: string, budget: number): number {
  const plain = plainCut(text, budget);
  if (plain !== null) return plain;
  const spans = urlSpans(text);
  let atSpace = 0;
  let atWord = 0;
  for (const { segment, index } of segmenter('word').segment(text)) {
    if (index > budget) break;
    if (index > 0 && !insideUrl(index, spans)) {
      atWord = index;
      if (/^\s/u.test(segment) || /\s/u.test(text.charAt(index - 1))) atSpace = index;
    }
  }
  if (atSpace > 0 && (atSpace >= budget / 2 || atWord === atSpace)) return atSpace;
  if (atWord > 0) return atWord;
  let atGrapheme = 0;
  for (const { segment, index } of segmenter('grapheme').segment(text)) {
    if (index + segment.length > budget) break;
    if (!insideUrl(index + segment.length, spans)) atGrapheme = index + segment.length;
  }
  return atGrapheme;
}

/**
 * `text` itself when it fits in `maxLength` UTF-16 units, else its longest prefix that ends
 * between words, followed by an ellipsis; '' when not even one word-piece fits.
 */
export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  if (maxLength <= ELLIPSIS.length) return '';
  // Only the start can survive the cut; segmenting the rest would be wasted work.
  const window = sliceWhole(text, maxLength + 1024);
  const kept = window.slice(0, cutPoint(window, maxLength - ELLIPSIS.length)).replace(DANGLING, '');
  return kept === '' ? '' : kept + ELLIPSIS;
}

/**
 * `escape(text)`, shortened by `truncate` before escaping until the escaped form fits in
 * `maxLength`: cutting after escaping could split an escape sequence and undo it.
 */
export function fitEscaped(text: string, maxLength: number, escape: (raw: string) => string): string {
  let budget = Math.min(text.length, maxLength);
  for (;;) {
    const escaped = escape(truncate(text, budget));
    if (escaped.length <= maxLength || budget <= 0) return escaped.length <= maxLength ? escaped : '';
    // Escapes grow text by a roughly even factor, so shrink in proportion, at least by one.
    budget = Math.min(budget - 1, Math.floor((budget * maxLength) / escaped.length));
  }
}

