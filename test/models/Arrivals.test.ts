/**
 * Every generated arrival process against the integral of its rate. A Poisson count over a window
 * has variance equal to its mean, so |observed − expected| < 4·sqrt(expected) fails with probability
 * below 1e-4 per window for a correct generator, while a thinning mistake, a phase error or an
 * off-by-one segment shifts counts by many standard deviations at these sizes.
 */
import { describe, expect, it } from "vitest"
import { arrivalProcess, type ResolvedArrivals } from "../../src/models/Arrivals.ts"
import { diurnalRate } from "../../src/models/arrivals/Diurnal.ts"
import { Rng } from "../../src/sim/Rng.ts"

const generate = (a: ResolvedArrivals, until: number, seed = 1): Array<number> => {
  const rng = new Rng(seed, 1)
  const u = () => rng.next()
  const p = arrivalProcess(a)
  const out: Array<number> = []
  for (let t = p.next(0, u); t < until; t = p.next(t, u)) out.push(t)
  return out
}

const count = (ts: ReadonlyArray<number>, from: number, to: number) => ts.filter((t) => t >= from && t < to).length

const expectPoissonCount = (observed: number, expected: number) => expect(Math.abs(observed - expected)).toBeLessThan(4 * Math.sqrt(expected) + 1)

/** ∫ rate over [from, to) by the midpoint rule (fine enough for smooth rates). */
const integral = (rate: (t: number) => number, from: number, to: number, steps = 2000) => {
  let s = 0
  for (let i = 0; i < steps; i++) s += rate(from + ((i + 0.5) / steps) * (to - from))
  return (s * (to - from)) / steps
}

describe("arrival processes", () => {
  it("piecewise: counts per segment and across boundaries match the step rate", () => {
    const segments = [
      { fromSeconds: 0, ratePerSecond: 2 },
      { fromSeconds: 1000, ratePerSecond: 10 },
      { fromSeconds: 1500, ratePerSecond: 0 },
      { fromSeconds: 2000, ratePerSecond: 0.5 }
    ]
    const ts = generate({ type: "piecewise", segments }, 10_000)
    expectPoissonCount(count(ts, 0, 1000), 2000)
    expectPoissonCount(count(ts, 1000, 1500), 5000)
    expect(count(ts, 1500, 2000)).toBe(0)
    expectPoissonCount(count(ts, 2000, 10_000), 4000)
    expectPoissonCount(count(ts, 900, 1100), 200 + 1000) // straddles a step: 100 s at 2/s, 100 s at 10/s
    for (let i = 1; i < ts.length; i++) expect(ts[i]!).toBeGreaterThanOrEqual(ts[i - 1]!)
  })

  it("piecewise before its first step has rate 0", () => {
    const ts = generate({ type: "piecewise", segments: [{ fromSeconds: 500, ratePerSecond: 4 }] }, 1000)
    expect(count(ts, 0, 500)).toBe(0)
    expectPoissonCount(count(ts, 500, 1000), 2000)
  })

  it("diurnal: counts in every phase of the cycle match the integral of the rate (thinning, phase)", () => {
    const d = { meanRatePerSecond: 2, amplitude: 0.9, periodSeconds: 1000, phaseSeconds: 250, weekdayFactors: undefined }
    const ts = generate({ type: "diurnal", meanRatePerSecond: 2, amplitude: 0.9, periodSeconds: 1000, phaseSeconds: 250 }, 200_000)
    const rate = diurnalRate(d)
    // Ten phase bins of 100 s, summed over 200 periods.
    const bins = new Array<number>(10).fill(0)
    for (const t of ts) bins[Math.floor((t % 1000) / 100)]!++
    for (let bin = 0; bin < 10; bin++) expectPoissonCount(bins[bin]!, 200 * integral(rate, bin * 100, bin * 100 + 100))
    // The peak is where the phase says: the bin containing 250 s beats the one containing 750 s by far.
    expect(count(ts, 200, 300)).toBeGreaterThan(5 * count(ts, 700, 800))
  })

  it("diurnal weekday factors scale whole days", () => {
    const weekdayFactors = [1, 1, 1, 1, 1, 0.2, 0]
    const ts = generate({ type: "diurnal", meanRatePerSecond: 0.2, amplitude: 0, weekdayFactors }, 7 * 86400)
    for (let day = 0; day < 7; day++) expectPoissonCount(count(ts, day * 86400, (day + 1) * 86400), 0.2 * 86400 * weekdayFactors[day]!)
  })

  it("listed bursts add their rate during the burst only", () => {
    const ts = generate(
      {
        type: "bursts",
        baseRatePerSecond: 1,
        bursts: [
          { atSeconds: 3000, durationSeconds: 600, ratePerSecond: 9 },
          { atSeconds: 3300, durationSeconds: 100, ratePerSecond: 10 }
        ]
      },
      8000
    )
    expectPoissonCount(count(ts, 0, 3000), 3000)
    expectPoissonCount(count(ts, 3000, 3300), 3000)
    expectPoissonCount(count(ts, 3300, 3400), 2000) // overlapping bursts add up: 1 + 9 + 10
    expectPoissonCount(count(ts, 3400, 3600), 2000)
    expectPoissonCount(count(ts, 3600, 8000), 4400)
  })

  it("random bursts (MMPP) average base + burst rate × the share of time in bursts", () => {
    // 20 independent runs of 40,000 s; the spread of their counts gives the tolerance (4 SE).
    const counts = Array.from(
      { length: 20 },
      (_, seed) =>
        generate({ type: "bursts", baseRatePerSecond: 0.5, random: { ratePerSecond: 5, meanBurstSeconds: 100, meanGapSeconds: 900 } }, 40_000, seed + 1).length
    )
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length
    const se = Math.sqrt(counts.reduce((a, b) => a + (b - mean) ** 2, 0) / (counts.length - 1) / counts.length)
    const expected = 40_000 * (0.5 + 5 * 0.1)
    expect(Math.abs(mean - expected)).toBeLessThan(4 * se)
    expect(se).toBeLessThan(0.03 * expected)
    // …and it is burstier than Poisson: the count variance is far above the mean.
    expect((se * se * counts.length) / mean).toBeGreaterThan(5)
  })

  it("rateMultiplier scales every model's rate", () => {
    expectPoissonCount(generate({ type: "poisson", ratePerSecond: 1, rateMultiplier: 2 }, 10_000).length, 20_000)
    expectPoissonCount(generate({ type: "piecewise", segments: [{ fromSeconds: 0, ratePerSecond: 4 }], rateMultiplier: 0.5 }, 10_000).length, 20_000)
    expectPoissonCount(generate({ type: "diurnal", meanRatePerSecond: 1, amplitude: 0.5, rateMultiplier: 3 }, 86_400).length, 3 * 86_400)
  })

  it("meanRate is the integral of the rate over the run, divided by its length", () => {
    const piecewise = arrivalProcess({
      type: "piecewise",
      segments: [
        { fromSeconds: 0, ratePerSecond: 1 },
        { fromSeconds: 50, ratePerSecond: 3 }
      ]
    })
    expect(piecewise.meanRate(100)).toBeCloseTo(2, 12)
    expect(arrivalProcess({ type: "diurnal", meanRatePerSecond: 2, amplitude: 0.7 }).meanRate(86_400)).toBeCloseTo(2, 3)
  })
})

describe("arrival processes that can never produce a request end instead of looping", () => {
  it.each([
    ["a daily cycle whose every weekday factor is 0", { type: "diurnal", meanRatePerSecond: 1, amplitude: 0.5, weekdayFactors: [0, 0, 0, 0, 0, 0, 0] }],
    ["random bursts with no rate at all", { type: "bursts", baseRatePerSecond: 0, random: { ratePerSecond: 0, meanBurstSeconds: 10, meanGapSeconds: 10 } }],
    [
      "random bursts multiplied by 0",
      { type: "bursts", baseRatePerSecond: 0, random: { ratePerSecond: 5, meanBurstSeconds: 10, meanGapSeconds: 10 }, rateMultiplier: 0 }
    ]
  ])("%s", (_, arrivals) => {
    const p = arrivalProcess(arrivals as never)
    let draws = 0
    expect(p.next(0, () => (draws++, 0.5), 3600)).toBe(Number.POSITIVE_INFINITY)
    expect(draws).toBeLessThan(10)
  })

  it("a daily cycle that is busy one day a week skips the quiet days instead of thinning through them", () => {
    const p = arrivalProcess({ type: "diurnal", meanRatePerSecond: 1000, amplitude: 0, weekdayFactors: [0, 0, 0, 0, 0, 0, 1] } as never)
    let draws = 0
    let u = 0.37
    const t = p.next(0, () => (draws++, (u = (u * 9301 + 0.4927) % 1 || 0.5)), 7 * 86400)
    expect(t).toBeGreaterThanOrEqual(6 * 86400)
    expect(draws).toBeLessThan(100)
  })
})
