/** Replications: hand-computed means, Student-t 95 % intervals and paired differences, with absent (null) and infinite figures as documented. */
import { describe, expect, it } from "vitest"
import { type Figure, type RunMetricName, runMetricNames } from "../../src/models/Slo.ts"
import { interval, pairedDifferences, type RunMetrics, summarise, tQuantile95 } from "../../src/sim/Replications.ts"

/** One run's figures: every metric 0 unless given. */
const run = (over: Partial<Record<RunMetricName, Figure>> = {}): RunMetrics =>
  ({ ...Object.fromEntries(runMetricNames.map((n) => [n, 0])), ...over }) as RunMetrics

const close = (
  actual: { mean: Figure; low: Figure; high: Figure; halfWidth: Figure },
  expected: { mean: number; low: number; high: number; halfWidth: number }
) => {
  expect(actual.mean).toBeCloseTo(expected.mean, 9)
  expect(actual.low).toBeCloseTo(expected.low, 9)
  expect(actual.high).toBeCloseTo(expected.high, 9)
  expect(actual.halfWidth).toBeCloseTo(expected.halfWidth, 9)
}

describe("tQuantile95", () => {
  it("gives Student's t two-sided 95 % quantiles, wider for fewer degrees of freedom, and none without any", () => {
    expect([1, 2, 4, 10, 30].map(tQuantile95)).toEqual([12.706, 4.303, 2.776, 2.228, 2.042])
    expect(tQuantile95(0)).toBe(Number.POSITIVE_INFINITY)
    const qs = Array.from({ length: 300 }, (_, i) => tQuantile95(i + 1))
    for (let i = 1; i < qs.length; i++) expect(qs[i]!).toBeLessThanOrEqual(qs[i - 1]!)
    expect(tQuantile95(1000)).toBe(1.96) // the normal quantile for large samples
  })
})

describe("interval", () => {
  it("n = 3: mean 10, sample variance 12, standard error 2, half-width 2 × t(2) = 8.606", () => {
    // Deviations −4, 2, 2: squares sum to 24, over n − 1 = 2 gives 12; √(12 / 3) = 2.
    close(interval([6, 12, 12]), { mean: 10, low: 10 - 8.606, high: 10 + 8.606, halfWidth: 8.606 })
  })

  it("n = 2: mean 2, variance 2, standard error 1, half-width t(1) = 12.706", () => {
    close(interval([3, 1]), { mean: 2, low: 2 - 12.706, high: 2 + 12.706, halfWidth: 12.706 })
  })

  it("identical values give a zero-width interval", () => {
    expect(interval([4, 4, 4, 4])).toEqual({ mean: 4, low: 4, high: 4, halfWidth: 0 })
  })

  it("one value gives a zero-width interval at that value (no spread known)", () => {
    expect(interval([7.5])).toEqual({ mean: 7.5, low: 7.5, high: 7.5, halfWidth: 0 })
  })

  it("no value, or a null among them, gives an absent interval", () => {
    const absent = { mean: null, low: null, high: null, halfWidth: null }
    expect(interval([])).toEqual(absent)
    expect(interval([1, null, 3])).toEqual(absent)
    expect(interval([Number.POSITIVE_INFINITY, null])).toEqual(absent) // absent wins over infinite
  })

  it("an infinite value (a percentile not reached) makes the whole interval infinite", () => {
    expect(interval([1, Number.POSITIVE_INFINITY, 3])).toEqual({ mean: Infinity, low: Infinity, high: Infinity, halfWidth: 0 })
  })
})

describe("summarise", () => {
  it("gives every metric its interval over the runs", () => {
    const runs = [run({ usdPerHour: 6, failed: 1 }), run({ usdPerHour: 12, failed: 1 }), run({ usdPerHour: 12, failed: 1, "endToEnd.p95": null })]
    const s = summarise(runs)
    expect(Object.keys(s).sort()).toEqual([...runMetricNames].sort())
    close(s.usdPerHour, { mean: 10, low: 1.394, high: 18.606, halfWidth: 8.606 })
    expect(s.failed).toEqual({ mean: 1, low: 1, high: 1, halfWidth: 0 })
    expect(s["endToEnd.p95"].mean).toBeNull()
    expect(s["delayTime.p50"]).toEqual({ mean: 0, low: 0, high: 0, halfWidth: 0 })
  })

  it("only the metrics asked for", () => {
    const s = summarise([run({ rejected: 2 }), run({ rejected: 4 })], ["rejected"])
    expect(Object.keys(s)).toEqual(["rejected"])
    expect(s.rejected.mean).toBe(3)
  })
})

describe("pairedDifferences", () => {
  it("intervals of b − a run by run: tight where both move together, whatever each run's spread", () => {
    const a = [10, 20, 30].map((x) => run({ usdPerHour: x }))
    const b = [16, 32, 42].map((x) => run({ usdPerHour: x })) // differences 6, 12, 12
    close(pairedDifferences(a, b).usdPerHour, { mean: 10, low: 1.394, high: 18.606, halfWidth: 8.606 })
    expect(pairedDifferences(b, a).usdPerHour.mean).toBeCloseTo(-10, 12) // the sign is b − a
  })

  it("pairs runs by index and ignores the runs of the longer side beyond the shorter", () => {
    const a = [1, 2, 3, 100].map((x) => run({ failed: x }))
    const b = [2, 3, 4].map((x) => run({ failed: x }))
    expect(pairedDifferences(a, b).failed).toEqual({ mean: 1, low: 1, high: 1, halfWidth: 0 })
  })

  it("is absent where a figure is absent or infinite in either run of a pair", () => {
    const a = [run({ "endToEnd.p95": 5, "endToEnd.p99": 5 }), run({ "endToEnd.p95": Number.POSITIVE_INFINITY, "endToEnd.p99": 6 })]
    const b = [run({ "endToEnd.p95": 4, "endToEnd.p99": null }), run({ "endToEnd.p95": 3, "endToEnd.p99": 2 })]
    const d = pairedDifferences(a, b, ["endToEnd.p95", "endToEnd.p99"])
    expect(d["endToEnd.p95"]).toEqual({ mean: null, low: null, high: null, halfWidth: null })
    expect(d["endToEnd.p99"]).toEqual({ mean: null, low: null, high: null, halfWidth: null })
    expect(Object.keys(d)).toEqual(["endToEnd.p95", "endToEnd.p99"])
  })

  it("no pairs: absent", () => {
    expect(pairedDifferences([], [run()]).usdPer1000.mean).toBeNull()
  })
})
