/**
 * Slo: latency, reliability and cost targets a config must meet, written the way people say them:
 * `endToEnd.p95<=8`, `delayTime.mean<2.5`, `failed=0`, `coldStartShare<=0.05`, `usdPerHour<=2`.
 * A config meets a target only if the confidence bound on the wrong side does: for `<=` the upper
 * bound of the 95 % interval must be within the limit, for `>=` the lower bound.
 *
 * The rule for requests that did not complete (failed, expired, rejected, or still in the system at
 * the end): a latency figure that a target reads counts them as infinitely late, so it can never be
 * helped by them. A percentile p is infinite once more than (100 − p) % of the requests that arrived
 * did not complete; a mean or maximum is infinite once any did not. A figure that cannot be
 * computed (no request completed: every latency figure, the cold-start share, cost per 1,000
 * requests) is absent (`null`), and a target on an absent figure is never met.
 */

/** The figures of one run that targets and tables talk about. */
export const runMetricNames = [
  "delayTime.mean",
  "delayTime.p50",
  "delayTime.p90",
  "delayTime.p95",
  "delayTime.p99",
  "delayTime.max",
  "executionTime.mean",
  "executionTime.p50",
  "executionTime.p90",
  "executionTime.p95",
  "executionTime.p99",
  "executionTime.max",
  "endToEnd.mean",
  "endToEnd.p50",
  "endToEnd.p90",
  "endToEnd.p95",
  "endToEnd.p99",
  "endToEnd.max",
  "failed",
  "expired",
  "rejected",
  "coldStartShare",
  "flashbootShare",
  "unfinishedShare",
  "usdPerHour",
  "usdPer1000"
] as const
export type RunMetricName = (typeof runMetricNames)[number]

/**
 * A figure of one run as targets read it: a number (latency figures may be +Infinity: not reached,
 * see the module comment), or null when it cannot be computed. JSON prints both +Infinity and null
 * as null.
 */
export type Figure = number | null

/** What a metric measures, which decides the limits a target on it may state. */
export const metricKind = (metric: RunMetricName): "seconds" | "count" | "share" | "usd" =>
  metric.includes(".") ? "seconds" : metric.endsWith("Share") ? "share" : metric.startsWith("usd") ? "usd" : "count"

/** Metrics a `--budget` may name. */
export const costMetrics: ReadonlyArray<RunMetricName> = ["usdPerHour", "usdPer1000"]

export type Comparison = "<=" | "<" | ">=" | ">" | "="

export interface Slo {
  /** As the user wrote it, normalised: `endToEnd.p95<=8`. */
  readonly text: string
  readonly metric: RunMetricName
  readonly op: Comparison
  readonly limit: number
}

export const sloExample = 'e.g. "endToEnd.p95<=8", "delayTime.p99<30", "failed=0", "coldStartShare<=0.05", "usdPerHour<=2"'

const aliases: Readonly<Record<string, RunMetricName>> = {
  "e2e.p95": "endToEnd.p95",
  "cost.perHour": "usdPerHour",
  "cost.per1000": "usdPer1000",
  usdPerThousand: "usdPer1000"
}

/** Parses one target; the error says what is wrong and shows examples. */
export const parseSlo = (text: string): { readonly slo: Slo } | { readonly error: string } => {
  const m = /^\s*([A-Za-z][\w.]*)\s*(<=|>=|<|>|==|=)\s*(-?[\d.]+(?:e-?\d+)?)\s*$/.exec(text)
  if (!m) return { error: `cannot read the target ${JSON.stringify(text)}: expected <metric> <= <number>, ${sloExample}` }
  const name = aliases[m[1]!] ?? m[1]!
  if (!(runMetricNames as ReadonlyArray<string>).includes(name)) {
    return {
      error: `unknown metric ${JSON.stringify(m[1])} in ${JSON.stringify(text)}: expected one of delayTime|executionTime|endToEnd.<mean|p50|p90|p95|p99|max>, failed, expired, rejected, coldStartShare, flashbootShare, unfinishedShare, usdPerHour, usdPer1000; ${sloExample}`
    }
  }
  const limit = Number(m[3])
  if (!Number.isFinite(limit)) return { error: `the limit in ${JSON.stringify(text)} is not a number; ${sloExample}` }
  const metric = name as RunMetricName
  const kind = metricKind(metric)
  if (kind === "share" && (limit < 0 || limit > 1)) return { error: `${metric} is a share from 0 to 1 (0.05 = 5 %), got ${m[3]} in ${JSON.stringify(text)}` }
  if (limit < 0)
    return {
      error: `${metric} is never negative (${kind === "seconds" ? "seconds" : kind === "usd" ? "US dollars" : "a count of requests"}), got ${m[3]} in ${JSON.stringify(text)}`
    }
  const op = (m[2] === "==" ? "=" : m[2]) as Comparison
  return { slo: { text: `${name}${op}${m[3]}`, metric, op, limit } }
}

/**
 * A confidence interval of a mean over replications. Null when the figure was absent in any
 * replication; all three +Infinity when it was infinite in any (the mean is then infinite for sure).
 */
export interface Interval {
  readonly mean: Figure
  readonly low: Figure
  readonly high: Figure
}

/** Whether an interval meets a target at its wrong-side bound; an absent figure never does. */
export const meets = (slo: Slo, ci: Interval): boolean => {
  if (ci.low === null || ci.high === null) return false
  switch (slo.op) {
    case "<=":
      return ci.high <= slo.limit
    case "<":
      return ci.high < slo.limit
    case ">=":
      return ci.low >= slo.limit
    case ">":
      return ci.low > slo.limit
    case "=":
      return ci.low === slo.limit && ci.high === slo.limit
  }
}

/**
 * How far the wrong-side bound misses the target (0 when met), in the metric's unit; +Infinity
 * when the figure is absent or infinite.
 */
export const shortfall = (slo: Slo, ci: Interval): number => {
  if (meets(slo, ci)) return 0
  if (ci.low === null || ci.high === null) return Number.POSITIVE_INFINITY
  switch (slo.op) {
    case "<=":
    case "<":
      return ci.high - slo.limit
    case ">=":
    case ">":
      return slo.limit - ci.low
    case "=":
      return Math.max(Math.abs(ci.high - slo.limit), Math.abs(ci.low - slo.limit))
  }
}
