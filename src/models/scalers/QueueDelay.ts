/**
 * QueueDelay: RunPod's QUEUE_DELAY scaler (runpod-model.md section 4). With no worker at all and a
 * request queued, it adds one worker at once ("the first request adds one worker"). Otherwise it
 * adds one worker per queued request that has waited at least `value` seconds, less the workers
 * already on their way (initializing or throttled). It never stops workers: idle timeouts do.
 */
import type { Scaler } from "./Scaler.ts"

export const queueDelayScaler = (valueSeconds: number): Scaler => ({
  name: `QUEUE_DELAY ${valueSeconds} s`,
  decide: (o) => {
    if (o.workers === 0) return o.queued > 0 ? 1 : 0
    const late = o.queuedWaitingAtLeast(valueSeconds)
    return Math.max(0, late - (o.initializing + o.throttled))
  }
})
