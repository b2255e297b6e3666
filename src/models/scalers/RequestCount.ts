/**
 * RequestCount: RunPod's REQUEST_COUNT scaler (runpod-model.md section 4). The target is
 * `ceil((queued + inProgress) / value)` workers, clamped to `[workers.min, workers.max]`; it adds
 * `target − existing` workers (initializing and throttled count as existing). Scale-down is not
 * documented: by default idle timeouts stop workers; with `requestCountScaleDown: "aboveDesired"`
 * it also stops ready (warm, jobless) workers above the target at each evaluation.
 */
import type { Scaler } from "./Scaler.ts"

/** The worker count REQUEST_COUNT aims for. Monotone in the load, anti-monotone in `value`. */
export const requestCountTarget = (queued: number, inProgress: number, value: number, min: number, max: number): number =>
  Math.min(max, Math.max(min, Math.ceil((queued + inProgress) / value)))

export const requestCountScaler = (value: number, min: number, max: number, scaleDown: "idleTimeout" | "aboveDesired"): Scaler => ({
  name: `REQUEST_COUNT ${value}`,
  decide: (o) => {
    const delta = requestCountTarget(o.queued, o.inProgress, value, min, max) - o.workers
    return delta > 0 || scaleDown === "aboveDesired" ? delta : 0
  }
})
