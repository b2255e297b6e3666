/**
 * A day with a lunch peak: an image endpoint averaging 1 request/s, with a daily cycle peaking at
 * 13:00 at 1.8 requests/s and nearly idle at night. RunPod's default limits (3 workers,
 * QUEUE_DELAY 4 s, idle 5 s) hold at night and fail at lunch; a tuned config holds all day.
 */
import type { ScenarioInput } from "../src/index.ts"
import { comparison, isMain, runScenarios, verdict } from "./support.ts"

const base = {
  seed: 21,
  durationSeconds: 86_400,
  workload: {
    arrivals: { type: "diurnal", meanRatePerSecond: 1, amplitude: 0.8, phaseSeconds: 13 * 3600 },
    executionSeconds: { type: "lognormal", median: 2, p95: 5 }
  }
} as const

export const lunchDefault: ScenarioInput = {
  ...base,
  name: "lunch peak, RunPod defaults",
  endpoint: { name: "img", image: "runpod/worker-sdxl:stable", gpu: { pools: ["ADA_24"] } }
}

export const lunchTuned: ScenarioInput = {
  ...base,
  name: "lunch peak, tuned",
  endpoint: {
    name: "img",
    image: "runpod/worker-sdxl:stable",
    gpu: { pools: ["ADA_24", "AMPERE_24"] },
    workers: { min: 0, max: 8 },
    scaling: { type: "QUEUE_DELAY", value: 2, idleTimeout: 30 },
    flashboot: "FLASHBOOT"
  }
}

if (isMain(import.meta.url)) {
  const [a, b] = await runScenarios([lunchDefault, lunchTuned])
  console.log(verdict(a!, 15))
  console.log(verdict(b!, 15))
  console.log(comparison("defaults → tuned", a!, b!))
}
