/**
 * Calibrate: parameter recovery. Records are simulated from known parameters far from the defaults
 * (cold start median 60 s / p95 120 s, FlashBoot median 1.5 s / p95 3 s, states on 4 hosts per pool
 * so resumes miss), then the default model is calibrated back to them.
 *
 * Tolerances, from the sample: about 1,000 worker starts, a few hundred of them cold. A median of n
 * lognormal draws with σ ≈ 0.42 (p95/median = 2) has a standard error of 1.25·σ/√n ≈ 3 % at n = 300;
 * start times are not recorded, only bounded by first delays, and the search stops at a 2 % step,
 * so medians are asked within 25 %, the host count within a factor of 2, and the spreads (p95),
 * which the few slowest starts decide, only to lie on the right side of the defaults.
 */
import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { RunPodModels } from "../../src/models/Models.ts"
import type { JobRecords } from "../../src/models/records/JobRecords.ts"
import { calibrate, calibrationDefaults, fitMixture, sliceJobs, type Calibration } from "../../src/sim/Calibrate.ts"
import { JobLog } from "../../src/sim/JobLog.ts"
import { RunPool, runOnPool } from "../../src/sim/RunPool.ts"
import { loadScenario, runScenario } from "../../src/sim/simulate.ts"

const truth = {
  name: "truth",
  seed: 7,
  durationSeconds: 16 * 3600,
  endpoint: {
    name: "e",
    gpuTypeIds: ["NVIDIA GeForce RTX 4090"],
    workersMin: 0,
    workersMax: 20,
    scalerType: "QUEUE_DELAY",
    scalerValue: 4,
    idleTimeout: 5,
    flashboot: true
  },
  workload: {
    arrivals: { type: "bursts", baseRatePerSecond: 0.002, random: { ratePerSecond: 1, meanBurstSeconds: 300, meanGapSeconds: 700 } },
    executionSeconds: { type: "lognormal", median: 3, p95: 9 }
  },
  platform: { coldStartSeconds: { type: "lognormal", median: 60, p95: 120 }, flashboot: { startSeconds: { type: "lognormal", median: 1.5, p95: 3 }, hosts: 4 } }
}

const run = <A>(e: Effect.Effect<A, unknown, never>) => Effect.runPromise(e)

describe("calibrate: parameter recovery", () => {
  let records: JobRecords
  let c: Calibration
  beforeAll(async () => {
    await run(
      Effect.gen(function* () {
        const t = yield* loadScenario(truth)
        const log = new JobLog()
        yield* runScenario(t.scenario, { jobLog: log })
        records = log.toRecords(0)
        const given = yield* loadScenario({ ...truth, platform: {} })
        const pool = new RunPool(0)
        c = yield* calibrate(given.scenario, records, (tasks) => runOnPool(pool, tasks), { ...calibrationDefaults, holdout: 0.25 })
      }).pipe(Effect.provide(RunPodModels))
    )
  }, 600_000)

  it("recovers the start medians and the host count", () => {
    expect(c.coldStartSeconds.median.value).toBeGreaterThan(60 * 0.75)
    expect(c.coldStartSeconds.median.value).toBeLessThan(60 * 1.25)
    expect(c.flashboot!.startSeconds.median.value).toBeGreaterThan(1.5 * 0.75)
    expect(c.flashboot!.startSeconds.median.value).toBeLessThan(1.5 * 1.25)
    expect(c.flashboot!.hosts).toBeGreaterThanOrEqual(2)
    expect(c.flashboot!.hosts).toBeLessThanOrEqual(8)
    // The cold spread is wider than the default's (p95/median 3 → here 2, but the median is 3× the default).
    expect(c.coldStartSeconds.p95.value).toBeGreaterThan(60)
  })

  it("reads executions off the records, with intervals that hold the truth", () => {
    expect(c.executionSeconds.median.interval[0]).toBeLessThanOrEqual(3)
    expect(c.executionSeconds.median.interval[1]).toBeGreaterThanOrEqual(3)
    expect(c.executionSeconds.p95.interval[0]).toBeLessThanOrEqual(9)
    expect(c.executionSeconds.p95.interval[1]).toBeGreaterThanOrEqual(9)
  })

  it("fits the records better than the defaults, and the held-out share too", () => {
    expect(c.search.objectiveAfter).toBeLessThan(c.search.objectiveBefore)
    expect(Math.abs(c.fit.calibrated.delayTimeP99!)).toBeLessThan(Math.abs(c.fit.given.delayTimeP99!))
    expect(Math.abs(c.fit.calibrated.delayTimeP99!)).toBeLessThan(0.15)
    expect(Math.abs(c.fit.calibrated.workerStarts!)).toBeLessThan(0.1)
    const h = c.holdout!
    expect(h.records).toBeGreaterThan(0.2 * records.count)
    expect(Math.abs(h.calibrated.delayTimeP99!)).toBeLessThan(Math.abs(h.given.delayTimeP99!))
    expect(Math.abs(h.calibrated.workerStarts!)).toBeLessThan(0.1)
  })
})

describe("calibrate: pieces", () => {
  it("fitMixture splits two well-separated log-normal modes with their weights", () => {
    const xs = Float64Array.from({ length: 400 }, (_, i) => (i < 100 ? Math.log(1) : Math.log(30)) + ((i % 10) - 4.5) * 0.02)
    const m = fitMixture(xs, true)
    expect(m.fastShare).toBeCloseTo(0.25, 2)
    expect(Math.exp(m.fast.mu)).toBeCloseTo(1, 1)
    expect(Math.exp(m.slow.mu)).toBeCloseTo(30, 0)
  })

  it("sliceJobs keeps the jobs in the window, times from its start, workers renumbered", () => {
    const jobs: JobRecords = {
      path: "x",
      format: "jsonl",
      originMs: 1000,
      count: 4,
      submittedSeconds: Float64Array.of(0, 5, 10, 15),
      delaySeconds: Float64Array.of(1, 1, 1, 1),
      executionSeconds: Float64Array.of(2, 2, 2, 2),
      status: Uint8Array.of(0, 0, 0, 0),
      worker: Int32Array.of(0, 1, 2, 1),
      workerIds: ["a", "b", "c"],
      notes: []
    }
    const s = sliceJobs(jobs, 5, 15)
    expect(s.count).toBe(2)
    expect([...s.submittedSeconds]).toEqual([0, 5])
    expect(s.originMs).toBe(6000)
    expect([...s.worker]).toEqual([0, 1])
    expect(s.workerIds).toEqual(["b", "c"])
  })
})
