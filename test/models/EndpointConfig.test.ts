/** EndpointConfig: the POST body's key order, the advice on a valid config (quota, no workers, data centers, unpriced pools), missingToCreate, valueAt. */
import { fc, test } from "@fast-check/vitest"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { readEndpointConfig } from "../../src/models/dialects/Dialect.ts"
import {
  adviseEndpointConfig,
  EndpointConfig,
  endpointConfigPaths,
  missingToCreate,
  toCreateEndpointRequest,
  valueAt
} from "../../src/models/EndpointConfig.ts"
import { poolIds } from "../../src/models/GpuCatalog.ts"
import { defaultPriceCatalog, type PriceCatalog } from "../../src/models/PriceCatalog.ts"
import { ok } from "../helpers.ts"

const decode = Schema.decodeUnknownSync(EndpointConfig)

/** A complete config; `extra` overrides top-level fields. */
const config = (extra: Record<string, unknown> = {}): EndpointConfig =>
  decode({
    name: "ep",
    image: "img:1",
    gpu: { pools: ["ADA_24"], count: 1 },
    workers: { min: 0, max: 3 },
    scaling: { type: "QUEUE_DELAY", value: 4, idleTimeout: 5 },
    timeout: 300000,
    flashboot: "OFF",
    dataCenterIds: [],
    networkVolumes: [],
    ...extra
  })

const codes = (c: EndpointConfig, catalog: PriceCatalog = defaultPriceCatalog) => adviseEndpointConfig(c, catalog).map((p) => p.code)

describe("toCreateEndpointRequest", () => {
  it("keeps every field, keys in endpointConfigPaths order, and omits absent extras", () => {
    // Keys given in reverse order, nested ones too.
    const input = {
      registry: null,
      env: { A: "1" },
      networkVolumes: ["vol"],
      dataCenterIds: ["EU-RO-1"],
      flashboot: "FLASHBOOT",
      timeout: 600000,
      scaling: { idleTimeout: 10, value: 2, type: "REQUEST_COUNT" },
      workers: { max: 4, min: 1 },
      gpu: { count: 2, pools: ["AMPERE_48", "ADA_24"] },
      image: "img:2",
      name: "ep"
    }
    const body = toCreateEndpointRequest(input as unknown as EndpointConfig)
    expect(body).toEqual(input)
    expect(Object.keys(body)).toEqual([
      "name",
      "image",
      "gpu",
      "workers",
      "scaling",
      "timeout",
      "flashboot",
      "dataCenterIds",
      "networkVolumes",
      "env",
      "registry"
    ])
    expect(Object.keys(body.gpu)).toEqual(["pools", "count"])
    expect(Object.keys(body.workers)).toEqual(["min", "max"])
    expect(Object.keys(body.scaling)).toEqual(["type", "value", "idleTimeout"])
    // args, disk and ports were absent and stay absent (not present as undefined); registry null is kept.
    expect("args" in body || "disk" in body || "ports" in body).toBe(false)
    expect(body.registry).toBeNull()
  })

  it("keeps the order of a config imported with the v2 defaults", () => {
    const imported = ok(readEndpointConfig({ name: "x", image: "i", gpu: { pools: ["ADA_24"] } }, { from: "v2" }).result).config
    const body = JSON.parse(JSON.stringify(toCreateEndpointRequest(imported))) as Record<string, unknown>
    expect(Object.keys(body)).toEqual(["name", "image", "gpu", "workers", "scaling", "timeout", "flashboot", "dataCenterIds", "networkVolumes"])
    expect(body.workers).toEqual({ min: 0, max: 3 })
  })

  const arbitraryConfig = fc.record(
    {
      name: fc.string({ minLength: 1, maxLength: 10 }),
      image: fc.string({ maxLength: 10 }),
      args: fc.string({ maxLength: 10 }),
      disk: fc.integer({ min: 1, max: 100 }),
      ports: fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
      env: fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
      registry: fc.option(fc.string({ maxLength: 5 })),
      gpu: fc.record({ pools: fc.uniqueArray(fc.constantFrom(...poolIds), { minLength: 1 }), count: fc.integer({ min: 1, max: 8 }) }),
      workers: fc.tuple(fc.nat(20), fc.nat(20)).map(([a, b]) => ({ max: Math.max(a, b), min: Math.min(a, b) })),
      scaling: fc.record({
        idleTimeout: fc.nat(100),
        value: fc.integer({ min: 1, max: 50 }),
        type: fc.constantFrom("QUEUE_DELAY" as const, "REQUEST_COUNT" as const)
      }),
      timeout: fc.nat(1_000_000),
      flashboot: fc.constantFrom("OFF" as const, "FLASHBOOT" as const, "PRIORITY_FLASHBOOT" as const),
      dataCenterIds: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
      networkVolumes: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 })
    },
    { requiredKeys: ["name", "gpu", "workers", "scaling", "timeout", "flashboot", "dataCenterIds", "networkVolumes"] }
  )

  test.prop([arbitraryConfig, fc.boolean()])("any config: equal content, top-level keys a subsequence of endpointConfigPaths' heads", (raw, reverse) => {
    const entries = Object.entries(raw)
    const c = Object.fromEntries(reverse ? entries.reverse() : entries) as unknown as EndpointConfig
    const body = toCreateEndpointRequest(c)
    expect(body).toEqual(c)
    const heads = [...new Set(endpointConfigPaths.map((p) => p.split(".")[0]!))]
    expect(Object.keys(body)).toEqual(heads.filter((h) => h in c))
    for (const p of endpointConfigPaths) expect(valueAt(body, p)).toEqual(valueAt(c, p))
  })
})

describe("adviseEndpointConfig", () => {
  it("says nothing about a plain config", () => {
    expect(adviseEndpointConfig(config(), defaultPriceCatalog)).toEqual([])
  })

  it("warns above the account quota of 5 workers, not at 5", () => {
    expect(codes(config({ workers: { min: 0, max: 5 } }))).toEqual([])
    expect(adviseEndpointConfig(config({ workers: { min: 2, max: 6 } }), defaultPriceCatalog)).toEqual([
      {
        path: "workers.max",
        code: "accountQuota",
        message: "6 exceeds RunPod's default account quota of 5 workers (5 to 60 over all endpoints, depending on balance)"
      }
    ])
  })

  it("warns that workers.max 0 starts no worker", () => {
    expect(adviseEndpointConfig(config({ workers: { min: 0, max: 0 } }), defaultPriceCatalog)).toEqual([
      { path: "workers.max", code: "noWorkers", message: "0: no worker can ever start, so every request waits until it expires" }
    ])
  })

  it("names each unknown data center by its index, its id cut to 40 characters", () => {
    const long = "X".repeat(50)
    const warnings = adviseEndpointConfig(config({ dataCenterIds: ["EU-RO-1", "XX-1", "US-TX-3", long] }), defaultPriceCatalog)
    expect(warnings.map((w) => [w.path, w.code])).toEqual([
      ["dataCenterIds[1]", "unknownDataCenter"],
      ["dataCenterIds[3]", "unknownDataCenter"]
    ])
    expect(warnings[0]!.message).toMatch(/^"XX-1" is not a data center RunPod lists \(\d+ ids, e\.g\. EU-RO-1, US-TX-3\); RunPod would refuse it\./)
    expect(warnings[1]!.message.startsWith(`${JSON.stringify("X".repeat(40))} is not a data center`)).toBe(true)
  })

  it("names a pool without a flex price in the given catalog, with the catalog's date", () => {
    const catalog: PriceCatalog = {
      asOf: "2031-02-03",
      pools: { ...defaultPriceCatalog.pools, ADA_24: { flexPerSecondUsd: null, activePerSecondUsd: 0.0002 } }
    }
    const c = config({ gpu: { pools: ["AMPERE_16", "ADA_24", "BLACKWELL_96"], count: 1 } })
    expect(adviseEndpointConfig(c, catalog)).toEqual([
      {
        path: "gpu.pools[1]",
        code: "unpricedPool",
        message: "ADA_24 has no published price (catalog of 2031-02-03); a simulation needs platform.pools.ADA_24.flexPerSecondUsd"
      }
    ])
    // The built-in catalog prices ADA_24; BLACKWELL_96 lacks only an active price, which is no warning.
    expect(adviseEndpointConfig(c, defaultPriceCatalog)).toEqual([])
    expect(adviseEndpointConfig(config({ gpu: { pools: ["ADA_32_PRO"], count: 1 } }), defaultPriceCatalog)[0]!.message).toBe(
      "ADA_32_PRO has no published price (catalog of 2026-06-08); a simulation needs platform.pools.ADA_32_PRO.flexPerSecondUsd"
    )
  })

  it("lists quota, data center and pool warnings together, in that order", () => {
    const c = config({ workers: { min: 0, max: 8 }, dataCenterIds: ["MOON-1"], gpu: { pools: ["ADA_32_PRO"], count: 1 } })
    expect(codes(c)).toEqual(["accountQuota", "unknownDataCenter", "unpricedPool"])
  })
})

describe("missingToCreate", () => {
  it("asks for an image when there is none or it is empty", () => {
    const { image: _, ...noImage } = config()
    expect(missingToCreate(decode(noImage))).toEqual(["image"])
    expect(missingToCreate(config({ image: "" }))).toEqual(["image"])
    expect(missingToCreate(config({ image: "img:1" }))).toEqual([])
  })
})

describe("valueAt", () => {
  it("reads a dotted path, undefined where the path leads nowhere", () => {
    const c = config({ scaling: { type: "REQUEST_COUNT", value: 7, idleTimeout: 12 }, gpu: { pools: ["AMPERE_80", "ADA_24"], count: 2 } })
    expect(valueAt(c, "scaling.idleTimeout")).toBe(12)
    expect(valueAt(c, "scaling.type")).toBe("REQUEST_COUNT")
    expect(valueAt(c, "gpu.pools")).toEqual(["AMPERE_80", "ADA_24"])
    expect(valueAt(c, "name")).toBe("ep")
    expect(valueAt(c, "scaling")).toEqual({ type: "REQUEST_COUNT", value: 7, idleTimeout: 12 })
    expect(valueAt(c, "args")).toBeUndefined()
    expect(valueAt(c, "nothing.deeper")).toBeUndefined()
    expect(valueAt(c, "scaling.nothing")).toBeUndefined()
  })
})
