// Text folding, one function per purpose: "is this the same text?" comparisons (foldForCompare)
// and the case and accents that words of items, headlines and queries fold away (foldAccents),
// which dedup/words.ts and match/fold.ts split into words each their own way.

// In ASCII, NFKC changes nothing, and the punctuation, symbols and spaces are exactly every
// printable character but letters and digits, plus the whitespace controls \t-\r. Most feed text
// is ASCII, and this pass costs a fraction of normalizing and of the Unicode property classes.
const ALL_ASCII = /^[^\u0080-\uffff]*$/;
const ASCII_SEPARATORS = /[\t-\r !-/:-@[-`{-~]+/g;
// The same separators as [\p{P}\p{S}\p{Z}\s]+, the ASCII ones named first and ASCII letters and
// digits kept from the Unicode classes: text that is not all ASCII is still mostly ASCII, and V8
// tests a character against those classes by a search through their ranges (twice as slow on
// news text, issue 20). No ASCII letter or digit is in the classes, so the set is the same.
const SEPARATORS = /(?:[\t-\r !-/:-@[-`{-~]|(?![\dA-Za-z])[\p{P}\p{S}\p{Z}\s])+/gu;

/** Lower-cased, NFKC-normalized words joined by single spaces; punctuation and symbols dropped. */
export function foldForCompare(text: string): string {
  if (ALL_ASCII.test(text)) return text.toLowerCase().replace(ASCII_SEPARATORS, ' ').trim();
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(SEPARATORS, ' ')
    .trim();
}

const ASCII = /^[\x20-\x7e]*$/;
const MARKS = /\p{M}+/gu;

/** Lower-cased, with accents and other combining marks removed ("Zelenskýy" -> "zelenskyy"). */
export function foldAccents(text: string): string {
  // Printable ASCII has nothing to decompose: most feed text and queries skip the NFKD pass.
  return ASCII.test(text) ? text.toLowerCase() : text.normalize('NFKD').replace(MARKS, '').toLowerCase();
}
