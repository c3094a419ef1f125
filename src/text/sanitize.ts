// Characters no feed text should carry into a message: C0/C1 controls (terminal escapes start
// with ESC), bidi overrides that make text read differently than it is stored, invisible
// formatting marks, and lone surrogates that break JSON encoders and length limits.

// Everything but \n, which separates paragraphs; tab, CR, VT and FF become spaces.
// eslint-disable-next-line no-control-regex -- matching control characters is this module's job
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/gu;
const SPACE_LIKE = new Set(['\t', '\r', '\v', '\f']);
// ANSI CSI/OSC sequences: removing only ESC would leave "[31m" litter behind.
// eslint-disable-next-line no-control-regex -- matching control characters is this module's job
const ANSI = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|[@-Z\\-_])|\u009B[0-?]*[ -/]*[@-~]/gu;
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
// Zero-width space/no-break and soft hyphen; U+200D (joiner) stays because emoji sequences need it.
const INVISIBLE = /[\u00AD\u200B\u2060\uFEFF]/gu;
// With the u flag a valid pair is one code point, so this class only meets lone halves.
const LONE_SURROGATE = /[\uD800-\uDFFF]/gu;
// Any half, paired or not: reading code units is twice as fast as reading code points, and
// text without a character beyond the BMP (most) has nothing for LONE_SURROGATE to find.
const SURROGATE = /[\uD800-\uDFFF]/;

/** Removes control characters, ANSI escape sequences, bidi overrides and invisible marks. */
export function stripUnsafeCharacters(text: string): string {
  const safe = text
    .replace(ANSI, '')
    .replace(CONTROL, (char) => (SPACE_LIKE.has(char) ? ' ' : ''))
    .replace(BIDI, '')
    .replace(INVISIBLE, '');
  return SURROGATE.test(safe) ? safe.replace(LONE_SURROGATE, '') : safe;
}

/** Cuts a string to at most `max` UTF-16 units without splitting a surrogate pair. */
export function sliceWhole(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/u.test(text.charAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}

// Whitespace runs but a lone space: replacing each run by a space leaves a lone space as it
// is, and most lines have no other kind, so a line comes back without a new string built for
// every word gap (six times faster on feed text, issue 20).
const SPACES_TO_SINGLE = / \s+|[^\S ]\s*/gu;

/** `text` with each run of whitespace made one space, trimmed. */
export function singleSpaced(text: string): string {
  return text.replace(SPACES_TO_SINGLE, ' ').trim();
}

/** Safe characters only, on one line with single spaces: for titles, names and labels. */
export function singleLine(text: string): string {
  return singleSpaced(stripUnsafeCharacters(text));
}
