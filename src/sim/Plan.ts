/**
 * Plan: searches the endpoint's knobs for the cheapest config that meets the targets, instead of
 * a grid the user wrote. It starts from RunPod's own sizing rule (Little's law: busy workers =
 * arrival rate × mean execution time) and screens a grid around it (workers.min from 0 to that
 * size, workers.max with headroom, both scalers at a few values, idle timeouts, FlashBoot) with a
 * few replications, then re-runs the most promising configs with more replications and decides at
 * the confidence bounds.
 */
import { arrivalProcess } from "../models/Arrivals.ts"
import { meanOf } from "../models/Distribution.ts"
import type { Scenario } from "../models/Scenario.ts"
import { shortfall, type Slo } from "../models/Slo.ts"
import type { Variation } from "../models/Variation.ts"
import { ascending, totalMiss, type ConfigResult, type SweepConfig, type SweepResult } from "./Sweep.ts"

/** How many screened configs go on to the confirmation step. */
export const shortlistSize = 8

/** RunPod's sizing rule: busy workers by Little's law, for the scenario's mean traffic. */
export const littlesLawWorkers = (scenario: Scenario): number => {
  const rate = arrivalProcess(scenario.workload.arrivals).meanRate(scenario.durationSeconds)
  const speed = scenario.platform.pools[scenario.endpoint.gpu.pools[0]!].speed
  return (rate * meanOf(scenario.workload.executionSeconds)) / speed / scenario.platform.concurrencyPerWorker
}

/** The screening grid around the Little's-law size. */
export const planVariations = (scenario: Scenario): ReadonlyArray<Variation> => {
  const busy = littlesLawWorkers(scenario)
  const sized = Math.max(1, Math.ceil(busy))
  const mins = [...new Set([0, Math.min(1, sized), Math.ceil(busy / 2), sized])].sort((a, b) => a - b)
  const maxes = [...new Set([sized + 1, Math.ceil(sized * 1.5) + 1, sized * 2 + 2])].sort((a, b) => a - b)
  return [
    { path: "endpoint.workers.min", values: mins },
    { path: "endpoint.workers.max", values: maxes },
    { path: "endpoint.scaling.type", values: ["QUEUE_DELAY", "REQUEST_COUNT"] },
    { path: "endpoint.scaling.value", values: [1, 2, 4] },
    { path: "endpoint.scaling.idleTimeout", values: [5, 30, 120] },
    { path: "endpoint.flashboot", values: ["OFF", "FLASHBOOT"] }
  ]
}

const cost = (c: ConfigResult): number => c.metrics?.usdPerHour.mean ?? Number.POSITIVE_INFINITY

/** Whether a config's means (not yet its confidence bounds) meet every target. */
const meetsAtMean = (slos: ReadonlyArray<Slo>, c: ConfigResult): boolean =>
  c.metrics !== undefined &&
  slos.every((s) => shortfall(s, { mean: c.metrics![s.metric].mean, low: c.metrics![s.metric].mean, high: c.metrics![s.metric].mean }) === 0)

/**
 * The configs worth confirming after the screen: the cheapest whose means meet every target, or,
 * when none does, the closest misses. Returned as indices into `configs`.
 */
export const shortlist = (screened: SweepResult, configs: ReadonlyArray<SweepConfig>, slos: ReadonlyArray<Slo>): Array<number> => {
  const measured = screened.configs.filter((c) => c.metrics !== undefined)
  const promising = measured.filter((c) => meetsAtMean(slos, c)).sort((a, b) => ascending(cost(a), cost(b)))
  const chosen =
    promising.length > 0 ? promising : [...measured].sort((a, b) => ascending(totalMiss(slos, a.slos), totalMiss(slos, b.slos)) || ascending(cost(a), cost(b)))
  return chosen.slice(0, shortlistSize).map((c) => configs.findIndex((k) => k.label === c.label))
}

/**
 * The plan's answer from the confirmation sweep: the recommended config (only when every run
 * finished and a config meets every target at its confidence bound), and up to three runners-up,
 * those meeting every target first, then the cheapest. Configs without a finished run are left out.
 */
export const planChoice = (confirmed: SweepResult): { readonly best: ConfigResult | undefined; readonly runnersUp: ReadonlyArray<ConfigResult> } => {
  const recommended = (c: ConfigResult) => Number(c.label === confirmed.recommendation?.label)
  const ranked = confirmed.configs
    .filter((c) => c.metrics !== undefined)
    .sort((a, b) => recommended(b) - recommended(a) || Number(b.meetsAll) - Number(a.meetsAll) || ascending(cost(a), cost(b)))
  const best = confirmed.complete && confirmed.recommendation !== null ? ranked[0] : undefined
  return { best, runnersUp: ranked.slice(best === undefined ? 0 : 1, best === undefined ? 3 : 4) }
}
