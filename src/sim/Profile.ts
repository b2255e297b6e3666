/**
 * Profile: how well the records pin each fitted start parameter down. Each search coordinate is
 * moved alone from the fit (log medians and log spreads by fixed offsets, the host count by whole
 * steps and doublings) and the distance of each point is compared with the fit's plus the noise of
 * one replay: the records are one draw, so a point within two standard deviations of one run's
 * distance (pooled over every candidate's seeds) cannot be told from the best by them.
 */

/** A point of the profile: coordinate `k` moved by `o` from the fit, giving coordinates `c`. */
export interface ProfilePoint {
  readonly k: number
  readonly o: number
  readonly c: ReadonlyArray<number>
}

const offsets = [-1, -0.5, -0.2, -0.1, 0.1, 0.2, 0.5, 1]

export const sampleSd = (xs: ReadonlyArray<number>): number => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length
  return Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / Math.max(1, xs.length - 1))
}

/** Twice the pooled spread of one run's distance over the seeds (a tenth of the fit's distance without spreads), at least 0.01. */
export const pooledNoise = (spread: ReadonlyArray<number>, score: number): number =>
  Math.max(0.01, spread.length > 0 ? 2 * Math.sqrt(spread.reduce((a, x) => a + x * x, 0) / spread.length) : 0.1 * score)

/**
 * The points to try around `coords` (log cold median, log cold spread, log FlashBoot median, log
 * FlashBoot spread, hosts), for the coordinates in `active` (the host count only with FlashBoot).
 * A spread cannot go below its floor (0.01): offsets past it would repeat the floor's point.
 */
export const profileCandidates = (coords: ReadonlyArray<number>, active: ReadonlyArray<number>, flashboot: boolean): Array<ProfilePoint> => {
  const hosts = coords[4]!
  const hostSteps = [...new Set([Math.max(1, Math.round(hosts / 2)), hosts - 1, hosts + 1, hosts * 2])].filter((h) => h >= 1 && h !== hosts)
  return [
    ...active
      .filter((k) => k < 4)
      .flatMap((k) =>
        offsets.filter((o) => !(k === 1 || k === 3) || coords[k]! + o >= 0.01).map((o) => ({ k, o, c: coords.map((x, j) => (j === k ? x + o : x)) }))
      ),
    ...(flashboot ? hostSteps.map((h) => ({ k: 4, o: h - hosts, c: coords.map((x, j) => (j === 4 ? h : x)) })) : [])
  ]
}

/**
 * The offsets of coordinate `k` around 0 that fit within `threshold`: on each side, walking out from
 * the fit (distance `score`), up to where the distance crosses the threshold (linear between the
 * points tried; whole steps for the host count); `open` when it never crossed within the range tried.
 */
export const profileRange = (
  points: ReadonlyArray<ProfilePoint>,
  scores: ReadonlyArray<number>,
  score: number,
  threshold: number,
  k: number
): { readonly lo: number; readonly hi: number; readonly open: boolean } => {
  const mine = points.flatMap((p, i) => (p.k === k ? [{ o: p.o, d: scores[i]! }] : []))
  const bound = (side: number): { readonly at: number; readonly open: boolean } => {
    const walk = mine.filter((p) => Math.sign(p.o) === side).sort((x, y) => Math.abs(x.o) - Math.abs(y.o))
    let o = 0
    let d = score
    for (const p of walk) {
      if (p.d > threshold) return { at: k === 4 ? o : o + ((p.o - o) * (threshold - d)) / (p.d - d), open: false }
      o = p.o
      d = p.d
    }
    return { at: o, open: walk.length > 0 }
  }
  const lo = bound(-1)
  const hi = bound(1)
  return { lo: lo.at, hi: hi.at, open: lo.open || hi.open }
}
