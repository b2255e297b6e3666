/**
 * CompareReport: two configs' figures side by side with the paired difference b − a and its 95 %
 * interval, `*` where the interval excludes 0. A figure that is absent or not reached in either
 * config of a pair has no difference ("—"). Pure.
 */
import { runMetricNames, type Interval, type RunMetricName } from "../models/Slo.ts"
import { formatFigure, formatInterval, hasUnreadable, unreadableNote } from "./Figures.ts"
import { alignedTable } from "./Table.ts"

type Figures = Readonly<Record<RunMetricName, Interval>>

const difference = (m: RunMetricName, d: Interval): string =>
  d.mean === null || d.low === null || d.high === null
    ? "—"
    : `${formatFigure(m, d.mean, false)} [${formatFigure(m, d.low, false)}, ${formatFigure(m, d.high, false)}]${d.low > 0 || d.high < 0 ? " *" : ""}`

export const compareTable = (
  names: { readonly a: string; readonly b: string },
  replications: number,
  complete: boolean,
  a: Figures,
  b: Figures,
  diff: Figures
): string => {
  const rows = runMetricNames.map((m) => [m, formatInterval(m, a[m]), formatInterval(m, b[m]), difference(m, diff[m])])
  const unreadable = hasUnreadable([...runMetricNames.map((m) => a[m]), ...runMetricNames.map((m) => b[m])])
  return [
    `a: ${names.a}`,
    `b: ${names.b}`,
    `${replications} paired replication${replications === 1 ? "" : "s"} on the same seeds; b − a with its 95 % interval${complete ? "" : " — INCOMPLETE (interrupted): only the pairs that finished"}`,
    "",
    ...alignedTable(["figure", "a", "b", "b − a [95 % CI]"], rows),
    "",
    "* the interval excludes 0: a real difference, not noise. Latency in seconds, over every request that arrived.",
    ...(unreadable ? [unreadableNote] : [])
  ].join("\n")
}
