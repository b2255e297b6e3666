/**
 * JobFigures: the figures RunPod's job records support, computed the same way for a user's records
 * (observed) and for a run's job log (predicted), so a backtest compares like with like: requests
 * by status, delayTime, executionTime and end-to-end over completed jobs (exact percentiles,
 * nearest rank), and worker starts as distinct workers that ran a job (a record's `workerId`; each
 * start in a run, cold or FlashBoot, is a worker of its own). Also the samples distances need:
 * completed delays and each worker's first delay (the wait of the first job it ran, which bounds
 * its start time from above when that job was already waiting), both sorted.
 */
import { jobStatuses, type JobRecords } from "../models/records/JobRecords.ts"
import { round } from "./SimResult.ts"

/** Mean and percentiles of a latency, seconds; null when no job completed. */
export interface LatencyFigures {
  readonly mean: number | null
  readonly p50: number | null
  readonly p90: number | null
  readonly p95: number | null
  readonly p99: number | null
}

export interface JobFigures {
  readonly requests: {
    readonly total: number
    readonly completed: number
    readonly failed: number
    readonly timedOut: number
    readonly cancelled: number
    readonly inQueue: number
    readonly inProgress: number
  }
  readonly delayTime: LatencyFigures
  readonly executionTime: LatencyFigures
  readonly endToEnd: LatencyFigures
  /** Distinct workers that ran a job; null when the records name no worker. */
  readonly workerStarts: number | null
}

const COMPLETED = jobStatuses.indexOf("COMPLETED")

/** The value at percentile p (0–100) of sorted values: the smallest with at least p % at or below it. */
export const nearestRank = (sorted: Float64Array, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!

const latency = (sorted: Float64Array): LatencyFigures => {
  if (sorted.length === 0) return { mean: null, p50: null, p90: null, p95: null, p99: null }
  let sum = 0
  for (let i = 0; i < sorted.length; i++) sum += sorted[i]!
  return { mean: sum / sorted.length, p50: nearestRank(sorted, 50), p90: nearestRank(sorted, 90), p95: nearestRank(sorted, 95), p99: nearestRank(sorted, 99) }
}

/** One value per completed job, sorted ascending. */
const completedSorted = (jobs: JobRecords, value: (i: number) => number): Float64Array => {
  let n = 0
  for (let i = 0; i < jobs.count; i++) if (jobs.status[i] === COMPLETED) n++
  const out = new Float64Array(n)
  let k = 0
  for (let i = 0; i < jobs.count; i++) if (jobs.status[i] === COMPLETED) out[k++] = value(i)
  return out.sort()
}

/** delayTime of every completed job, seconds, sorted. */
export const completedDelays = (jobs: JobRecords): Float64Array => completedSorted(jobs, (i) => jobs.delaySeconds[i]!)

/** Per worker that ran a job, the delayTime of the first job it started, seconds, sorted. */
export const firstDelays = (jobs: JobRecords): Float64Array => {
  const firstStart = new Float64Array(jobs.workerIds.length).fill(Number.POSITIVE_INFINITY)
  const delay = new Float64Array(jobs.workerIds.length)
  for (let i = 0; i < jobs.count; i++) {
    const w = jobs.worker[i]!
    const d = jobs.delaySeconds[i]!
    if (w < 0 || Number.isNaN(d)) continue
    const start = jobs.submittedSeconds[i]! + d
    if (start < firstStart[w]!) {
      firstStart[w] = start
      delay[w] = d
    }
  }
  return delay.filter((_, w) => firstStart[w]! < Number.POSITIVE_INFINITY).sort()
}

/** The figures of a set of job records. */
export const jobFigures = (jobs: JobRecords): JobFigures => {
  const byStatus = new Array<number>(jobStatuses.length).fill(0)
  for (let i = 0; i < jobs.count; i++) byStatus[jobs.status[i]!]!++
  const at = (s: (typeof jobStatuses)[number]) => byStatus[jobStatuses.indexOf(s)]!
  let ran = 0
  const seen = new Uint8Array(jobs.workerIds.length)
  for (let i = 0; i < jobs.count; i++) {
    const w = jobs.worker[i]!
    if (w >= 0 && seen[w] === 0 && !Number.isNaN(jobs.delaySeconds[i]!)) {
      seen[w] = 1
      ran++
    }
  }
  return {
    requests: {
      total: jobs.count,
      completed: at("COMPLETED"),
      failed: at("FAILED"),
      timedOut: at("TIMED_OUT"),
      cancelled: at("CANCELLED"),
      inQueue: at("IN_QUEUE"),
      inProgress: at("IN_PROGRESS")
    },
    delayTime: latency(completedDelays(jobs)),
    executionTime: latency(completedSorted(jobs, (i) => jobs.executionSeconds[i]!)),
    endToEnd: latency(completedSorted(jobs, (i) => jobs.delaySeconds[i]! + jobs.executionSeconds[i]!)),
    workerStarts: jobs.workerIds.length === 0 ? null : ran
  }
}

/**
 * The two-sample Kolmogorov–Smirnov distance of two sorted samples: the largest gap between their
 * empirical CDFs (0 = identical, 1 = disjoint); 1 when either is empty and the other is not.
 */
export const ksDistance = (a: Float64Array, b: Float64Array): number => {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : 1
  let i = 0
  let j = 0
  let d = 0
  while (i < a.length && j < b.length) {
    const x = Math.min(a[i]!, b[j]!)
    while (i < a.length && a[i]! <= x) i++
    while (j < b.length && b[j]! <= x) j++
    const gap = Math.abs(i / a.length - j / b.length)
    if (gap > d) d = gap
  }
  return d
}

/** A distribution-free 95 % interval of the p-th percentile of sorted values (order statistics). */
export const percentileInterval = (sorted: Float64Array, p: number): { readonly value: number; readonly interval: readonly [number, number] } => {
  const n = sorted.length
  const q = p / 100
  const half = 1.96 * Math.sqrt(n * q * (1 - q))
  const at = (rank: number) => sorted[Math.min(n - 1, Math.max(0, Math.round(rank) - 1))]!
  return { value: round(nearestRank(sorted, p), 6), interval: [round(at(n * q - half), 6), round(at(n * q + half + 1), 6)] }
}
