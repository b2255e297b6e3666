/**
 * CalibrationDistance: how far a run's job records are from the recorded ones, the objective
 * calibrate minimises, and the backtest errors it reports. The distance is the mean |ln| gap of
 * percentiles p5 … p99 (1 s added before the logs: near-zero delays are noise, not starts) of
 * delayTime, plus the same for the workers' first delays and |ln(simulated / recorded starts)|.
 * Log percentiles weigh the tail, where start times show, as much as the median; a KS distance
 * barely sees it.
 */
import type { JobRecords } from "../models/records/JobRecords.ts"
import { compareJobs } from "./Backtest.ts"
import { completedDelays, firstDelays, jobFigures, nearestRank } from "./JobFigures.ts"
import { round } from "./SimResult.ts"

/** The errors of a backtest that a calibration reports. */
export interface FitErrors {
  readonly delayTimeP95: number | null
  readonly delayTimeP99: number | null
  readonly workerStarts: number | null
  readonly delayTimeKs: number
  readonly firstDelayKs: number | null
}

/** What a candidate's runs are compared with. */
export interface Observed {
  readonly delays: Float64Array
  readonly first: Float64Array
  readonly starts: number | null
}

export const observedOf = (jobs: JobRecords): Observed => ({ delays: completedDelays(jobs), first: firstDelays(jobs), starts: jobFigures(jobs).workerStarts })

/** Percentiles the distance compares. */
const distancePercents = [5, 10, 25, 50, 75, 90, 95, 99]
/** Seconds added before taking logs, so a delay of 0 compares with a short one sensibly. */
const logOffsetSeconds = 1

/** Mean |ln| ratio of two sorted samples' percentiles: scale-free, and as sensitive in the tail as at the median. */
const logQuantileGap = (a: Float64Array, b: Float64Array): number => {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : 1
  let sum = 0
  for (const p of distancePercents) sum += Math.abs(Math.log((logOffsetSeconds + nearestRank(a, p)) / (logOffsetSeconds + nearestRank(b, p))))
  return sum / distancePercents.length
}

/**
 * The distance between a run's job records and the observed ones (0 = same figures): the log
 * percentile gap of delayTime, and with worker ids, of the workers' first delays plus the log ratio
 * of worker starts.
 */
export const distance = (observed: Observed, predicted: JobRecords): number => {
  let d = logQuantileGap(observed.delays, completedDelays(predicted))
  if (observed.starts !== null && observed.starts > 0) {
    const starts = Math.max(1, jobFigures(predicted).workerStarts ?? 0)
    d += logQuantileGap(observed.first, firstDelays(predicted)) + Math.abs(Math.log(starts / observed.starts))
  }
  return d
}

export const fitErrors = (observed: JobRecords, predicted: JobRecords): FitErrors => {
  const c = compareJobs(observed, predicted)
  return {
    delayTimeP95: c.error.delayTime.p95,
    delayTimeP99: c.error.delayTime.p99,
    workerStarts: c.error.workerStarts,
    delayTimeKs: c.error.delayTimeKs,
    firstDelayKs: c.error.firstDelayKs
  }
}

/** The mean of each error over several runs (null when any run has none). */
export const meanErrors = (runs: ReadonlyArray<FitErrors>): FitErrors => {
  const mean = (pick: (e: FitErrors) => number | null): number | null => {
    const xs = runs.map(pick)
    return xs.some((x) => x === null) ? null : round((xs as Array<number>).reduce((a, b) => a + b, 0) / xs.length, 4)
  }
  return {
    delayTimeP95: mean((e) => e.delayTimeP95),
    delayTimeP99: mean((e) => e.delayTimeP99),
    workerStarts: mean((e) => e.workerStarts),
    delayTimeKs: mean((e) => e.delayTimeKs)!,
    firstDelayKs: mean((e) => e.firstDelayKs)
  }
}
