/**
 * RunPool: runs many simulations (one per task) on worker threads, one thread per core by default.
 * Results come back in task order whatever order the threads finish in, so a parallel sweep is
 * identical to a serial one. `stop()` (Ctrl-C) terminates the threads and keeps every finished run.
 *
 * Worker threads do not inherit tsx's loader, so each thread registers tsx before loading the
 * TypeScript worker body. Models provided as Effect layers stay in the calling thread: a pool runs
 * the default models; `workers: 0` runs every task in-process, with the caller's services.
 */
import { Effect } from "effect"
import { availableParallelism } from "node:os"
import { Worker } from "node:worker_threads"
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

/** The number of worker threads to use by default: one per core. */
export const defaultWorkers = (): number => Math.max(1, availableParallelism())

const bootstrap = `
const { workerData } = require("node:worker_threads")
import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.entry) })
`

/** A run pool; `start` may be called once. */
export class RunPool {
  private readonly workerCount: number
  private stopped = false
  private readonly threads: Array<Worker> = []
  private finish: (() => void) | undefined

  constructor(workers: number) {
    this.workerCount = workers
  }

  /** Stops dispatching, terminates the threads; `run` resolves with what finished. */
  stop(): void {
    this.stopped = true
    for (const t of this.threads) void t.terminate()
    this.finish?.()
  }

  run(tasks: ReadonlyArray<RunTask>, onProgress?: (p: PoolProgress, metrics: RunMetrics) => void): Promise<PoolOutcome> {
    const metrics: Array<RunMetrics | undefined> = new Array(tasks.length).fill(undefined)
    let done = 0
    const record = (id: number, m: RunMetrics) => {
      metrics[id] = m
      done++
      onProgress?.({ done, total: tasks.length, finished: id }, m)
    }
    if (this.workerCount === 0) {
      // In-process: keeps the caller's model services; yields between runs so Ctrl-C is seen.
      return (async () => {
        for (let id = 0; id < tasks.length && !this.stopped; id++) {
          const r = await Effect.runPromise(runScenario({ ...tasks[id]!.scenario, seed: tasks[id]!.seed }))
          record(id, metricsOf(r))
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
      const count = Math.min(this.workerCount, tasks.length)
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
