/**
 * sweep: `scalecast sweep <scenario> --vary path=values … [--replications N] [--slo …] [--html FILE]
 * [--json] [--workers N]`. Simulates every combination, replication r of every config on the same
 * seed (common random numbers), prints the table with 95 % intervals, the targets met, the Pareto
 * front and the recommendation. The grid, the runs and their estimated work are checked against the
 * limits, and `--html` for writability, before anything runs. Ctrl-C keeps finished runs and prints
 * the table marked incomplete (exit 130, no file written). `--shard I/N` (or `auto/N`, the index from
 * a batch engine's environment) runs only every N-th run from the I-th and prints a part for
 * `scalecast merge` (see sim/SweepShards.ts); an interrupted shard prints nothing.
 */
import { Console, Effect } from "effect"
import { meets } from "../models/Slo.ts"
import { parseVariation, type Variation } from "../models/Variation.ts"
import { summarise, type RunMetrics } from "../sim/Replications.ts"
import { buildConfigs, gridSize, paretoMetric, summariseSweep, sweepTasks, variationProblems } from "../sim/Sweep.ts"
import { shardRuns, sweepIdentity } from "../sim/SweepShards.ts"
import { sweepHtml, sweepTable } from "../report/SweepReport.ts"
import { listFlag, parseCommandLine, stringFlag, UsageError, type CommandSpec } from "./Args.ts"
import { checkOutputs, checkWork, experimentFlags, failIfInterrupted, loadBase, readTargets, runSettings, runTasks } from "./Experiment.ts"
import { Files } from "./Files.ts"
import { Limits } from "./Limits.ts"
import { InvalidInput } from "./Outcome.ts"
import { parseShard, printPart } from "./Shards.ts"
import { version } from "./Version.ts"

export const sweepSpec: CommandSpec = {
  name: "sweep",
  usage: "scalecast sweep <scenario> --vary PATH=VALUES … [--replications N] [--slo TARGET …] [--html FILE] [--json] [--workers N] [--shard I/N|auto/N]",
  positionals: ["scenario"],
  flags: {
    ...experimentFlags,
    vary: { type: "string", multiple: true },
    slo: { type: "string", multiple: true },
    budget: { type: "string", multiple: true },
    html: { type: "string" },
    shard: { type: "string" }
  }
}

export const sweep = (argv: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const args = yield* parseCommandLine(sweepSpec, argv)
    const usage = (message: string) => new UsageError({ message: `scalecast sweep: ${message}`, usage: sweepSpec.usage })
    const { replications, workers } = yield* runSettings(sweepSpec, args, 5)
    const slos = yield* readTargets(sweepSpec, args)
    const variations: Array<Variation> = []
    for (const text of listFlag(args.flags.vary)) {
      const parsed = parseVariation(text)
      if ("error" in parsed) return yield* usage(parsed.error)
      variations.push(parsed.variation)
    }
    if (variations.length === 0) return yield* usage("expected at least one --vary PATH=VALUES, e.g. --vary scaling.value=1..10")
    const limits = yield* Limits
    const size = gridSize(variations)
    if (size > limits.maxConfigs)
      return yield* usage(
        `the grid has ${size.toLocaleString("en-US")} configs (${variations.map((v) => v.values.length).join(" × ")}), more than ${limits.maxConfigs.toLocaleString("en-US")}; vary fewer values, or let \`scalecast plan\` search`
      )
    const shardText = stringFlag(args.flags.shard)
    const shard = shardText === undefined ? undefined : parseShard(shardText, process.env)
    if (shard !== undefined && "error" in shard) return yield* usage(shard.error)
    if (shard !== undefined && args.flags.html !== undefined) return yield* usage("a shard prints a part for scalecast merge; give --html to the merge")
    yield* checkOutputs(args, ["html"])
    const base = yield* loadBase(sweepSpec, args.positionals[0]!, args)
    const problems = variationProblems(base, variations)
    if (problems.length > 0) return yield* usage(problems.join("\n"))
    const configs = yield* buildConfigs(base, variations, limits.maxEventsPerRun)
    const valid = configs.filter((c) => c.scenario !== undefined)
    if (valid.length === 0) {
      return yield* new InvalidInput({
        message: [
          `scalecast sweep: no config in the grid is valid (${configs.length} combination${configs.length === 1 ? "" : "s"}):`,
          ...configs.map((c) => `  ${c.label}: ${c.invalid}`)
        ].join("\n")
      })
    }
    yield* checkWork(
      sweepSpec,
      valid.map((c) => ({ scenario: c.scenario!, replications })),
      "vary fewer values, use fewer --replications or a shorter --duration"
    )
    const allTasks = sweepTasks(configs, replications)
    const mine = shard === undefined ? undefined : shardRuns(allTasks.length, shard)
    const tasks = mine === undefined ? allTasks : mine.map((i) => allTasks[i]!)
    // Progress: configs whose replications are all done, and how many of them meet every target.
    const perConfig = configs.map(() => [] as Array<RunMetrics>)
    let meeting = 0
    const quiet = args.flags.json === true
    const outcome = yield* runTasks(
      tasks,
      workers,
      quiet,
      (i, m) => {
        const runs = perConfig[tasks[i]!.config]!
        runs.push(m)
        if (runs.length === replications && slos.length > 0) {
          const ci = summarise(runs)
          if (slos.every((s) => meets(s, ci[s.metric]))) meeting++
        }
      },
      () => (slos.length > 0 ? `${meeting} config${meeting === 1 ? "" : "s"} meeting the targets so far` : "")
    )
    if (shard !== undefined) return yield* printPart(outcome, mine!, allTasks, shard, sweepIdentity(version, base, variations, replications), slos, configs)
    const result = summariseSweep(
      base.scenario,
      variations,
      configs,
      replications,
      slos,
      tasks.map((t, i) => ({ config: t.config, metrics: outcome.metrics[i] }))
    )
    const html = stringFlag(args.flags.html)
    if (html !== undefined && outcome.complete) {
      yield* Files.use((f) => f.writeText(html, sweepHtml(result, paretoMetric(slos))))
      yield* Console.error(`wrote ${html}`)
    }
    yield* Console.log(quiet ? JSON.stringify(result, null, 2) : sweepTable(result))
    yield* failIfInterrupted(outcome, `${result.runsDone} of ${result.runsTotal} runs finished${html === undefined ? "" : `; ${html} not written`}`)
  })
