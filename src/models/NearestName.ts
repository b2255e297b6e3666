/**
 * NearestName: the "did you mean …?" of every error about a name (an unknown field, flag, metric or
 * setting): the known name within two edits of what was typed, ignoring case.
 */

/** Levenshtein distance, small strings only. */
const distance = (a: string, b: string): number => {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1))
      diag = up
    }
  }
  return row[b.length]!
}

/** The known name nearest to `name` (at most two edits away, ignoring case), if any; ties go to the first. */
export const nearestName = (name: string, known: ReadonlyArray<string>): string | undefined => {
  let best: string | undefined
  let bestDistance = 3
  const typed = name.toLowerCase()
  for (const candidate of known) {
    const d = distance(candidate.toLowerCase(), typed)
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  return best
}
