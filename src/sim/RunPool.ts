/**
 * RunPool: runs many simulations (one per task) on worker threads, one thread per core by default.
 * Results come back in task order whatever order the threads finish in, so a parallel sweep is
 * identical to a serial one. `stop()` (Ctrl-C) terminates the threads and keeps every finished run.
 *
 * Worker threads do not inherit tsx's loader, so each thread registers tsx before loading the
 * TypeScript worker body. Model services (a caller's own scaler, dispatch rule, cold-start model,
 * placement or price catalog) are functions and cannot cross to a thread: `runOnPool` runs tasks
 * in-process with the caller's services when it has no threads (`workers: 0`), and fails with
 * `ModelsInWorkerThreads` when the caller provided any and asked for threads, so a custom model is
 * never silently replaced by the default.
 */
import { Context, Effect, Schema } from "effect"
import { Worker } from "node:worker_threads"
import { PriceCatalogs } from "../models/Billing.ts"
import { ColdStarts } from "../models/ColdStart.ts"
import { Dispatchers } from "../models/Dispatch.ts"
import { Placements } from "../models/GpuPools.ts"
import { Scalers } from "../models/scalers/Scalers.ts"
import type { Scenario } from "../models/Scenario.ts"
import { metricsOf, type RunMetrics } from "./Replications.ts"
import { runScenario } from "./simulate.ts"

export interface RunTask {
  readonly scenario: Scenario
  readonly seed: number
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
  readonly complete: boolean
}


const bootstrap = `
const { workerData } = require("node:worker_threads")
import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.entry) })
`

/** The caller provided model services, and they cannot reach runs on worker threads. */
export class ModelsInWorkerThreads extends Schema.TaggedError<ModelsInWorkerThreads>()("ModelsInWorkerThreads", {
  services: Schema.Array(Schema.String),
  message: Schema.String
}) {}

/** The model services a run reads; the ones a caller provides (not the defaults) stay in its thread. */
const modelServices = [Scalers, Dispatchers, ColdStarts, Placements, PriceCatalogs] as const

/** Runs one task in-process; the caller's services come with it. */
export type InProcessRunner = (task: RunTask) => Promise<RunMetrics>

const defaultRunner: InProcessRunner = async (task) => metricsOf(await Effect.runPromise(runScenario({ ...task.scenario, seed: task.seed })))

/**
 * Runs tasks on `pool` as an Effect: in-process pools see every model service the caller
 * provided; a pool of threads refuses them with `ModelsInWorkerThreads`.
 */
export const runOnPool = (pool: RunPool, tasks: ReadonlyArray<RunTask>, onProgress?: (p: PoolProgress, metrics: RunMetrics) => void): Effect.Effect<PoolOutcome, ModelsInWorkerThreads> =>
  Effect.gen(function* () {
    const context = yield* Effect.context<never>()
    const provided = modelServices.filter((service) => context.mapUnsafe.has(service.key)).map((service) => service.key)
    if (pool.workers > 0 && provided.length > 0) {
      return yield* new ModelsInWorkerThreads({
        services: provided,
        message: `custom model services (${provided.join(", ")}) cannot cross to worker threads; run with workers 0 to use them`
      })
    }
    const run = Effect.runPromiseWith(context as Context.Context<never>)
    return yield* Effect.promise(() => pool.run(tasks, onProgress, async (task) => metricsOf(await run(runScenario({ ...task.scenario, seed: task.seed })))))
  })

/** A run pool; `start` may be called once. */
export class RunPool {
  /** Worker threads; 0 runs every task in-process. */
  readonly workers: number
  private stopped = false
  private readonly threads: Array<Worker> = []
  private finish: (() => void) | undefined

  constructor(workers: number) {
    this.workers = workers
  }

  /** Stops dispatching, terminates the threads; `run` resolves with what finished. */
  stop(): void {
    this.stopped = true
    for (const t of this.threads) void t.terminate()
    this.finish?.()
  }

  /** Runs the tasks; in-process runs go through `inProcess` (default: the default models). */
  run(tasks: ReadonlyArray<RunTask>, onProgress?: (p: PoolProgress, metrics: RunMetrics) => void, inProcess: InProcessRunner = defaultRunner): Promise<PoolOutcome> {
    const metrics: Array<RunMetrics | undefined> = new Array(tasks.length).fill(undefined)
    let done = 0
    const record = (id: number, m: RunMetrics) => {
      metrics[id] = m
      done++
      onProgress?.({ done, total: tasks.length, finished: id }, m)
    }
    if (this.workers === 0) {
      // In-process; yields between runs so Ctrl-C is seen.
      return (async () => {
        for (let id = 0; id < tasks.length && !this.stopped; id++) {
          record(id, await inProcess(tasks[id]!))
          await new Promise((resolve) => setImmediate(resolve))
        }
        return { metrics, complete: done === tasks.length }
      })()
    }
    return new Promise<PoolOutcome>((resolve, reject) => {
      let next = 0
      let settled = false
      const settle = () => {
        if (settled) return
        settled = true
        for (const t of this.threads) void t.terminate()
        resolve({ metrics, complete: done === tasks.length })
      }
      this.finish = settle
      if (tasks.length === 0) return settle()
      const workerData = {
        tsx: import.meta.resolve("tsx/esm/api"),
        entry: new URL("./RunWorker.ts", import.meta.url).href
      }
      const feed = (worker: Worker) => {
        if (this.stopped || next >= tasks.length) return
        const id = next++
        worker.postMessage({ id, scenario: tasks[id]!.scenario, seed: tasks[id]!.seed })
      }
      const count = Math.min(this.workers, tasks.length)
      for (let i = 0; i < count; i++) {
        const worker = new Worker(bootstrap, { eval: true, workerData })
        this.threads.push(worker)
        worker.on("message", (msg: { readonly id: number; readonly metrics: RunMetrics }) => {
          record(msg.id, msg.metrics)
          if (done === tasks.length) settle()
          else feed(worker)
        })
        worker.on("error", (e) => {
          if (!settled) {
            settled = true
            for (const t of this.threads) void t.terminate()
            reject(e)
          }
        })
        feed(worker)
      }
    })
  }
}
