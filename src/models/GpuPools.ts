/**
 * GpuPools: where a new worker gets its GPUs (runpod-model.md section 5). A worker needs
 * `gpu.count` GPUs from one pool; the endpoint's pools are tried in their listed (priority) order
 * and the first with room wins. When none has room the worker is throttled: it exists, is not
 * billed, and starts as soon as capacity frees.
 */
import { Context } from "effect"

/**
 * Picks a pool for a worker needing `gpus` GPUs, given each listed pool's free GPUs in priority
 * order; returns the pool's index, or -1 when the worker must wait (throttled).
 */
export type PoolPlacement = (freeGpus: Float64Array, gpus: number) => number

export const firstFit: PoolPlacement = (free, gpus) => {
  for (let i = 0; i < free.length; i++) if (free[i]! >= gpus) return i
  return -1
}

/** The placement service (RunPod's: `firstFit`, in the RunPodModels layer). */
export class Placements extends Context.Service<Placements, PoolPlacement>()("scalecast/Placements") {}
