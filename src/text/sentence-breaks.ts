// The sentence segments of Intl.Segmenter('en', { granularity: 'sentence' }), found without ICU
// for ASCII text, which most feed text is. Segmenting cost 6.6% of a first poll's CPU (issue 20):
// ICU walks its rule tables and V8 builds an object per segment. For ASCII the Unicode sentence
// break rules (UAX #29, SB1-SB998) are short, since ASCII has no Sep, Format, Extend or OLetter
// character; tests hold this to the segmenter on random text built to stress every rule.

// Made on first use, as truncate.ts makes its own: building a segmenter loads ICU data (17 ms
// here), which a command that cleans no text would otherwise pay at start.
let segmenter: Intl.Segmenter | undefined;
function icuSegments(text: string): string[] {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'sentence' });
  return Array.from(segmenter.segment(text), ({ segment }) => segment);
}

// The Sentence_Break classes of ASCII characters (UAX #29 table 4) that the rules tell apart.
const OTHER = 0;
const CR = 1;
const LF = 2;
const SP = 3;
const LOWER = 4;
const UPPER = 5;
const NUMERIC = 6;
const ATERM = 7;
const STERM = 8;
const CLOSE = 9;
const SCONTINUE = 10;

const CLASS_OF = new Uint8Array(128);
for (const [chars, kind] of [
  ['\r', CR],
  ['\n', LF],
  ['\t\v\f ', SP],
  ['abcdefghijklmnopqrstuvwxyz', LOWER],
  ['ABCDEFGHIJKLMNOPQRSTUVWXYZ', UPPER],
  ['0123456789', NUMERIC],
  ['.', ATERM],
  ['!?', STERM],
  ['"\'()[]{}', CLOSE],
  [',-:', SCONTINUE],
] as const) {
  for (const char of chars) CLASS_OF[char.charCodeAt(0)] = kind;
}
// Unicode 16 made ";" SContinue (it was Other), and Node 20 builds ship ICU from either side of
// that: the segmenter is asked, once. As SContinue ";" keeps "Go! ;" one segment (SB8a).
let semicolonAsked = false;
function askSemicolon(): void {
  CLASS_OF[0x3b] = icuSegments('Go! ;').length === 1 ? SCONTINUE : OTHER;
  semicolonAsked = true;
}

/** The class of the ASCII character at `i`; Other before the start. */
function classOf(text: string, i: number): number {
  return CLASS_OF[text.charCodeAt(i)] ?? OTHER;
}

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * SB8: after "ATerm Close* Sp*", no break when a lower-case letter follows, ahead of any other
 * letter, terminator or paragraph separator ("etc. (and so on)", "p. 3 of them").
 */
function lowerFollows(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const kind = classOf(text, i);
    if (kind === LOWER) return true;
    if (kind === UPPER || kind === CR || kind === LF || kind === ATERM || kind === STERM) return false;
  }
  return false;
}

/** The segments of ASCII `text`, joining to `text`: SB3-SB11 where they can apply, SB998 elsewhere. */
function asciiSegments(text: string): string[] {
  const segments: string[] = [];
  let start = 0;
  // The terminator (ATerm or STerm) that "SATerm Close* Sp*" before the current position starts
  // with, or -1; and whether that run has reached its spaces.
  let term = -1;
  let spaced = false;
  for (let i = 0; i < text.length; i++) {
    const kind = classOf(text, i);
    if (i > 0 && breaksBefore(text, i, term, spaced)) {
      segments.push(text.slice(start, i));
      start = i;
    }
    if (kind === ATERM || kind === STERM) {
      term = i;
      spaced = false;
    } else if (term >= 0 && kind === SP) spaced = true;
    else if (term < 0 || kind !== CLOSE || spaced) term = -1;
  }
  if (start < text.length) segments.push(text.slice(start));
  return segments;
}

function breaksBefore(text: string, i: number, term: number, spaced: boolean): boolean {
  const before = classOf(text, i - 1);
  const kind = classOf(text, i);
  if (before === CR) return kind !== LF; // SB3, SB4
  if (before === LF) return true; // SB4
  if (term < 0) return false; // SB998
  if (kind === SP || kind === CR || kind === LF) return false; // SB9, SB10
  if (kind === SCONTINUE || kind === ATERM || kind === STERM) return false; // SB8a
  if (kind === CLOSE && !spaced) return false; // SB9
  if (classOf(text, term) !== ATERM) return true; // SB11
  if (term === i - 1) {
    if (kind === NUMERIC) return false; // SB6
    const letter = classOf(text, i - 2);
    if (kind === UPPER && (letter === UPPER || letter === LOWER)) return false; // SB7
  }
  return !lowerFollows(text, i); // SB8, else SB11
}

/** The segments Intl.Segmenter's English sentence granularity splits `text` into, in order. */
export function sentenceSegments(text: string): string[] {
  if (NON_ASCII.test(text)) return icuSegments(text);
  if (!semicolonAsked) askSemicolon();
  return asciiSegments(text);
}
