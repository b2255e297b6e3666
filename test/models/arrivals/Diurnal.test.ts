/** Diurnal: the daily-cycle rate by hand, thinning against the peak for a fixed uniform, weekday factors, meanRate, and counts by phase. */
import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { diurnalProcess, diurnalRate, type DiurnalRate } from "../../../src/models/arrivals/Diurnal.ts"
import { Rng } from "../../../src/sim/Rng.ts"

const DAY = 86400
const LN2 = Math.log(2)
/** u = 0.5: every exponential gap is exactly mean × ln 2, and a candidate is kept exactly when rate ≥ peak / 2. */
const half = () => 0.5

const cycle = (over: Partial<DiurnalRate>): DiurnalRate => ({
  meanRatePerSecond: 1,
  amplitude: 0,
  periodSeconds: DAY,
  phaseSeconds: 0,
  weekdayFactors: undefined,
  ...over
})

const arrivals = (d: DiurnalRate, until: number, u: () => number): Array<number> => {
  const p = diurnalProcess(d)
  const out: Array<number> = []
  for (let t = p.next(0, u, until); t < until; t = p.next(t, u, until)) out.push(t)
  return out
}

describe("diurnalRate, by hand", () => {
  it("peaks at the phase and bottoms out half a period later", () => {
    // mean 2, amplitude 0.5, period 100, phase 25: peak 2·1.5 = 3 at 25 (and 125), trough 2·0.5 = 1 at 75, mean 2 a quarter period away.
    const rate = diurnalRate(cycle({ meanRatePerSecond: 2, amplitude: 0.5, periodSeconds: 100, phaseSeconds: 25 }))
    expect(rate(25)).toBeCloseTo(3, 12)
    expect(rate(125)).toBeCloseTo(3, 12)
    expect(rate(75)).toBeCloseTo(1, 12)
    expect(rate(50)).toBeCloseTo(2, 12)
    expect(rate(0)).toBeCloseTo(2, 12)
  })

  it("amplitude 1 touches zero at the trough, never below", () => {
    // mean 3, amplitude 1, period 10, phase 0: 3·(1 + cos π) = 0 at t = 5.
    const rate = diurnalRate(cycle({ meanRatePerSecond: 3, amplitude: 1, periodSeconds: 10 }))
    expect(rate(5)).toBeCloseTo(0, 12)
    expect(rate(5)).toBeGreaterThanOrEqual(0)
    expect(rate(0)).toBeCloseTo(6, 12)
  })

  it("multiplies by the factor of the weekday (day 0 from t = 0, 7-day week)", () => {
    const rate = diurnalRate(cycle({ weekdayFactors: [1, 2, 3, 4, 5, 6, 7] }))
    expect(rate(DAY - 0.1)).toBeCloseTo(1, 12) // still day 0
    expect(rate(DAY)).toBeCloseTo(2, 12) // day 1 starts
    expect(rate(6 * DAY + 5)).toBeCloseTo(7, 12) // day 6
    expect(rate(8 * DAY + 10)).toBeCloseTo(2, 12) // day 8 = day 1 of week 2
  })
})

describe("meanRate, by hand", () => {
  it("is the mean over whole periods, and includes the cosine's area over part of one", () => {
    expect(diurnalProcess(cycle({ meanRatePerSecond: 2, amplitude: 0.8, periodSeconds: 1000 })).meanRate(10_000)).toBeCloseTo(2, 6)
    // mean 1, amplitude 1, period 100, phase 0, over [0, 25]: 1 + (100 / 2π)·sin(π/2) / 25 = 1 + 2/π ≈ 1.6366.
    expect(diurnalProcess(cycle({ amplitude: 1, periodSeconds: 100 })).meanRate(25)).toBeCloseTo(1 + 2 / Math.PI, 4)
  })

  it("averages the weekday factors over a week", () => {
    // mean 2, flat, factors [1,1,1,1,1,0.5,0]: 2 · 5.5 / 7 = 11/7 ≈ 1.5714.
    expect(diurnalProcess(cycle({ meanRatePerSecond: 2, weekdayFactors: [1, 1, 1, 1, 1, 0.5, 0] })).meanRate(7 * DAY)).toBeCloseTo(11 / 7, 2)
  })
})

describe("arrivals for a fixed uniform (u = 0.5)", () => {
  it("a flat cycle keeps every candidate: one arrival every ln 2 / mean seconds", () => {
    const p = diurnalProcess(cycle({ meanRatePerSecond: 2 }))
    expect(p.next(0, half)).toBeCloseTo(LN2 / 2, 12)
    expect(p.next(10, half)).toBeCloseTo(10 + LN2 / 2, 12)
  })

  it("thins against the peak: with amplitude 1 only the half period around the peak keeps candidates", () => {
    // mean 1, amplitude 1, period 100, phase 0: peak 2, candidates every ln2/2 ≈ 0.3466 s; u·peak = 1 ≤ rate ⇔ cos ≥ 0,
    // i.e. t mod 100 in [0, 25] ∪ [75, 100). In [0, 100): k = 1..72 (72·0.3466 = 24.95) and k = 217..288 (75.21 … 99.81): 144.
    const ts = arrivals(cycle({ amplitude: 1, periodSeconds: 100 }), 100, half)
    expect(ts).toHaveLength(144)
    expect(ts.filter((t) => t > 25 && t < 75)).toEqual([])
    expect(ts[71]).toBeCloseTo(72 * (LN2 / 2), 9)
    expect(ts[72]).toBeCloseTo(217 * (LN2 / 2), 9)
  })

  it("skips days whose factor is 0 and resumes at the next day with a factor", () => {
    // Only day 0 of each week is busy. From 0.1 s before the end of day 0, the next candidate (ln 2 later) falls on day 1:
    // days 1–6 have no rate, so the next arrival is ln 2 after the start of day 7.
    const p = diurnalProcess(cycle({ weekdayFactors: [1, 0, 0, 0, 0, 0, 0] }))
    expect(p.next(DAY - 0.1, half)).toBeCloseTo(7 * DAY + LN2, 6)
  })

  it("thins each day against its own peak: a busier next day is not undersampled", () => {
    // Flat rate 1/s on day 0, 3/s on day 1. From 0.1 s before midnight the day-0 candidate (ln 2 later) crosses into day 1,
    // so day 1 starts afresh at its peak 3/s: the next arrival is midnight + ln2/3, not the crossing candidate at +0.593 s.
    const p = diurnalProcess(cycle({ weekdayFactors: [1, 3, 1, 1, 1, 1, 1] }))
    expect(p.next(DAY - 0.1, half)).toBeCloseTo(DAY + LN2 / 3, 6)
  })

  it("stops looking at the horizon: +Infinity when nothing can arrive before it", () => {
    const p = diurnalProcess(cycle({ weekdayFactors: [1, 0, 0, 0, 0, 0, 0] }))
    expect(p.next(DAY - 0.1, half, 3 * DAY)).toBe(Number.POSITIVE_INFINITY)
    // Every factor 0, or mean ≤ 0: never anything.
    expect(diurnalProcess(cycle({ weekdayFactors: [0, 0, 0, 0, 0, 0, 0] })).next(0, half)).toBe(Number.POSITIVE_INFINITY)
  })
})

describe("arrivals for random uniforms", () => {
  it("counts around the peak and around the trough match the integral of the rate (phase included)", () => {
    // mean 1, amplitude 0.5, period 1000, phase 250: per period, [0, 500) (centred on the peak) expects
    // ∫ 1 + 0.5·cos(2π(t − 250)/1000) dt = 500 + 0.5·1000/π ≈ 659.15, [500, 1000) expects 500 − 159.15 = 340.85.
    // Over 100 periods: 65915 and 34085; Poisson counts, tolerance 4·sqrt(λ) (fails with probability < 1e-4).
    const rng = new Rng(7, 1)
    const ts = arrivals(cycle({ amplitude: 0.5, periodSeconds: 1000, phaseSeconds: 250 }), 100_000, () => rng.next())
    const early = ts.filter((t) => t % 1000 < 500).length
    const late = ts.length - early
    expect(Math.abs(early - 65_915)).toBeLessThan(4 * Math.sqrt(65_915))
    expect(Math.abs(late - 34_085)).toBeLessThan(4 * Math.sqrt(34_085))
  })

  const factorsArb = fc.array(fc.constantFrom(0, 0, 0.5, 1, 2), { minLength: 7, maxLength: 7 })

  test.prop([factorsArb, fc.nat(1000), fc.double({ min: 0, max: 1, noNaN: true })], { numRuns: 25 })(
    "times never decrease, and none falls on a day whose factor is 0",
    (weekdayFactors, seed, amplitude) => {
      const rng = new Rng(seed, 1)
      const ts = arrivals(cycle({ meanRatePerSecond: 0.002, amplitude, periodSeconds: 3 * 3600, weekdayFactors }), 14 * DAY, () => rng.next())
      expect(ts.filter((t, i) => i > 0 && t < ts[i - 1]!)).toEqual([])
      expect(ts.filter((t) => weekdayFactors[Math.floor(t / DAY) % 7] === 0)).toEqual([])
    }
  )
})
