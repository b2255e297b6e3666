/** Piecewise: step-rate normalisation, rateAt/meanRate by hand, exact arrivals for a fixed uniform, and no arrival in a zero-rate segment. */
import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { normaliseSteps, piecewiseProcess, type RateStep } from "../../../src/models/arrivals/Piecewise.ts"
import { Rng } from "../../../src/sim/Rng.ts"

/** Every arrival before `until`, from the uniform source `u`. */
const arrivals = (steps: ReadonlyArray<RateStep>, until: number, u: () => number): Array<number> => {
  const p = piecewiseProcess(steps)
  const out: Array<number> = []
  for (let t = p.next(0, u); t < until; t = p.next(t, u)) out.push(t)
  return out
}

/** u = 0.5 makes every exponential gap exactly mean × ln 2, whether a generator inverts u or 1 − u. */
const half = () => 0.5
const LN2 = Math.log(2)

describe("normaliseSteps", () => {
  it("adds rate 0 from t = 0 when the first step starts later, and sorts by time", () => {
    expect(normaliseSteps([])).toEqual([{ fromSeconds: 0, ratePerSecond: 0 }])
    expect(normaliseSteps([{ fromSeconds: 5, ratePerSecond: 1 }])).toEqual([
      { fromSeconds: 0, ratePerSecond: 0 },
      { fromSeconds: 5, ratePerSecond: 1 }
    ])
    expect(
      normaliseSteps([
        { fromSeconds: 10, ratePerSecond: 2 },
        { fromSeconds: 0, ratePerSecond: 1 }
      ])
    ).toEqual([
      { fromSeconds: 0, ratePerSecond: 1 },
      { fromSeconds: 10, ratePerSecond: 2 }
    ])
  })
})

describe("rateAt and meanRate, by hand", () => {
  // Steps: 0 before 10 (implicit), 2/s on [10, 30), 0 on [30, 40), 4/s from 40.
  const steps = [
    { fromSeconds: 10, ratePerSecond: 2 },
    { fromSeconds: 30, ratePerSecond: 0 },
    { fromSeconds: 40, ratePerSecond: 4 }
  ]

  it("rateAt holds each rate from its step (inclusive) to the next (exclusive)", () => {
    const p = piecewiseProcess(steps)
    expect([0, 9.999, 10, 29.999, 30, 39.5, 40, 1e6].map((t) => p.rateAt(t))).toEqual([0, 0, 2, 2, 0, 0, 4, 4])
  })

  it("meanRate is the area under the steps over [0, duration] divided by duration", () => {
    const p = piecewiseProcess(steps)
    // [0,50]: 0·10 + 2·20 + 0·10 + 4·10 = 80 → 80 / 50 = 1.6.
    expect(p.meanRate(50)).toBeCloseTo(1.6, 12)
    // [0,20]: 0·10 + 2·10 = 20 → 1.
    expect(p.meanRate(20)).toBeCloseTo(1, 12)
    // [0,5]: before the first step → 0.
    expect(p.meanRate(5)).toBe(0)
    // A step after the end does not count: 1/s on [0,100), 5/s later; duration 50 → 1.
    expect(
      piecewiseProcess([
        { fromSeconds: 0, ratePerSecond: 1 },
        { fromSeconds: 100, ratePerSecond: 5 }
      ]).meanRate(50)
    ).toBeCloseTo(1, 12)
  })
})

describe("arrivals for a fixed uniform (u = 0.5, gaps of ln 2 / rate)", () => {
  it("follows each segment's rate and restarts at a step instead of carrying a gap over it", () => {
    // 1/s on [0,10): gap ln 2 ≈ 0.693 → arrivals k·ln2 for k = 1..14 (14·0.693 = 9.70; 15·0.693 = 10.40 crosses 10).
    // 0 on [10,20): none. 2/s from 20: restart at 20, gap ln2/2 ≈ 0.347 → 20 + k·0.347, k = 1..28 before 30 (28·0.347 = 9.70).
    const ts = arrivals(
      [
        { fromSeconds: 0, ratePerSecond: 1 },
        { fromSeconds: 10, ratePerSecond: 0 },
        { fromSeconds: 20, ratePerSecond: 2 }
      ],
      30,
      half
    )
    const expected = [...Array.from({ length: 14 }, (_, k) => (k + 1) * LN2), ...Array.from({ length: 28 }, (_, k) => 20 + ((k + 1) * LN2) / 2)]
    expect(ts).toHaveLength(expected.length)
    ts.forEach((t, i) => expect(t).toBeCloseTo(expected[i]!, 9))
  })

  it("a rate that rises at a step starts its own gaps at the step", () => {
    // 0.1/s on [0,5): the first gap 6.93 s crosses 5 → restart at 5 at 10/s: first arrival 5 + 0.0693.
    const p = piecewiseProcess([
      { fromSeconds: 0, ratePerSecond: 0.1 },
      { fromSeconds: 5, ratePerSecond: 10 }
    ])
    expect(p.next(0, half)).toBeCloseTo(5 + LN2 / 10, 12)
  })

  it("returns +Infinity once the rate is 0 for good, and before any positive step", () => {
    expect(
      piecewiseProcess([
        { fromSeconds: 0, ratePerSecond: 3 },
        { fromSeconds: 1, ratePerSecond: 0 }
      ]).next(2, half)
    ).toBe(Number.POSITIVE_INFINITY)
    expect(piecewiseProcess([]).next(0, half)).toBe(Number.POSITIVE_INFINITY)
    // Rate 0 before the first step at 100: the first arrival is 100 + ln2 / 4.
    expect(piecewiseProcess([{ fromSeconds: 100, ratePerSecond: 4 }]).next(0, half)).toBeCloseTo(100 + LN2 / 4, 12)
  })
})

describe("arrivals for random uniforms", () => {
  const stepsArb = fc
    .array(fc.record({ fromSeconds: fc.integer({ min: 0, max: 200 }), ratePerSecond: fc.constantFrom(0, 0, 0.5, 2, 10) }), { minLength: 1, maxLength: 6 })
    .map((s) => [...s].sort((a, b) => a.fromSeconds - b.fromSeconds))

  test.prop([stepsArb, fc.nat(1000)], { numRuns: 60 })("times never decrease, and none falls where the rate is 0", (steps, seed) => {
    const rng = new Rng(seed, 1)
    const p = piecewiseProcess(steps)
    const ts = arrivals(steps, 300, () => rng.next())
    const decreasing = ts.filter((t, i) => i > 0 && t < ts[i - 1]!)
    const inZeroRate = ts.filter((t) => t < 0 || !(p.rateAt(t) > 0))
    expect(decreasing).toEqual([])
    expect(inZeroRate).toEqual([])
  })

  it("recovers each segment's rate from its count", () => {
    // Counts are Poisson: |n − λ| < 4·sqrt(λ) fails with probability < 1e-4 per segment for a correct generator.
    // 3/s on [0,1000) → 3000 expected; 0.5/s on [1000,5000) → 2000; 20/s on [5000,5100) → 2000.
    const rng = new Rng(42, 1)
    const ts = arrivals(
      [
        { fromSeconds: 0, ratePerSecond: 3 },
        { fromSeconds: 1000, ratePerSecond: 0.5 },
        { fromSeconds: 5000, ratePerSecond: 20 }
      ],
      5100,
      () => rng.next()
    )
    const count = (a: number, b: number) => ts.filter((t) => t >= a && t < b).length
    for (const [a, b, expected] of [
      [0, 1000, 3000],
      [1000, 5000, 2000],
      [5000, 5100, 2000]
    ] as const) {
      expect(Math.abs(count(a, b) - expected)).toBeLessThan(4 * Math.sqrt(expected))
    }
  })
})
