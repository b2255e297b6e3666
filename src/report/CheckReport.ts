/**
 * CheckReport: the verdict of `scalecast check`, target by target: the figure's mean and 95 %
 * interval over replications and, when a target is missed, by how much at the confidence bound,
 * or why the figure cannot meet anything (no request completed; too many did not complete). Pure.
 */
import { meets, shortfall, type Interval, type RunMetricName, type Slo } from "../models/Slo.ts"
import { formatShare } from "./Format.ts"
import { formatFigure } from "./Figures.ts"

export interface TargetVerdict {
  readonly target: string
  readonly meets: boolean
  /** Mean and 95 % interval; null when absent, +Infinity (null in JSON) when not reached. */
  readonly mean: number | null
  readonly low: number | null
  readonly high: number | null
  /** How far the wrong-side bound misses (0 when met; +Infinity, null in JSON, when it cannot be measured). */
  readonly shortfall: number
  /** Why the figure cannot meet the target, when it is absent or not reached. */
  readonly reason?: string
}

/** Why a figure is absent: no replication finished, one had no request, or none of its requests completed. */
const absence = (unfinished: Interval, runs: number): string =>
  runs === 0
    ? "no replication finished"
    : unfinished.mean === null
      ? "no request arrived in at least one replication"
      : "no request completed in at least one replication"

/** The verdict on one target over `runs` finished replications, given the figure's interval and that of the unfinished share. */
export const verdictOf = (slo: Slo, ci: Interval, unfinished: Interval, runs: number): TargetVerdict => {
  const base = { target: slo.text, meets: meets(slo, ci), mean: ci.mean, low: ci.low, high: ci.high, shortfall: shortfall(slo, ci) }
  if (ci.mean === null) return { ...base, reason: absence(unfinished, runs) }
  if (ci.mean === Number.POSITIVE_INFINITY)
    return {
      ...base,
      reason: `not reached: ${formatShare(unfinished.mean)} of requests did not complete (mean over replications), and they count as infinitely late`
    }
  return base
}

/** The verdict on the requirement every config meets besides the stated targets: its requests complete. */
export const completionVerdict = (unfinished: Interval, runs: number): TargetVerdict => ({
  target: "(always) endToEnd.p95 reached",
  meets: false,
  mean: unfinished.mean,
  low: unfinished.low,
  high: unfinished.high,
  shortfall: Number.POSITIVE_INFINITY,
  reason:
    unfinished.mean === null
      ? absence(unfinished, runs)
      : `${formatShare(unfinished.mean)} of requests did not complete (mean over replications); more than 5 % in a replication leaves its p95 unreached. State your own limit with --slo "unfinishedShare<=…"`
})

/** The text `check` prints. */
export const checkText = (
  name: string,
  seeds: string,
  slos: ReadonlyArray<Slo>,
  verdicts: ReadonlyArray<TargetVerdict>,
  complete: boolean,
  runs: number
): string => {
  const metric = (i: number): RunMetricName => slos[i]?.metric ?? "unfinishedShare"
  const lines = [
    `${name}: ${runs} replication${runs === 1 ? "" : "s"} (seeds ${seeds}), 95 % confidence intervals${complete ? "" : " — INCOMPLETE (interrupted): no verdict"}`
  ]
  verdicts.forEach((v, i) => {
    const m = metric(i)
    const figure =
      v.mean === null || !Number.isFinite(v.mean)
        ? formatFigure(m, v.mean)
        : `${formatFigure(m, v.mean)} (${formatFigure(m, v.low)} – ${formatFigure(m, v.high)})`
    const why = v.reason !== undefined ? `; ${v.reason}` : v.meets ? "" : `; misses by ${formatFigure(m, v.shortfall)} at the confidence bound`
    lines.push(`  ${v.meets ? "ok  " : "FAIL"}  ${v.target}: ${figure}${why}`)
  })
  const failed = verdicts.filter((v) => !v.meets).length
  lines.push(
    !complete
      ? "Interrupted before every run finished: this is not a verdict."
      : failed === 0
        ? "Meets every target."
        : `Fails ${failed} of ${verdicts.length} target${verdicts.length === 1 ? "" : "s"}.`
  )
  return lines.join("\n")
}
