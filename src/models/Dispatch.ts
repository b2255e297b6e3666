/**
 * Dispatch: which available worker takes the next job (runpod-model.md section 3, option
 * `dispatch`). RunPod workers poll the queue, so the default is `random`; `newest` (most recently
 * started first) is what SimFaaS assumes for AWS Lambda; `mostRecentlyIdle` and `longestIdle` order
 * by when a worker last became free. The choice decides how many workers survive their idle timeout.
 * Ties go to the lowest index, so every rule is deterministic given its random stream.
 */
import { Context } from "effect"
import type { DispatchRule } from "./Platform.ts"

/** The available workers, as the engine exposes them without copying. */
export interface AvailableWorkers {
  /** Simulated time, seconds. */
  readonly now: number
  readonly count: number
  /** When the i-th available worker was started (placed on a GPU), seconds. */
  startedAt(i: number): number
  /** When the i-th available worker last became free, seconds. */
  availableSince(i: number): number
}

/** Picks the index (0 … count−1) of the worker that takes the job. */
export type Dispatcher = (workers: AvailableWorkers, uniform: () => number) => number

export const dispatchers: Readonly<Record<DispatchRule, Dispatcher>> = {
  random: (w, u) => Math.floor(u() * w.count),
  // NOTE (performance): each rule reads a worker's time once per scan (the best so far is kept).
  newest: (w) => {
    let best = 0
    let bestSeconds = w.startedAt(0)
    for (let i = 1; i < w.count; i++) {
      const seconds = w.startedAt(i)
      if (seconds > bestSeconds) {
        best = i
        bestSeconds = seconds
      }
    }
    return best
  },
  mostRecentlyIdle: (w) => {
    let best = 0
    let bestSeconds = w.availableSince(0)
    for (let i = 1; i < w.count; i++) {
      const seconds = w.availableSince(i)
      if (seconds > bestSeconds) {
        best = i
        bestSeconds = seconds
      }
    }
    return best
  },
  longestIdle: (w) => {
    let best = 0
    let bestSeconds = w.availableSince(0)
    for (let i = 1; i < w.count; i++) {
      const seconds = w.availableSince(i)
      if (seconds < bestSeconds) {
        best = i
        bestSeconds = seconds
      }
    }
    return best
  }
}

/** A dispatch rule's dispatcher. */
export type DispatcherFactory = (rule: DispatchRule) => Dispatcher

/** RunPod's dispatch rules, by name. */
export const runpodDispatchers: DispatcherFactory = (rule) => dispatchers[rule]

/** The dispatch service (RunPod's: `runpodDispatchers`, in the RunPodModels layer); provide your own to change a rule's behaviour. */
export class Dispatchers extends Context.Service<Dispatchers, DispatcherFactory>()("scalecast/Dispatchers") {}
