/**
 * compare: `scalecast compare <a> <b> [--replications N]`. Runs both on identical traffic (a's seeds
 * and duration for both: common random numbers) and prints every figure side by side with the
 * paired difference b − a and its 95 % interval. `b` may be a whole scenario or just an endpoint
 * config, which then replaces a's endpoint. Ctrl-C prints the pairs that finished, marked
 * incomplete (exit 130).
 */
import { Console, Effect } from "effect"
import { dirname } from "node:path"
import { compareTable } from "../report/CompareReport.ts"
import { pairedDifferences, summarise, type RunMetrics } from "../sim/Replications.ts"
import { loadScenario } from "../sim/simulate.ts"
import { parseCommandLine, type CommandSpec } from "./Args.ts"
import { checkWork, experimentFlags, failIfInterrupted, invalidScenario, loadBase, runSettings, runTasks } from "./Experiment.ts"
import { readDocument } from "./Files.ts"
import { Limits } from "./Limits.ts"

export const compareSpec: CommandSpec = {
  name: "compare",
  usage: "scalecast compare <scenario-a> <scenario-b | endpoint-config-b> [--replications N] [--json]",
  positionals: ["a", "b"],
  flags: experimentFlags
}

export const compare = (argv: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const args = yield* parseCommandLine(compareSpec, argv)
    const { replications, workers } = yield* runSettings(compareSpec, args, 10)
    const a = yield* loadBase(compareSpec, args.positionals[0]!, args)
    const fileB = args.positionals[1]!
    const docB = yield* readDocument(fileB)
    const isScenario = docB !== null && typeof docB === "object" && !Array.isArray(docB) && "workload" in docB
    const inputB = isScenario
      ? { ...(docB as Record<string, unknown>), seed: a.scenario.seed, durationSeconds: a.scenario.durationSeconds }
      : { ...a.input, name: `${a.scenario.name} (endpoint of ${fileB})`, endpoint: docB, seed: a.scenario.seed, durationSeconds: a.scenario.durationSeconds }
    const limits = yield* Limits
    const b = yield* loadScenario(inputB, { baseDir: dirname(isScenario ? fileB : args.positionals[0]!), maxEvents: limits.maxEventsPerRun }).pipe(
      Effect.catchTag("ScenarioError", invalidScenario(fileB))
    )
    if (JSON.stringify(b.scenario.workload) !== JSON.stringify(a.scenario.workload))
      yield* Console.error("warning: the two scenarios have different workloads; the comparison is not on identical traffic")
    yield* checkWork(
      compareSpec,
      [
        { scenario: a.scenario, replications },
        { scenario: b.scenario, replications }
      ],
      "use fewer --replications or a shorter --duration"
    )
    const seeds = Array.from({ length: replications }, (_, r) => a.scenario.seed + r)
    // Interleaved (a₁, b₁, a₂, b₂, …) so an interrupted compare keeps whole pairs.
    const tasks = seeds.flatMap((seed) => [
      { scenario: a.scenario, seed },
      { scenario: b.scenario, seed }
    ])
    const outcome = yield* runTasks(tasks, workers, args.flags.json === true)
    const runsA: Array<RunMetrics> = []
    const runsB: Array<RunMetrics> = []
    seeds.forEach((_, i) => {
      const ma = outcome.metrics[2 * i]
      const mb = outcome.metrics[2 * i + 1]
      if (ma !== undefined && mb !== undefined) {
        runsA.push(ma)
        runsB.push(mb)
      }
    })
    const ca = summarise(runsA)
    const cb = summarise(runsB)
    const diff = pairedDifferences(runsA, runsB)
    if (args.flags.json === true) {
      yield* Console.log(
        JSON.stringify(
          { a: a.scenario.name, b: b.scenario.name, replications: runsA.length, complete: outcome.complete, figuresA: ca, figuresB: cb, difference: diff },
          null,
          2
        )
      )
    } else {
      yield* Console.log(compareTable({ a: a.scenario.name, b: b.scenario.name }, runsA.length, outcome.complete, ca, cb, diff))
    }
    yield* failIfInterrupted(outcome, `${runsA.length} of ${replications} pairs finished`)
  })
