/**
 * Scale to zero, or keep one active worker? A chat-style LLM endpoint on L40S (ADA_48_PRO) gets a
 * request every 20 s on average with a 30 s cold start. Both configs see identical traffic (same
 * seed, common random numbers); the comparison shows what one always-on worker buys and costs.
 */
import type { ScenarioInput } from "../src/index.ts"
import { comparison, isMain, runScenarios } from "./support.ts"

const base = {
  seed: 7,
  durationSeconds: 6 * 3600,
  workload: {
    arrivals: { type: "poisson", ratePerSecond: 0.05 },
    executionSeconds: { type: "lognormal", median: 4, p95: 12 }
  },
  platform: { coldStartSeconds: { type: "lognormal", median: 30, p95: 75 } }
} as const

const endpoint = (min: number) => ({
  name: `llm-min-${min}`,
  image: "runpod/worker-v1-vllm:stable",
  gpu: { pools: ["ADA_48_PRO"] },
  workers: { min, max: 3 },
  scaling: { type: "QUEUE_DELAY", value: 4, idleTimeout: 30 }
})

export const scaleToZero: ScenarioInput = { ...base, name: "scale to zero", endpoint: endpoint(0) }
export const oneActive: ScenarioInput = { ...base, name: "one active worker", endpoint: endpoint(1) }

if (isMain(import.meta.url)) {
  const [a, b] = await runScenarios([scaleToZero, oneActive])
  console.log(comparison("workers.min 0 → 1", a!, b!))
}
