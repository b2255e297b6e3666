/**
 * plan: `scalecast plan <scenario> --slo TARGET … [--out FILE] [--json]`. Searches workers.min/max,
 * the scaler and its value, the idle timeout and FlashBoot (starting from RunPod's Little's-law
 * sizing), screens with few replications, confirms the most promising configs with more, and
 * recommends the cheapest that meets every target at its confidence bound, as a v2 config ready to
 * POST, with its figures and the runners-up.
 */
import { Console, Effect } from "effect"
import { shortfall, type Slo } from "../models/Slo.ts"
import { littlesLawWorkers, planVariations } from "../sim/Plan.ts"
import { buildConfigs, summariseSweep, sweepTasks, type ConfigResult } from "../sim/Sweep.ts"
import { numberFlag, parseCommandLine, stringFlag, UsageError, type CommandSpec } from "./Args.ts"
import { experimentFlags, failIfInterrupted, loadBase, readSlos, runSettings, runTasks, sloTexts } from "./Experiment.ts"
import { Files } from "./Files.ts"

export const planSpec: CommandSpec = {
  name: "plan",
  usage: "scalecast plan <scenario> --slo TARGET … [--budget TARGET …] [--replications N] [--screen N] [--out FILE] [--json]",
  positionals: ["scenario"],
  flags: { ...experimentFlags, slo: { type: "string", multiple: true }, budget: { type: "string", multiple: true }, out: { type: "string" }, screen: { type: "string" } }
}

const shortlistSize = 8

export const plan = (argv: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const args = yield* parseCommandLine(planSpec, argv)
    const slos: ReadonlyArray<Slo> = yield* readSlos(planSpec, sloTexts(args))
    if (slos.length === 0) return yield* new UsageError({ message: 'scalecast plan: expected at least one --slo, e.g. --slo "endToEnd.p95<=8"', usage: planSpec.usage })
    const { replications, workers } = yield* runSettings(planSpec, args, 10)
    const screen = (yield* numberFlag(planSpec, "screen", args.flags.screen, { integer: true, min: 1 })) ?? 3
    const quiet = args.flags.json === true
    const base = yield* loadBase(planSpec, args.positionals[0]!, args)
    const variations = planVariations(base.scenario)
    const configs = (yield* buildConfigs(base, variations)).filter((c) => c.scenario !== undefined)
    // Stage 1: screen every config with a few replications.
    const screenTasks = sweepTasks(configs, screen)
    if (!quiet) yield* Console.error(`Little's law: ${littlesLawWorkers(base.scenario).toFixed(2)} busy workers. Screening ${configs.length} configs × ${screen} replications…`)
    const first = yield* runTasks(screenTasks, workers, quiet)
    const screened = summariseSweep(base.scenario, variations, configs, screen, slos, screenTasks.map((t, i) => ({ config: t.config, metrics: first.metrics[i] })))
    // Stage 2: the cheapest configs whose means meet the targets (or the closest), with more replications.
    const cost = (c: ConfigResult) => c.metrics?.usdPerHour.mean ?? Number.POSITIVE_INFINITY
    const meanMeets = (c: ConfigResult) => c.metrics !== undefined && slos.every((s) => shortfallAtMean(s, c.metrics![s.metric].mean) === 0)
    const promising = screened.configs.filter(meanMeets).sort((a, b) => cost(a) - cost(b)).slice(0, shortlistSize)
    const shortlist = (promising.length > 0 ? promising : [...screened.configs].filter((c) => c.metrics !== undefined).sort((a, b) => totalMiss(slos, a) - totalMiss(slos, b)).slice(0, shortlistSize)).map((c) => configs.findIndex((k) => k.label === c.label))
    const finalists = shortlist.map((i) => configs[i]!)
    const confirmTasks = sweepTasks(finalists, replications)
    if (!quiet) yield* Console.error(`Confirming ${finalists.length} configs × ${replications} replications…`)
    const second = yield* runTasks(confirmTasks, workers, quiet)
    const confirmed = summariseSweep(base.scenario, variations, finalists, replications, slos, confirmTasks.map((t, i) => ({ config: t.config, metrics: second.metrics[i] })))
    const ranked = [...confirmed.configs].sort((a, b) => Number(b.meetsAll) - Number(a.meetsAll) || cost(a) - cost(b))
    const best = confirmed.recommendation === null ? undefined : ranked[0]
    const figures = (c: ConfigResult) => c.metrics
    const runnersUp = ranked.slice(best === undefined ? 0 : 1, 4).map((c) => ({ config: c.label, meetsAll: c.meetsAll, endpoint: c.endpoint, figures: figures(c) }))
    const out = stringFlag(args.flags.out)
    if (best !== undefined && out !== undefined) {
      yield* Files.use((f) => f.writeText(out, `${JSON.stringify(best.endpoint, null, 2)}\n`))
      yield* Console.error(`wrote ${out}`)
    }
    if (quiet) {
      yield* Console.log(JSON.stringify({ endpoint: best?.endpoint ?? null, config: best?.label ?? null, figures: best === undefined ? null : figures(best), runnersUp, message: confirmed.message }, null, 2))
    } else {
      yield* Console.log(confirmed.message)
      if (best !== undefined) {
        const m = best.metrics!
        yield* Console.log(`\nRecommended v2 config (${best.label}):\n${JSON.stringify(best.endpoint, null, 2)}`)
        yield* Console.log(`\nFigures (${best.runs} replications, 95 % intervals): $${m.usdPerHour.mean.toFixed(4)}/h (±${(m.usdPerHour.high - m.usdPerHour.mean).toFixed(4)}), end-to-end p95 ${m["endToEnd.p95"].mean.toFixed(2)} s (≤ ${m["endToEnd.p95"].high.toFixed(2)}), delayTime p95 ${m["delayTime.p95"].mean.toFixed(2)} s, cold-start share ${(m.coldStartShare.mean * 100).toFixed(1)} %`)
      }
      if (runnersUp.length > 0) {
        yield* Console.log("\nRunners-up:")
        for (const r of runnersUp) yield* Console.log(`  ${r.config}: $${r.figures!.usdPerHour.mean.toFixed(4)}/h, end-to-end p95 ${r.figures!["endToEnd.p95"].mean.toFixed(2)} s${r.meetsAll ? "" : " (misses a target)"}`)
      }
    }
    yield* failIfInterrupted(first.complete ? second : first)
    if (best === undefined && first.complete && second.complete) process.exitCode = 1
  })

/** How far a config's mean misses a target (0 when the mean meets it). */
const shortfallAtMean = (s: Slo, mean: number) => shortfall(s, { mean, low: mean, high: mean })

const totalMiss = (slos: ReadonlyArray<Slo>, c: ConfigResult) =>
  slos.reduce((sum, s) => sum + shortfallAtMean(s, c.metrics![s.metric].mean) / Math.max(1e-9, Math.abs(s.limit) || 1), 0)
