/**
 * A scarce pool: the endpoint asks for H100s (ADA_80_PRO, 1.4× faster here) first and A100s
 * (AMPERE_80) second, but only 2 H100 GPUs and 1 A100 GPU are free, and from the second hour on
 * only 1 H100 GPU (workers already running keep their GPUs; new starts see the lower capacity).
 * Workers beyond capacity are throttled: they exist, cost nothing, and start when capacity frees,
 * so requests wait. Compare with the same endpoint and unlimited capacity.
 */
import type { ScenarioInput } from "../src/index.ts"
import { comparison, isMain, runScenarios } from "./support.ts"

const base = {
  seed: 3,
  durationSeconds: 3 * 3600,
  endpoint: {
    name: "llama-70b",
    image: "runpod/worker-v1-vllm:stable",
    gpu: { pools: ["ADA_80_PRO", "AMPERE_80"] },
    workers: { min: 0, max: 5 },
    scaling: { type: "QUEUE_DELAY", value: 4, idleTimeout: 20 }
  },
  workload: { arrivals: { type: "poisson", ratePerSecond: 0.8 }, executionSeconds: { type: "lognormal", median: 4, p95: 9 } }
} as const

export const plentiful: ScenarioInput = { ...base, name: "unlimited capacity" }
export const scarce: ScenarioInput = {
  ...base,
  name: "scarce capacity",
  platform: {
    pools: {
      ADA_80_PRO: {
        capacityGpus: [
          { fromSeconds: 0, gpus: 2 },
          { fromSeconds: 3600, gpus: 1 }
        ],
        speed: 1.4
      },
      AMPERE_80: { capacityGpus: 1 }
    }
  }
}

if (isMain(import.meta.url)) {
  const [a, b] = await runScenarios([plentiful, scarce])
  console.log(comparison("unlimited → scarce capacity", a!, b!))
}
