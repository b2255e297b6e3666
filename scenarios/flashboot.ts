/**
 * FlashBoot on or off? Steady traffic with a short idle timeout makes workers churn: each new
 * worker either cold-starts (median 20 s) or resumes a state FlashBoot retained on the pool (median
 * 1 s). Identical traffic for both configs.
 */
import type { ScenarioInput } from "../src/index.ts"
import { comparison, isMain, runScenarios } from "./support.ts"

const endpoint = (flashboot: "OFF" | "FLASHBOOT") => ({
  name: `whisper-${flashboot.toLowerCase()}`,
  image: "runpod/worker-faster_whisper:stable",
  gpu: { pools: ["AMPERE_24", "AMPERE_16"] },
  workers: { min: 0, max: 4 },
  scaling: { type: "QUEUE_DELAY", value: 2, idleTimeout: 5 },
  flashboot
})

const base = {
  seed: 11,
  durationSeconds: 2 * 3600,
  workload: { arrivals: { type: "poisson", ratePerSecond: 0.4 }, executionSeconds: { type: "lognormal", median: 3, p95: 8 } }
} as const

export const flashbootOff: ScenarioInput = { ...base, name: "FlashBoot off", endpoint: endpoint("OFF") }
export const flashbootOn: ScenarioInput = { ...base, name: "FlashBoot on", endpoint: endpoint("FLASHBOOT") }

if (isMain(import.meta.url)) {
  const [a, b] = await runScenarios([flashbootOff, flashbootOn])
  console.log(comparison("FlashBoot OFF → FLASHBOOT", a!, b!))
}
