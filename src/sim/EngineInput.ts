/**
 * EngineInput: everything one run of the engine needs, resolved from a scenario and the model
 * services (simulate.ts builds it): the endpoint's numbers in engine units (seconds, GPUs, USD per
 * second) and the model objects that decide policy (arrivals, scaler, dispatch, starts, placement).
 */
import type { ArrivalProcess } from "../models/ArrivalProcess.ts"
import type { ColdStartModel } from "../models/ColdStart.ts"
import type { Sampler } from "../models/Distribution.ts"
import type { Dispatcher } from "../models/Dispatch.ts"
import type { PoolPlacement } from "../models/GpuPools.ts"
import type { Scaler } from "../models/scalers/Scaler.ts"
import type { JobLog } from "./JobLog.ts"

export interface EngineInput {
  readonly seed: number
  readonly durationSeconds: number
  readonly warmupSeconds: number
  readonly workersMin: number
  readonly workersMax: number
  readonly idleTimeoutSeconds: number
  /** Execution timeout in seconds; 0 = none. */
  readonly executionTimeoutSeconds: number
  readonly gpusPerWorker: number
  /** Per listed pool, in priority order. */
  readonly pools: ReadonlyArray<{
    readonly capacity: ReadonlyArray<{ readonly fromSeconds: number; readonly gpus: number }>
    readonly speed: number
    readonly flexPerSecondUsd: number
    readonly activePerSecondUsd: number
  }>
  readonly scalerIntervalSeconds: number
  readonly concurrencyPerWorker: number
  readonly queueLimit: number
  readonly jobTtlSeconds: number
  readonly stopWorkerOnTimeout: boolean
  readonly initTimeoutSeconds: number
  readonly activeWorkersStartWarm: boolean
  readonly bypassCapacity: boolean
  readonly roundUpPerSession: boolean
  readonly containerDiskGb: number
  readonly drain: boolean
  readonly arrivals: ArrivalProcess
  readonly executionSeconds: Sampler
  readonly scaler: Scaler
  readonly dispatcher: Dispatcher
  readonly coldStart: ColdStartModel
  readonly placement: PoolPlacement
  /** Where to log every job, as RunPod's job records would show it; optional (backtest, calibrate). */
  readonly jobLog?: JobLog | undefined
  /** Called with the simulated time about every million events (a progress line); optional. */
  readonly onProgress?: ((simulatedSeconds: number) => void) | undefined
}
