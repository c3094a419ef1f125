// "Did you mean ...?": the known name nearest to a misspelt one, for every hint Herald gives
// (query fields and topics, config keys, command words, feed ids).

// Optimal string alignment distance, written here because the only edit-distance package in
// node_modules arrives transitively and is not a declared dependency; the lists it runs over
// (six fields, a config's topic names) are tiny.
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j += 1) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The candidate closest to a misspelt word, within two edits (one for short words), or null.
 * `ignoreCase` compares lower-cased and returns the candidate as written.
 */
export function closest(word: string, known: Iterable<string>, options: { ignoreCase?: boolean } = {}): string | null {
  const candidates = [...known];
  if (options.ignoreCase) {
    const folded = candidates.map((name) => name.toLowerCase());
    const guess = closest(word.toLowerCase(), folded);
    return guess === null ? null : (candidates[folded.indexOf(guess)] ?? null);
  }
  const limit = word.length <= 3 ? 1 : 2;
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
