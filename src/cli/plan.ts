/**
 * plan: `scalecast plan <scenario> --slo TARGET … [--out FILE] [--json]`. Searches workers.min/max,
 * the scaler and its value, the idle timeout and FlashBoot (starting from RunPod's Little's-law
 * sizing), screens with few replications, confirms the most promising configs with more, and
 * recommends the cheapest that meets every target at its confidence bound, as a v2 config ready to
 * POST, with its figures and the runners-up. Interrupted, it recommends nothing and writes nothing:
 * a partial screen is not a recommendation. The screening can be split like a sweep: `--shard I/N`
 * (or `auto/N`) screens one share and prints a part; `--screened part-*.json` then takes the parts
 * in place of the screening and confirms on this machine (see sim/SweepShards.ts).
 */
import { Console, Effect } from "effect"
import { littlesLawWorkers, planChoice, planVariations, shortlist, shortlistSize } from "../sim/Plan.ts"
import { buildConfigs, summariseSweep, sweepTasks } from "../sim/Sweep.ts"
import { formatFigure } from "../report/Figures.ts"
import type { PoolOutcome } from "../sim/RunPool.ts"
import { describeIdentity, mergeParts, shardRuns, sweepIdentity } from "../sim/SweepShards.ts"
import { numberFlag, parseCommandLine, stringFlag, UsageError, type CommandSpec } from "./Args.ts"
import { checkOutputs, checkWork, experimentFlags, failIfInterrupted, loadBase, readTargets, runSettings, runTasks } from "./Experiment.ts"
import { Files } from "./Files.ts"
import { Limits } from "./Limits.ts"
import { readPart } from "./merge.ts"
import { parseShard, printPart } from "./Shards.ts"
import { InvalidInput, TargetsNotMet } from "./Outcome.ts"
import { version } from "./Version.ts"

export const planSpec: CommandSpec = {
  name: "plan",
  usage:
    "scalecast plan <scenario> --slo TARGET … [--budget TARGET …] [--replications N] [--screen N] [--out FILE] [--json] [--shard I/N|auto/N] [--screened PART.json …]",
  positionals: ["scenario"],
  flags: {
    ...experimentFlags,
    slo: { type: "string", multiple: true },
    budget: { type: "string", multiple: true },
    out: { type: "string" },
    screen: { type: "string" },
    shard: { type: "string" },
    screened: { type: "boolean" }
  },
  variadic: true
}

export const plan = (argv: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const args = yield* parseCommandLine(planSpec, argv)
    const slos = yield* readTargets(planSpec, args)
    if (slos.length === 0)
      return yield* new UsageError({ message: 'scalecast plan: expected at least one --slo, e.g. --slo "endToEnd.p95<=8"', usage: planSpec.usage })
    const { replications, workers } = yield* runSettings(planSpec, args, 10)
    const limits = yield* Limits
    const screen = (yield* numberFlag(planSpec, "screen", args.flags.screen, { integer: true, min: 1, max: limits.maxReplications })) ?? 3
    const quiet = args.flags.json === true
    const usage = (message: string) => new UsageError({ message: `scalecast plan: ${message}`, usage: planSpec.usage })
    const shardText = stringFlag(args.flags.shard)
    const shard = shardText === undefined ? undefined : parseShard(shardText, process.env)
    if (shard !== undefined && "error" in shard) return yield* usage(shard.error)
    const partFiles = args.positionals.slice(1)
    if (args.flags.screened === true && partFiles.length === 0)
      return yield* usage("--screened expects the screening's part files after it, e.g. --screened part-*.json")
    if (args.flags.screened !== true && partFiles.length > 0) return yield* usage(`unexpected argument ${JSON.stringify(partFiles[0])}`)
    if (shard !== undefined && (partFiles.length > 0 || args.flags.out !== undefined))
      return yield* usage("a shard screens its share and prints a part; give --screened and --out to the plan that confirms")
    yield* checkOutputs(args, ["out"])
    const base = yield* loadBase(planSpec, args.positionals[0]!, args)
    const variations = planVariations(base.scenario)
    const configs = (yield* buildConfigs(base, variations, limits.maxEventsPerRun)).filter((c) => c.scenario !== undefined)
    const heaviest = configs.reduce((a, c) => (c.scenario!.endpoint.workers.max > a.scenario!.endpoint.workers.max ? c : a), configs[0]!)
    yield* checkWork(
      planSpec,
      [...configs.map((c) => ({ scenario: c.scenario!, replications: screen })), { scenario: heaviest.scenario!, replications: shortlistSize * replications }],
      "use fewer --replications or --screen, or a shorter --duration"
    )
    // Stage 1: screen every config with a few replications (here, on shards, or read from their parts).
    const screenTasks = sweepTasks(configs, screen)
    const identity = sweepIdentity(version, base, variations, screen)
    if (shard !== undefined) {
      const mine = shardRuns(screenTasks.length, shard)
      const ran = yield* runTasks(
        mine.map((i) => screenTasks[i]!),
        workers,
        true
      )
      return yield* printPart(ran, mine, screenTasks, shard, identity, slos, configs)
    }
    let first: PoolOutcome
    if (partFiles.length > 0) {
      // The plan states its own targets (--slo is required), so the parts' need not agree.
      const merged = mergeParts(yield* Effect.forEach(partFiles, readPart), true)
      if ("problem" in merged) return yield* new InvalidInput({ message: `scalecast plan: ${merged.problem}` })
      const different = describeIdentity(merged.identity, identity)
      if (different !== undefined)
        return yield* new InvalidInput({
          message: `scalecast plan: the screened parts are not this plan's screening: this plan is ${different.replace("the first part", "the parts")}`
        })
      if (!quiet) yield* Console.error(`Screening of ${configs.length} configs × ${screen} replications read from ${partFiles.length} parts.`)
      first = { metrics: merged.runs.map((r) => r.metrics), jobs: [], complete: true }
    } else {
      if (!quiet)
        yield* Console.error(
          `Little's law: ${littlesLawWorkers(base.scenario).toFixed(2)} busy workers. Screening ${configs.length} configs × ${screen} replications…`
        )
      first = yield* runTasks(screenTasks, workers, quiet)
    }
    const screened = summariseSweep(
      base.scenario,
      variations,
      configs,
      screen,
      slos,
      screenTasks.map((t, i) => ({ config: t.config, metrics: first.metrics[i] }))
    )
    if (!first.complete) {
      const message = `INCOMPLETE: interrupted while screening (${screened.runsDone} of ${screened.runsTotal} runs); no recommendation, nothing written.`
      yield* Console.log(quiet ? JSON.stringify({ complete: false, endpoint: null, config: null, figures: null, runnersUp: [], message }, null, 2) : message)
      return yield* failIfInterrupted(first, "while screening; no recommendation")
    }
    // Stage 2: the cheapest configs whose means meet the targets (or the closest), with more replications.
    const finalists = shortlist(screened, configs, slos).map((i) => configs[i]!)
    const confirmTasks = sweepTasks(finalists, replications)
    if (!quiet) yield* Console.error(`Confirming ${finalists.length} configs × ${replications} replications…`)
    const second = yield* runTasks(confirmTasks, workers, quiet)
    const confirmed = summariseSweep(
      base.scenario,
      variations,
      finalists,
      replications,
      slos,
      confirmTasks.map((t, i) => ({ config: t.config, metrics: second.metrics[i] }))
    )
    const choice = planChoice(confirmed)
    const best = choice.best
    const runnersUp = choice.runnersUp.map((c) => ({ config: c.label, meetsAll: c.meetsAll, endpoint: c.endpoint, figures: c.metrics ?? null }))
    const out = stringFlag(args.flags.out)
    if (best !== undefined && out !== undefined) {
      yield* Files.use((f) => f.writeText(out, `${JSON.stringify(best.endpoint, null, 2)}\n`))
      yield* Console.error(`wrote ${out}`)
    }
    const message = second.complete
      ? confirmed.message
      : `INCOMPLETE: interrupted while confirming (${confirmed.runsDone} of ${confirmed.runsTotal} runs); no recommendation, nothing written.`
    if (quiet) {
      yield* Console.log(
        JSON.stringify(
          { complete: second.complete, endpoint: best?.endpoint ?? null, config: best?.label ?? null, figures: best?.metrics ?? null, runnersUp, message },
          null,
          2
        )
      )
    } else {
      yield* Console.log(message)
      if (best !== undefined) {
        const m = best.metrics!
        yield* Console.log(`\nRecommended v2 config (${best.label}):\n${JSON.stringify(best.endpoint, null, 2)}`)
        yield* Console.log(
          `\nFigures (${best.runs} replications, 95 % intervals): ${formatFigure("usdPerHour", m.usdPerHour.mean)}/h (up to ${formatFigure("usdPerHour", m.usdPerHour.high)}), end-to-end p95 ${formatFigure("endToEnd.p95", m["endToEnd.p95"].mean)} (up to ${formatFigure("endToEnd.p95", m["endToEnd.p95"].high)}), delayTime p95 ${formatFigure("delayTime.p95", m["delayTime.p95"].mean)}, cold-start share ${formatFigure("coldStartShare", m.coldStartShare.mean)}`
        )
      }
      if (runnersUp.length > 0) {
        yield* Console.log(second.complete ? "\nRunners-up:" : "\nFinished so far (not a recommendation):")
        for (const r of runnersUp)
          yield* Console.log(
            `  ${r.config}: ${formatFigure("usdPerHour", r.figures?.usdPerHour.mean ?? null)}/h, end-to-end p95 ${formatFigure("endToEnd.p95", r.figures?.["endToEnd.p95"].mean ?? null)}${r.meetsAll ? "" : " (misses a target)"}`
          )
      }
    }
    yield* failIfInterrupted(second, "while confirming; no recommendation")
    if (best === undefined) return yield* new TargetsNotMet({ message: "no config found that meets every target" })
  })
