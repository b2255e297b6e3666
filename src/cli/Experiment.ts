/**
 * Experiment: what the commands that run many simulations share (sweep, check, compare, plan):
 * loading the base scenario, reading targets, the replications flag, and running tasks on the run
 * pool with a progress line on a terminal and Ctrl-C that keeps finished runs.
 */
import { Console, Effect } from "effect"
import { dirname } from "node:path"
import { formatProblem } from "../models/ConfigProblem.ts"
import { parseSlo } from "../models/Slo.ts"
import type { RunMetrics } from "../sim/Replications.ts"
import { defaultWorkers, RunPool, type PoolOutcome, type RunTask } from "../sim/RunPool.ts"
import { loadScenario, type ScenarioError } from "../sim/simulate.ts"
import type { Base } from "../sim/Sweep.ts"
import { listFlag, numberFlag, UsageError, type CommandSpec, type ParsedArgs } from "./Args.ts"
import { readDocument } from "./Files.ts"
import { InvalidInput } from "./Outcome.ts"

/** Flags every experiment command takes. */
export const experimentFlags = {
  replications: { type: "string" },
  workers: { type: "string" },
  seed: { type: "string" },
  duration: { type: "string" },
  json: { type: "boolean" }
} as const

/** A scenario's problems as one input error: a header line, then one line per problem. */
export const invalidScenario = (file: string) => (e: ScenarioError) =>
  Effect.fail(new InvalidInput({ message: [`${file}: invalid scenario: ${e.problems.length} problem${e.problems.length === 1 ? "" : "s"}`, ...e.problems.map((p) => `  ${formatProblem(p)}`)].join("\n") }))

/** Reads and decodes the base scenario (`--seed`, `--duration` override); problems become one input error. */
export const loadBase = (spec: CommandSpec, file: string, args: ParsedArgs) =>
  Effect.gen(function* () {
    const seed = yield* numberFlag(spec, "seed", args.flags.seed, { integer: true, min: 0 })
    const durationSeconds = yield* numberFlag(spec, "duration", args.flags.duration, { integer: false, min: Number.MIN_VALUE })
    const input = yield* readDocument(file)
    const loaded = yield* loadScenario(input, { overrides: { seed, durationSeconds }, baseDir: dirname(file) }).pipe(Effect.catchTag("ScenarioError", invalidScenario(file)))
    for (const w of loaded.warnings) yield* Console.error(`warning: ${file}: ${formatProblem(w)}`)
    const base: Base = {
      input: (input !== null && typeof input === "object" ? input : {}) as Record<string, unknown>,
      baseDir: dirname(file),
      scenario: loaded.scenario,
      dialect: loaded.scenario.endpointDialect,
      provenance: loaded.scenario.endpointProvenance
    }
    return base
  })

/** Parses every `--slo` (and `--budget`) given. */
export const readSlos = (spec: CommandSpec, texts: ReadonlyArray<string>) =>
  Effect.forEach(texts, (text) => {
    const parsed = parseSlo(text)
    return "error" in parsed ? Effect.fail(new UsageError({ message: `scalecast ${spec.name}: --slo: ${parsed.error}`, usage: spec.usage })) : Effect.succeed(parsed.slo)
  })

/** `--replications` (default given) and `--workers` (default: one per core). */
export const runSettings = (spec: CommandSpec, args: ParsedArgs, defaultReplications: number) =>
  Effect.gen(function* () {
    const replications = (yield* numberFlag(spec, "replications", args.flags.replications, { integer: true, min: 1 })) ?? defaultReplications
    const workers = (yield* numberFlag(spec, "workers", args.flags.workers, { integer: true, min: 0 })) ?? defaultWorkers()
    return { replications, workers }
  })

export const sloTexts = (args: ParsedArgs): ReadonlyArray<string> => [...listFlag(args.flags.slo), ...listFlag(args.flags.budget)]

const formatEta = (seconds: number) => (seconds < 60 ? `${Math.ceil(seconds)} s` : `${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s`)

/**
 * Runs tasks on the pool. On a terminal (and without --json) a progress line on stderr shows runs
 * done, the ETA and `extra()` (e.g. configs meeting the targets so far). Ctrl-C stops the pool; the
 * outcome then says it is incomplete.
 */
export const runTasks = (tasks: ReadonlyArray<RunTask>, workers: number, quiet: boolean, onRun?: (index: number, m: RunMetrics) => void, extra?: () => string): Effect.Effect<PoolOutcome> =>
  Effect.promise(async () => {
    const pool = new RunPool(workers)
    const interrupt = () => pool.stop()
    process.once("SIGINT", interrupt)
    const showProgress = !quiet && process.stderr.isTTY === true
    const started = Date.now()
    try {
      return await pool.run(tasks, (p, m) => {
        onRun?.(p.finished, m)
        if (!showProgress) return
        const elapsed = (Date.now() - started) / 1000
        const eta = (elapsed / p.done) * (p.total - p.done)
        const width = 24
        const filled = Math.round((p.done / p.total) * width)
        process.stderr.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${p.done}/${p.total} runs${extra ? `, ${extra()}` : ""}, ETA ${formatEta(eta)}   `)
        if (p.done === p.total) process.stderr.write("\n")
      })
    } finally {
      process.removeListener("SIGINT", interrupt)
      if (showProgress) process.stderr.write("\n")
    }
  })

export const failIfInterrupted = (outcome: PoolOutcome) => (outcome.complete ? Effect.void : Effect.sync(() => {
  process.exitCode = 130
}))
