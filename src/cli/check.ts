/**
 * check: `scalecast check <scenario> --slo TARGET … [--budget TARGET …] [--replications N]`, for
 * deploy pipelines. Exit 0 when the config meets every target and budget at the 95 % confidence
 * bound on the wrong side, 1 when it does not (saying which and by how much), 2 on bad input.
 */
import { Console, Effect } from "effect"
import { meets, shortfall, type Slo } from "../models/Slo.ts"
import { summarise, type RunMetrics } from "../sim/Replications.ts"
import { parseCommandLine, UsageError, type CommandSpec } from "./Args.ts"
import { experimentFlags, failIfInterrupted, loadBase, readSlos, runSettings, runTasks, sloTexts } from "./Experiment.ts"

export const checkSpec: CommandSpec = {
  name: "check",
  usage: 'scalecast check <scenario> --slo TARGET … [--budget "usdPerHour<=2"] [--replications N] [--json]',
  positionals: ["scenario"],
  flags: { ...experimentFlags, slo: { type: "string", multiple: true }, budget: { type: "string", multiple: true } }
}

const value = (metric: string, x: number): string =>
  metric.startsWith("usd") ? `$${x.toFixed(4)}` : metric === "coldStartShare" ? `${(x * 100).toFixed(2)} %` : ["failed", "expired", "rejected"].includes(metric) ? x.toFixed(1) : `${x.toFixed(3)} s`

export const check = (argv: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const args = yield* parseCommandLine(checkSpec, argv)
    const slos: ReadonlyArray<Slo> = yield* readSlos(checkSpec, sloTexts(args))
    if (slos.length === 0) return yield* new UsageError({ message: 'scalecast check: expected at least one --slo or --budget, e.g. --slo "endToEnd.p95<=8"', usage: checkSpec.usage })
    const { replications, workers } = yield* runSettings(checkSpec, args, 5)
    const base = yield* loadBase(checkSpec, args.positionals[0]!, args)
    const tasks = Array.from({ length: replications }, (_, r) => ({ scenario: base.scenario, seed: base.scenario.seed + r }))
    const outcome = yield* runTasks(tasks, workers, args.flags.json === true)
    const runs = outcome.metrics.filter((m): m is RunMetrics => m !== undefined)
    const ci = summarise(runs)
    const verdicts = slos.map((s) => ({ target: s.text, meets: meets(s, ci[s.metric]), mean: ci[s.metric].mean, low: ci[s.metric].low, high: ci[s.metric].high, shortfall: shortfall(s, ci[s.metric]) }))
    const ok = verdicts.every((v) => v.meets) && outcome.complete
    if (args.flags.json === true) yield* Console.log(JSON.stringify({ meetsAll: ok, replications: runs.length, targets: verdicts }, null, 2))
    else {
      yield* Console.log(`${base.scenario.name}: ${runs.length} replications (seeds ${base.scenario.seed}–${base.scenario.seed + replications - 1}), 95 % confidence intervals`)
      for (const [i, v] of verdicts.entries()) {
        const metric = slos[i]!.metric
        const figure = `${value(metric, v.mean)} (${value(metric, v.low)} – ${value(metric, v.high)})`
        yield* Console.log(v.meets ? `  ok    ${v.target}: ${figure}` : `  FAIL  ${v.target}: ${figure}; misses by ${value(metric, v.shortfall)} at the confidence bound`)
      }
      yield* Console.log(ok ? "Meets every target." : outcome.complete ? `Fails ${verdicts.filter((v) => !v.meets).length} of ${verdicts.length} targets.` : "Interrupted before every run finished.")
    }
    yield* failIfInterrupted(outcome)
    if (!ok && outcome.complete) process.exitCode = 1
  })
