/**
 * Figures: how a target figure (`RunMetrics`: latency seconds, counts, shares, dollars) and its
 * confidence interval read in text tables: the sweep, compare, check and plan outputs. An absent
 * figure (no request completed) reads "—"; a latency figure that is not reached, because too many
 * requests did not complete and targets count them as infinitely late, reads "∞". Pure.
 */
import { metricKind, type Figure, type Interval, type RunMetricName } from "../models/Slo.ts"
import { absent, notReached } from "./Format.ts"

/** The figure in the metric's unit, to fixed decimals for aligned tables: "4.120 s", "$0.4560", "3.2 %", "0.0"; "—" or "∞" otherwise. */
export const formatFigure = (metric: RunMetricName, x: Figure, withUnit = true): string => {
  if (x === null) return absent
  if (x === Number.POSITIVE_INFINITY) return notReached
  switch (metricKind(metric)) {
    case "seconds":
      return `${x.toFixed(Math.abs(x) >= 100 ? 1 : Math.abs(x) >= 10 ? 2 : 3)}${withUnit ? " s" : ""}`
    case "usd":
      return `${withUnit ? "$" : ""}${x.toFixed(4)}`
    case "share":
      return `${(x * 100).toFixed(1)}${withUnit ? " %" : ""}`
    case "count":
      return x.toFixed(1)
  }
}

/** "4.120 ±0.310" (mean ± half-width of the 95 % interval), "—" or "∞". */
export const formatInterval = (metric: RunMetricName, ci: Interval, withUnit = false): string =>
  ci.mean === null || ci.high === null || !Number.isFinite(ci.mean)
    ? formatFigure(metric, ci.mean, withUnit)
    : `${formatFigure(metric, ci.mean, withUnit)} ±${formatFigure(metric, ci.high - ci.mean, withUnit)}`

/** Whether any of these intervals reads "—" or "∞" (then a table explains both). */
export const hasUnreadable = (cis: ReadonlyArray<Interval>): boolean => cis.some((ci) => ci.mean === null || !Number.isFinite(ci.mean))

/** The footnote every table with "—" or "∞" carries. */
export const unreadableNote =
  "— no request completed; ∞ not reached: requests that did not complete count as infinitely late, so a percentile p is ∞ once more than (100 − p) % of them did not complete, and a mean or max once any did not."
