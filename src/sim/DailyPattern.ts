/**
 * DailyPattern: the daily cycle of recorded submissions, fitted as the `diurnal` arrival model
 * (rate(t) = mean × (1 + amplitude × cos(2π (t − phase) / 86,400 s)), t from the first submission),
 * so a calibrated scenario's traffic can be extrapolated (longer runs, "what if traffic doubles")
 * beyond the recorded trace. Least squares on 15-minute counts: rate = m + a cos ωt + b sin ωt is
 * linear in (m, a, b). Needs at least one whole day of records.
 */

export interface DailyPattern {
  readonly meanRatePerSecond: number
  /** 0 = flat; at most 1. */
  readonly amplitude: number
  /** Seconds after the first submission (mod one day) where the rate peaks. */
  readonly phaseSeconds: number
}

const day = 86_400
const binSeconds = 900

/** The fitted cycle of sorted submission times (seconds from the first); null for less than a day. */
export const fitDailyPattern = (submittedSeconds: Float64Array): DailyPattern | null => {
  const n = submittedSeconds.length
  if (n === 0) return null
  const bins = Math.floor(submittedSeconds[n - 1]! / binSeconds)
  if (bins * binSeconds < day) return null
  const counts = new Float64Array(bins)
  for (let i = 0; i < n; i++) {
    const b = Math.floor(submittedSeconds[i]! / binSeconds)
    if (b < bins) counts[b]!++
  }
  // Normal equations of y = m + a·c + b·s over the bins' midpoints.
  const w = (2 * Math.PI) / day
  let s1 = 0,
    sc = 0,
    ss = 0,
    scc = 0,
    sss = 0,
    scs = 0,
    sy = 0,
    syc = 0,
    sys = 0
  for (let k = 0; k < bins; k++) {
    const t = (k + 0.5) * binSeconds
    const c = Math.cos(w * t)
    const s = Math.sin(w * t)
    const y = counts[k]! / binSeconds
    s1++
    sc += c
    ss += s
    scc += c * c
    sss += s * s
    scs += c * s
    sy += y
    syc += y * c
    sys += y * s
  }
  const [m, a, b] = solve3(
    [
      [s1, sc, ss],
      [sc, scc, scs],
      [ss, scs, sss]
    ],
    [sy, syc, sys]
  )
  if (!(m > 0)) return null
  const phase = (((Math.atan2(b, a) / w) % day) + day) % day
  return { meanRatePerSecond: m, amplitude: Math.min(1, Math.hypot(a, b) / m), phaseSeconds: phase }
}

/** Solves a 3×3 linear system by Cramer's rule. */
const solve3 = (A: ReadonlyArray<readonly [number, number, number]>, y: readonly [number, number, number]): [number, number, number] => {
  const det = (M: ReadonlyArray<readonly [number, number, number]>) =>
    M[0]![0] * (M[1]![1] * M[2]![2] - M[1]![2] * M[2]![1]) -
    M[0]![1] * (M[1]![0] * M[2]![2] - M[1]![2] * M[2]![0]) +
    M[0]![2] * (M[1]![0] * M[2]![1] - M[1]![1] * M[2]![0])
  const d = det(A)
  const column = (j: number) => A.map((row, i) => row.map((v, k) => (k === j ? y[i]! : v)) as unknown as readonly [number, number, number])
  return [det(column(0)) / d, det(column(1)) / d, det(column(2)) / d]
}
