/**
 * check: `scalecast check <scenario> --slo TARGET … [--budget TARGET …] [--replications N]`, for
 * deploy pipelines. Exit 0 when the config meets every target and budget at the 95 % confidence
 * bound on the wrong side, 1 when it does not (saying which and by how much), 2 on bad input, 130
 * when interrupted (never a verdict). Requests that did not complete count against latency
 * targets (see Slo).
 */
import { Console, Effect } from "effect"
import { checkText, completionVerdict, verdictOf } from "../report/CheckReport.ts"
import { completes } from "../sim/Sweep.ts"
import { summarise, type RunMetrics } from "../sim/Replications.ts"
import { parseCommandLine, UsageError, type CommandSpec } from "./Args.ts"
import { checkWork, experimentFlags, failIfInterrupted, loadBase, readTargets, runSettings, runTasks } from "./Experiment.ts"
import { TargetsNotMet } from "./Outcome.ts"

export const checkSpec: CommandSpec = {
  name: "check",
  usage: 'scalecast check <scenario> --slo TARGET … [--budget "usdPerHour<=2"] [--replications N] [--json]',
  positionals: ["scenario"],
  flags: { ...experimentFlags, slo: { type: "string", multiple: true }, budget: { type: "string", multiple: true } }
}

export const check = (argv: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const args = yield* parseCommandLine(checkSpec, argv)
    const slos = yield* readTargets(checkSpec, args)
    if (slos.length === 0)
      return yield* new UsageError({
        message: 'scalecast check: expected at least one --slo or --budget, e.g. --slo "endToEnd.p95<=8"',
        usage: checkSpec.usage
      })
    const { replications, workers } = yield* runSettings(checkSpec, args, 5)
    const base = yield* loadBase(checkSpec, args.positionals[0]!, args)
    yield* checkWork(checkSpec, [{ scenario: base.scenario, replications }], "use fewer --replications or a shorter --duration")
    const tasks = Array.from({ length: replications }, (_, r) => ({ scenario: base.scenario, seed: base.scenario.seed + r }))
    const outcome = yield* runTasks(tasks, workers, args.flags.json === true)
    const runs = outcome.metrics.filter((m): m is RunMetrics => m !== undefined)
    const ci = summarise(runs)
    // Besides the stated targets, a config passes only if its requests complete (see Sweep.completes).
    const verdicts = slos.map((s) => verdictOf(s, ci[s.metric], ci.unfinishedShare, runs.length))
    if (!completes(slos, ci)) verdicts.push(completionVerdict(ci.unfinishedShare, runs.length))
    const ok = verdicts.every((v) => v.meets)
    const seeds = seedsOf(outcome.metrics.flatMap((m, r) => (m === undefined ? [] : [base.scenario.seed + r])))
    if (args.flags.json === true)
      yield* Console.log(
        JSON.stringify({ meetsAll: outcome.complete && ok, complete: outcome.complete, replications: runs.length, targets: verdicts }, null, 2)
      )
    else yield* Console.log(checkText(base.scenario.name, seeds, slos, verdicts, outcome.complete, runs.length))
    yield* failIfInterrupted(outcome, `${runs.length} of ${replications} replications finished; no verdict`)
    if (!ok) return yield* new TargetsNotMet({ message: `${verdicts.filter((v) => !v.meets).length} of ${verdicts.length} targets not met` })
  })

/** The seeds of the finished replications: `3–7`, `3`, `4 of 3–9` (threads may finish out of order), or `none`. */
export const seedsOf = (seeds: ReadonlyArray<number>): string => {
  if (seeds.length === 0) return "none"
  const [low, high] = [Math.min(...seeds), Math.max(...seeds)]
  if (low === high) return String(low)
  return seeds.length === high - low + 1 ? `${low}–${high}` : `${seeds.length} of ${low}–${high}`
}
