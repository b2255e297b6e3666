/**
 * JobLog: the job records a run would have left on RunPod (what `/status/{id}` returns per job):
 * when the job was submitted, its delayTime and executionTime, its status and the worker that ran
 * it. Every request that got a job is logged (a rejected one never does): completed, failed
 * (execution timeout), timed out (TTL in the queue), and at the run's end still queued or in
 * progress. Kept only when a caller asks for it (backtest and calibrate compare a run's records with
 * the user's); a growable struct-of-arrays, so logging allocates no object per job.
 */
import type { JobRecords } from "../models/records/JobRecords.ts"

/** Statuses, as indexes into `jobStatuses` (JobRecords.ts). */
export const COMPLETED = 0
export const FAILED = 1
export const TIMED_OUT = 2
export const IN_QUEUE = 4
export const IN_PROGRESS = 5

export class JobLog {
  count = 0
  private submitted = new Float64Array(1024)
  private delay = new Float64Array(1024)
  private execution = new Float64Array(1024)
  private status = new Uint8Array(1024)
  private worker = new Int32Array(1024)
  /** Distinct workers seen so far (by their run-wide `life` number): their number in the records. */
  private readonly workerIndex = new Map<number, number>()

  /** Logs one job: times in seconds (NaN when it has none), `life` the worker's run-wide number or -1. */
  record(submittedSeconds: number, delaySeconds: number, executionSeconds: number, status: number, life: number): void {
    if (this.count === this.submitted.length) this.grow()
    const i = this.count++
    this.submitted[i] = submittedSeconds
    this.delay[i] = delaySeconds
    this.execution[i] = executionSeconds
    this.status[i] = status
    let index = -1
    if (life >= 0) {
      index = this.workerIndex.get(life) ?? -1
      if (index < 0) {
        index = this.workerIndex.size
        this.workerIndex.set(life, index)
      }
    }
    this.worker[i] = index
  }

  private grow(): void {
    const n = this.submitted.length * 2
    const widen = <A extends Float64Array | Uint8Array | Int32Array>(a: A, make: (n: number) => A): A => {
      const b = make(n)
      b.set(a)
      return b
    }
    this.submitted = widen(this.submitted, (k) => new Float64Array(k))
    this.delay = widen(this.delay, (k) => new Float64Array(k))
    this.execution = widen(this.execution, (k) => new Float64Array(k))
    this.status = widen(this.status, (k) => new Uint8Array(k))
    this.worker = widen(this.worker, (k) => new Int32Array(k))
  }

  /**
   * The log as job records, in submission order (the run logs jobs as they end), with worker ids
   * "w1", "w2", … in order of their first job, and times from `originMs`.
   */
  toRecords(originMs = 0): JobRecords {
    const n = this.count
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => this.submitted[a]! - this.submitted[b]! || a - b)
    const pick = <A extends Float64Array | Uint8Array | Int32Array>(from: A, make: (n: number) => A): A => {
      const out = make(n)
      for (let k = 0; k < n; k++) out[k] = from[order[k]!]!
      return out
    }
    return {
      path: "(simulated)",
      format: "jsonl",
      originMs,
      count: n,
      submittedSeconds: pick(this.submitted, (k) => new Float64Array(k)),
      delaySeconds: pick(this.delay, (k) => new Float64Array(k)),
      executionSeconds: pick(this.execution, (k) => new Float64Array(k)),
      status: pick(this.status, (k) => new Uint8Array(k)),
      worker: pick(this.worker, (k) => new Int32Array(k)),
      workerIds: Array.from({ length: this.workerIndex.size }, (_, i) => `w${i + 1}`),
      notes: []
    }
  }
}
