/**
 * sweep: `scalecast sweep <scenario> --vary path=values … [--replications N] [--slo …] [--html FILE]
 * [--json] [--workers N]`. Simulates every combination, replication r of every config on the same
 * seed (common random numbers), prints the table with 95 % intervals, the targets met, the Pareto
 * front and the recommendation. Ctrl-C keeps finished runs and prints the table marked incomplete
 * (exit 130).
 */
import { Console, Effect } from "effect"
import { meets, type Slo } from "../models/Slo.ts"
import { parseVariation, type Variation } from "../models/Variation.ts"
import { summarise, type RunMetrics } from "../sim/Replications.ts"
import { buildConfigs, paretoMetric, summariseSweep, sweepTasks } from "../sim/Sweep.ts"
import { sweepHtml, sweepTable } from "../report/SweepReport.ts"
import { listFlag, parseCommandLine, stringFlag, UsageError, type CommandSpec } from "./Args.ts"
import { experimentFlags, failIfInterrupted, loadBase, readSlos, runSettings, runTasks, sloTexts } from "./Experiment.ts"
import { Files } from "./Files.ts"

export const sweepSpec: CommandSpec = {
  name: "sweep",
  usage: "scalecast sweep <scenario> --vary PATH=VALUES … [--replications N] [--slo TARGET …] [--html FILE] [--json] [--workers N]",
  positionals: ["scenario"],
  flags: { ...experimentFlags, vary: { type: "string", multiple: true }, slo: { type: "string", multiple: true }, budget: { type: "string", multiple: true }, html: { type: "string" } }
}

const maxRuns = 100_000

export const sweep = (argv: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const args = yield* parseCommandLine(sweepSpec, argv)
    const { replications, workers } = yield* runSettings(sweepSpec, args, 5)
    const slos: ReadonlyArray<Slo> = yield* readSlos(sweepSpec, sloTexts(args))
    const variations: Array<Variation> = []
    for (const text of listFlag(args.flags.vary)) {
      const parsed = parseVariation(text)
      if ("error" in parsed) return yield* new UsageError({ message: `scalecast sweep: ${parsed.error}`, usage: sweepSpec.usage })
      variations.push(parsed.variation)
    }
    if (variations.length === 0) return yield* new UsageError({ message: "scalecast sweep: expected at least one --vary PATH=VALUES, e.g. --vary scaling.value=1..10", usage: sweepSpec.usage })
    const base = yield* loadBase(sweepSpec, args.positionals[0]!, args)
    const configs = yield* buildConfigs(base, variations)
    const tasks = sweepTasks(configs, replications)
    if (tasks.length > maxRuns) return yield* new UsageError({ message: `scalecast sweep: ${tasks.length} runs (${configs.length} configs × ${replications}) is more than ${maxRuns}; vary fewer values`, usage: sweepSpec.usage })
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
    const result = summariseSweep(base.scenario, variations, configs, replications, slos, tasks.map((t, i) => ({ config: t.config, metrics: outcome.metrics[i] })))
    const html = stringFlag(args.flags.html)
    if (html !== undefined) {
      yield* Files.use((f) => f.writeText(html, sweepHtml(result, paretoMetric(slos))))
      yield* Console.error(`wrote ${html}`)
    }
    yield* Console.log(quiet ? JSON.stringify(result, null, 2) : sweepTable(result))
    yield* failIfInterrupted(outcome)
  })
