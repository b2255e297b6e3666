/**
 * Replaying a recorded day: the two busiest functions of an app in an Azure Functions 2019 trace
 * (scenarios/data/azure2019-sample.csv, a small sample generated in the published column layout by
 * scripts/make-trace-fixtures.ts), each minute's invocations spread as a Poisson process, with
 * execution times drawn from the trace's per-function duration percentiles.
 */
import type { ScenarioInput } from "../src/index.ts"
import { fileURLToPath } from "node:url"
import { comparison, isMain, runScenarios, verdict } from "./support.ts"

/** The folder the trace paths below are relative to. */
export const scenariosFolder = fileURLToPath(new URL(".", import.meta.url))

const workload = {
  arrivals: { type: "trace", path: "data/azure2019-sample.csv", top: 2, spread: "poisson", durationsPath: "data/azure2019-sample-durations.csv" },
  executionSeconds: 2
} as const

export const traceDefault: ScenarioInput = {
  name: "recorded day, RunPod defaults",
  seed: 5,
  durationSeconds: 86_400,
  endpoint: { name: "img", image: "runpod/worker-sdxl:stable", gpu: { pools: ["ADA_24"] } },
  workload
}

export const traceTuned: ScenarioInput = {
  ...traceDefault,
  name: "recorded day, tuned",
  endpoint: {
    name: "img",
    image: "runpod/worker-sdxl:stable",
    gpu: { pools: ["ADA_24"] },
    workers: { min: 0, max: 6 },
    scaling: { type: "QUEUE_DELAY", value: 2, idleTimeout: 60 },
    flashboot: "FLASHBOOT"
  }
}

if (isMain(import.meta.url)) {
  const [a, b] = await runScenarios([traceDefault, traceTuned], scenariosFolder)
  console.log(verdict(a!, 15))
  console.log(verdict(b!, 15))
  console.log(comparison("defaults → tuned", a!, b!))
}
