/**
 * RunWorker: the body of a worker thread of the run pool. It receives (task id, decoded scenario,
 * seed), runs the simulation with RunPod's models (RunPool sends no task here when the caller
 * provided others) and answers with the run's metrics.
 */
import { Effect } from "effect"
import { parentPort } from "node:worker_threads"
import { RunPodModels } from "../models/Models.ts"
import type { Scenario } from "../models/Scenario.ts"
import { metricsOf } from "./Replications.ts"
import { runScenario } from "./simulate.ts"

parentPort!.on("message", (task: { readonly id: number; readonly scenario: Scenario; readonly seed: number }) => {
  const result = Effect.runSync(runScenario({ ...task.scenario, seed: task.seed }).pipe(Effect.provide(RunPodModels)))
  parentPort!.postMessage({ id: task.id, metrics: metricsOf(result) })
})
