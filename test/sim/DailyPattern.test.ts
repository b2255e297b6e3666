/**
 * DailyPattern: the daily cycle of recorded submissions. Arrivals drawn from the diurnal model with
 * known parameters come back within tolerances set by their count: two days at a mean of 1/s are
 * 172,800 arrivals in 192 bins of 900 s; the least-squares amplitude then has a standard error of
 * about √(2/192)·√(900)/900 ≈ 0.4 % of the mean, so 3 % (and 20 minutes of phase) is generous.
 */
import { describe, expect, it } from "vitest"
import { diurnalProcess } from "../../src/models/arrivals/Diurnal.ts"
import { fitDailyPattern } from "../../src/sim/DailyPattern.ts"
import { Rng } from "../../src/sim/Rng.ts"

const arrivals = (mean: number, amplitude: number, phaseSeconds: number, seconds: number): Float64Array => {
  const p = diurnalProcess({ meanRatePerSecond: mean, amplitude, periodSeconds: 86_400, phaseSeconds, weekdayFactors: undefined })
  const rng = new Rng(5, 1)
  const u = () => rng.next()
  const out: Array<number> = []
  for (let t = p.next(0, u, seconds); t < seconds; t = p.next(t, u, seconds)) out.push(t)
  return Float64Array.from(out)
}

describe("fitDailyPattern", () => {
  it("recovers the mean, amplitude and peak of a known daily cycle", () => {
    const fit = fitDailyPattern(arrivals(1, 0.6, 15 * 3600, 2 * 86_400))!
    expect(fit.meanRatePerSecond).toBeGreaterThan(0.97)
    expect(fit.meanRatePerSecond).toBeLessThan(1.03)
    expect(Math.abs(fit.amplitude - 0.6)).toBeLessThan(0.03)
    expect(Math.abs(fit.phaseSeconds - 15 * 3600)).toBeLessThan(1200)
  })

  it("finds a peak just after midnight of the cycle (phase wraps around the day)", () => {
    const fit = fitDailyPattern(arrivals(0.5, 0.8, 600, 2 * 86_400))!
    const gap = Math.min(Math.abs(fit.phaseSeconds - 600), 86_400 - Math.abs(fit.phaseSeconds - 600))
    expect(gap).toBeLessThan(1200)
    expect(fit.phaseSeconds).toBeGreaterThanOrEqual(0)
    expect(fit.phaseSeconds).toBeLessThan(86_400)
  })

  it("sees a flat rate as flat", () => {
    const fit = fitDailyPattern(arrivals(1, 0, 0, 2 * 86_400))!
    expect(fit.amplitude).toBeLessThan(0.02)
  })

  it("fits nothing under a day of records, or none", () => {
    expect(fitDailyPattern(arrivals(1, 0.6, 0, 80_000))).toBeNull()
    expect(fitDailyPattern(new Float64Array(0))).toBeNull()
  })
})
