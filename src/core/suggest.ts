// "Did you mean": the nearest known name to a mistyped command or flag, by edit distance.

/**
 * Optimal-string-alignment distance (Damerau–Levenshtein without repeated edits of one substring):
 * insertions, deletions, substitutions and swaps of two neighbours each cost 1, because the
 * commonest typos are one of those ("lgoin", "--profle").
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[a.length]![b.length]!;
}

/**
 * The known name closest to `input`, if it is at most 2 edits away and fewer edits than `input`
 * has characters (so "x" suggests nothing rather than any one-letter-off name). Ties go to the
 * earlier name in `known`. Case is ignored: "LOGIN" means login.
 */
export function closest(input: string, known: Iterable<string>): string | undefined {
  const typed = input.toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const name of known) {
    const d = editDistance(typed, name.toLowerCase());
    if (d <= 2 && d < typed.length && (!best || d < best.d)) best = { name, d };
  }
  return best?.name;
}
