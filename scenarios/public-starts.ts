/**
 * Start times as the public record reports them, as scenarios you can run, and calibration checked
 * on them: records simulated from the Whisper-like endpoint (with FlashBoot misses) are calibrated
 * back from the defaults, and the fitted values are printed beside the ones that made the records.
 *
 * Where the figures come from (runpod-model.md section 9):
 * - Whisper-like endpoint, FlashBoot on: RunPod's FlashBoot launch post measured one hour of its
 *   Whisper endpoint: fastest start 563 ms, 90 % under 2 s, 95 % under 2.3 s, slowest 42 s (a full
 *   start, models loaded into VRAM). blog.runpod.io/introducing-flashboot-1-second-serverless-cold-start
 *   The FlashBoot percentiles below are those figures; the full start (median 20 s, up to 42 s)
 *   and the 4 hosts that make resumes miss are assumptions that reproduce the 42 s tail.
 * - Small VLM: a 258M-parameter VLM on a vLLM worker: first-ever start about 80 s, FlashBoot start
 *   after scaling to zero about 1.4 s. knowledgestack/docling-vlm, docs/cold-start-analysis.md.
 *   The spreads (p95) are assumptions.
 * - FlashBoot misses: a resume restores a snapshot kept on the host where the worker ran; a worker
 *   placed on another host pays the full start (sergeyshmakov.github.io/mineru-runpod, 2026-05-26).
 */
import { Effect } from "effect"
import { calibrate, JobLog, loadScenario, RunPodModels, RunPool, runOnPool, runScenario, type ScenarioInput } from "../src/index.ts"
import { isMain, runScenarios } from "./support.ts"

const traffic = {
  arrivals: { type: "bursts", baseRatePerSecond: 0.002, random: { ratePerSecond: 0.5, meanBurstSeconds: 300, meanGapSeconds: 900 } },
  executionSeconds: { type: "lognormal", median: 2, p95: 6 }
} as const

export const whisperLike: ScenarioInput = {
  name: "Whisper-like endpoint, FlashBoot with misses",
  seed: 24,
  durationSeconds: 12 * 3600,
  endpoint: {
    name: "whisper",
    image: "runpod/worker-faster_whisper:stable",
    gpu: { pools: ["AMPERE_24"] },
    workers: { min: 0, max: 10 },
    scaling: { type: "QUEUE_DELAY", value: 4, idleTimeout: 5 },
    flashboot: "FLASHBOOT"
  },
  workload: traffic,
  platform: {
    coldStartSeconds: {
      type: "percentiles",
      points: [
        { percent: 0, seconds: 10 },
        { percent: 50, seconds: 20 },
        { percent: 95, seconds: 36 },
        { percent: 100, seconds: 42 }
      ]
    },
    flashboot: {
      startSeconds: {
        type: "percentiles",
        points: [
          { percent: 0, seconds: 0.563 },
          { percent: 50, seconds: 1.1 },
          { percent: 90, seconds: 2 },
          { percent: 95, seconds: 2.3 },
          { percent: 100, seconds: 4 }
        ]
      },
      hosts: 4
    }
  }
}

export const smallVlm: ScenarioInput = {
  name: "Small VLM on vLLM, 80 s cold start",
  seed: 27,
  durationSeconds: 12 * 3600,
  endpoint: {
    name: "docling-vlm",
    image: "runpod/worker-v1-vllm:stable",
    gpu: { pools: ["ADA_24"] },
    workers: { min: 0, max: 5 },
    scaling: { type: "QUEUE_DELAY", value: 4, idleTimeout: 5 },
    flashboot: "FLASHBOOT"
  },
  workload: traffic,
  platform: {
    coldStartSeconds: { type: "lognormal", median: 80, p95: 100 },
    flashboot: { startSeconds: { type: "lognormal", median: 1.4, p95: 2 } }
  }
}

/** Simulates the Whisper-like endpoint's records, then calibrates the default model back to them. */
export const calibrateWhisperRecords = Effect.gen(function* () {
  const truth = yield* loadScenario(whisperLike)
  const log = new JobLog()
  yield* runScenario(truth.scenario, { jobLog: log })
  const records = log.toRecords(Date.UTC(2026, 0, 1))
  const given = yield* loadScenario({ ...whisperLike, platform: {} })
  const pool = new RunPool(0)
  return { records, calibration: yield* calibrate(given.scenario, records, (tasks) => runOnPool(pool, tasks)) }
}).pipe(Effect.provide(RunPodModels))

if (isMain(import.meta.url)) {
  await runScenarios([whisperLike, smallVlm])
  const { records, calibration: c } = await Effect.runPromise(calibrateWhisperRecords)
  const show = (e: { readonly value: number; readonly interval: readonly [number, number] }) => `${e.value} s (${e.interval[0]}–${e.interval[1]})`
  console.log(`Calibrated the defaults on ${records.count} simulated Whisper-like records (${records.workerIds.length} workers):`)
  console.log(`  cold start median ${show(c.coldStartSeconds.median)}, p95 ${show(c.coldStartSeconds.p95)}   (made with: median 20 s, p95 36 s)`)
  if (c.flashboot !== null) {
    console.log(`  FlashBoot median ${show(c.flashboot.startSeconds.median)}, p95 ${show(c.flashboot.startSeconds.p95)}   (made with: 1.1 s, 2.3 s)`)
    console.log(`  FlashBoot hosts ${c.flashboot.hosts}   (made with: 4)`)
  }
  console.log(`  backtest delayTime p99 error: calibrated ${c.fit.calibrated.delayTimeP99}, defaults ${c.fit.given.delayTimeP99}`)
}
