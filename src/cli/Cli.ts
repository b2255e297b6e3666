/**
 * Cli: the `scalecast` command as a function: picks the command from argv, runs it as an Effect
 * with the services it needs, and turns its outcome into an exit code and a message for stderr
 * (see Outcome). Callers may provide a console and limits (tests fuzz it in-process); the process
 * entry point is main.ts.
 */
import { Console, Effect, Exit, Layer } from "effect"
import { RunPodModels } from "../models/Models.ts"
import { UsageError } from "./Args.ts"
import { Files } from "./Files.ts"
import { Limits, type CommandLimits } from "./Limits.ts"
import { endingOf, type Ending } from "./Outcome.ts"
import { backtest, backtestSpec } from "./backtest.ts"
import { calibrate, calibrateSpec } from "./calibrate.ts"
import { check, checkSpec } from "./check.ts"
import { compare, compareSpec } from "./compare.ts"
import { explore, exploreSpec } from "./explore.ts"
import { merge, mergeSpec } from "./merge.ts"
import { plan, planSpec } from "./plan.ts"
import { simulate, simulateSpec } from "./simulate.ts"
import { sweep, sweepSpec } from "./sweep.ts"
import { validate, validateSpec } from "./validate.ts"
import { version } from "./Version.ts"
import { watch, watchSpec } from "./watch.ts"

const commands = {
  simulate: { run: simulate, spec: simulateSpec, summary: "simulate a scenario: latency, cold starts, workers and cost" },
  sweep: {
    run: sweep,
    spec: sweepSpec,
    summary: "simulate every combination of knobs with confidence intervals; recommend the cheapest that meets the targets"
  },
  merge: {
    run: merge,
    spec: mergeSpec,
    summary: "combine the parts of a sweep run as shards (sweep --shard I/N) into the unsplit sweep's table and recommendation"
  },
  compare: { run: compare, spec: compareSpec, summary: "two configs on identical traffic, side by side, with the difference and its confidence interval" },
  check: { run: check, spec: checkSpec, summary: "exit 0 if the config meets every target and budget, 1 if not (for deploy pipelines)" },
  plan: { run: plan, spec: planSpec, summary: "search the knobs for the cheapest config meeting the targets; print it as v2 JSON" },
  explore: {
    run: explore,
    spec: exploreSpec,
    summary: "write a page that re-simulates the scenario in the browser as you move its knobs (scaler, workers, idle timeout, FlashBoot, pools, traffic)"
  },
  validate: { run: validate, spec: validateSpec, summary: "read an endpoint config (any dialect), show the normalised v2 config" },
  backtest: { run: backtest, spec: backtestSpec, summary: "replay recorded RunPod jobs through a scenario: prediction beside observation" },
  calibrate: {
    run: calibrate,
    spec: calibrateSpec,
    summary: "fit cold starts, FlashBoot and execution times to recorded RunPod jobs; write a scenario that reproduces them"
  },
  watch: { run: watch, spec: watchSpec, summary: "poll RunPod's /health and append one line per poll (for backtest and calibrate)" }
} as const

const help = (): string =>
  [
    `scalecast ${version}: autoscaling simulator and capacity planner for RunPod Serverless endpoints`,
    "",
    "Commands:",
    ...Object.values(commands).map((c) => `  ${c.spec.usage}\n      ${c.summary}`),
    "",
    "Exit codes: 0 ok, 1 check or plan found the targets unmet, 2 invalid input or usage, 70 internal error (a bug), 130 interrupted.",
    "scalecast --version prints the version."
  ].join("\n")

const program = (argv: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const [name, ...rest] = argv
    if (name === undefined || name === "--help" || name === "-h" || name === "help") return yield* Console.log(help())
    if (name === "--version" || name === "-V" || name === "version") return yield* Console.log(version)
    if (!Object.hasOwn(commands, name)) {
      return yield* new UsageError({
        message: `scalecast: unknown command ${JSON.stringify(name)}; commands: ${Object.keys(commands).join(", ")}`,
        usage: "scalecast <command> …  (scalecast --help)"
      })
    }
    const command = commands[name as keyof typeof commands]
    if (rest.includes("--help") || rest.includes("-h")) return yield* Console.log(`usage: ${command.spec.usage}`)
    yield* command.run(rest)
  })

export interface CliOptions {
  /** Where output goes (default: the process's console). */
  readonly console?: Console.Console
  /** Smaller limits than scalecast's (tests). */
  readonly limits?: CommandLimits
}

/** Runs the command line `argv` (without `node scalecast`) and says how it ended. */
export const runCli = async (argv: ReadonlyArray<string>, options: CliOptions = {}): Promise<Ending> => {
  let effect = program(argv).pipe(Effect.provide(Layer.mergeAll(Files.layer, RunPodModels)))
  if (options.console !== undefined) effect = Effect.provideService(effect, Console.Console, options.console)
  if (options.limits !== undefined) effect = Effect.provideService(effect, Limits, options.limits)
  const exit = await Effect.runPromiseExit(effect)
  return Exit.isSuccess(exit) ? { exitCode: 0, stderr: "" } : endingOf(exit)
}
