/**
 * Slo: latency, reliability and cost targets a config must meet, written the way people say them:
 * `endToEnd.p95<=8`, `delayTime.mean<2.5`, `failed=0`, `coldStartShare<=0.05`, `usdPerHour<=2`.
 * A config meets a target only if the confidence bound on the wrong side does: for `<=` the upper
 * bound of the 95 % interval must be within the limit, for `>=` the lower bound.
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
  "usdPerHour",
  "usdPer1000"
] as const
export type RunMetricName = (typeof runMetricNames)[number]

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
      error: `unknown metric ${JSON.stringify(m[1])} in ${JSON.stringify(text)}: expected one of delayTime|executionTime|endToEnd.<mean|p50|p90|p95|p99|max>, failed, expired, rejected, coldStartShare, usdPerHour, usdPer1000; ${sloExample}`
    }
  }
  const limit = Number(m[3])
  if (!Number.isFinite(limit)) return { error: `the limit in ${JSON.stringify(text)} is not a number; ${sloExample}` }
  const op = (m[2] === "==" ? "=" : m[2]) as Comparison
  return { slo: { text: `${name}${op}${m[3]}`, metric: name as RunMetricName, op, limit } }
}

/** A confidence interval of a mean. */
export interface Interval {
  readonly mean: number
  readonly low: number
  readonly high: number
}

/** Whether an interval meets a target at its wrong-side bound. */
export const meets = (slo: Slo, ci: Interval): boolean => {
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

/** How far the wrong-side bound misses the target (0 when met), in the metric's unit. */
export const shortfall = (slo: Slo, ci: Interval): number => {
  if (meets(slo, ci)) return 0
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
