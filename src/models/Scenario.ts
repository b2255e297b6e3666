/**
 * Scenario: everything one simulation needs: an endpoint config (any dialect), a workload, the
 * platform assumptions, a seed and a duration. `decodeScenario` checks all of it at once and
 * reports problems with their full path in the scenario (`endpoint.scalerValue: …`,
 * `workload.executionSeconds.p95: …`).
 *
 * Invariants of a decoded scenario: 0 <= warmupSeconds < durationSeconds; every pool the endpoint
 * lists has a flex price (and an active price when workers.min > 0).
 */
import { Result, Schema } from "effect"
import { pushAll, childPath, type ConfigProblem } from "./ConfigProblem.ts"
import { Arrivals, type ResolvedArrivals } from "./Arrivals.ts"
import { ratesFor } from "./Billing.ts"
import { readEndpointConfig, type DialectId } from "./dialects/Dialect.ts"
import { decodeInput, unknownFields } from "./dialects/Normaliser.ts"
import { Distribution } from "./Distribution.ts"
import { prepareTrace } from "./traces/Trace.ts"
import { EndpointConfig, type Provenance } from "./EndpointConfig.ts"
import { IntAtLeast, NonEmptyStr, NumberAbove, NumberAtLeast } from "./fields.ts"
import { PlatformSettings, resolvePlatform, type Platform } from "./Platform.ts"
import type { PriceCatalog } from "./PriceCatalog.ts"
import { maxEventsPerRun, workProblems } from "./WorkBudget.ts"

export const Workload = Schema.Struct({ arrivals: Arrivals, executionSeconds: Distribution })

/** A decoded workload: traces are checked and their paths resolved. */
export interface Workload {
  readonly arrivals: ResolvedArrivals
  readonly executionSeconds: Distribution
}

/** A scenario as a user writes it (JSON, YAML or a TypeScript object). */
export const ScenarioInput = Schema.Struct({
  /** Editors' JSON Schema reference; ignored. */
  $schema: Schema.optionalKey(Schema.String),
  name: NonEmptyStr,
  seed: Schema.optionalKey(IntAtLeast(0)),
  durationSeconds: NumberAbove(0),
  warmupSeconds: Schema.optionalKey(NumberAtLeast(0)),
  endpoint: Schema.Unknown.annotate({ description: "An endpoint config in any dialect scalecast reads (v2, v1, graphql, flash)." }),
  workload: Workload,
  platform: Schema.optionalKey(PlatformSettings)
})
export type ScenarioInput = typeof ScenarioInput.Encoded

/** A decoded scenario, every default applied. */
export interface Scenario {
  readonly name: string
  readonly seed: number
  readonly durationSeconds: number
  readonly warmupSeconds: number
  readonly endpoint: EndpointConfig
  readonly endpointDialect: DialectId
  readonly endpointProvenance: Provenance
  readonly workload: Workload
  readonly platform: Platform
}

/** scalecast's limits on one run. */
export const maxWorkers = 100_000
export const maxJobSlots = 10_000_000

export interface ScenarioProblems {
  readonly problems: ReadonlyArray<ConfigProblem>
  readonly warnings: ReadonlyArray<ConfigProblem>
}

const prefix = (at: string, ps: ReadonlyArray<ConfigProblem>): Array<ConfigProblem> =>
  ps.map((p) => ({ ...p, path: p.path === "" ? at : childPath(at, p.path).replace(`${at}.[`, `${at}[`) }))

export interface DecodeOptions {
  readonly overrides?: { readonly seed?: number | undefined; readonly durationSeconds?: number | undefined }
  /** Read the scenario's endpoint as this dialect instead of detecting it. */
  readonly endpointFrom?: DialectId | undefined
  /** The folder relative trace paths are resolved against (the scenario file's); default: the working directory. */
  readonly baseDir?: string | undefined
  /** A normalised v2 config (as JSON) to use instead of the scenario's endpoint: sweeps vary it. */
  readonly endpoint?: { readonly config: unknown; readonly dialect: DialectId; readonly provenance: Provenance } | undefined
  /** An already decoded workload to use instead of the scenario's (sweeps vary only endpoint and platform, so a trace is checked once). */
  readonly workload?: Workload | undefined
  /** The most events one run may take (default: scalecast's work budget, `maxEventsPerRun`). */
  readonly maxEvents?: number | undefined
}

/** Decodes and checks a scenario; all problems at once. */
export const decodeScenario = (
  input: unknown,
  catalog: PriceCatalog,
  options: DecodeOptions = {}
): Result.Result<{ scenario: Scenario; warnings: ReadonlyArray<ConfigProblem> }, ScenarioProblems> => {
  const warnings = unknownFields(null, ScenarioInput.ast, input)
  const decoded = decodeInput(ScenarioInput, input)
  const problems: Array<ConfigProblem> = Result.isFailure(decoded) ? [...decoded.failure] : []
  const raw = input !== null && typeof input === "object" ? (input as Record<string, unknown>) : {}
  let endpoint: { config: EndpointConfig; dialect: DialectId; provenance: Provenance } | undefined
  if (options.endpoint !== undefined) {
    const config = decodeInput(EndpointConfig, options.endpoint.config)
    if (Result.isFailure(config)) pushAll(problems, prefix("endpoint", config.failure))
    else endpoint = { ...options.endpoint, config: config.success }
  } else if ("endpoint" in raw) {
    const reading = readEndpointConfig(raw.endpoint, { from: options.endpointFrom, catalog })
    if (Result.isFailure(reading.result)) pushAll(problems, prefix("endpoint", reading.result.failure.problems))
    else {
      endpoint = { config: reading.result.success.config, dialect: reading.dialect, provenance: reading.result.success.provenance }
      // A pool without a price is a problem of the scenario (unless the platform prices it), not a remark.
      pushAll(
        warnings,
        prefix("endpoint", reading.result.success.warnings).filter((w) => w.code !== "unpricedPool")
      )
    }
  } else if (Result.isSuccess(decoded)) problems.push({ path: "endpoint", message: "expected a value (required), got nothing" })
  if (Result.isFailure(decoded) || endpoint === undefined) return Result.fail({ problems, warnings })

  const s = decoded.success
  const durationSeconds = options.overrides?.durationSeconds ?? s.durationSeconds
  const warmupSeconds = s.warmupSeconds ?? 0
  if (warmupSeconds >= durationSeconds)
    problems.push({ path: "warmupSeconds", message: `expected less than durationSeconds (${durationSeconds}), got ${warmupSeconds}` })
  const platform = resolvePlatform(s.platform)
  let arrivals: ResolvedArrivals | undefined
  if (options.workload !== undefined) arrivals = options.workload.arrivals
  else if (s.workload.arrivals.type === "trace") {
    const prepared = prepareTrace(s.workload.arrivals, options.baseDir ?? process.cwd(), "workload.arrivals")
    if ("problems" in prepared) pushAll(problems, prepared.problems)
    else arrivals = prepared.trace
  } else arrivals = s.workload.arrivals
  for (const pool of endpoint.config.gpu.pools) {
    const rates = ratesFor(catalog, platform, pool)
    if (rates.flexPerSecondUsd === null) {
      problems.push({
        path: `platform.pools.${pool}.flexPerSecondUsd`,
        message: `expected a price in USD per GPU-second: ${pool} has no published flex price (catalog of ${catalog.asOf}), got nothing`
      })
    }
    if (rates.activePerSecondUsd === null && endpoint.config.workers.min > 0) {
      problems.push({
        path: `platform.pools.${pool}.activePerSecondUsd`,
        message: `expected a price in USD per GPU-second: ${pool} has no published active price (catalog of ${catalog.asOf}) and workers.min is ${endpoint.config.workers.min}, got nothing`
      })
    }
  }
  // Limits that keep a typo (durationSeconds: 1e12, workers.max: 1e9) from hanging or exhausting memory.
  if (endpoint.config.workers.max > maxWorkers)
    problems.push({
      path: "endpoint.workers.max",
      message: `expected at most ${maxWorkers.toLocaleString("en-US")} workers (scalecast's limit), got ${endpoint.config.workers.max}`
    })
  else if (endpoint.config.workers.max * platform.concurrencyPerWorker > maxJobSlots) {
    problems.push({
      path: "platform.concurrencyPerWorker",
      message: `expected workers.max × concurrencyPerWorker at most ${maxJobSlots.toLocaleString("en-US")}, got ${endpoint.config.workers.max * platform.concurrencyPerWorker}`
    })
  }
  if (problems.length === 0 && arrivals !== undefined) {
    pushAll(
      problems,
      workProblems(
        { durationSeconds, endpoint: endpoint.config, workload: { arrivals, executionSeconds: s.workload.executionSeconds }, platform },
        options.maxEvents ?? maxEventsPerRun
      )
    )
  }
  if (problems.length > 0 || arrivals === undefined) return Result.fail({ problems, warnings })
  return Result.succeed({
    scenario: {
      name: s.name,
      seed: options.overrides?.seed ?? s.seed ?? 1,
      durationSeconds,
      warmupSeconds,
      endpoint: endpoint.config,
      endpointDialect: endpoint.dialect,
      endpointProvenance: endpoint.provenance,
      workload: { arrivals, executionSeconds: s.workload.executionSeconds },
      platform
    },
    warnings
  })
}
