/**
 * Sweep: many configs of one scenario, each simulated over R replications with the same seeds
 * across configs (common random numbers), summarised as means with 95 % intervals, checked against
 * targets at their confidence bounds, with the cost/latency Pareto front and a recommendation: the
 * cheapest config that meets every target, or the closest miss. A config whose latency figure (the
 * Pareto metric) is infinite or absent, because too many of its requests did not complete, is never
 * on the front and never recommended, whatever it costs.
 */
import { Effect, Result } from "effect"
import type { DialectId } from "../models/dialects/Dialect.ts"
import { toCreateEndpointRequest, type EndpointConfig, type Provenance } from "../models/EndpointConfig.ts"
import { unknownFields } from "../models/dialects/Normaliser.ts"
import { decodeScenario, ScenarioInput, type Scenario } from "../models/Scenario.ts"
import { meets, metricKind, shortfall, type Figure, type Interval, type RunMetricName, type Slo } from "../models/Slo.ts"
import { combinations, labelOf, setPath, type Variation, type VariedValue } from "../models/Variation.ts"
import { PriceCatalogs } from "../models/Billing.ts"
import { problemLines } from "../models/ConfigProblem.ts"
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

/** What summarising a config needs: how it was labelled and set, why it is invalid, its endpoint. */
export interface SummarisedConfig {
  readonly label: string
  readonly settings: ReadonlyArray<readonly [string, VariedValue]>
  readonly invalid: string | undefined
  readonly scenario: { readonly endpoint: EndpointConfig } | undefined
}

export interface Base {
  readonly input: Record<string, unknown>
  /** The folder the scenario's relative paths (traces) are resolved against. */
  readonly baseDir: string
  readonly scenario: Scenario
  readonly dialect: DialectId
  readonly provenance: Provenance
}

/**
 * What is wrong with a set of variations before any config is built: a path varied twice, or a
 * platform path that names no setting (it would silently run identical configs).
 */
export const variationProblems = (base: Base, variations: ReadonlyArray<Variation>): Array<string> => {
  const problems: Array<string> = []
  const seen = new Set<string>()
  for (const v of variations) {
    const name = v.path.replace(/^endpoint\./, "")
    if (seen.has(v.path)) problems.push(`--vary ${name} given twice; give all its values in one --vary`)
    seen.add(v.path)
    if (!v.path.startsWith("platform.")) continue
    const probe = JSON.parse(JSON.stringify(base.input)) as Record<string, unknown>
    setPath(probe, v.path.split("."), v.values[0])
    const unknown = unknownFields(null, ScenarioInput.ast, probe).find((w) => v.path === w.path || v.path.startsWith(`${w.path}.`))
    if (unknown === undefined) continue
    const hint = /did you mean [^?]+\?/.exec(unknown.message)?.[0]
    problems.push(`--vary ${v.path}: ${unknown.path} is not a platform setting${hint === undefined ? "" : ` (${hint})`}; see the platform table in the README`)
  }
  return problems
}

/** The number of configs the variations make (before building any). */
export const gridSize = (variations: ReadonlyArray<Variation>): number => variations.reduce((n, v) => n * v.values.length, 1)

/** Builds every combination's scenario from the base; invalid combinations say why. */
export const buildConfigs = (base: Base, variations: ReadonlyArray<Variation>, maxEvents?: number) =>
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
        workload: base.scenario.workload,
        maxEvents,
        endpoint: { config: endpoint, dialect: base.dialect, provenance: base.provenance },
        overrides: { seed: base.scenario.seed, durationSeconds: base.scenario.durationSeconds }
      })
      const label = labelOf(settings)
      return Result.isSuccess(decoded)
        ? { label, settings, scenario: decoded.success.scenario, invalid: undefined }
        : { label, settings, scenario: undefined, invalid: problemLines(decoded.failure.problems).join("; ") }
    })
  })

/** The runs of a sweep: config × replication, replication r of every config on seed `seed + r`. */
export const sweepTasks = (configs: ReadonlyArray<SweepConfig>, replications: number): Array<RunTask & { readonly config: number }> =>
  configs.flatMap((c, config) =>
    c.scenario === undefined ? [] : Array.from({ length: replications }, (_, r) => ({ config, scenario: c.scenario!, seed: c.scenario!.seed + r }))
  )

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
  readonly endpoint?: EndpointConfig
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
  readonly recommendation: { readonly label: string; readonly endpoint: EndpointConfig } | null
  readonly message: string
}

/** The metric the Pareto front trades against cost: the first latency target, else end-to-end p95. */
export const paretoMetric = (slos: ReadonlyArray<Slo>): RunMetricName => slos.find((s) => metricKind(s.metric) === "seconds")?.metric ?? "endToEnd.p95"

/**
 * The requirement every recommended (or checked) config meets besides the stated targets: its
 * end-to-end p95 is reached (fewer than 5 % of its requests failed to complete, in every
 * replication), unless the user stated their own `unfinishedShare` target.
 */
export const completes = (slos: ReadonlyArray<Slo>, metrics: Readonly<Record<RunMetricName, Interval>>): boolean =>
  slos.some((s) => s.metric === "unfinishedShare") || isFiniteFigure(metrics["endToEnd.p95"].high)

/** Summarises finished runs per config, checks targets, marks the Pareto front, recommends. */
export const summariseSweep = (
  base: Pick<Scenario, "name" | "seed" | "durationSeconds">,
  variations: ReadonlyArray<Variation>,
  configs: ReadonlyArray<SummarisedConfig>,
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
    return {
      label: c.label,
      settings,
      runs: ms.length,
      metrics,
      slos: verdicts,
      meetsAll: verdicts.every((v) => v.meets),
      endpoint: endpointOf(c.scenario!.endpoint)
    }
  })
  const trade = paretoMetric(slos)
  const measured = results.filter((r) => r.metrics !== undefined)
  // Only configs whose latency figure is reached can trade cost against it.
  const reached = (r: (typeof results)[number]) => r.metrics !== undefined && isFiniteFigure(r.metrics[trade].high) && completes(slos, r.metrics)
  const dominated = (a: (typeof results)[number]) =>
    measured.some((b) => {
      const [ac, al, bc, bl] = [
        worst(a.metrics!.usdPerHour.mean),
        worst(a.metrics![trade].mean),
        worst(b.metrics!.usdPerHour.mean),
        worst(b.metrics![trade].mean)
      ]
      return b !== a && bc <= ac && bl <= al && (bc < ac || bl < al)
    })
  const withPareto: Array<ConfigResult> = results.map((r) => ({ ...r, pareto: reached(r) && !dominated(r) }))
  const cost = (r: ConfigResult) => worst(r.metrics!.usdPerHour.mean)
  const passing = withPareto.filter((r) => r.meetsAll && reached(r)).sort((a, b) => ascending(cost(a), cost(b)))
  const runsDone = runs.filter((r) => r.metrics !== undefined).length
  const complete = runsDone === runs.length
  let recommendation: SweepResult["recommendation"] = null
  let message: string
  if (passing.length > 0 && !complete) {
    // A partial sweep recommends nothing: the missing runs could change the intervals and the order.
    const best = passing[0]!
    message = `no recommendation from a partial sweep; so far ${best.label} is the cheapest meeting the targets, over ${best.runs} of ${replications} replications.`
  } else if (passing.length > 0) {
    const best = passing[0]!
    recommendation = { label: best.label, endpoint: best.endpoint! }
    message = `Recommended: ${best.label} at $${cost(best).toFixed(4)}/h, the cheapest of ${passing.length} config${passing.length === 1 ? "" : "s"} meeting ${slos.length === 0 ? "no stated target" : slos.map((s) => s.text).join(", ")}.`
  } else if (measured.length === 0) {
    message = "No config finished a run."
  } else {
    // Closest: the smallest total relative shortfall.
    const unfinished = (r: ConfigResult) => worst(r.metrics!.unfinishedShare.mean)
    const closest = withPareto
      .filter((r) => r.metrics !== undefined)
      .sort((a, b) => ascending(totalMiss(slos, a.slos), totalMiss(slos, b.slos)) || ascending(unfinished(a), unfinished(b)) || ascending(cost(a), cost(b)))[0]!
    const misses = closest.slos.filter((v) => !v.meets).map((v) => `${v.slo} (${describeShortfall(v.shortfall)})`)
    const targets = slos.length === 0 ? `its ${trade}` : slos.map((s) => s.text).join(", ")
    message =
      misses.length === 0
        ? `No config in this grid reaches ${trade} (too many requests did not complete in every config); closest is ${closest.label}.`
        : `No config in this grid meets ${targets}; closest is ${closest.label}: ${misses.join(", ")}.`
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

const endpointOf = (config: EndpointConfig): EndpointConfig => toCreateEndpointRequest(config)

/** A figure for ranking: absent or infinite sorts last. */
const worst = (x: Figure): number => x ?? Number.POSITIVE_INFINITY

const isFiniteFigure = (x: Figure): boolean => x !== null && Number.isFinite(x)

/** Ascending order that treats equal infinities as equal (plain subtraction gives NaN). */
export const ascending = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : 0)

/** "misses by 1.23", or why it cannot be measured. */
export const describeShortfall = (x: number): string =>
  Number.isFinite(x) ? `misses by ${+x.toPrecision(3)}` : "not reached: too many requests did not complete, or none did"

/**
 * How far a config misses its targets in all: the sum of shortfalls relative to each limit
 * (+Infinity when one is not reached). Ranks the closest misses.
 */
export const totalMiss = (slos: ReadonlyArray<Slo>, verdicts: ReadonlyArray<SloVerdict>): number =>
  verdicts.reduce((sum, v, i) => sum + v.shortfall / Math.max(1e-9, Math.abs(slos[i]!.limit) || 1), 0)
