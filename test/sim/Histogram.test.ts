import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { Histogram } from "../../src/sim/Histogram.ts"

/** The exact percentile with the same definition: smallest v with at least p % of values <= v. */
const exact = (sorted: ReadonlyArray<number>, p: number) => sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!

describe("Histogram", () => {
  it("is exact for a single value and for zeros", () => {
    const h = new Histogram()
    h.record(10)
    expect([h.percentile(50), h.percentile(99), h.mean(), h.max]).toEqual([10, 10, 10, 10])
    const z = new Histogram()
    for (let i = 0; i < 96; i++) z.record(0)
    for (let i = 0; i < 4; i++) z.record(3)
    expect(z.percentile(95)).toBe(0)
    expect(z.percentile(97)).toBe(3)
  })

  test.prop([fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 500 }), fc.double({ min: 0, max: 100, noNaN: true })])(
    "every percentile is within 0.4 % (or 1 µs) of the exact sample percentile",
    (values, p) => {
      const h = new Histogram()
      for (const v of values) h.record(v)
      const truth = exact(
        [...values].sort((a, b) => a - b),
        p
      )
      expect(Math.abs(h.percentile(p) - truth)).toBeLessThanOrEqual(Math.max(1e-6, truth * 0.004))
      expect(h.count).toBe(values.length)
    }
  )
})
