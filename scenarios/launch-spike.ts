/**
 * A launch spike: 0.3 requests/s of background traffic, then a 20-minute launch burst of +4
 * requests/s an hour in. Scale-to-zero with RunPod's default 3 workers drowns in the spike (the
 * queue grows for the whole burst); a config with headroom and REQUEST_COUNT scaling absorbs it.
 */
import type { ScenarioInput } from "../src/index.ts"
import { comparison, isMain, runScenarios, verdict } from "./support.ts"

const base = {
  seed: 8,
  durationSeconds: 3 * 3600,
  workload: {
    arrivals: { type: "bursts", baseRatePerSecond: 0.3, bursts: [{ atSeconds: 3600, durationSeconds: 1200, ratePerSecond: 4 }] },
    executionSeconds: { type: "lognormal", median: 1.5, p95: 4 }
  },
  platform: { coldStartSeconds: { type: "lognormal", median: 15, p95: 40 } }
} as const

export const launchDefault: ScenarioInput = {
  ...base,
  name: "launch spike, RunPod defaults",
  endpoint: { name: "chat", image: "runpod/worker-v1-vllm:stable", gpu: { pools: ["ADA_48_PRO"] } }
}

export const launchTuned: ScenarioInput = {
  ...base,
  name: "launch spike, tuned",
  endpoint: {
    name: "chat",
    image: "runpod/worker-v1-vllm:stable",
    gpu: { pools: ["ADA_48_PRO", "AMPERE_48"] },
    workers: { min: 1, max: 12 },
    scaling: { type: "REQUEST_COUNT", value: 2, idleTimeout: 60 },
    flashboot: "FLASHBOOT"
  }
}

if (isMain(import.meta.url)) {
  const [a, b] = await runScenarios([launchDefault, launchTuned])
  console.log(verdict(a!, 20))
  console.log(verdict(b!, 20))
  console.log(comparison("defaults → tuned", a!, b!))
}
