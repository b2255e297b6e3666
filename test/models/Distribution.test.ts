import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { Distribution, meanOf, sampler } from "../../src/models/Distribution.ts"
import { problemsFromIssue } from "../../src/models/ConfigProblem.ts"
import { Rng } from "../../src/sim/Rng.ts"

const draws = (d: Distribution, n: number) => {
  const r = new Rng(9, 99)
  const u = () => r.next()
  const s = sampler(d)
  return Array.from({ length: n }, () => s(u)).sort((a, b) => a - b)
}

describe("Distribution", () => {
  it("lognormal has the median and p95 it was given", () => {
    // n = 200,000: the sample median's relative SE is about 1.25·σ/√n ≈ 0.2 % (σ = 0.668), p95's about 0.35 %; 1.5 % is > 4 SE.
    const xs = draws({ type: "lognormal", median: 20, p95: 60 }, 200_000)
    expect(xs[100_000]! / 20).toBeCloseTo(1, 1)
    expect(Math.abs(xs[100_000]! / 20 - 1)).toBeLessThan(0.015)
    expect(Math.abs(xs[190_000]! / 60 - 1)).toBeLessThan(0.015)
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length
    expect(Math.abs(mean / meanOf({ type: "lognormal", median: 20, p95: 60 }) - 1)).toBeLessThan(0.015)
  })

  it("exponential, uniform, constant and empirical sample what they say", () => {
    const e = draws({ type: "exponential", mean: 2 }, 200_000)
    // mean 2, SE 2/√n ≈ 0.0045: ±0.02 is > 4 SE
    expect(Math.abs(e.reduce((a, b) => a + b, 0) / e.length - 2)).toBeLessThan(0.02)
    const u = draws({ type: "uniform", min: 1, max: 3 }, 10_000)
    expect(u[0]!).toBeGreaterThanOrEqual(1)
    expect(u[u.length - 1]!).toBeLessThanOrEqual(3)
    expect(draws(2.5, 3)).toEqual([2.5, 2.5, 2.5])
    expect(draws({ type: "constant", value: 0 }, 2)).toEqual([0, 0])
    expect(new Set(draws({ type: "empirical", samples: [1, 5, 9] }, 1000))).toEqual(new Set([1, 5, 9]))
  })

  it("rejects impossible parameters with a path", () => {
    const problems = (x: unknown) => {
      const r = Schema.decodeUnknownResult(Distribution)(x, { errors: "all", reportInput: true })
      return Result.isFailure(r) ? problemsFromIssue(r.failure.issue).map((p) => `${p.path}: ${p.message}`) : []
    }
    expect(problems({ type: "lognormal", median: 20, p95: 10 })).toEqual(["p95: expected a p95 >= the median (20), got 10"])
    expect(problems({ type: "uniform", min: 3, max: 1 })).toEqual(["max: expected a max >= the min (3), got 1"])
    expect(problems(-1)).toContain(": expected a number >= 0, got -1")
    expect(problems({ type: "empirical", samples: [] })).toEqual(["samples: expected at least one sample, got []"])
  })
})
