/**
 * Piecewise: a Poisson process whose rate is constant between breakpoints (step changes), generated
 * exactly: within a segment gaps are exponential at the segment's rate; a gap that would cross the
 * next breakpoint restarts there (the exponential is memoryless, so this is exact, not an
 * approximation of the rate).
 */
import type { ArrivalProcess } from "../ArrivalProcess.ts"

/** A rate that holds from `fromSeconds` until the next step. */
export interface RateStep {
  readonly fromSeconds: number
  readonly ratePerSecond: number
}

/** Steps sorted by time, starting at 0 (rate 0 before the first given step). */
export const normaliseSteps = (steps: ReadonlyArray<RateStep>): Array<RateStep> => {
  const sorted = [...steps].sort((a, b) => a.fromSeconds - b.fromSeconds)
  return sorted.length === 0 || sorted[0]!.fromSeconds > 0 ? [{ fromSeconds: 0, ratePerSecond: 0 }, ...sorted] : sorted
}

/** The exact generator for a step rate. */
export const piecewiseProcess = (stepsIn: ReadonlyArray<RateStep>): ArrivalProcess => {
  const steps = normaliseSteps(stepsIn)
  const from = Float64Array.from(steps, (s) => s.fromSeconds)
  const rate = Float64Array.from(steps, (s) => s.ratePerSecond)
  let seg = 0
  const rateAt = (t: number) => {
    let i = 0
    while (i + 1 < from.length && from[i + 1]! <= t) i++
    return rate[i]!
  }
  const meanRate = (duration: number) => {
    let area = 0
    for (let i = 0; i < from.length; i++) {
      const a = Math.min(from[i]!, duration)
      const b = Math.min(i + 1 < from.length ? from[i + 1]! : duration, duration)
      area += rate[i]! * (b - a)
    }
    return area / duration
  }
  // NOTE (performance): a constant rate (`poisson`) draws its gaps without the segment bookkeeping;
  // the gaps are the same numbers.
  const constant = rate[0]!
  if (from.length === 1 && constant > 0) return { lastExecutionSeconds: Number.NaN, next: (now, u) => now - Math.log(u()) / constant, meanRate, rateAt }
  return {
    lastExecutionSeconds: Number.NaN,
    next: (now, u) => {
      let t = now
      for (;;) {
        while (seg + 1 < from.length && from[seg + 1]! <= t) seg++
        const end = seg + 1 < from.length ? from[seg + 1]! : Number.POSITIVE_INFINITY
        const r = rate[seg]!
        if (r > 0) {
          const candidate = t - Math.log(u()) / r
          if (candidate < end) return candidate
        }
        if (end === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY
        t = end
      }
    },
    meanRate,
    rateAt
  }
}
