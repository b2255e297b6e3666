/**
 * EndpointView: the endpoint as scalers, dispatch rules and the run statistics read it: counts of
 * workers by state and of requests, the queue's waiting times and the available workers' times.
 * One object per run over the engine's own structures and clock (nothing is copied).
 */
import type { AvailableWorkers } from "../models/Dispatch.ts"
import type { ScalerObservation } from "../models/scalers/Scaler.ts"
import type { AvailableSet } from "./AvailableSet.ts"
import type { JobSlots } from "./JobSlots.ts"
import type { RequestQueue } from "./RequestQueue.ts"
import type { RetainedStates } from "./RetainedStates.ts"
import type { LiveCounts } from "./RunStats.ts"
import { INITIALIZING, READY, RUNNING, THROTTLED, type WorkerTable } from "./WorkerTable.ts"

export class EndpointView implements ScalerObservation, AvailableWorkers, LiveCounts {
  readonly min: number
  readonly max: number
  private readonly clock: { readonly now: number }
  private readonly queue: RequestQueue
  private readonly workerTable: WorkerTable
  /** The table's counts by state, held directly: statistics read them at every event. */
  private readonly counts: Int32Array
  private readonly slots: JobSlots
  private readonly available: AvailableSet
  private readonly retainedStates: RetainedStates

  constructor(
    parts: {
      readonly clock: { readonly now: number }
      readonly queue: RequestQueue
      readonly workers: WorkerTable
      readonly slots: JobSlots
      readonly available: AvailableSet
      readonly retained: RetainedStates
    },
    min: number,
    max: number
  ) {
    this.clock = parts.clock
    this.queue = parts.queue
    this.workerTable = parts.workers
    this.counts = parts.workers.counts
    this.slots = parts.slots
    this.available = parts.available
    this.retainedStates = parts.retained
    this.min = min
    this.max = max
  }

  get now(): number {
    return this.clock.now
  }
  get throttled(): number {
    return this.counts[THROTTLED]!
  }
  get initializing(): number {
    return this.counts[INITIALIZING]!
  }
  get ready(): number {
    return this.counts[READY]!
  }
  get running(): number {
    return this.counts[RUNNING]!
  }
  get workers(): number {
    return this.workerTable.alive
  }
  get retained(): number {
    return this.retainedStates.count
  }
  get queued(): number {
    return this.queue.length
  }
  get inProgress(): number {
    return this.slots.busyCount
  }
  get count(): number {
    return this.available.count
  }
  queuedWaitingAtLeast(seconds: number): number {
    return this.queue.waitingSince(this.now - seconds)
  }
  startedAt(i: number): number {
    return this.workerTable.startedAt[this.available.at(i)]!
  }
  availableSince(i: number): number {
    return this.workerTable.availableSince[this.available.at(i)]!
  }
}
