/**
 * Quickstart: an image-generation endpoint on RTX 4090s (ADA_24), RunPod's default QUEUE_DELAY 4 s
 * scaler, up to 5 workers, 2 requests/s for one simulated hour.
 */
import type { ScenarioInput } from "../src/index.ts"
import { isMain, runScenarios } from "./support.ts"

export const quickstart: ScenarioInput = {
  name: "quickstart",
  seed: 42,
  durationSeconds: 3600,
  endpoint: {
    name: "sdxl-turbo",
    image: "runpod/worker-sdxl:stable",
    gpu: { pools: ["ADA_24"] },
    workers: { min: 0, max: 5 },
    scaling: { type: "QUEUE_DELAY", value: 4, idleTimeout: 5 }
  },
  workload: {
    arrivals: { type: "poisson", ratePerSecond: 2 },
    executionSeconds: { type: "lognormal", median: 1.2, p95: 3 }
  }
}

if (isMain(import.meta.url)) await runScenarios([quickstart])
