/**
 * Cli: the `scalecast` command as a function: picks the command from argv, runs it as an Effect
 * with the services it needs, and turns its outcome into an exit code and a message for stderr
 * (see Outcome). Callers may provide a console and limits (tests fuzz it in-process); the process
 * entry point is main.ts.
 */
import { Console, Effect, Exit, Layer } from "effect"
import { RunPodModels, type Models } from "../models/Models.ts"
import { UsageError, type CommandSpec } from "./Args.ts"
import { Files } from "./Files.ts"
import { Limits, type CommandLimits } from "./Limits.ts"
import { endingOf, type Ending } from "./Outcome.ts"
import { version } from "./Version.ts"

/** A command's entry point and its flags, once its module has loaded. */
interface Command {
  readonly run: (
    argv: ReadonlyArray<string>
  ) => Effect.Effect<unknown, { readonly _tag: string; readonly message: string; readonly usage?: string }, Models | Files>
  readonly spec: CommandSpec
}

/** The commands, each loaded when it runs: start-up pays only for the modules the command uses. */
const commands: Readonly<Record<string, { readonly load: () => Promise<Command>; readonly summary: string }>> = {
  simulate: {
    load: async () => {
      const m = await import("./simulate.ts")
      return { run: m.simulate, spec: m.simulateSpec }
    },
    summary: "simulate a scenario: latency, cold starts, workers and cost"
  },
  sweep: {
    load: async () => {
      const m = await import("./sweep.ts")
      return { run: m.sweep, spec: m.sweepSpec }
    },
    summary: "simulate every combination of knobs with confidence intervals; recommend the cheapest that meets the targets"
  },
  merge: {
    load: async () => {
      const m = await import("./merge.ts")
      return { run: m.merge, spec: m.mergeSpec }
    },
    summary: "combine the parts of a sweep run as shards (sweep --shard I/N) into the unsplit sweep's table and recommendation"
  },
  compare: {
    load: async () => {
      const m = await import("./compare.ts")
      return { run: m.compare, spec: m.compareSpec }
    },
    summary: "two configs on identical traffic, side by side, with the difference and its confidence interval"
  },
  check: {
    load: async () => {
      const m = await import("./check.ts")
      return { run: m.check, spec: m.checkSpec }
    },
    summary: "exit 0 if the config meets every target and budget, 1 if not (for deploy pipelines)"
  },
  plan: {
    load: async () => {
      const m = await import("./plan.ts")
      return { run: m.plan, spec: m.planSpec }
    },
    summary: "search the knobs for the cheapest config meeting the targets; print it as v2 JSON"
  },
  explore: {
    load: async () => {
      const m = await import("./explore.ts")
      return { run: m.explore, spec: m.exploreSpec }
    },
    summary: "write a page that re-simulates the scenario in the browser as you move its knobs (scaler, workers, idle timeout, FlashBoot, pools, traffic)"
  },
  validate: {
    load: async () => {
      const m = await import("./validate.ts")
      return { run: m.validate, spec: m.validateSpec }
    },
    summary: "read an endpoint config (any dialect), show the normalised v2 config"
  },
  backtest: {
    load: async () => {
      const m = await import("./backtest.ts")
      return { run: m.backtest, spec: m.backtestSpec }
    },
    summary: "replay recorded RunPod jobs through a scenario: prediction beside observation"
  },
  calibrate: {
    load: async () => {
      const m = await import("./calibrate.ts")
      return { run: m.calibrate, spec: m.calibrateSpec }
    },
    summary: "fit cold starts, FlashBoot and execution times to recorded RunPod jobs; write a scenario that reproduces them"
  },
  watch: {
    load: async () => {
      const m = await import("./watch.ts")
      return { run: m.watch, spec: m.watchSpec }
    },
    summary: "poll RunPod's /health and append one line per poll (for backtest and calibrate)"
  }
}

/** Every command's usage and summary (loads every command module: only for --help). */
const help = () =>
  Effect.promise(() => Promise.all(Object.values(commands).map(async (c) => ({ spec: (await c.load()).spec, summary: c.summary })))).pipe(
    Effect.map((loaded) =>
      [
        `scalecast ${version}: autoscaling simulator and capacity planner for RunPod Serverless endpoints`,
        "",
        "Commands:",
        ...loaded.map((c) => `  ${c.spec.usage}\n      ${c.summary}`),
        "",
        "Exit codes: 0 ok, 1 check or plan found the targets unmet, 2 invalid input or usage, 70 internal error (a bug), 130 interrupted.",
        "scalecast --version prints the version."
      ].join("\n")
    )
  )

const program = (argv: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const [name, ...rest] = argv
    if (name === undefined || name === "--help" || name === "-h" || name === "help") return yield* Console.log(yield* help())
    if (name === "--version" || name === "-V" || name === "version") return yield* Console.log(version)
    if (!Object.hasOwn(commands, name)) {
      return yield* new UsageError({
        message: `scalecast: unknown command ${JSON.stringify(name)}; commands: ${Object.keys(commands).join(", ")}`,
        usage: "scalecast <command> …  (scalecast --help)"
      })
    }
    // Only the command's own modules load (a report's d3 and jsdom only for commands that draw).
    const command = yield* Effect.promise(() => commands[name]!.load())
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
