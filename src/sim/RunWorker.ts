/**
 * RunWorker: the body of a worker thread of the run pool. It receives (task id, task: decoded
 * scenario, seed, whether to log jobs), runs the simulation with RunPod's models (RunPool sends no
 * task here when the caller provided others) and answers with the run's metrics and job records.
 */
import { Effect } from "effect"
import { parentPort } from "node:worker_threads"
import { RunPodModels } from "../models/Models.ts"
import { runTask, type RunTask } from "./RunPool.ts"

parentPort!.on("message", (msg: { readonly id: number; readonly task: RunTask }) => {
  parentPort!.postMessage({ id: msg.id, result: Effect.runSync(runTask(msg.task).pipe(Effect.provide(RunPodModels))) })
})
