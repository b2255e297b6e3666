/**
 * RunPool: runs many simulations (one per task) on worker threads, one thread per core by default.
 * Results come back in task order whatever order the threads finish in, so a parallel sweep is
 * identical to a serial one. `stop()` (Ctrl-C) terminates the threads and keeps every finished run.
 *
 * Worker threads do not inherit tsx's loader, so each thread registers tsx before loading the
 * TypeScript worker body. `runOnPool` is an Effect that requires the model services (`Models`), so
 * a run's models always come from its caller: in-process pools (`workers: 0`) run every task with
 * them; threads run RunPod's models (functions cannot cross to a thread), so a pool of threads
 * fails with `ModelsInWorkerThreads` when any service the caller provided is not RunPod's. A custom
 * model is never silently replaced by the default.
 */
import { Effect, Schema } from "effect"
import { Worker } from "node:worker_threads"
import { runpodModelValues, type Models } from "../models/Models.ts"
import type { Scenario } from "../models/Scenario.ts"
import type { JobRecords } from "../models/records/JobRecords.ts"
import { JobLog } from "./JobLog.ts"
import { metricsOf, type RunMetrics } from "./Replications.ts"
import { runScenario } from "./simulate.ts"

export interface RunTask {
  readonly scenario: Scenario
  readonly seed: number
  /** Also return the run's job records (calibrate compares them with the user's). */
  readonly logJobs?: boolean
}

/** What one task returns. */
export interface TaskResult {
  readonly metrics: RunMetrics
  readonly jobs?: JobRecords | undefined
}

export interface PoolProgress {
  readonly done: number
  readonly total: number
  /** The metrics of a finished task (index into the task list). */
  readonly finished: number
}

export interface PoolOutcome {
  /** Metrics per task, in task order; undefined for tasks not run (stopped). */
  readonly metrics: ReadonlyArray<RunMetrics | undefined>
  /** Job records per task that asked for them (`logJobs`). */
  readonly jobs: ReadonlyArray<JobRecords | undefined>
  readonly complete: boolean
}

const bootstrap = `
const { workerData } = require("node:worker_threads")
if (workerData.tsx === undefined) import(workerData.entry)
else import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.entry) })
`

/** The thread's entry: the prebuilt dist/RunWorker.mjs when this module runs from dist/, else the source through tsx. */
const workerEntry = import.meta.url.endsWith(".ts")
  ? { tsx: import.meta.resolve("tsx/esm/api"), entry: new URL("./RunWorker.ts", import.meta.url).href }
  : { entry: new URL("./RunWorker.mjs", import.meta.url).href }

/** The caller provided model services, and they cannot reach runs on worker threads. */
export class ModelsInWorkerThreads extends Schema.TaggedError<ModelsInWorkerThreads>()("ModelsInWorkerThreads", {
  services: Schema.Array(Schema.String),
  message: Schema.String
}) {}

/** Runs one task in-process, with the caller's model services. */
export type InProcessRunner = (task: RunTask) => Promise<TaskResult>

/** Runs one task with the model services in context. */
export const runTask = (task: RunTask): Effect.Effect<TaskResult, never, Models> =>
  Effect.gen(function* () {
    const log = task.logJobs === true ? new JobLog() : undefined
    const result = yield* runScenario({ ...task.scenario, seed: task.seed }, { jobLog: log })
    return { metrics: metricsOf(result), jobs: log?.toRecords() }
  })

/**
 * Runs tasks on `pool` with the model services in context: in process with the caller's own; on
 * threads only when they are RunPod's (else `ModelsInWorkerThreads`).
 */
export const runOnPool = (
  pool: RunPool,
  tasks: ReadonlyArray<RunTask>,
  onProgress?: (p: PoolProgress, metrics: RunMetrics) => void
): Effect.Effect<PoolOutcome, ModelsInWorkerThreads, Models> =>
  Effect.gen(function* () {
    const context = yield* Effect.context<Models>()
    const custom = runpodModelValues.filter(([key, value]) => context.mapUnsafe.get(key) !== value).map(([key]) => key)
    if (pool.workers > 0 && custom.length > 0) {
      return yield* new ModelsInWorkerThreads({
        services: custom,
        message: `custom model services (${custom.join(", ")}) cannot cross to worker threads; run with workers 0 to use them`
      })
    }
    const run = Effect.runPromiseWith(context)
    return yield* Effect.promise(() => pool.run(tasks, (task) => run(runTask(task)), onProgress))
  })

/**
 * A run pool. By default each `run` starts its threads and ends them when it is done; with
 * `keepThreads` (calibrate runs many small batches) the threads stay for the next `run` until
 * `close()`, since starting a thread (loading tsx and the simulator) costs far more than a run.
 */
export class RunPool {
  /** Worker threads; 0 runs every task in-process. */
  readonly workers: number
  private readonly keepThreads: boolean
  private stopped = false
  private readonly threads: Array<Worker> = []
  /** What the threads' answers go to: the current run's handlers. */
  private onAnswer: (worker: Worker, msg: { readonly id: number; readonly result: TaskResult }) => void = () => {}
  private onError: (e: unknown) => void = () => {}
  private finish: (() => void) | undefined

  constructor(workers: number, options: { readonly keepThreads?: boolean } = {}) {
    this.workers = workers
    this.keepThreads = options.keepThreads === true
  }

  /** Stops dispatching, terminates the threads; `run` resolves with what finished. */
  stop(): void {
    this.stopped = true
    this.close()
    this.finish?.()
  }

  /** Ends the threads (a pool that keeps its threads must be closed). */
  close(): void {
    for (const t of this.threads.splice(0)) void t.terminate()
  }

  private thread(i: number): Worker {
    if (i < this.threads.length) return this.threads[i]!
    const worker = new Worker(bootstrap, { eval: true, workerData: workerEntry })
    worker.on("message", (msg: { readonly id: number; readonly result: TaskResult }) => this.onAnswer(worker, msg))
    worker.on("error", (e) => this.onError(e))
    this.threads.push(worker)
    return worker
  }

  /** Runs the tasks: in process through `inProcess` (which carries the caller's models), or on threads with RunPod's. */
  run(tasks: ReadonlyArray<RunTask>, inProcess: InProcessRunner, onProgress?: (p: PoolProgress, metrics: RunMetrics) => void): Promise<PoolOutcome> {
    const metrics: Array<RunMetrics | undefined> = new Array(tasks.length).fill(undefined)
    const jobs: Array<JobRecords | undefined> = new Array(tasks.length).fill(undefined)
    let done = 0
    const record = (id: number, r: TaskResult) => {
      metrics[id] = r.metrics
      jobs[id] = r.jobs
      done++
      onProgress?.({ done, total: tasks.length, finished: id }, r.metrics)
    }
    if (this.workers === 0) {
      // In-process; yields between runs so Ctrl-C is seen.
      return (async () => {
        for (let id = 0; id < tasks.length && !this.stopped; id++) {
          record(id, await inProcess(tasks[id]!))
          await new Promise((resolve) => setImmediate(resolve))
        }
        return { metrics, jobs, complete: done === tasks.length }
      })()
    }
    return new Promise<PoolOutcome>((resolve, reject) => {
      let next = 0
      let settled = false
      const settle = () => {
        if (settled) return
        settled = true
        if (!this.keepThreads) this.close()
        resolve({ metrics, jobs, complete: done === tasks.length })
      }
      this.finish = settle
      if (tasks.length === 0 || this.stopped) return settle()
      const feed = (worker: Worker) => {
        if (this.stopped || next >= tasks.length) return
        const id = next++
        worker.postMessage({ id, task: tasks[id]! })
      }
      this.onAnswer = (worker, msg) => {
        record(msg.id, msg.result)
        if (done === tasks.length) settle()
        else feed(worker)
      }
      this.onError = (e) => {
        if (settled) return
        settled = true
        this.close()
        reject(e)
      }
      const count = Math.min(this.workers, tasks.length)
      for (let i = 0; i < count; i++) feed(this.thread(i))
    })
  }
}
