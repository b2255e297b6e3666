/**
 * CompareReport: two configs' figures side by side with the paired difference b − a and its 95 %
 * interval, `*` where the interval excludes 0. Pure.
 */
import { runMetricNames, type Interval, type RunMetricName } from "../models/Slo.ts"
import { alignedTable } from "./Table.ts"

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(3) : x.toFixed(4))

type Figures = Readonly<Record<RunMetricName, Interval>>

export const compareTable = (names: { readonly a: string; readonly b: string }, replications: number, complete: boolean, a: Figures, b: Figures, diff: Figures): string => {
  const rows = runMetricNames.map((m) => [
    m,
    `${fmt(a[m].mean)} ±${fmt(a[m].high - a[m].mean)}`,
    `${fmt(b[m].mean)} ±${fmt(b[m].high - b[m].mean)}`,
    `${fmt(diff[m].mean)} [${fmt(diff[m].low)}, ${fmt(diff[m].high)}]${diff[m].low > 0 || diff[m].high < 0 ? " *" : ""}`
  ])
  return [
    `a: ${names.a}`,
    `b: ${names.b}`,
    `${replications} paired replications on the same seeds; b − a with its 95 % interval${complete ? "" : " — INCOMPLETE"}`,
    "",
    ...alignedTable(["figure", "a", "b", "b − a [95 % CI]"], rows),
    "",
    "* the interval excludes 0: a real difference, not noise."
  ].join("\n")
}
