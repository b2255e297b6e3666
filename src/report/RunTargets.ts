/**
 * RunTargets: targets (`--slo`, `?slo=`) read against one run, for simulate and the explore page:
 * the run's figure, met or missed, and by how much. One run has no confidence interval, so the
 * verdict is the figure's own; `check` decides a deploy with replications. Which KPI tile a target
 * belongs to is stated here too. Pure.
 */
import { meets, shortfall, type Slo } from "../models/Slo.ts"
import type { SimResult } from "../sim/SimResult.ts"
import { formatShare } from "./Format.ts"
import { formatFigure } from "./Figures.ts"

/** The heading over the target lines in every report. */
export const targetsHeading = "Targets, read on this one run (scalecast check decides with replications)"

/** A target read against one run. */
export interface RunVerdict {
  readonly target: string
  readonly meets: boolean
  /** The run's figure; null when absent, +Infinity (null in JSON) when not reached. */
  readonly value: number | null
  /** How far the figure misses (0 when met; +Infinity, null in JSON, when it cannot be measured). */
  readonly shortfall: number
  /** Why the figure cannot meet the target, when it is absent or not reached. */
  readonly reason?: string
}

/** The verdict on each target for one run: `check`'s rule, with the run's figure as its own interval. */
export const runVerdicts = (r: SimResult, slos: ReadonlyArray<Slo>): ReadonlyArray<RunVerdict> =>
  slos.map((slo) => {
    const x = r.figures[slo.metric]
    const ci = { mean: x, low: x, high: x }
    const verdict = { target: slo.text, meets: meets(slo, ci), value: x, shortfall: shortfall(slo, ci) }
    if (x === null) return { ...verdict, reason: r.requests.arrived === 0 ? "no request arrived" : "no request completed" }
    if (x === Number.POSITIVE_INFINITY)
      return { ...verdict, reason: `not reached: ${formatShare(r.requests.unfinishedShare)} of requests did not complete, and they count as infinitely late` }
    return verdict
  })

/** One line per target: "ok    endToEnd.p95<=6: 4.120 s" or "FAIL  …: 7.310 s; misses by 1.310 s". */
export const runTargetLines = (slos: ReadonlyArray<Slo>, verdicts: ReadonlyArray<RunVerdict>): ReadonlyArray<string> =>
  verdicts.map((v, i) => {
    const metric = slos[i]!.metric
    const why = v.reason !== undefined ? `; ${v.reason}` : v.meets ? "" : `; misses by ${formatFigure(metric, v.shortfall)}`
    return `${v.meets ? "ok  " : "FAIL"}  ${v.target}: ${formatFigure(metric, v.value)}${why}`
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
