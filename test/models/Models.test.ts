/** Models: RunPodModels provides RunPod's five model services, one provided on top replaces only itself, runpodModelValues names them. */
import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { PriceCatalogs } from "../../src/models/Billing.ts"
import { ColdStarts, runpodColdStart } from "../../src/models/ColdStart.ts"
import { Dispatchers, runpodDispatchers } from "../../src/models/Dispatch.ts"
import { firstFit, Placements } from "../../src/models/GpuPools.ts"
import { RunPodModels, runpodModelValues, type Models } from "../../src/models/Models.ts"
import { defaultPriceCatalog, type PriceCatalog } from "../../src/models/PriceCatalog.ts"
import { runpodScalers, Scalers, type ScalerFactory } from "../../src/models/scalers/Scalers.ts"

/** What each service resolves to. */
const services = Effect.gen(function* () {
  return {
    scalers: yield* Scalers,
    dispatchers: yield* Dispatchers,
    coldStarts: yield* ColdStarts,
    placements: yield* Placements,
    prices: yield* PriceCatalogs
  }
})
/** The context's value under each key runpodModelValues names. */
const valuesByKey = Effect.gen(function* () {
  const context = yield* Effect.context<Models>()
  return runpodModelValues.map(([key]) => context.mapUnsafe.get(key) as unknown)
})

describe("RunPodModels", () => {
  it("provides RunPod's own value for each service", () => {
    const s = Effect.runSync(services.pipe(Effect.provide(RunPodModels)))
    expect(s.scalers).toBe(runpodScalers)
    expect(s.dispatchers).toBe(runpodDispatchers)
    expect(s.coldStarts).toBe(runpodColdStart)
    expect(s.placements).toBe(firstFit)
    expect(s.prices).toBe(defaultPriceCatalog)
  })

  it("provides under each key the value runpodModelValues lists", () => {
    const values = Effect.runSync(valuesByKey.pipe(Effect.provide(RunPodModels)))
    values.forEach((v, i) => expect(v).toBe(runpodModelValues[i]![1]))
  })

  it("lets a service provided on top replace that one only", () => {
    const mine: ScalerFactory = (endpoint, platform) => runpodScalers(endpoint, platform)
    const s = Effect.runSync(services.pipe(Effect.provide(Layer.succeed(Scalers, mine)), Effect.provide(RunPodModels)))
    expect(s.scalers).toBe(mine)
    expect(s.dispatchers).toBe(runpodDispatchers)
    expect(s.coldStarts).toBe(runpodColdStart)
    expect(s.placements).toBe(firstFit)
    expect(s.prices).toBe(defaultPriceCatalog)

    const prices: PriceCatalog = { ...defaultPriceCatalog, asOf: "2030-01-01" }
    const values = Effect.runSync(valuesByKey.pipe(Effect.provide(Layer.succeed(PriceCatalogs, prices)), Effect.provide(RunPodModels)))
    // Compared by identity, as RunPool tells a caller's services from RunPod's: only the price catalog differs.
    const differing = runpodModelValues.filter(([, v], i) => values[i] !== v).map(([key]) => key)
    expect(differing).toEqual([PriceCatalogs.key])
    expect(values[4]).toBe(prices)
  })
})

describe("runpodModelValues", () => {
  it("names the five service keys, once each", () => {
    expect(runpodModelValues.map(([key]) => key)).toEqual([Scalers.key, Dispatchers.key, ColdStarts.key, Placements.key, PriceCatalogs.key])
    expect(runpodModelValues.map(([key]) => key)).toEqual([
      "scalecast/Scalers",
      "scalecast/Dispatchers",
      "scalecast/ColdStarts",
      "scalecast/Placements",
      "scalecast/PriceCatalog"
    ])
  })
})
