/**
 * Diurnal: a daily cycle, rate(t) = mean × (1 + amplitude × cos(2π (t − phase) / period)) × the
 * weekday's factor (day 0 starts at t = 0). Generated exactly by thinning: candidates from a
 * Poisson process at the peak rate, each kept with probability rate(t) / peak.
 */
import type { ArrivalProcess } from "../ArrivalProcess.ts"

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

export const diurnalRate =
  (d: DiurnalRate) =>
  (t: number): number => {
    const day = d.weekdayFactors === undefined ? 1 : d.weekdayFactors[Math.floor(t / 86400) % 7]!
    return Math.max(0, d.meanRatePerSecond * (1 + d.amplitude * Math.cos((2 * Math.PI * (t - d.phaseSeconds)) / d.periodSeconds)) * day)
  }

export const diurnalProcess = (d: DiurnalRate): ArrivalProcess => {
  const rateAt = diurnalRate(d)
  const factors = d.weekdayFactors ?? [1, 1, 1, 1, 1, 1, 1]
  // Thinning day by day, each day against its own peak: a day with factor 0 is skipped outright.
  const peakOf = (day: number) => d.meanRatePerSecond * (1 + d.amplitude) * factors[day % 7]!
  const never = factors.every((f) => f === 0) || d.meanRatePerSecond <= 0
  return {
    lastExecutionSeconds: Number.NaN,
    next: (now, u, horizon = Number.POSITIVE_INFINITY) => {
      if (never) return Number.POSITIVE_INFINITY
      let t = now
      while (t < horizon) {
        const day = Math.floor(t / 86400)
        const dayEnd = (day + 1) * 86400
        const peak = peakOf(day)
        if (peak <= 0) {
          t = dayEnd
          continue
        }
        const candidate = t - Math.log(u()) / peak
        if (candidate >= dayEnd) {
          t = dayEnd // memoryless: start the next day's candidates at its start
          continue
        }
        t = candidate
        if (u() * peak <= rateAt(t)) return t
      }
      return Number.POSITIVE_INFINITY
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
