/** PriceCatalog: the default table matches runpod-model.md section 7, row by row, with nulls where RunPod publishes no price. */
import { describe, expect, it } from "vitest"
import { poolIds } from "../../src/models/GpuCatalog.ts"
import { defaultPriceCatalog } from "../../src/models/PriceCatalog.ts"

describe("defaultPriceCatalog", () => {
  it("is dated 2026-06-08 and prices every pool", () => {
    expect(defaultPriceCatalog.asOf).toBe("2026-06-08")
    expect(Object.keys(defaultPriceCatalog.pools).sort()).toEqual([...poolIds].sort())
  })

  it("has the model document's flex and active rates, USD per second per GPU", () => {
    const table = Object.fromEntries(poolIds.map((p) => [p, [defaultPriceCatalog.pools[p].flexPerSecondUsd, defaultPriceCatalog.pools[p].activePerSecondUsd]]))
    expect(table).toEqual({
      AMPERE_16: [0.00016, 0.00011],
      AMPERE_24: [0.00019, 0.00013],
      ADA_24: [0.00031, 0.00021],
      ADA_32_PRO: [null, null],
      AMPERE_48: [0.00034, 0.00024],
      ADA_48_PRO: [0.00053, 0.00037],
      AMPERE_80: [0.00076, 0.0006],
      ADA_80_PRO: [0.00116, 0.00093],
      BLACKWELL_96: [0.00111, null],
      HOPPER_141: [0.00155, 0.00124],
      BLACKWELL_180: [0.0024, 0.0019]
    })
  })

  it("agrees with the v2 catalog's RTX 4090 at about 1.1 $/h serverless", () => {
    // 0.00031 $/s × 3600 s = 1.116 $/h
    expect(defaultPriceCatalog.pools.ADA_24.flexPerSecondUsd! * 3600).toBeCloseTo(1.116, 9)
  })

  it("active workers are cheaper than flex ones; every published price is positive", () => {
    for (const pool of poolIds) {
      const { flexPerSecondUsd: flex, activePerSecondUsd: active } = defaultPriceCatalog.pools[pool]
      if (flex !== null && active !== null) expect(active, pool).toBeLessThan(flex)
      if (flex !== null) expect(flex, pool).toBeGreaterThan(0)
    }
  })
})
