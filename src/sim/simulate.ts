/**
 * simulate: the library entry point. `simulate(scenario)` decodes a scenario (JSON-shaped object
 * or TypeScript literal), reads the model services (scaler, dispatch, cold start, pool placement,
 * price catalog: the `Models` a run requires; `RunPodModels` provides RunPod's, and any can be
 * replaced with `Layer.succeed` on top of it), runs the engine
 * synchronously inside `Effect.sync`, and succeeds with the report object. Bad scenarios fail with
 * a typed `ScenarioError` listing every problem.
 */
import { Effect, Result, Schema } from "effect"
import { arrivalProcess } from "../models/Arrivals.ts"
import { PriceCatalogs, ratesFor } from "../models/Billing.ts"
import { ColdStarts } from "../models/ColdStart.ts"
import { Dispatchers } from "../models/Dispatch.ts"
import { sampler } from "../models/Distribution.ts"
import { Placements } from "../models/GpuPools.ts"
import type { Models } from "../models/Models.ts"
import { Scalers } from "../models/scalers/Scalers.ts"
import { decodeScenario, type DecodeOptions, type Scenario } from "../models/Scenario.ts"
import { runEngine } from "./Engine.ts"
import type { JobLog } from "./JobLog.ts"
import { buildResult, type SimResult } from "./SimResult.ts"

const Problem = Schema.Struct({ path: Schema.String, message: Schema.String })

/** A scenario that cannot be simulated, with every problem found. */
export class ScenarioError extends Schema.TaggedError<ScenarioError>()("ScenarioError", {
  problems: Schema.Array(Problem),
  warnings: Schema.Array(Problem)
}) {}

/** Decodes a scenario with the price catalog in context. */
export const loadScenario = (input: unknown, options: DecodeOptions = {}) =>
  Effect.gen(function* () {
    const catalog = yield* PriceCatalogs
    const decoded = decodeScenario(input, catalog, options)
    if (Result.isFailure(decoded)) return yield* new ScenarioError({ problems: [...decoded.failure.problems], warnings: [...decoded.failure.warnings] })
    return decoded.success
  })

/** Options of one run. */
export interface RunOptions {
  /** Called with the simulated time about every million events, for a progress line. */
  readonly onProgress?: ((simulatedSeconds: number) => void) | undefined
  /** Logs every job as RunPod's job records would show it (backtest, calibrate). */
  readonly jobLog?: JobLog | undefined
}

/** Runs a decoded scenario with the model services in context. */
export const runScenario = (scenario: Scenario, options: RunOptions = {}): Effect.Effect<SimResult, never, Models> =>
  Effect.gen(function* () {
    const catalog = yield* PriceCatalogs
    const scalers = yield* Scalers
    const dispatchers = yield* Dispatchers
    const coldStarts = yield* ColdStarts
    const placement = yield* Placements
    const { endpoint, platform } = scenario
    const scaler = scalers(endpoint, platform)
    const coldStart = coldStarts(endpoint, platform)
    const rates = endpoint.gpu.pools.map((pool) => ratesFor(catalog, platform, pool))
    return yield* Effect.sync(() => {
      const stats = runEngine({
        seed: scenario.seed,
        durationSeconds: scenario.durationSeconds,
        warmupSeconds: scenario.warmupSeconds,
        workersMin: endpoint.workers.min,
        workersMax: endpoint.workers.max,
        idleTimeoutSeconds: endpoint.scaling.idleTimeout,
        executionTimeoutSeconds: endpoint.timeout / 1000,
        gpusPerWorker: endpoint.gpu.count,
        pools: endpoint.gpu.pools.map((pool, i) => ({
          capacity: platform.pools[pool].capacity,
          speed: platform.pools[pool].speed,
          flexPerSecondUsd: rates[i]!.flexPerSecondUsd ?? 0,
          activePerSecondUsd: rates[i]!.activePerSecondUsd ?? 0
        })),
        scalerIntervalSeconds: platform.scalerIntervalSeconds,
        concurrencyPerWorker: platform.concurrencyPerWorker,
        queueLimit: platform.queueLimit,
        jobTtlSeconds: platform.jobTtlSeconds,
        stopWorkerOnTimeout: platform.stopWorkerOnTimeout,
        initTimeoutSeconds: platform.initTimeoutSeconds,
        activeWorkersStartWarm: platform.activeWorkersStartWarm,
        bypassCapacity: endpoint.flashboot === "PRIORITY_FLASHBOOT" && platform.flashboot.priorityBypassesCapacity,
        roundUpPerSession: platform.billing.roundUpPerSession,
        containerDiskGb: platform.billing.containerDiskGb,
        drain: platform.drain,
        arrivals: arrivalProcess(scenario.workload.arrivals),
        executionSeconds: sampler(scenario.workload.executionSeconds),
        scaler,
        dispatcher: dispatchers(platform.dispatch),
        coldStart,
        placement,
        onProgress: options.onProgress,
        jobLog: options.jobLog
      })
      return buildResult(scenario, stats, {
        scalerName: scaler.name,
        retentionSeconds: coldStart.retentionSeconds,
        hosts: coldStart.hosts ?? 1,
        priceCatalogAsOf: catalog.asOf,
        rates: rates.map((r) => ({ flexPerSecondUsd: r.flexPerSecondUsd ?? 0, activePerSecondUsd: r.activePerSecondUsd }))
      })
    })
  })

/** Decodes and simulates a scenario. */
export const simulate = (input: unknown, options: DecodeOptions = {}): Effect.Effect<SimResult, ScenarioError, Models> =>
  Effect.flatMap(loadScenario(input, options), (s) => runScenario(s.scenario))
