/**
 * Scaler: the contract between the engine and a scaling policy. At each evaluation the engine hands
 * the scaler an observation of the endpoint and the scaler answers how many workers to add (> 0) or
 * how many ready flex workers (warm, without a job) to stop (< 0). The engine clamps the answer to
 * `[workers.min, workers.max]`. RunPod's two scalers live in QueueDelay.ts and RequestCount.ts, the
 * registry and the `Scalers` service in Scalers.ts.
 */

/** What a scaler sees. The engine reuses one object; read it during `decide` only. */
export interface ScalerObservation {
  /** Simulated time, seconds. */
  readonly now: number
  /** Requests waiting in the queue. */
  readonly queued: number
  /** Jobs executing on workers. */
  readonly inProgress: number
  readonly running: number
  /** Warm workers waiting for a job (RunPod's /health "ready"). */
  readonly ready: number
  readonly initializing: number
  readonly throttled: number
  /** All workers: initializing + ready + running + throttled. */
  readonly workers: number
  readonly min: number
  readonly max: number
  /** How many queued requests have waited at least `seconds`. */
  queuedWaitingAtLeast(seconds: number): number
}

export interface Scaler {
  /** Name shown in reports. */
  readonly name: string
  /** Workers to add (> 0), ready flex workers to stop (< 0), or 0. */
  decide(observation: ScalerObservation): number
}
