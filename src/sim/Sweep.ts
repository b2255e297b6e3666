/**
 * Sweep: many configs of one scenario, each simulated over R replications with the same seeds
 * across configs (common random numbers), summarised as means with 95 % intervals, checked against
 * targets at their confidence bounds, with the cost/latency Pareto front and a recommendation: the
 * cheapest config that meets every target, or the closest miss.
 */
import { Effect, Result } from "effect"
import type { DialectId } from "../models/dialects/Dialect.ts"
import { toCreateEndpointRequest, type EndpointConfig, type Provenance } from "../models/EndpointConfig.ts"
import { decodeScenario, type Scenario } from "../models/Scenario.ts"
import { meets, shortfall, type Interval, type RunMetricName, type Slo } from "../models/Slo.ts"
import { combinations, labelOf, setPath, type Variation, type VariedValue } from "../models/Variation.ts"
import { PriceCatalogs } from "../models/Billing.ts"
import { formatProblem } from "../models/ConfigProblem.ts"
import { summarise, type RunMetrics } from "./Replications.ts"
import type { RunTask } from "./RunPool.ts"

/** One config of a sweep before it runs. */
export interface SweepConfig {
  readonly label: string
  readonly settings: ReadonlyArray<readonly [string, VariedValue]>
  /** The decoded scenario, or why this combination is not a valid config. */
  readonly scenario: Scenario | undefined
  readonly invalid: string | undefined
}

export interface Base {
  readonly input: Record<string, unknown>
  /** The folder the scenario's relative paths (traces) are resolved against. */
  readonly baseDir: string
  readonly scenario: Scenario
  readonly dialect: DialectId
  readonly provenance: Provenance
}

/** Builds every combination's scenario from the base; invalid combinations say why. */
export const buildConfigs = (base: Base, variations: ReadonlyArray<Variation>) =>
  Effect.gen(function* () {
    const catalog = yield* PriceCatalogs
    return combinations(variations).map((settings): SweepConfig => {
      const endpoint = JSON.parse(JSON.stringify(base.scenario.endpoint)) as Record<string, unknown>
      const input = JSON.parse(JSON.stringify(base.input)) as Record<string, unknown>
      for (const [path, value] of settings) {
        const [root, ...rest] = path.split(".")
        if (root === "endpoint") setPath(endpoint, rest, value)
        else setPath(input, [root!, ...rest], value)
      }
      const decoded = decodeScenario(input, catalog, {
        baseDir: base.baseDir,
        endpoint: { config: endpoint, dialect: base.dialect, provenance: base.provenance },
        overrides: { seed: base.scenario.seed, durationSeconds: base.scenario.durationSeconds }
      })
      const label = labelOf(settings)
      return Result.isSuccess(decoded)
        ? { label, settings, scenario: decoded.success.scenario, invalid: undefined }
        : { label, settings, scenario: undefined, invalid: decoded.failure.problems.map(formatProblem).join("; ") }
    })
  })

/** The runs of a sweep: config × replication, replication r of every config on seed `seed + r`. */
export const sweepTasks = (configs: ReadonlyArray<SweepConfig>, replications: number): Array<RunTask & { readonly config: number }> =>
  configs.flatMap((c, config) => (c.scenario === undefined ? [] : Array.from({ length: replications }, (_, r) => ({ config, scenario: c.scenario!, seed: c.scenario!.seed + r }))))

export interface SloVerdict {
  readonly slo: string
  readonly meets: boolean
  /** How far the wrong-side bound misses (0 when met). */
  readonly shortfall: number
}

export interface ConfigResult {
  readonly label: string
  readonly settings: Readonly<Record<string, VariedValue>>
  readonly runs: number
  readonly invalid?: string
  readonly metrics?: Readonly<Record<RunMetricName, Interval>>
  readonly slos: ReadonlyArray<SloVerdict>
  readonly meetsAll: boolean
  readonly pareto: boolean
  /** The normalised v2 config of this combination. */
  readonly endpoint?: Record<string, unknown>
}

export interface SweepResult {
  readonly scenario: { readonly name: string; readonly seed: number; readonly durationSeconds: number }
  readonly varied: ReadonlyArray<Variation>
  readonly replications: number
  readonly slos: ReadonlyArray<string>
  readonly complete: boolean
  readonly runsDone: number
  readonly runsTotal: number
  readonly configs: ReadonlyArray<ConfigResult>
  readonly recommendation: { readonly label: string; readonly endpoint: Record<string, unknown> } | null
  readonly message: string
}

/** The metric the Pareto front trades against cost: the first latency target, else end-to-end p95. */
export const paretoMetric = (slos: ReadonlyArray<Slo>): RunMetricName =>
  slos.find((s) => !s.metric.startsWith("usd"))?.metric ?? "endToEnd.p95"

/** Summarises finished runs per config, checks targets, marks the Pareto front, recommends. */
export const summariseSweep = (
  base: Scenario,
  variations: ReadonlyArray<Variation>,
  configs: ReadonlyArray<SweepConfig>,
  replications: number,
  slos: ReadonlyArray<Slo>,
  runs: ReadonlyArray<{ readonly config: number; readonly metrics: RunMetrics | undefined }>
): SweepResult => {
  const byConfig = configs.map(() => [] as Array<RunMetrics>)
  for (const r of runs) if (r.metrics !== undefined) byConfig[r.config]!.push(r.metrics)
  const results: Array<Omit<ConfigResult, "pareto">> = configs.map((c, i) => {
    const settings = Object.fromEntries(c.settings)
    if (c.invalid !== undefined) return { label: c.label, settings, runs: 0, invalid: c.invalid, slos: [], meetsAll: false }
    const ms = byConfig[i]!
    if (ms.length === 0) return { label: c.label, settings, runs: 0, slos: [], meetsAll: false, endpoint: endpointOf(c.scenario!.endpoint) }
    const metrics = summarise(ms)
    const verdicts = slos.map((s) => ({ slo: s.text, meets: meets(s, metrics[s.metric]), shortfall: shortfall(s, metrics[s.metric]) }))
    return { label: c.label, settings, runs: ms.length, metrics, slos: verdicts, meetsAll: verdicts.every((v) => v.meets), endpoint: endpointOf(c.scenario!.endpoint) }
  })
  const trade = paretoMetric(slos)
  const measured = results.filter((r) => r.metrics !== undefined)
  const dominated = (a: (typeof results)[number]) =>
    measured.some((b) => {
      const [ac, al, bc, bl] = [a.metrics!.usdPerHour.mean, a.metrics![trade].mean, b.metrics!.usdPerHour.mean, b.metrics![trade].mean]
      return b !== a && bc <= ac && bl <= al && (bc < ac || bl < al)
    })
  const withPareto: Array<ConfigResult> = results.map((r) => ({ ...r, pareto: r.metrics !== undefined && !dominated(r) }))
  const cost = (r: ConfigResult) => r.metrics!.usdPerHour.mean
  const passing = withPareto.filter((r) => r.meetsAll).sort((a, b) => cost(a) - cost(b))
  const runsDone = runs.filter((r) => r.metrics !== undefined).length
  const complete = runsDone === runs.length
  let recommendation: SweepResult["recommendation"] = null
  let message: string
  if (passing.length > 0) {
    const best = passing[0]!
    recommendation = { label: best.label, endpoint: best.endpoint! }
    message = `Recommended: ${best.label} at $${cost(best).toFixed(4)}/h, the cheapest of ${passing.length} config${passing.length === 1 ? "" : "s"} meeting ${slos.length === 0 ? "no stated target" : slos.map((s) => s.text).join(", ")}.`
  } else if (measured.length === 0) {
    message = "No config finished a run."
  } else {
    // Closest: the smallest total relative shortfall.
    const relative = (r: ConfigResult) => r.slos.reduce((sum, v, i) => sum + v.shortfall / Math.max(1e-9, Math.abs(slos[i]!.limit) || 1), 0)
    const closest = withPareto.filter((r) => r.metrics !== undefined).sort((a, b) => relative(a) - relative(b) || cost(a) - cost(b))[0]!
    const misses = closest.slos.filter((v) => !v.meets).map((v) => `${v.slo} (misses by ${+v.shortfall.toPrecision(3)})`)
    message = `No config in this grid meets ${slos.map((s) => s.text).join(", ")}; closest is ${closest.label}: ${misses.join(", ")}.`
  }
  return {
    scenario: { name: base.name, seed: base.seed, durationSeconds: base.durationSeconds },
    varied: variations,
    replications,
    slos: slos.map((s) => s.text),
    complete,
    runsDone,
    runsTotal: runs.length,
    configs: withPareto,
    recommendation,
    message: complete ? message : `INCOMPLETE (${runsDone} of ${runs.length} runs): ${message}`
  }
}

const endpointOf = (config: EndpointConfig): Record<string, unknown> => toCreateEndpointRequest(config)
