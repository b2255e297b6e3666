/**
 * The run pool honours the caller's model services: in-process runs see a custom scaler; a pool of
 * threads refuses it with a typed error instead of silently running RunPod's default scaler.
 */
import { Effect, Exit, Layer, Result } from "effect"
import { describe, expect, it } from "vitest"
import { defaultPriceCatalog } from "../../src/models/PriceCatalog.ts"
import type { ScalerObservation } from "../../src/models/scalers/Scaler.ts"
import { runpodScalers, Scalers } from "../../src/models/scalers/Scalers.ts"
import { decodeScenario } from "../../src/models/Scenario.ts"
import { metricsOf } from "../../src/sim/Replications.ts"
import { RunPool, runOnPool } from "../../src/sim/RunPool.ts"
import { runScenario } from "../../src/sim/simulate.ts"
import { RunPodModels } from "../../src/models/Models.ts"

const decoded = decodeScenario(
  {
    name: "pool",
    seed: 7,
    durationSeconds: 600,
    endpoint: { name: "e", image: "i", gpu: { pools: ["ADA_24"] }, workers: { min: 0, max: 4 } },
    workload: { arrivals: { type: "poisson", ratePerSecond: 0.5 }, executionSeconds: 1 },
    platform: { coldStartSeconds: 20 }
  },
  defaultPriceCatalog
)
if (Result.isFailure(decoded)) throw new Error("test scenario invalid")
const scenario = decoded.success.scenario
const tasks = [7, 8, 9].map((seed) => ({ scenario, seed }))

/** A scaler that keeps two workers up from the first evaluation on: no request waits for a start after the first. */
const keepTwo = Layer.succeed(Scalers, () => ({ name: "keep two", decide: (o: ScalerObservation) => 2 - o.workers }))

describe("the run pool and the caller's model services", () => {
  it("in-process runs use a custom scaler, figure for figure as a direct run with it", async () => {
    const pooled = await Effect.runPromise(runOnPool(new RunPool(0), tasks).pipe(Effect.provide(keepTwo), Effect.provide(RunPodModels)))
    const direct = await Promise.all(
      tasks.map((t) => Effect.runPromise(runScenario({ ...scenario, seed: t.seed }).pipe(Effect.provide(keepTwo), Effect.provide(RunPodModels))))
    )
    const defaults = await Effect.runPromise(runOnPool(new RunPool(0), tasks).pipe(Effect.provide(RunPodModels)))
    expect(pooled.metrics).toEqual(direct.map(metricsOf))
    expect(pooled.metrics).not.toEqual(defaults.metrics) // the default scaler scales to zero and cold-starts often
    expect(pooled.metrics[0]!.coldStartShare!).toBeLessThan(defaults.metrics[0]!.coldStartShare!)
  })

  it("a pool of threads refuses custom services with a typed error naming them", async () => {
    const exit = await Effect.runPromiseExit(runOnPool(new RunPool(1), tasks).pipe(Effect.provide(keepTwo), Effect.provide(RunPodModels)))
    expect(Exit.isFailure(exit)).toBe(true)
    const error = Exit.isFailure(exit) ? exit.cause.reasons.find((r) => r._tag === "Fail") : undefined
    expect(error && "error" in error ? error.error : undefined).toMatchObject({ _tag: "ModelsInWorkerThreads", services: ["scalecast/Scalers"] })
  })

  it("a pool of threads runs RunPod's models, also when they are provided explicitly, equal to in-process runs", async () => {
    const explicit = Layer.succeed(Scalers, runpodScalers)
    const threads = await Effect.runPromise(runOnPool(new RunPool(1), tasks).pipe(Effect.provide(explicit), Effect.provide(RunPodModels)))
    const inProcess = await Effect.runPromise(runOnPool(new RunPool(0), tasks).pipe(Effect.provide(RunPodModels)))
    expect(threads.complete).toBe(true)
    expect(threads.metrics).toEqual(inProcess.metrics)
  })
})
