/** Billing: per-session rounding, container-disk blocks, rate overrides and the price catalog service. */
import { fc, test } from "@fast-check/vitest"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { billedSeconds, containerDiskBlockSeconds, containerDiskUsd, containerDiskUsdPerGbPerBlock, PriceCatalogs, ratesFor } from "../../src/models/Billing.ts"
import { poolIds } from "../../src/models/GpuCatalog.ts"
import { resolvePlatform } from "../../src/models/Platform.ts"
import { defaultPriceCatalog, type PriceCatalog } from "../../src/models/PriceCatalog.ts"
import { RunPodModels } from "../../src/models/Models.ts"

describe("billedSeconds", () => {
  it("rounds a session up to the whole second when asked (runpod-model.md section 7)", () => {
    expect(billedSeconds(0.2, true)).toBe(1) // a fraction of a second costs a whole one
    expect(billedSeconds(1, true)).toBe(1) // a whole second stays one
    expect(billedSeconds(17.3, true)).toBe(18) // 10 s cold start + 2.3 s run + 5 s idle
    expect(billedSeconds(3.001, true)).toBe(4)
    // 0.1 · 3 · 10 is 3.0000000000000004 in floating point: three seconds, not four
    expect(billedSeconds(0.1 * 3 * 10, true)).toBe(3)
  })

  it("keeps the exact duration without rounding, and bills nothing for an empty or negative session", () => {
    expect(billedSeconds(17.3, false)).toBe(17.3)
    expect(billedSeconds(0, true)).toBe(0)
    expect(billedSeconds(0, false)).toBe(0)
    expect(billedSeconds(-4, true)).toBe(0)
    expect(billedSeconds(-4, false)).toBe(0)
  })

  test.prop([fc.double({ min: 1e-6, max: 1e6, noNaN: true })])("rounded up: a whole number, never less than the session, less than one second more", (s) => {
    const b = billedSeconds(s, true)
    expect(Number.isInteger(b)).toBe(true)
    expect(b).toBeGreaterThanOrEqual(s - 1e-6)
    expect(b).toBeLessThan(s + 1)
    expect(b).toBeGreaterThanOrEqual(1)
  })

  test.prop([fc.double({ min: -10, max: 1e5, noNaN: true }), fc.double({ min: -10, max: 1e5, noNaN: true }), fc.boolean()])(
    "a longer session never costs less",
    (a, b, roundUp) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a]
      expect(billedSeconds(lo, roundUp)).toBeLessThanOrEqual(billedSeconds(hi, roundUp))
    }
  )
})

describe("containerDiskUsd", () => {
  it("has the published rate and 5-minute blocks", () => {
    expect(containerDiskUsdPerGbPerBlock).toBe(0.000011574)
    expect(containerDiskBlockSeconds).toBe(300)
    // 0.000011574 $/GB per 5 min × 12 × 24 × 30 ≈ $0.10 per GB-month
    expect(containerDiskUsdPerGbPerBlock * 12 * 24 * 30).toBeCloseTo(0.1, 4)
  })

  it("charges each started 5-minute block", () => {
    expect(containerDiskUsd(300, 10)).toBeCloseTo(10 * 0.000011574, 15) // exactly one block
    expect(containerDiskUsd(301, 10)).toBeCloseTo(2 * 10 * 0.000011574, 15) // a second into the second block
    expect(containerDiskUsd(1, 20)).toBeCloseTo(20 * 0.000011574, 15) // one second is a whole block
    expect(containerDiskUsd(3600, 1)).toBeCloseTo(12 * 0.000011574, 15) // an hour is 12 blocks
    expect(containerDiskUsd(0.1 * 3 * 1000, 1)).toBeCloseTo(0.000011574, 15) // 300.00000000000006 s is still one block
  })

  it("is free with no disk or no time", () => {
    expect(containerDiskUsd(0, 10)).toBe(0)
    expect(containerDiskUsd(-5, 10)).toBe(0)
    expect(containerDiskUsd(1000, 0)).toBe(0)
  })

  test.prop([fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.integer({ min: 1, max: 500 })])(
    "is a whole number of blocks, covering the session",
    (s, gb) => {
      const blocks = containerDiskUsd(s, gb) / (gb * containerDiskUsdPerGbPerBlock)
      expect(Math.abs(blocks - Math.round(blocks))).toBeLessThan(1e-6)
      expect(Math.round(blocks) * 300).toBeGreaterThanOrEqual(s - 1e-6)
      expect((Math.round(blocks) - 1) * 300).toBeLessThan(s)
    }
  )
})

describe("ratesFor", () => {
  it("takes the catalog's rates when the scenario overrides nothing", () => {
    const platform = resolvePlatform(undefined)
    expect(ratesFor(defaultPriceCatalog, platform, "ADA_24")).toEqual({ flexPerSecondUsd: 0.00031, activePerSecondUsd: 0.00021 })
    expect(ratesFor(defaultPriceCatalog, platform, "ADA_32_PRO")).toEqual({ flexPerSecondUsd: null, activePerSecondUsd: null })
    for (const pool of poolIds) expect(ratesFor(defaultPriceCatalog, platform, pool)).toEqual(defaultPriceCatalog.pools[pool])
  })

  it("lets the scenario override either rate of one pool, including a zero price", () => {
    const platform = resolvePlatform({
      pools: { ADA_24: { flexPerSecondUsd: 0.0002 }, AMPERE_80: { activePerSecondUsd: 0 }, ADA_32_PRO: { flexPerSecondUsd: 0.0005 } }
    })
    expect(ratesFor(defaultPriceCatalog, platform, "ADA_24")).toEqual({ flexPerSecondUsd: 0.0002, activePerSecondUsd: 0.00021 })
    expect(ratesFor(defaultPriceCatalog, platform, "AMPERE_80")).toEqual({ flexPerSecondUsd: 0.00076, activePerSecondUsd: 0 })
    expect(ratesFor(defaultPriceCatalog, platform, "ADA_32_PRO")).toEqual({ flexPerSecondUsd: 0.0005, activePerSecondUsd: null })
    expect(ratesFor(defaultPriceCatalog, platform, "AMPERE_16")).toEqual({ flexPerSecondUsd: 0.00016, activePerSecondUsd: 0.00011 })
  })

  it("reads the catalog it is given (a negotiated discount)", () => {
    const discounted: PriceCatalog = {
      asOf: "2027-01-01",
      pools: { ...defaultPriceCatalog.pools, ADA_24: { flexPerSecondUsd: 0.0003, activePerSecondUsd: 0.0001 } }
    }
    expect(ratesFor(discounted, resolvePlatform(undefined), "ADA_24")).toEqual({ flexPerSecondUsd: 0.0003, activePerSecondUsd: 0.0001 })
    expect(ratesFor(discounted, resolvePlatform({ pools: { ADA_24: { activePerSecondUsd: 0.00005 } } }), "ADA_24")).toEqual({
      flexPerSecondUsd: 0.0003,
      activePerSecondUsd: 0.00005
    })
  })
})

describe("PriceCatalogs service", () => {
  it("RunPod's models carry the dated catalog; another can be provided on top", () => {
    const read = Effect.gen(function* () {
      return yield* PriceCatalogs
    })
    expect(Effect.runSync(read.pipe(Effect.provide(RunPodModels)))).toBe(defaultPriceCatalog)
    const other: PriceCatalog = { asOf: "2030-01-01", pools: defaultPriceCatalog.pools }
    expect(Effect.runSync(read.pipe(Effect.provideService(PriceCatalogs, other), Effect.provide(RunPodModels)))).toBe(other)
  })
})
