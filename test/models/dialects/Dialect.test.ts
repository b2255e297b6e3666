import { fc, test } from "@fast-check/vitest"
import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { detectDialect, readEndpointConfig } from "../../../src/models/dialects/Dialect.ts"
import { EndpointConfig, missingToCreate, toCreateEndpointRequest } from "../../../src/models/EndpointConfig.ts"
import { gpuTypes, poolIds } from "../../../src/models/GpuCatalog.ts"
import { defaultPriceCatalog, type PriceCatalog } from "../../../src/models/PriceCatalog.ts"
import { fixture, ok } from "../../helpers.ts"

describe("dialect detection", () => {
  it("detects each seed's dialect from its fields", () => {
    expect(detectDialect(fixture("seeds/v2-endpoint-object.json")).dialect).toBe("v2")
    expect(detectDialect(fixture("seeds/v1-update-input.json")).dialect).toBe("v1")
    expect(detectDialect(fixture("seeds/v1-endpoint-response.json")).dialect).toBe("v1")
    expect(detectDialect(fixture("seeds/graphql-save-create-input.json")).dialect).toBe("graphql")
    expect(detectDialect(fixture("seeds/flash-issue-example.json")).dialect).toBe("flash")
    expect(readEndpointConfig(fixture("seeds/graphql-save-modify-output.json")).dialect).toBe("graphql")
  })

  it("keeps v2 when a v2 config carries one stray v1 name", () => {
    const d = detectDialect({ name: "x", image: "i", gpu: { pools: ["ADA_24"] }, scaling: { value: 2 }, scalerValue: 3 })
    expect(d).toEqual({ dialect: "v2", evidence: ["gpu", "scaling"] })
  })

  it("lets --from override detection, applying that dialect's defaults", () => {
    const input = { name: "x", gpu: "GpuGroup.ADA_24" }
    expect(readEndpointConfig(input).dialect).toBe("flash")
    const forced = readEndpointConfig(input, { from: "v2" })
    expect(forced.detectedFrom).toBe("forced")
    expect(Result.isFailure(forced.result)).toBe(true)
  })
})

const poolId = fc.constantFrom(...poolIds)
const int = (min: number, max: number) => fc.integer({ min, max })

/** Any valid normalised v2 config. */
const v2Config = fc.record({
  name: fc.string({ minLength: 1 }),
  image: fc.string(),
  gpu: fc.record({ pools: fc.uniqueArray(poolId, { minLength: 1 }), count: int(1, 8) }),
  workers: fc.tuple(int(0, 100), int(0, 100)).map(([a, b]) => ({ min: Math.min(a, b), max: Math.max(a, b) })),
  scaling: fc.record({ type: fc.constantFrom("QUEUE_DELAY" as const, "REQUEST_COUNT" as const), value: int(1, 1000), idleTimeout: int(0, 3600) }),
  timeout: int(0, 10_000_000),
  flashboot: fc.constantFrom("OFF" as const, "FLASHBOOT" as const, "PRIORITY_FLASHBOOT" as const),
  dataCenterIds: fc.array(fc.string()),
  networkVolumes: fc.array(fc.string())
})

const serverlessGpuNames = gpuTypes.filter((g) => g.pool !== null).map((g) => g.id)

describe("properties", () => {
  test.prop([v2Config])("a valid v2 config survives encode → decode unchanged", (config) => {
    const encoded = Schema.encodeSync(EndpointConfig)(config)
    expect(Schema.decodeUnknownSync(EndpointConfig)(encoded)).toEqual(config)
    // …and through the importer, from the JSON a user would POST
    const body = JSON.parse(JSON.stringify(toCreateEndpointRequest(config)))
    expect(ok(readEndpointConfig(body, { from: "v2" }).result).config).toEqual(config)
  })

  test.prop([
    fc.record(
      {
        name: fc.string({ minLength: 1, maxLength: 191 }),
        gpuTypeIds: fc.array(fc.constantFrom(...serverlessGpuNames), { minLength: 1 }),
        gpuCount: int(1, 8),
        workersMin: int(0, 3),
        workersMax: int(10, 20),
        scalerType: fc.constantFrom("QUEUE_DELAY", "REQUEST_COUNT"),
        scalerValue: int(1, 100),
        idleTimeout: int(1, 3600),
        executionTimeoutMs: int(0, 1e7),
        flashboot: fc.boolean(),
        dataCenterIds: fc.oneof(fc.array(fc.constantFrom("EU-RO-1", "US-TX-3")), fc.constant("EU-NL-1,EU-RO-1"))
      },
      { requiredKeys: ["name", "gpuTypeIds"] }
    )
  ])("any valid v1 config converts to a valid v2 config", (v1) => {
    const config = ok(readEndpointConfig(v1, { from: "v1" }).result).config
    expect(Result.isSuccess(Schema.decodeUnknownResult(EndpointConfig)(config))).toBe(true)
  })

  test.prop([
    fc.record(
      {
        name: fc.string({ minLength: 1 }),
        gpuIds: fc.uniqueArray(poolId, { minLength: 1 }).map((p) => p.join(",")),
        workersMin: int(0, 3),
        workersMax: int(10, 20),
        scalerValue: int(1, 100),
        idleTimeout: int(0, 3600),
        locations: fc.constantFrom("US", "RO,CZ", "", null)
      },
      { requiredKeys: ["name", "gpuIds"] }
    )
  ])("any valid GraphQL config converts to a valid v2 config", (gql) => {
    const config = ok(readEndpointConfig(gql, { from: "graphql" }).result).config
    expect(Result.isSuccess(Schema.decodeUnknownResult(EndpointConfig)(config))).toBe(true)
  })

  test.prop([
    fc.record(
      {
        name: fc.string({ minLength: 1 }),
        gpu: fc.oneof(
          poolId.map((p) => `GpuGroup.${p}`),
          fc.array(
            fc.oneof(
              poolId.map((p) => `GpuGroup.${p}`),
              fc.constantFrom(...serverlessGpuNames).map((n) => `GpuType.${n.replace(/[^A-Za-z0-9]+/g, "_")}`)
            ),
            { minLength: 1 }
          )
        ),
        workers: fc.oneof(int(0, 10), fc.tuple(int(0, 5), int(5, 10))),
        idle_timeout: int(0, 3600),
        scaler_value: int(1, 100),
        gpu_count: int(1, 8),
        execution_timeout_ms: int(0, 1e7),
        flashboot: fc.boolean()
      },
      { requiredKeys: ["name"] }
    )
  ])("any valid Flash config converts to a valid v2 config", (flash) => {
    const config = ok(readEndpointConfig(flash, { from: "flash" }).result).config
    expect(Result.isSuccess(Schema.decodeUnknownResult(EndpointConfig)(config))).toBe(true)
  })

  test.prop([
    fc.anything({ withNullPrototype: true, withObjectString: true }),
    fc.constantFrom(undefined, "v2" as const, "v1" as const, "graphql" as const, "flash" as const)
  ])("arbitrary values never make the importer throw", (value, from) => {
    const reading = readEndpointConfig(value, { from })
    expect(reading.result._tag === "Success" || reading.result.failure._tag === "EndpointConfigError").toBe(true)
  })

  test.prop([fc.jsonValue()])("arbitrary JSON inside a config's fields never makes the importer throw", (value) => {
    for (const key of ["gpu", "workers", "scaling", "gpuIds", "gpuTypeIds", "data"]) {
      const reading = readEndpointConfig({ name: "x", image: "i", [key]: value })
      expect(["Success", "Failure"]).toContain(reading.result._tag)
    }
  })
})

describe("what validate --json prints", () => {
  const seeds = [
    "flash-issue-example",
    "graphql-myself-endpoints",
    "graphql-save-create-input",
    "graphql-save-create-output",
    "graphql-save-modify-input",
    "graphql-save-modify-output",
    "v1-endpoint-response",
    "v1-update-input",
    "v2-endpoint-object"
  ]
  it.each(seeds)("%s: re-reads as v2 to the same config, or names exactly what it lacks to be POSTed", (name) => {
    const config = ok(readEndpointConfig(fixture(`seeds/${name}.json`), {}).result).config
    const posted = toCreateEndpointRequest(config)
    const missing = missingToCreate(config)
    const again = readEndpointConfig(posted, { from: "v2" }).result
    if (missing.length === 0) expect(ok(again).config).toEqual(config)
    else {
      expect(missing).toEqual(["image"])
      expect(Result.isFailure(again) ? again.failure.problems.map((p) => p.path) : []).toEqual(["image"])
      expect(ok(readEndpointConfig({ ...posted, image: "repo/image:tag" }, { from: "v2" }).result).config).toEqual({ ...config, image: "repo/image:tag" })
    }
  })
})

describe("partial updates onto the endpoint's current config", () => {
  const current = ok(readEndpointConfig(fixture("seeds/v2-endpoint-object.json")).result).config

  it("the GraphQL modify example (id and workersMax) changes workersMax and keeps everything else from --base", () => {
    const r = ok(readEndpointConfig({ id: "i02xupws21hp6i", workersMax: 7 }, { from: "graphql", base: current }).result)
    expect(r.config).toEqual({ ...current, workers: { ...current.workers, max: 7 } })
    expect(r.provenance["workers.max"]).toEqual({ source: "given", from: "workersMax" })
    expect(r.provenance["scaling.idleTimeout"]).toEqual({ source: "base" })
    expect(r.warnings.map((w) => w.path)).not.toContain("(update)")
  })

  it("a v1 update without name or gpuTypeIds takes them from --base; without --base it says what is missing", () => {
    const update = { workersMin: 1, idleTimeout: 30 }
    const merged = ok(readEndpointConfig(update, { from: "v1", base: current }).result).config
    expect(merged).toEqual({ ...current, workers: { ...current.workers, min: 1 }, scaling: { ...current.scaling, idleTimeout: 30 } })
    const alone = readEndpointConfig(update, { from: "v1" }).result
    expect(Result.isFailure(alone) ? alone.failure.problems.map((p) => `${p.path}: ${p.message}`) : []).toEqual([
      "name: expected a value (required; or give the endpoint's current config with --base), got nothing",
      "gpuTypeIds: expected a value (required; or give the endpoint's current config with --base), got nothing"
    ])
  })

  it("without --base, an update that relies on defaults says which it assumed", () => {
    const r = ok(readEndpointConfig({ name: "e", gpuIds: "ADA_24", workersMax: 0 }, { from: "graphql" }).result)
    const warning = r.warnings.find((w) => w.path === "(update)")!.message
    expect(warning).toMatch(
      /^if this document updates an existing endpoint, RunPod keeps the current values of the fields it does not set; scalecast assumed defaults for them \(.*scaling\.idleTimeout 5.*\)/
    )
    expect(warning).not.toMatch(/workers\.max/)
  })
})

describe("prices come from the catalog the caller gives (the PriceCatalogs service's)", () => {
  const flashAny = { name: "any", gpu: "GpuGroup.ANY", workers: [0, 2] }
  const cheapest = defaultPriceCatalog.pools.AMPERE_16
  // A catalog where the default's dearest pool is the cheapest and AMPERE_16 has no price.
  const custom: PriceCatalog = {
    ...defaultPriceCatalog,
    asOf: "custom",
    pools: {
      ...defaultPriceCatalog.pools,
      AMPERE_16: { flexPerSecondUsd: null, activePerSecondUsd: null },
      BLACKWELL_180: { flexPerSecondUsd: cheapest.flexPerSecondUsd! / 2, activePerSecondUsd: cheapest.activePerSecondUsd! / 2 }
    }
  }

  it("GpuGroup.ANY orders the pools by the given prices", () => {
    expect(ok(readEndpointConfig(flashAny).result).config.gpu.pools[0]).toBe("AMPERE_16")
    const pools = ok(readEndpointConfig(flashAny, { catalog: custom }).result).config.gpu.pools
    expect(pools[0]).toBe("BLACKWELL_180")
    expect(pools).not.toContain("AMPERE_16")
  })

  it("a pool without a price in that catalog gets a warning with a code to filter on", () => {
    const warnings = ok(readEndpointConfig({ name: "e", image: "i", gpu: { pools: ["AMPERE_16"] } }, { catalog: custom }).result).warnings
    const unpriced = warnings.filter((w) => w.code === "unpricedPool")
    expect(unpriced.map((w) => w.path)).toEqual(["gpu.pools[0]"])
    expect(unpriced[0]!.message).toContain("catalog of custom")
    expect(ok(readEndpointConfig({ name: "e", image: "i", gpu: { pools: ["AMPERE_16"] } }).result).warnings.filter((w) => w.code === "unpricedPool")).toEqual(
      []
    )
  })
})
