/**
 * Diurnal: a daily cycle, rate(t) = mean × (1 + amplitude × cos(2π (t − phase) / period)) × the
 * weekday's factor (day 0 starts at t = 0). Generated exactly by thinning: candidates from a
 * Poisson process at the peak rate, each kept with probability rate(t) / peak.
 */
import type { ArrivalProcess } from "../Arrivals.ts"

export interface DiurnalRate {
  readonly meanRatePerSecond: number
  /** 0 = flat, 1 = the rate touches zero at the trough. */
  readonly amplitude: number
  readonly periodSeconds: number
  /** When in the period the peak falls, seconds. */
  readonly phaseSeconds: number
  /** One factor per weekday, day 0 first (the week is 7 days of 86,400 s). */
  readonly weekdayFactors: ReadonlyArray<number> | undefined
}

export const diurnalRate = (d: DiurnalRate) => (t: number): number => {
  const day = d.weekdayFactors === undefined ? 1 : d.weekdayFactors[Math.floor(t / 86400) % 7]!
  return Math.max(0, d.meanRatePerSecond * (1 + d.amplitude * Math.cos((2 * Math.PI * (t - d.phaseSeconds)) / d.periodSeconds)) * day)
}

export const diurnalProcess = (d: DiurnalRate): ArrivalProcess => {
  const rateAt = diurnalRate(d)
  const peak = d.meanRatePerSecond * (1 + d.amplitude) * Math.max(1, ...(d.weekdayFactors ?? [1]))
  return {
    lastExecutionSeconds: Number.NaN,
    next: (now, u) => {
      if (peak <= 0) return Number.POSITIVE_INFINITY
      let t = now
      for (;;) {
        t -= Math.log(u()) / peak
        if (u() * peak <= rateAt(t)) return t
      }
    },
    meanRate: (duration) => {
      const n = 10_000
      let sum = 0
      for (let i = 0; i < n; i++) sum += rateAt(((i + 0.5) / n) * duration)
      return sum / n
    },
    rateAt
  }
}
