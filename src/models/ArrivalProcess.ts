/**
 * ArrivalProcess: the contract between the engine and an arrival model (Arrivals.ts and the models
 * in arrivals/ and traces/): successive arrival times drawn from the run's arrival stream.
 */

/** Draws successive arrival times. */
export interface ArrivalProcess {
  /**
   * The next arrival at or after `now` (seconds), from uniforms `uniform()` in (0, 1); +Infinity
   * when none before `horizon` (the run's end): a process may stop looking there.
   */
  next(now: number, uniform: () => number, horizon?: number): number
  /** The execution time the trace recorded for the arrival `next` returned last; NaN when none. */
  lastExecutionSeconds: number
  /** The mean rate over [0, duration], requests per second (for reports and sizing). */
  meanRate(durationSeconds: number): number
  /** The rate at time `t` (NaN for traces). */
  rateAt(t: number): number
}
