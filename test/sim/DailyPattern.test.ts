/**
 * DailyPattern: the daily cycle of recorded submissions. Arrivals drawn from the diurnal model with
 * known parameters come back within tolerances set by their count: two days at a mean of 1/s are
 * 172,800 arrivals in 192 bins of 900 s; a bin's count has a Poisson standard error of √900 = 30
 * (3.3 % of its mean), so the least-squares amplitude's is about √(2/192)·3.3 % ≈ 0.35 % and the
 * phase's about 0.35 % / 0.6 of a radian ≈ 80 s. Asked: the mean within 1 %, the amplitude within
 * 0.02, the peak within 5 minutes (a third of a bin: an off-by-half-a-bin fit fails).
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
    expect(Math.abs(fit.meanRatePerSecond - 1)).toBeLessThan(0.01)
    expect(Math.abs(fit.amplitude - 0.6)).toBeLessThan(0.02)
    expect(Math.abs(fit.phaseSeconds - 15 * 3600)).toBeLessThan(300)
  })

  it("finds a peak just after midnight of the cycle (phase wraps around the day)", () => {
    const fit = fitDailyPattern(arrivals(0.5, 0.8, 600, 2 * 86_400))!
    const gap = Math.min(Math.abs(fit.phaseSeconds - 600), 86_400 - Math.abs(fit.phaseSeconds - 600))
    expect(gap).toBeLessThan(300)
    expect(Math.abs(fit.amplitude - 0.8)).toBeLessThan(0.02)
    expect(Math.abs(fit.meanRatePerSecond - 0.5)).toBeLessThan(0.005)
    expect(fit.phaseSeconds).toBeGreaterThanOrEqual(0)
    expect(fit.phaseSeconds).toBeLessThan(86_400)
  })

  it("fits a span that is not a whole number of days (the cos and sin terms no longer cancel)", () => {
    const fit = fitDailyPattern(arrivals(2, 0.3, 4 * 3600, 1.3 * 86_400))!
    expect(Math.abs(fit.meanRatePerSecond - 2)).toBeLessThan(0.02)
    expect(Math.abs(fit.amplitude - 0.3)).toBeLessThan(0.02)
    expect(Math.abs(fit.phaseSeconds - 4 * 3600)).toBeLessThan(300)
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
