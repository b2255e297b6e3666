/**
 * RecordedArrivals: a user's recorded jobs replayed as a run's arrivals (backtest and calibrate):
 * each job arrives at its recorded submission time with its recorded executionTime, so a backtest
 * differs from the records only by what scalecast decides (queueing, scaling, starts). A job with
 * no executionTime (still queued, or expired before it ran) draws one from the workload's
 * execution-time distribution. Held in memory, built from job records, never written by users.
 */
import type { ArrivalProcess } from "../ArrivalProcess.ts"

export interface RecordedArrivals {
  readonly type: "recorded"
  /** Seconds from the first submission, non-decreasing. */
  readonly submittedSeconds: Float64Array
  /** Seconds; NaN where the job recorded none. */
  readonly executionSeconds: Float64Array
  /** The longest recorded execution, seconds (0 when none). */
  readonly maxExecutionSeconds: number
}

/** Replays the recorded submissions in order. */
export const recordedProcess = (a: RecordedArrivals): ArrivalProcess => {
  let next = 0
  const process: ArrivalProcess = {
    lastExecutionSeconds: Number.NaN,
    next: () => {
      if (next >= a.submittedSeconds.length) return Number.POSITIVE_INFINITY
      process.lastExecutionSeconds = a.executionSeconds[next]!
      return a.submittedSeconds[next++]!
    },
    meanRate: (duration) => {
      let n = 0
      while (n < a.submittedSeconds.length && a.submittedSeconds[n]! < duration) n++
      return n / duration
    },
    rateAt: () => Number.NaN
  }
  return process
}

/** The arrivals of recorded jobs: their submission times and executions (NaN: none recorded). */
export const recordedArrivals = (submittedSeconds: Float64Array, executionSeconds: Float64Array): RecordedArrivals => {
  let max = 0
  for (let i = 0; i < executionSeconds.length; i++) if (executionSeconds[i]! > max) max = executionSeconds[i]!
  return { type: "recorded", submittedSeconds, executionSeconds, maxExecutionSeconds: max }
}
