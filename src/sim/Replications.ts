/**
 * Replications: the statistics of independent runs of one config. Each run is reduced to its
 * figures (`RunMetrics`, the report's `figures`); over replications a figure gets a mean and a 95 %
 * confidence interval from Student's t. Configs compared on the same seeds (common random numbers)
 * get paired differences, whose intervals are much tighter than the difference of two intervals.
 * A figure absent in any replication (null) is absent over all of them; one infinite in any (a
 * latency percentile not reached, see Slo) makes the mean infinite.
 */
import { runMetricNames, type Figure, type Interval, type RunMetricName } from "../models/Slo.ts"
import type { SimResult } from "./SimResult.ts"

export type RunMetrics = Readonly<Record<RunMetricName, Figure>>

/** The figures of one run that targets read. */
export const metricsOf = (r: SimResult): RunMetrics => r.figures

/** Two-sided 95 % quantiles of Student's t for 1–30 degrees of freedom. */
const t975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069,
  2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042
]

/** The t multiplier of a 95 % interval with `df` degrees of freedom (normal beyond 120). */
export const tQuantile95 = (df: number): number => (df <= 0 ? Number.POSITIVE_INFINITY : df <= 30 ? t975[df - 1]! : df <= 60 ? 2.0 : df <= 120 ? 1.98 : 1.96)

export type SummaryInterval = Interval & { readonly halfWidth: Figure }

/**
 * Mean and 95 % confidence interval of `xs`. One value gives a zero-width interval (no spread
 * known); no value, or a null among them, gives an absent interval; an infinite value an infinite one.
 */
export const interval = (xs: ReadonlyArray<Figure>): SummaryInterval => {
  const n = xs.length
  if (n === 0 || xs.some((x) => x === null)) return { mean: null, low: null, high: null, halfWidth: null }
  const values = xs as ReadonlyArray<number>
  if (values.some((x) => x === Number.POSITIVE_INFINITY)) return { mean: Infinity, low: Infinity, high: Infinity, halfWidth: 0 }
  const mean = values.reduce((a, b) => a + b, 0) / n
  if (n < 2) return { mean, low: mean, high: mean, halfWidth: 0 }
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)
  const halfWidth = tQuantile95(n - 1) * Math.sqrt(variance / n)
  return { mean, low: mean - halfWidth, high: mean + halfWidth, halfWidth }
}

/** Per-metric intervals over replications (absent when there is none). */
export const summarise = (
  runs: ReadonlyArray<RunMetrics>,
  names: ReadonlyArray<RunMetricName> = runMetricNames
): Readonly<Record<RunMetricName, SummaryInterval>> => {
  const out = {} as Record<RunMetricName, SummaryInterval>
  for (const name of names) out[name] = interval(runs.map((r) => r[name]))
  return out
}

/**
 * Intervals of the paired differences b − a, run by run (the same seed in both). Absent where a
 * figure is absent or infinite in either run of a pair (the difference is then undefined).
 */
export const pairedDifferences = (
  a: ReadonlyArray<RunMetrics>,
  b: ReadonlyArray<RunMetrics>,
  names: ReadonlyArray<RunMetricName> = runMetricNames
): Readonly<Record<RunMetricName, SummaryInterval>> => {
  const n = Math.min(a.length, b.length)
  const out = {} as Record<RunMetricName, SummaryInterval>
  for (const name of names) {
    out[name] = interval(
      Array.from({ length: n }, (_, i) => {
        const [x, y] = [a[i]![name], b[i]![name]]
        return x === null || y === null || !Number.isFinite(x) || !Number.isFinite(y) ? null : y - x
      })
    )
  }
  return out
}
