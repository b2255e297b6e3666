/**
 * Replications: the statistics of independent runs of one config. Each run is reduced to its
 * metrics (`RunMetrics`); over replications a metric gets a mean and a 95 % confidence interval
 * from Student's t. Configs compared on the same seeds (common random numbers) get paired
 * differences, whose intervals are much tighter than the difference of two intervals.
 */
import type { Interval, RunMetricName } from "../models/Slo.ts"
import type { SimResult } from "./SimResult.ts"

export type RunMetrics = Readonly<Record<RunMetricName, number>>

/** The metrics of one run. */
export const metricsOf = (r: SimResult): RunMetrics => ({
  "delayTime.mean": r.latency.delayTime.mean,
  "delayTime.p50": r.latency.delayTime.p50,
  "delayTime.p90": r.latency.delayTime.p90,
  "delayTime.p95": r.latency.delayTime.p95,
  "delayTime.p99": r.latency.delayTime.p99,
  "delayTime.max": r.latency.delayTime.max,
  "executionTime.mean": r.latency.executionTime.mean,
  "executionTime.p50": r.latency.executionTime.p50,
  "executionTime.p90": r.latency.executionTime.p90,
  "executionTime.p95": r.latency.executionTime.p95,
  "executionTime.p99": r.latency.executionTime.p99,
  "executionTime.max": r.latency.executionTime.max,
  "endToEnd.mean": r.latency.endToEnd.mean,
  "endToEnd.p50": r.latency.endToEnd.p50,
  "endToEnd.p90": r.latency.endToEnd.p90,
  "endToEnd.p95": r.latency.endToEnd.p95,
  "endToEnd.p99": r.latency.endToEnd.p99,
  "endToEnd.max": r.latency.endToEnd.max,
  failed: r.requests.failed,
  expired: r.requests.expired,
  rejected: r.requests.rejected,
  coldStartShare: r.coldStarts.coldStartShare,
  usdPerHour: r.cost.perHourUsd,
  usdPer1000: r.cost.perThousandRequestsUsd ?? 0
})

/** Two-sided 95 % quantiles of Student's t for 1–30 degrees of freedom. */
const t975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042]

/** The t multiplier of a 95 % interval with `df` degrees of freedom (normal beyond 120). */
export const tQuantile95 = (df: number): number => (df <= 0 ? Number.POSITIVE_INFINITY : df <= 30 ? t975[df - 1]! : df <= 60 ? 2.0 : df <= 120 ? 1.98 : 1.96)

/** Mean and 95 % confidence interval of `xs`. One value gives a zero-width interval (no spread known). */
export const interval = (xs: ReadonlyArray<number>): Interval & { readonly halfWidth: number } => {
  const n = xs.length
  const mean = n === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / n
  if (n < 2) return { mean, low: mean, high: mean, halfWidth: 0 }
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)
  const halfWidth = tQuantile95(n - 1) * Math.sqrt(variance / n)
  return { mean, low: mean - halfWidth, high: mean + halfWidth, halfWidth }
}

/** Per-metric intervals over replications. */
export const summarise = (runs: ReadonlyArray<RunMetrics>): Readonly<Record<RunMetricName, Interval>> => {
  const out = {} as Record<RunMetricName, Interval>
  const names = Object.keys(runs[0] ?? {}) as Array<RunMetricName>
  for (const name of names) out[name] = interval(runs.map((r) => r[name]))
  return out
}

/** Intervals of the paired differences b − a, run by run (the same seed in both). */
export const pairedDifferences = (a: ReadonlyArray<RunMetrics>, b: ReadonlyArray<RunMetrics>): Readonly<Record<RunMetricName, Interval>> => {
  const n = Math.min(a.length, b.length)
  const out = {} as Record<RunMetricName, Interval>
  const names = Object.keys(a[0] ?? {}) as Array<RunMetricName>
  for (const name of names) out[name] = interval(Array.from({ length: n }, (_, i) => b[i]![name] - a[i]![name]))
  return out
}
