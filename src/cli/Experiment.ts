/**
 * Experiment: what the commands that run many simulations share (sweep, check, compare, plan):
 * loading the base scenario, reading targets, the replications and workers flags, refusing work
 * beyond the limits before anything runs, checking output files can be written, and running tasks
 * on the run pool with a progress line on a terminal and Ctrl-C that keeps finished runs.
 */
import { Console, Effect } from "effect"
import { dirname } from "node:path"
import { problemLines } from "../models/ConfigProblem.ts"
import { costMetrics, parseSlo, type Slo } from "../models/Slo.ts"
import { estimateWork } from "../models/WorkBudget.ts"
import type { Scenario } from "../models/Scenario.ts"
import type { RunMetrics } from "../sim/Replications.ts"
import { RunPool, runOnPool, type PoolOutcome, type RunTask } from "../sim/RunPool.ts"
import { loadScenario, type ScenarioError } from "../sim/simulate.ts"
import type { Base } from "../sim/Sweep.ts"
import { listFlag, numberFlag, stringFlag, UsageError, type CommandSpec, type ParsedArgs } from "./Args.ts"
import { InputError } from "./Document.ts"
import { Files, readDocument } from "./Files.ts"
import { Limits } from "./Limits.ts"
import { Interrupted, InvalidInput } from "./Outcome.ts"
import { progressLine } from "./Progress.ts"

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
  Effect.fail(
    new InvalidInput({
      message: [`${file}: invalid scenario: ${e.problems.length} problem${e.problems.length === 1 ? "" : "s"}`, ...problemLines(e.problems, "  ")].join("\n")
    })
  )

/** Reads and decodes the base scenario (`--seed`, `--duration` override); problems become one input error. */
export const loadBase = (spec: CommandSpec, file: string, args: ParsedArgs) =>
  Effect.gen(function* () {
    const seed = yield* numberFlag(spec, "seed", args.flags.seed, { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER })
    const durationSeconds = yield* numberFlag(spec, "duration", args.flags.duration, { integer: false, min: Number.MIN_VALUE })
    const limits = yield* Limits
    const input = yield* readDocument(file)
    const loaded = yield* loadScenario(input, { overrides: { seed, durationSeconds }, baseDir: dirname(file), maxEvents: limits.maxEventsPerRun }).pipe(
      Effect.catchTag("ScenarioError", invalidScenario(file))
    )
    for (const w of problemLines(loaded.warnings)) yield* Console.error(`warning: ${file}: ${w}`)
    const base: Base = {
      input: (input !== null && typeof input === "object" ? input : {}) as Record<string, unknown>,
      baseDir: dirname(file),
      scenario: loaded.scenario,
      dialect: loaded.scenario.endpointDialect,
      provenance: loaded.scenario.endpointProvenance
    }
    return base
  })

/**
 * Parses every `--slo` and `--budget`; an error names the flag it came from. A budget is a cost
 * target (`usdPerHour`, `usdPer1000`).
 */
export const readTargets = (spec: CommandSpec, args: ParsedArgs): Effect.Effect<ReadonlyArray<Slo>, UsageError> =>
  Effect.forEach(
    [...listFlag(args.flags.slo).map((text) => ["slo", text] as const), ...listFlag(args.flags.budget).map((text) => ["budget", text] as const)],
    ([flag, text]) => {
      const parsed = parseSlo(text)
      const fail = (message: string) => Effect.fail(new UsageError({ message: `scalecast ${spec.name}: --${flag}: ${message}`, usage: spec.usage }))
      if ("error" in parsed) return fail(parsed.error)
      if (flag === "budget" && !costMetrics.includes(parsed.slo.metric))
        return fail(`expected a cost target (${costMetrics.join(" or ")}), got ${parsed.slo.metric}; state latency and reliability targets with --slo`)
      return Effect.succeed(parsed.slo)
    }
  )

/** `--replications` (default given) and `--workers` (default: one per core), within the limits. */
export const runSettings = (spec: CommandSpec, args: ParsedArgs, defaultReplications: number) =>
  Effect.gen(function* () {
    const limits = yield* Limits
    const replications =
      (yield* numberFlag(spec, "replications", args.flags.replications, { integer: true, min: 1, max: limits.maxReplications })) ?? defaultReplications
    const workers =
      (yield* numberFlag(spec, "workers", args.flags.workers, { integer: true, min: 0, max: limits.maxWorkers, maxReason: "this machine's cores" })) ??
      limits.defaultWorkers
    return { replications, workers }
  })

/** Checks, before any run, that every output file named by `flags` can be written. */
export const checkOutputs = (args: ParsedArgs, flags: ReadonlyArray<string>) =>
  Effect.forEach(
    flags.flatMap((flag) => {
      const file = stringFlag(args.flags[flag])
      return file === undefined ? [] : [file]
    }),
    (file) =>
      file.trim() === ""
        ? Effect.fail(new InputError({ message: "an output file name is empty; expected a path such as report.html" }))
        : Files.use((f) => f.checkWritable(file)),
    { discard: true }
  )

/**
 * Refuses a command whose runs (scenario × replications each) exceed the limits on the number of
 * runs or on their estimated events together; returns the estimated events.
 */
export const checkWork = (spec: CommandSpec, runs: ReadonlyArray<{ readonly scenario: Scenario; readonly replications: number }>, advice: string) =>
  Effect.gen(function* () {
    const limits = yield* Limits
    const count = runs.reduce((sum, r) => sum + r.replications, 0)
    if (count > limits.maxRuns)
      return yield* new UsageError({
        message: `scalecast ${spec.name}: ${count.toLocaleString("en-US")} runs is more than ${limits.maxRuns.toLocaleString("en-US")}; ${advice}`,
        usage: spec.usage
      })
    const events = runs.reduce((sum, r) => sum + estimateWork(r.scenario).events * r.replications, 0)
    if (events > limits.maxEventsPerCommand) {
      return yield* new UsageError({
        message: `scalecast ${spec.name}: about ${events.toExponential(1)} simulated events in all is more than ${limits.maxEventsPerCommand.toExponential(0)} (about a day on two cores); ${advice}`,
        usage: spec.usage
      })
    }
    return events
  })

/**
 * Runs tasks on the pool. On a terminal (and without --json) a progress line on stderr shows runs
 * done, the ETA and `extra()` (e.g. configs meeting the targets so far). Ctrl-C stops the pool; the
 * outcome then says it is incomplete.
 */
export const runTasks = (
  tasks: ReadonlyArray<RunTask>,
  workers: number,
  quiet: boolean,
  onRun?: (index: number, m: RunMetrics) => void,
  extra?: () => string
) =>
  Effect.suspend(() => {
    const pool = new RunPool(workers)
    const interrupt = () => pool.stop()
    process.once("SIGINT", interrupt)
    const progress = !quiet && process.stderr.isTTY === true ? progressLine(process.stderr, "runs") : undefined
    return runOnPool(pool, tasks, (p, m) => {
      onRun?.(p.finished, m)
      progress?.update(p.done / p.total, `${p.done}/${p.total} runs${extra ? `, ${extra()}` : ""}`)
    }).pipe(
      Effect.ensuring(
        Effect.sync(() => {
          process.removeListener("SIGINT", interrupt)
          progress?.end()
        })
      )
    )
  })

/** Fails with `Interrupted` (exit 130) when the pool was stopped before every run finished. */
export const failIfInterrupted = (outcome: PoolOutcome, what: string) =>
  outcome.complete ? Effect.void : Effect.fail(new Interrupted({ message: `interrupted: ${what}` }))
