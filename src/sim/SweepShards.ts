/**
 * SweepShards: a sweep split across the machines of a batch engine. Shard I of N runs the sweep's
 * runs (config × replication, in the unsplit sweep's order) whose index is I modulo N, on the same
 * seeds as the unsplit sweep, and writes a part: what it ran, its runs' figures, and what a merge
 * needs to rebuild the table without the scenario file (each config's label, settings, validity and
 * normalised endpoint). Merging checks that the parts belong to one sweep (same scenario document,
 * grid, replications, seed and scalecast version, every shard once) and hands the runs, in the
 * unsplit order, to `summariseSweep`, so the result is the unsplit sweep's, figure for figure.
 */
import { Schema } from "effect"
import { createHash } from "node:crypto"
import type { EndpointConfig } from "../models/EndpointConfig.ts"
import { runMetricNames, type RunMetricName } from "../models/Slo.ts"
import type { Variation, VariedValue } from "../models/Variation.ts"
import type { RunMetrics } from "./Replications.ts"
import type { Base, SummarisedConfig, SweepConfig } from "./Sweep.ts"

/** Which share of the runs a process takes: `index` of `count` (0-based). */
export interface Shard {
  readonly index: number
  readonly count: number
}

/** The runs (by index in the unsplit sweep's order) that belong to a shard: every count-th from index. */
export const shardRuns = (runs: number, shard: Shard): Array<number> => {
  const out: Array<number> = []
  for (let i = shard.index; i < runs; i += shard.count) out.push(i)
  return out
}

/** What makes two parts parts of one sweep. */
export interface SweepIdentity {
  readonly version: string
  readonly scenario: { readonly name: string; readonly seed: number; readonly durationSeconds: number }
  readonly varied: ReadonlyArray<Variation>
  readonly replications: number
  /** SHA-256 of the scenario document as read (so an edited file makes a different sweep). */
  readonly document: string
}

export interface SweepPart {
  readonly kind: "scalecast sweep part"
  readonly identity: SweepIdentity
  readonly shard: Shard
  /** The targets the shard was run with (the merge's default). */
  readonly slos: ReadonlyArray<string>
  readonly runsTotal: number
  readonly configs: ReadonlyArray<{
    readonly label: string
    readonly settings: ReadonlyArray<readonly [string, VariedValue]>
    readonly invalid?: string
    readonly endpoint?: EndpointConfig
  }>
  /** This shard's runs: index in the unsplit order, config, and figures (+Infinity written "Infinity"). */
  readonly runs: ReadonlyArray<{ readonly run: number; readonly config: number; readonly metrics: Readonly<Record<RunMetricName, number | null | "Infinity">> }>
}

const Count = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
const Figure = Schema.Union([Schema.Number, Schema.Null, Schema.Literal("Infinity")])
const Varied = Schema.Union([Schema.String, Schema.Number, Schema.Boolean, Schema.Array(Schema.String)])

/** A part as read from a file: its shape checked, so a merge of a stray file says what is wrong. */
export const SweepPartInput = Schema.Struct({
  kind: Schema.Literal("scalecast sweep part"),
  identity: Schema.Struct({
    version: Schema.String,
    scenario: Schema.Struct({ name: Schema.String, seed: Count, durationSeconds: Schema.Number }),
    varied: Schema.Array(Schema.Struct({ path: Schema.String, values: Schema.Array(Varied) })),
    replications: Count,
    document: Schema.String
  }),
  shard: Schema.Struct({ index: Count, count: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)) }),
  slos: Schema.Array(Schema.String),
  runsTotal: Count,
  configs: Schema.Array(
    Schema.Struct({
      label: Schema.String,
      settings: Schema.Array(Schema.Tuple([Schema.String, Varied])),
      invalid: Schema.optionalKey(Schema.String),
      endpoint: Schema.optionalKey(Schema.Unknown)
    })
  ),
  runs: Schema.Array(
    Schema.Struct({
      run: Count,
      config: Count,
      metrics: Schema.Struct(Object.fromEntries(runMetricNames.map((n) => [n, Figure])) as Record<RunMetricName, typeof Figure>)
    })
  )
})

/** The identity of a sweep of `base` over `variations`. */
export const sweepIdentity = (version: string, base: Base, variations: ReadonlyArray<Variation>, replications: number): SweepIdentity => ({
  version,
  scenario: { name: base.scenario.name, seed: base.scenario.seed, durationSeconds: base.scenario.durationSeconds },
  varied: variations,
  replications,
  document: createHash("sha256").update(JSON.stringify(base.input)).digest("hex")
})

const encode = (m: RunMetrics): SweepPart["runs"][number]["metrics"] =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v === Number.POSITIVE_INFINITY ? "Infinity" : v])) as SweepPart["runs"][number]["metrics"]

const decode = (m: SweepPart["runs"][number]["metrics"]): RunMetrics =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v === "Infinity" ? Number.POSITIVE_INFINITY : v])) as RunMetrics

/** A shard's part: its runs' figures (in its own order of `runs`) and the sweep's configs. */
export const sweepPart = (
  identity: SweepIdentity,
  shard: Shard,
  slos: ReadonlyArray<string>,
  configs: ReadonlyArray<SweepConfig>,
  runsTotal: number,
  runs: ReadonlyArray<{ readonly run: number; readonly config: number; readonly metrics: RunMetrics }>
): SweepPart => ({
  kind: "scalecast sweep part",
  identity,
  shard,
  slos,
  runsTotal,
  configs: configs.map((c) => ({
    label: c.label,
    settings: c.settings,
    ...(c.invalid === undefined ? {} : { invalid: c.invalid }),
    ...(c.scenario === undefined ? {} : { endpoint: c.scenario.endpoint })
  })),
  runs: runs.map((r) => ({ run: r.run, config: r.config, metrics: encode(r.metrics) }))
})

/** Parts ready to summarise, or what is wrong with them (naming the part file). */
export type Merged =
  | {
      readonly identity: SweepIdentity
      readonly slos: ReadonlyArray<string>
      readonly configs: ReadonlyArray<SummarisedConfig>
      readonly runs: ReadonlyArray<{ readonly config: number; readonly metrics: RunMetrics }>
    }
  | { readonly problem: string }

/** How `b` differs from `a` (in words about `b`), or undefined when they are one sweep. */
export const describeIdentity = (a: SweepIdentity, b: SweepIdentity): string | undefined => {
  if (a.version !== b.version) return `made by scalecast ${b.version}, the first part by ${a.version}`
  if (a.scenario.name !== b.scenario.name) return `of scenario "${b.scenario.name}", the first part of "${a.scenario.name}"`
  if (a.document !== b.document) return "of a different scenario document (the file was edited between the shards)"
  if (a.scenario.seed !== b.scenario.seed) return `on seed ${b.scenario.seed}, the first part on seed ${a.scenario.seed}`
  if (a.scenario.durationSeconds !== b.scenario.durationSeconds)
    return `over ${b.scenario.durationSeconds} s, the first part over ${a.scenario.durationSeconds} s`
  if (JSON.stringify(a.varied) !== JSON.stringify(b.varied)) return "of a different grid (--vary)"
  if (a.replications !== b.replications) return `with ${b.replications} replications, the first part with ${a.replications}`
  return undefined
}

/**
 * Checks that `parts` (by file name) are every shard of one sweep, once, and puts their runs back in
 * order. The parts' targets must agree unless the merge states its own (`ownTargets`).
 */
export const mergeParts = (parts: ReadonlyArray<{ readonly file: string; readonly part: SweepPart }>, ownTargets = false): Merged => {
  const first = parts[0]
  if (first === undefined) return { problem: "expected at least one part" }
  const count = first.part.shard.count
  const seen = new Map<number, string>()
  for (const { file, part } of parts) {
    const different = describeIdentity(first.part.identity, part.identity)
    if (different !== undefined) return { problem: `${file} is a part of another sweep: ${different}` }
    if (part.shard.count !== count) return { problem: `${file} is shard ${part.shard.index + 1} of ${part.shard.count}, ${first.file} of ${count}` }
    if (!Number.isInteger(part.shard.index) || part.shard.index < 0 || part.shard.index >= count)
      return { problem: `${file} claims to be shard ${part.shard.index + 1} of ${count}` }
    const twice = seen.get(part.shard.index)
    if (twice !== undefined) return { problem: `${file} and ${twice} are both shard ${part.shard.index + 1} of ${count}` }
    seen.set(part.shard.index, file)
    if (!ownTargets && JSON.stringify(part.slos) !== JSON.stringify(first.part.slos))
      return {
        problem: `${file} was run with targets ${JSON.stringify(part.slos)}, ${first.file} with ${JSON.stringify(first.part.slos)}; give --slo to the merge`
      }
  }
  // The runs a part claims must be the ones its grid makes: a hand-edited count cannot allocate at will.
  const grid = first.part.identity.varied.reduce((n, v) => n * v.values.length, 1)
  const runsMade = first.part.configs.filter((c) => c.invalid === undefined).length * first.part.identity.replications
  for (const { file, part } of parts)
    if (part.configs.length !== grid || part.runsTotal !== runsMade || JSON.stringify(part.configs) !== JSON.stringify(first.part.configs))
      return { problem: `${file}: its configs or run count do not match its grid (${grid} configs, ${runsMade} runs)` }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i))
  if (missing.length > 0) return { problem: `missing shard${missing.length === 1 ? "" : "s"} ${missing.map((i) => `${i + 1}`).join(", ")} of ${count}` }
  const runs = new Array<{ config: number; metrics: RunMetrics } | undefined>(first.part.runsTotal)
  for (const { file, part } of parts)
    for (const r of part.runs) {
      if (!Number.isInteger(r.run) || r.run < 0 || r.run >= runs.length || r.run % count !== part.shard.index || runs[r.run] !== undefined)
        return { problem: `${file}: run ${r.run} does not belong to its shard` }
      if (!Number.isInteger(r.config) || r.config < 0 || r.config >= first.part.configs.length) return { problem: `${file}: run ${r.run} names no config` }
      runs[r.run] = { config: r.config, metrics: decode(r.metrics) }
    }
  const absent = runs.findIndex((r) => r === undefined)
  if (absent >= 0) return { problem: `run ${absent} is in no part (shard ${(absent % count) + 1} of ${count} did not finish it)` }
  return {
    identity: first.part.identity,
    slos: first.part.slos,
    configs: first.part.configs.map((c) => ({
      label: c.label,
      settings: c.settings,
      invalid: c.invalid,
      scenario: c.endpoint === undefined ? undefined : { endpoint: c.endpoint }
    })),
    runs: runs as ReadonlyArray<{ config: number; metrics: RunMetrics }>
  }
}
