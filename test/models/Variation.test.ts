/** Variation: parsing `--vary path=values` (lists, ranges, pool lists, refusals), the grid of combinations, setPath and labels. */
import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { combinations, labelOf, parseVariation, setPath, type Variation, type VariedValue } from "../../src/models/Variation.ts"

const parsed = (spec: string): Variation => {
  const r = parseVariation(spec)
  if ("error" in r) throw new Error(r.error)
  return r.variation
}

const error = (spec: string): string => {
  const r = parseVariation(spec)
  return "error" in r ? r.error : `parsed as ${JSON.stringify(r.variation)}`
}

describe("parseVariation", () => {
  it("reads integer ranges, with a step", () => {
    expect(parsed("scaling.value=1..10")).toEqual({ path: "endpoint.scaling.value", values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] })
    // 0, 60, …, 600: (600 − 0) / 60 + 1 = 11 values
    expect(parsed("scaling.idleTimeout=0..600:60").values).toEqual([0, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600])
    expect(parsed("workers.max=1..9:3").values).toEqual([1, 4, 7]) // 10 would pass the high end
    expect(parsed("workers.max=1..10:3").values).toEqual([1, 4, 7, 10])
    expect(parsed("platform.pools.ADA_24.capacityGpus=-3..3:3").values).toEqual([-3, 0, 3])
    expect(parsed("workers.min=2..2").values).toEqual([2])
  })

  it("reads lists of numbers, booleans and words", () => {
    expect(parsed("scaling.idleTimeout=5,30,120")).toEqual({ path: "endpoint.scaling.idleTimeout", values: [5, 30, 120] })
    expect(parsed("flashboot=OFF,FLASHBOOT")).toEqual({ path: "endpoint.flashboot", values: ["OFF", "FLASHBOOT"] })
    expect(parsed("platform.drain=true,false")).toEqual({ path: "platform.drain", values: [true, false] })
    expect(parsed("platform.dispatch=random,newest").values).toEqual(["random", "newest"])
    expect(parsed("platform.scalerIntervalSeconds=0,0.5,2").values).toEqual([0, 0.5, 2])
    expect(parsed("timeout=1e3").values).toEqual([1000])
    expect(parsed(" scaling.value = 1 , 2 ").values).toEqual([1, 2]) // spaces around tokens are ignored
  })

  it("reads gpu.pools as pool lists joined by +", () => {
    expect(parsed("gpu.pools=ADA_24+AMPERE_24,AMPERE_80")).toEqual({ path: "endpoint.gpu.pools", values: [["ADA_24", "AMPERE_24"], ["AMPERE_80"]] })
    expect(parsed("endpoint.gpu.pools=ADA_24 + AMPERE_24").values).toEqual([["ADA_24", "AMPERE_24"]])
  })

  it("accepts endpoint. as a prefix and platform. for any setting", () => {
    expect(parsed("endpoint.workers.max=3").path).toBe("endpoint.workers.max")
    expect(parsed("workers.max=3").path).toBe("endpoint.workers.max")
    expect(parsed("platform.pools.ADA_24.capacityGpus=4").path).toBe("platform.pools.ADA_24.capacityGpus")
  })

  it("refuses a spec without a path or an =", () => {
    expect(error("scaling.value")).toMatch(/^cannot read --vary "scaling\.value": expected <path>=<values>, e\.g\. /)
    expect(error("=5")).toMatch(/^cannot read --vary "=5"/)
  })

  it("refuses endpoint fields that are not knobs, and unknown ones", () => {
    for (const field of ["name", "image", "env", "disk", "endpoint.args", "scaling.vaule", "workers"]) {
      expect(error(`${field}=1,2`)).toMatch(
        /: expected an endpoint field \(gpu\.pools, gpu\.count, workers\.min, workers\.max, scaling\.type, scaling\.value, scaling\.idleTimeout, timeout, flashboot, dataCenterIds, networkVolumes\) or platform\.<setting>$/
      )
    }
  })

  it("refuses paths that would reach an object's prototype", () => {
    expect(error("platform.__proto__.polluted=1")).toBe("--vary platform.__proto__.polluted: not a setting")
    expect(error("platform.pools.constructor=1")).toBe("--vary platform.pools.constructor: not a setting")
    expect(error("prototype=1")).toBe("--vary prototype: not a setting")
  })

  it("refuses empty values, reversed ranges, a zero step and more than 1000 values", () => {
    expect(error("scaling.value=")).toBe('--vary scaling.value: expected a list like 5,30,120 or a range like 1..10, got ""')
    expect(error("scaling.value=1,,2")).toMatch(/got "1,,2"$/)
    expect(error("scaling.value=1,2,")).toMatch(/got "1,2,"$/)
    expect(error("scaling.value=10..1")).toBe("--vary scaling.value: expected a range low..high[:step] with low <= high and step > 0, got 10..1")
    expect(error("scaling.value=1..10:0")).toMatch(/step > 0, got 1\.\.10:0$/)
    // A malformed range is an error, not a single text value that fails later.
    for (const bad of ["1..5:-1", "1.5..3", "1..3:", "1..x"])
      expect(error(`scaling.value=${bad}`)).toBe(`--vary scaling.value: expected a range of integers low..high[:step] (step a positive integer), got ${bad}`)
    // 0..1000 is 1001 values; 1..1000 is exactly 1000
    expect(error("platform.queueLimit=0..1000")).toBe("--vary platform.queueLimit: 1001 values is too many for one knob (at most 1000)")
    expect(parsed("platform.queueLimit=1..1000").values).toHaveLength(1000)
    expect(parsed("platform.queueLimit=0..1000:2").values).toHaveLength(501)
  })

  test.prop([fc.integer({ min: -500, max: 500 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 50 })])(
    "a range holds every step from low up to high, and nothing past high",
    (low, width, step) => {
      const values = parsed(`scaling.value=${low}..${low + width}:${step}`).values as Array<number>
      expect(values[0]).toBe(low)
      values.forEach((v, i) => expect(v).toBe(low + i * step))
      expect(values[values.length - 1]!).toBeLessThanOrEqual(low + width)
      expect(values[values.length - 1]! + step).toBeGreaterThan(low + width)
    }
  )
})

describe("combinations", () => {
  it("enumerates the grid with the first variation outermost", () => {
    const grid = combinations([
      { path: "endpoint.scaling.value", values: [1, 2] },
      { path: "platform.dispatch", values: ["random", "newest"] }
    ])
    expect(grid).toEqual([
      [
        ["endpoint.scaling.value", 1],
        ["platform.dispatch", "random"]
      ],
      [
        ["endpoint.scaling.value", 1],
        ["platform.dispatch", "newest"]
      ],
      [
        ["endpoint.scaling.value", 2],
        ["platform.dispatch", "random"]
      ],
      [
        ["endpoint.scaling.value", 2],
        ["platform.dispatch", "newest"]
      ]
    ])
  })

  it("no variation is one run as given; a variation with no values is no run", () => {
    expect(combinations([])).toEqual([[]])
    expect(
      combinations([
        { path: "a", values: [1] },
        { path: "b", values: [] }
      ])
    ).toEqual([])
  })

  test.prop([fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 4 })])("has the product of the sizes, each combination distinct and in order", (sizes) => {
    const variations = sizes.map((n, k) => ({ path: `p${k}`, values: Array.from({ length: n }, (_, i) => i) }))
    const grid = combinations(variations)
    expect(grid).toHaveLength(sizes.reduce((a, b) => a * b, 1))
    expect(new Set(grid.map((c) => JSON.stringify(c))).size).toBe(grid.length)
    for (const combo of grid) expect(combo.map(([p]) => p)).toEqual(variations.map((v) => v.path))
    // Read as mixed-radix numbers (first variation most significant), the combinations count up 0, 1, 2, …
    grid.forEach((combo, index) => expect(combo.reduce((n, [, v], k) => n * sizes[k]! + (v as number), 0)).toBe(index))
  })
})

describe("setPath", () => {
  it("sets a nested value, creating the objects on the way", () => {
    const target: Record<string, unknown> = { name: "x" }
    setPath(target, ["pools", "ADA_24", "capacityGpus"], 4)
    expect(target).toEqual({ name: "x", pools: { ADA_24: { capacityGpus: 4 } } })
    setPath(target, ["name"], "y")
    expect(target.name).toBe("y")
  })

  it("keeps siblings, and copies nested objects instead of changing ones the target shares", () => {
    const shared = { value: 4, idleTimeout: 5 }
    const a: Record<string, unknown> = { scaling: shared }
    const b: Record<string, unknown> = { scaling: shared }
    setPath(a, ["scaling", "value"], 1)
    expect(a).toEqual({ scaling: { value: 1, idleTimeout: 5 } })
    expect(b).toEqual({ scaling: { value: 4, idleTimeout: 5 } })
    expect(shared).toEqual({ value: 4, idleTimeout: 5 })
  })

  it("replaces a list, null or number on the way with an object", () => {
    const target: Record<string, unknown> = { a: [1, 2], b: null, c: 3 }
    setPath(target, ["a", "x"], 1)
    setPath(target, ["b", "x"], 2)
    setPath(target, ["c", "x"], 3)
    expect(target).toEqual({ a: { x: 1 }, b: { x: 2 }, c: { x: 3 } })
  })
})

describe("labelOf", () => {
  it("names a combination briefly", () => {
    const combo: ReadonlyArray<readonly [string, VariedValue]> = [
      ["endpoint.scaling.value", 4],
      ["endpoint.gpu.pools", ["ADA_24", "AMPERE_24"]],
      ["platform.dispatch", "newest"],
      ["platform.drain", false]
    ]
    expect(labelOf(combo)).toBe("scaling.value=4 gpu.pools=ADA_24+AMPERE_24 platform.dispatch=newest platform.drain=false")
    expect(labelOf([])).toBe("as given")
  })
})
