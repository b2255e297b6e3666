/**
 * ColdStart: how long a worker takes from placement on a GPU to idle (runpod-model.md section 6).
 * A fresh start draws from `platform.coldStartSeconds`; a start that resumes a state FlashBoot
 * retained on the host it lands on draws from `platform.flashboot.startSeconds`. Retention is 600 s for
 * FLASHBOOT and 3600 s for PRIORITY_FLASHBOOT by default; with FlashBoot OFF nothing is retained.
 */
import { Context } from "effect"
import { sampler } from "./Distribution.ts"
import type { EndpointConfig } from "./EndpointConfig.ts"
import type { Platform } from "./Platform.ts"

export interface ColdStartModel {
  /** Seconds a stopped worker's state stays resumable on its pool; 0 = FlashBoot off. */
  readonly retentionSeconds: number
  /** Hosts per pool a retained state may be on; a start resumes only a state on its own host (default 1). */
  readonly hosts?: number
  /** Start duration in seconds: `resumed` when a retained state is used. */
  startSeconds(resumed: boolean, poolIndex: number, coldUniform: () => number, flashUniform: () => number): number
}

export type ColdStartFactory = (endpoint: EndpointConfig, platform: Platform) => ColdStartModel

export const runpodColdStart: ColdStartFactory = (endpoint, platform) => {
  const cold = sampler(platform.coldStartSeconds)
  const flash = sampler(platform.flashboot.startSeconds)
  return {
    retentionSeconds:
      endpoint.flashboot === "OFF" ? 0 : endpoint.flashboot === "FLASHBOOT" ? platform.flashboot.retentionSeconds : platform.flashboot.priorityRetentionSeconds,
    hosts: platform.flashboot.hosts,
    startSeconds: (resumed, _pool, coldU, flashU) => (resumed ? flash(flashU) : cold(coldU))
  }
}

/** The cold-start service (RunPod's: `runpodColdStart`, in the RunPodModels layer). */
export class ColdStarts extends Context.Service<ColdStarts, ColdStartFactory>()("scalecast/ColdStarts") {}
