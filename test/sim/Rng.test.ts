import { describe, expect, it } from "vitest"
import { Rng, Stream } from "../../src/sim/Rng.ts"

describe("Rng", () => {
  it("repeats a stream for the same seed and separates streams and seeds", () => {
    const draw = (seed: number, stream: number) => {
      const r = new Rng(seed, stream)
      return Array.from({ length: 5 }, () => r.next())
    }
    expect(draw(1, Stream.arrivals)).toEqual(draw(1, Stream.arrivals))
    expect(draw(1, Stream.arrivals)).not.toEqual(draw(1, Stream.execution))
    expect(draw(1, Stream.arrivals)).not.toEqual(draw(2, Stream.arrivals))
    expect(draw(2 ** 40, Stream.arrivals)).not.toEqual(draw(0, Stream.arrivals))
  })

  it("draws uniforms in (0, 1) with the right mean and spread", () => {
    // n = 10⁶ uniforms: the mean's standard error is sqrt(1/12)/1000 ≈ 2.9e-4, so ±0.0015 is > 5 SE.
    const r = new Rng(123, Stream.coldStart)
    let sum = 0
    let sumSq = 0
    let min = 1
    let max = 0
    const n = 1_000_000
    const bins = new Array<number>(10).fill(0)
    for (let i = 0; i < n; i++) {
      const u = r.next()
      sum += u
      sumSq += u * u
      min = Math.min(min, u)
      max = Math.max(max, u)
      bins[Math.floor(u * 10)]!++
    }
    expect(min).toBeGreaterThan(0)
    expect(max).toBeLessThan(1)
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.0015)
    expect(Math.abs(sumSq / n - sum ** 2 / n ** 2 - 1 / 12)).toBeLessThan(0.001)
    // Each decile holds 10⁵ ± 300 (SE); ±1500 is 5 SE.
    for (const b of bins) expect(Math.abs(b - n / 10)).toBeLessThan(1500)
  })
})
