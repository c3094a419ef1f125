// Folding for "is this the same text?" comparisons: case, compatibility forms, punctuation and
// spacing differ between outlets and between a title and its standfirst, the words do not.

/** Lower-cased, NFKC-normalized words joined by single spaces; punctuation and symbols dropped. */
export function foldForCompare(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{Z}\s]+/gu, ' ')
    .trim();
}
