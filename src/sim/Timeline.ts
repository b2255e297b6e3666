/**
 * Timeline: the run's figures over time, as charts read them: fixed-width buckets of a round number
 * of seconds (at most `maxTimelineBuckets` over the run), one series per figure, each bucket holding
 * a time average, a count or a sum in USD. RunStats fills the series; reports and charts derive
 * theirs from `timelineSeries`.
 */

export const maxTimelineBuckets = 720
const niceBucketSeconds = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800]

/** The timeline's bucket width for a run of `durationSeconds`: a round number, at most 720 buckets. */
export const timelineBucketSeconds = (durationSeconds: number): number =>
  niceBucketSeconds.find((s) => durationSeconds / s <= maxTimelineBuckets) ?? Math.ceil(durationSeconds / maxTimelineBuckets)

/**
 * The timeline's series, in report order, each with how a bucket holds it: worker counts and the
 * queue as time averages over the bucket (`average`), events as counts (`count`), spending in USD
 * (`usd`). Reports and charts derive their series from this list.
 */
export const timelineSeries = {
  running: "average",
  ready: "average",
  initializing: "average",
  throttled: "average",
  retained: "average",
  queued: "average",
  arrivals: "count",
  completed: "count",
  coldStarts: "count",
  flashStarts: "count",
  flexUsd: "usd",
  activeUsd: "usd"
} as const

export type TimelineName = keyof typeof timelineSeries
export const timelineNames = Object.keys(timelineSeries) as ReadonlyArray<TimelineName>

/** One value per timeline series, in report order. */
export const perTimelineSeries = <V>(value: (name: TimelineName) => V): Record<TimelineName, V> => {
  const out: Partial<Record<TimelineName, V>> = {}
  for (const name of timelineNames) out[name] = value(name)
  return out as Record<TimelineName, V>
}

/** Per-bucket series, struct-of-arrays. */
export type TimelineSeries = Readonly<Record<TimelineName, Float64Array>>
