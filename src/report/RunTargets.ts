/**
 * RunTargets: targets (`--slo`, `?slo=`) read against one run, for simulate and the explore page:
 * the run's figure, met or missed, and by how much. One run has no confidence interval, so the
 * verdict is the figure's own; `check` decides a deploy with replications. Which KPI tile a target
 * belongs to is stated here too. Pure.
 */
import type { Slo } from "../models/Slo.ts"
import type { SimResult } from "../sim/SimResult.ts"
import { verdictOf, type TargetVerdict } from "./CheckReport.ts"
import { formatFigure } from "./Figures.ts"

/** The verdict on each target for one run. */
export const runVerdicts = (r: SimResult, slos: ReadonlyArray<Slo>): ReadonlyArray<TargetVerdict> => {
  const unfinished = r.figures.unfinishedShare
  return slos.map((slo) => {
    const x = r.figures[slo.metric]
    return verdictOf(slo, { mean: x, low: x, high: x }, { mean: unfinished, low: unfinished, high: unfinished }, 1)
  })
}

/** One line per target: "ok    endToEnd.p95<=6: 4.120 s" or "FAIL  …: 7.310 s; misses by 1.310 s". */
export const runTargetLines = (slos: ReadonlyArray<Slo>, verdicts: ReadonlyArray<TargetVerdict>): ReadonlyArray<string> =>
  verdicts.map((v, i) => {
    const metric = slos[i]!.metric
    const why = v.reason !== undefined ? `; ${v.reason}` : v.meets ? "" : `; misses by ${formatFigure(metric, v.shortfall)}`
    return `${v.meets ? "ok  " : "FAIL"}  ${v.target}: ${formatFigure(metric, v.mean)}${why}`
  })

/** The KPI tile (by its label in Facts.kpis) a target's metric is shown on. */
export const tileOf = (slo: Slo): string => {
  const m = slo.metric
  if (m.startsWith("endToEnd.")) return "End-to-end p95"
  if (m.startsWith("delayTime.")) return "delayTime p95"
  if (m.startsWith("executionTime.")) return "executionTime p95"
  if (m === "coldStartShare" || m === "flashbootShare") return "Cold starts"
  if (m === "usdPerHour") return "Cost per hour"
  if (m === "usdPer1000") return "Billed time ready"
  return "Requests"
}
