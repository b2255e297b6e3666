/**
 * Backtest: which recorded jobs are replayed, the scenario a replay runs, and a replay worked out by
 * hand: one warm active worker (workers.min = max = 1) and constant execution times, so every
 * predicted delay, error, KS distance and timeline value below follows from the model without chance.
 */
import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { RunPodModels } from "../../src/models/Models.ts"
import type { HealthPolls } from "../../src/models/records/HealthPolls.ts"
import { jobStatuses, type JobRecords, type JobStatus } from "../../src/models/records/JobRecords.ts"
import type { Scenario } from "../../src/models/Scenario.ts"
import { backtest, compareJobs, replayedJobs, replayScenario, type Backtest } from "../../src/sim/Backtest.ts"
import { quantilePercents } from "../../src/sim/SimResult.ts"
import { loadScenario } from "../../src/sim/simulate.ts"

const NaN_ = Number.NaN
const origin = Date.UTC(2026, 0, 1)

/** One record: submitted, delay, execution (seconds), status, worker index (-1: none). */
type Row = readonly [number, number, number, JobStatus, number]

/** Job records built by hand, as the reader would leave them. */
const records = (rows: ReadonlyArray<Row>, workers: number, notes: ReadonlyArray<string> = []): JobRecords => ({
  path: "(test)",
  format: "jsonl",
  originMs: origin,
  count: rows.length,
  submittedSeconds: Float64Array.from(rows, (r) => r[0]),
  delaySeconds: Float64Array.from(rows, (r) => r[1]),
  executionSeconds: Float64Array.from(rows, (r) => r[2]),
  status: Uint8Array.from(rows, (r) => jobStatuses.indexOf(r[3])),
  worker: Int32Array.from(rows, (r) => r[4]),
  workerIds: Array.from({ length: workers }, (_, i) => `w${i + 1}`),
  notes
})

/** A poll: seconds from the origin, workers running / ready / initializing / idle / throttled, jobs in queue. */
type Poll = readonly [number, number, number, number, number, number, number]

/** /health polls built by hand, as the reader would leave them. */
const polls = (rows: ReadonlyArray<Poll>, notes: ReadonlyArray<string> = []): HealthPolls => {
  const col = (k: number) => Float64Array.from(rows, (r) => r[k]!)
  const zeros = () => new Float64Array(rows.length)
  return {
    path: "(test)",
    count: rows.length,
    atMs: Float64Array.from(rows, (r) => origin + r[0] * 1000),
    jobs: { completed: zeros(), failed: zeros(), inProgress: zeros(), inQueue: col(6), retried: zeros() },
    workers: { running: col(1), ready: col(2), initializing: col(3), idle: col(4), throttled: col(5), unhealthy: zeros() },
    notes
  }
}

const run = <A, E>(e: Effect.Effect<A, E, never>): Promise<A> => Effect.runPromise(e)

/**
 * One active worker, warm from t = 0 (activeWorkersStartWarm), never more; the scenario's own
 * execution time is 7 s, so a replayed job only takes 7 s when it recorded no execution.
 */
const oneWarmWorker = {
  name: "one-warm",
  seed: 5,
  durationSeconds: 100,
  endpoint: { name: "e", image: "i", gpu: { pools: ["AMPERE_80"] }, workers: { min: 1, max: 1 } },
  workload: { arrivals: { type: "list", atSeconds: [0] }, executionSeconds: 7 },
  platform: { coldStartSeconds: 10 }
}

let scenario: Scenario
beforeAll(async () => {
  scenario = (await run(loadScenario(oneWarmWorker).pipe(Effect.provide(RunPodModels)))).scenario
})

const backtestOf = (jobs: JobRecords, health?: HealthPolls): Promise<Backtest> => run(backtest(scenario, jobs, health).pipe(Effect.provide(RunPodModels)))

describe("replayedJobs", () => {
  it("leaves out cancelled jobs that never ran, keeps cancelled jobs with an execution, in order", () => {
    const jobs = records(
      [
        [0, 1, 2, "COMPLETED", 0],
        [1, NaN_, NaN_, "CANCELLED", -1], // never ran: left out
        [2, 3, 4, "CANCELLED", 0], // cancelled while running: kept
        [3, NaN_, NaN_, "IN_QUEUE", -1], // no execution, but not cancelled: kept (NaN)
        [4, 0.5, NaN_, "CANCELLED", -1], // a delay but no execution: left out
        [5, 1, 6, "FAILED", 0]
      ],
      1
    )
    const r = replayedJobs(jobs)
    expect(r.left).toBe(2)
    expect(Array.from(r.submitted)).toEqual([0, 2, 3, 5])
    expect(Array.from(r.execution)).toEqual([2, 4, NaN_, 6])
  })

  it("keeps everything when nothing was cancelled, and nothing from an empty set", () => {
    const all = replayedJobs(
      records(
        [
          [0, 1, 2, "COMPLETED", -1],
          [0.5, 1, 3, "COMPLETED", -1]
        ],
        0
      )
    )
    expect(all.left).toBe(0)
    expect(Array.from(all.submitted)).toEqual([0, 0.5])
    expect(Array.from(all.execution)).toEqual([2, 3])
    const none = replayedJobs(records([], 0))
    expect(none.left).toBe(0)
    expect(none.submitted.length).toBe(0)
    expect(none.execution.length).toBe(0)
  })
})

describe("replayScenario", () => {
  it("runs to ceil(last submission + 1), without warm-up, drained, with the recorded jobs as arrivals", () => {
    const jobs = records(
      [
        [0, 1, 2, "COMPLETED", -1],
        [3.2, NaN_, NaN_, "IN_QUEUE", -1],
        [41.3, 1, 5, "COMPLETED", -1],
        [50, NaN_, NaN_, "CANCELLED", -1] // not replayed: the last replayed submission is 41.3
      ],
      0
    )
    const s = replayScenario({ ...scenario, warmupSeconds: 30, platform: { ...scenario.platform, drain: false } }, jobs)
    expect(s.durationSeconds).toBe(43) // ceil(42.3)
    expect(s.warmupSeconds).toBe(0)
    expect(s.platform.drain).toBe(true)
    expect(s.workload.executionSeconds).toEqual(scenario.workload.executionSeconds)
    expect(s.endpoint).toBe(scenario.endpoint)
    expect(s.name).toBe("one-warm")
    const a = s.workload.arrivals
    expect(a.type).toBe("recorded")
    if (a.type !== "recorded") return
    expect(Array.from(a.submittedSeconds)).toEqual([0, 3.2, 41.3])
    expect(Array.from(a.executionSeconds)).toEqual([2, NaN_, 5])
    expect(a.maxExecutionSeconds).toBe(5)
  })

  it("an integer last submission still gets a second after it; an empty or early replay lasts at least 1 s", () => {
    expect(replayScenario(scenario, records([[10, 0, 2, "COMPLETED", -1]], 0)).durationSeconds).toBe(11)
    expect(replayScenario(scenario, records([[0, 0, 2, "COMPLETED", -1]], 0)).durationSeconds).toBe(1)
    expect(replayScenario(scenario, records([[0, NaN_, NaN_, "CANCELLED", -1]], 0)).durationSeconds).toBe(1)
    expect(replayScenario(scenario, records([], 0)).durationSeconds).toBe(1)
  })
})

describe("backtest: one warm worker, by hand", () => {
  // Replayed: 2 s jobs at 0, 1 and 10. The warm worker runs 0–2, 2–4 (the job from t = 1 waited
  // 1 s) and 10–12: predicted delays 0, 1, 0. The cancelled job at 5 never ran and is not replayed.
  // Observed delays 0.5, 2, 0.25 on two workers (w1 ran the jobs at 0 and 10, w2 the one at 1).
  const observedJobs = records(
    [
      [0, 0.5, 2, "COMPLETED", 0],
      [1, 2, 2, "COMPLETED", 1],
      [5, NaN_, NaN_, "CANCELLED", -1],
      [10, 0.25, 2, "COMPLETED", 0]
    ],
    2,
    ["submittedAt read as epoch seconds"]
  )
  let b: Backtest
  beforeAll(async () => {
    b = await backtestOf(observedJobs)
  })

  it("names the scenario and seed, and counts the replayed jobs", () => {
    expect(b.scenario).toBe("one-warm")
    expect(b.seed).toBe(5)
    expect(b.replayed).toBe(3)
    expect(b.health).toBeNull()
  })

  it("predicts delays 0, 1, 0 and one worker start", () => {
    expect(b.predicted.requests).toEqual({ total: 3, completed: 3, failed: 0, timedOut: 0, cancelled: 0, inQueue: 0, inProgress: 0 })
    expect(b.observed.requests).toEqual({ total: 4, completed: 3, failed: 0, timedOut: 0, cancelled: 1, inQueue: 0, inProgress: 0 })
    // Sorted 0, 0, 1: mean 1/3 (rounded to 6 places), p50 the 2nd, p90 and up the 3rd.
    expect(b.predicted.delayTime).toEqual({ mean: 0.333333, p50: 0, p90: 1, p95: 1, p99: 1 })
    expect(b.predicted.executionTime).toEqual({ mean: 2, p50: 2, p90: 2, p95: 2, p99: 2 })
    // End to end 2, 3, 2.
    expect(b.predicted.endToEnd).toEqual({ mean: 2.333333, p50: 2, p90: 3, p95: 3, p99: 3 })
    expect(b.predicted.workerStarts).toBe(1)
    // Observed: delays sorted 0.25, 0.5, 2 (mean 11/12); end to end 2.25, 2.5, 4 (mean 35/12).
    expect(b.observed.delayTime).toEqual({ mean: 0.916667, p50: 0.5, p90: 2, p95: 2, p99: 2 })
    expect(b.observed.endToEnd).toEqual({ mean: 2.916667, p50: 2.5, p90: 4, p95: 4, p99: 4 })
    expect(b.observed.workerStarts).toBe(2)
  })

  it("relative errors (predicted − observed) / observed, to 4 places", () => {
    // mean (1/3 − 11/12) / (11/12) = −7/11; p50 (0 − 0.5) / 0.5; p90 (1 − 2) / 2.
    expect(b.error.delayTime).toEqual({ mean: -0.6364, p50: -1, p90: -0.5, p95: -0.5, p99: -0.5 })
    // mean (7/3 − 35/12) / (35/12) = −1/5; p50 (2 − 2.5) / 2.5; p90 (3 − 4) / 4.
    expect(b.error.endToEnd).toEqual({ mean: -0.2, p50: -0.2, p90: -0.25, p95: -0.25, p99: -0.25 })
    expect(b.error.workerStarts).toBe(-0.5) // (1 − 2) / 2
  })

  it("KS distances by hand", () => {
    // Observed 0.25, 0.5, 2 against predicted 0, 0, 1: at 0, F_o = 0 and F_p = 2/3.
    expect(b.error.delayTimeKs).toBe(0.6667)
    // First delays: observed w1 0.5 and w2 2, predicted 0 (one worker): disjoint.
    expect(b.error.firstDelayKs).toBe(1)
  })

  it("delayTime quantiles at every quantile percent", () => {
    expect(b.delayQuantiles.percents).toEqual(quantilePercents)
    expect(b.delayQuantiles.observed.length).toBe(quantilePercents.length)
    expect(b.delayQuantiles.predicted.length).toBe(quantilePercents.length)
    // Nearest rank on 3 values: up to 33.3 % the 1st, up to 66.7 % the 2nd, then the 3rd.
    const at = (p: number) => quantilePercents.indexOf(p)
    expect([1, 33, 34, 66, 67, 100].map((p) => b.delayQuantiles.observed[at(p)])).toEqual([0.25, 0.25, 0.5, 0.5, 2, 2])
    expect([1, 33, 34, 66, 67, 100].map((p) => b.delayQuantiles.predicted[at(p)])).toEqual([0, 0, 0, 0, 1, 1])
  })

  it("notes: the records' own, then the cancelled jobs left out", () => {
    expect(b.notes).toEqual(["submittedAt read as epoch seconds", "1 cancelled job that never ran was not replayed (scalecast does not model cancellation)"])
  })

  it("a job with no recorded execution takes the scenario's execution time (constant 7 s)", async () => {
    // Queued at 0 with no execution: it runs 0–7; the 2 s job from t = 1 waits until 7 (delay 6).
    const r = await backtestOf(
      records(
        [
          [0, NaN_, NaN_, "IN_QUEUE", -1],
          [1, 3, 2, "COMPLETED", 0]
        ],
        1
      )
    )
    expect(r.replayed).toBe(2)
    expect(r.notes).toEqual([])
    expect(r.predicted.requests).toMatchObject({ total: 2, completed: 2, inQueue: 0 })
    expect(r.predicted.executionTime).toEqual({ mean: 4.5, p50: 2, p90: 7, p95: 7, p99: 7 })
    expect(r.predicted.delayTime).toEqual({ mean: 3, p50: 0, p90: 6, p95: 6, p99: 6 })
    // Observed: one completed job, delay 3; predicted 0, 6.
    expect(r.observed.delayTime).toEqual({ mean: 3, p50: 3, p90: 3, p95: 3, p99: 3 })
    expect(r.error.delayTime).toEqual({ mean: 0, p50: -1, p90: 1, p95: 1, p99: 1 })
    // 3 against 0, 6: at 0 the CDFs are 0 and 1/2, at 3 they are 1 and 1/2.
    expect(r.error.delayTimeKs).toBe(0.5)
  })

  it("without workers in the records, worker-start errors are null", async () => {
    const r = await backtestOf(records([[0, 0, 2, "COMPLETED", -1]], 0))
    expect(r.observed.workerStarts).toBeNull()
    expect(r.predicted.workerStarts).toBe(1)
    expect(r.error.workerStarts).toBeNull()
    expect(r.error.firstDelayKs).toBeNull()
    expect(r.error.delayTimeKs).toBe(0)
    expect(r.error.delayTime).toEqual({ mean: null, p50: null, p90: null, p95: null, p99: null }) // observed 0: no relative error
  })
})

describe("backtest: health polls", () => {
  // The same three jobs: replay of 11 s in 1 s buckets. The one worker is running or ready
  // throughout (1 worker in every bucket); the job from t = 1 waits in the queue over [1, 2).
  const jobs = records(
    [
      [0, 0, 2, "COMPLETED", 0],
      [1, 1, 2, "COMPLETED", 0],
      [10, 0, 2, "COMPLETED", 0]
    ],
    1
  )
  // [t, running, ready, initializing, idle, throttled, inQueue]
  const health = polls(
    [
      [-2, 5, 5, 5, 0, 0, 9], // before the first submission: outside
      [1.5, 1, 0, 1, 4, 0, 3], // bucket 1: observed 2 workers, 3 queued; predicted 1 and 1
      [5, 0, 1, 0, 5, 2, 0], // bucket 5: observed 1 (idle and throttled not counted), 0 queued; predicted 1 and 0
      [10.999, 1, 0, 0, 0, 0, 0], // bucket 10, the last: observed 1, 0; predicted 1 and 0
      [11, 3, 0, 0, 0, 0, 4] // bucket 11, past the replay: outside
    ],
    ["jobs.retried missing from 5 polls: read as 0"]
  )
  let b: Backtest
  beforeAll(async () => {
    b = await backtestOf(jobs, health)
  })

  it("sets each poll inside the replay beside the timeline bucket at its time", () => {
    const h = b.health!
    expect(h.atSeconds).toEqual([1.5, 5, 10.999])
    expect(h.observedWorkers).toEqual([2, 1, 1]) // running + ready + initializing
    expect(h.predictedWorkers).toEqual([1, 1, 1])
    expect(h.observedInQueue).toEqual([3, 0, 0])
    expect(h.predictedInQueue).toEqual([1, 0, 0])
    expect(h.pollsOutside).toBe(2)
  })

  it("mean absolute errors over the polls inside", () => {
    expect(b.health!.workersMeanAbsoluteError).toBe(0.3333) // (1 + 0 + 0) / 3
    expect(b.health!.inQueueMeanAbsoluteError).toBe(0.6667) // (2 + 0 + 0) / 3
  })

  it("notes the polls left out, then the polls' own notes", () => {
    expect(b.notes).toEqual(["2 health polls fall outside the replayed span and were left out", "jobs.retried missing from 5 polls: read as 0"])
  })

  it("with every poll inside, no note; with none inside, zero errors", async () => {
    const inside = await backtestOf(jobs, polls([[0.5, 1, 0, 0, 0, 0, 0]]))
    expect(inside.health).toMatchObject({ atSeconds: [0.5], observedWorkers: [1], predictedWorkers: [1], pollsOutside: 0, workersMeanAbsoluteError: 0 })
    expect(inside.notes).toEqual([])
    const outside = await backtestOf(jobs, polls([[60, 2, 0, 0, 0, 0, 1]]))
    expect(outside.health).toEqual({
      atSeconds: [],
      observedWorkers: [],
      predictedWorkers: [],
      observedInQueue: [],
      predictedInQueue: [],
      workersMeanAbsoluteError: 0,
      inQueueMeanAbsoluteError: 0,
      pollsOutside: 1
    })
    expect(outside.notes).toEqual(["1 health poll falls outside the replayed span and was left out"])
  })
})

describe("backtest: health polls on a longer replay, starting cold", () => {
  // No worker until the first job: it starts one, initializing over [0, 10), then runs the job over
  // [10, 12). The second job at 1,500 s makes the replay 1,501 s long: 5 s timeline buckets.
  it("counts initializing workers, takes the poll at 0, and finds a poll's bucket by dividing its time by the bucket width", async () => {
    const cold = (
      await run(
        loadScenario({
          ...oneWarmWorker,
          name: "cold",
          endpoint: { ...oneWarmWorker.endpoint, workers: { min: 0, max: 1 } },
          platform: { coldStartSeconds: 10 }
        }).pipe(Effect.provide(RunPodModels))
      )
    ).scenario
    const jobs = records(
      [
        [0, 10, 2, "COMPLETED", 0],
        [1500, 10, 2, "COMPLETED", 1]
      ],
      2
    )
    const b = await run(
      backtest(
        cold,
        jobs,
        polls([
          [0, 0, 0, 1, 0, 0, 0],
          [7, 0, 0, 1, 0, 0, 0]
        ])
      ).pipe(Effect.provide(RunPodModels))
    )
    expect(b.health!.atSeconds).toEqual([0, 7])
    expect(b.health!.predictedWorkers).toEqual([1, 1]) // buckets [0, 5) and [5, 10): one worker initializing
    expect(b.health!.workersMeanAbsoluteError).toBe(0)
    expect(b.predicted.delayTime.p50).toBe(10)
  })
})

describe("backtest: nothing completed", () => {
  it("reports no latency (null, not 0) on either side when no job completed", async () => {
    const b = await backtestOf(records([[0, NaN_, NaN_, "IN_QUEUE", -1]], 0))
    expect(b.observed.delayTime).toEqual({ mean: null, p50: null, p90: null, p95: null, p99: null })
    expect(b.observed.endToEnd.p99).toBeNull()
    expect(b.error.delayTime.p95).toBeNull()
  })
})

describe("compareJobs", () => {
  it("delay quantiles have one value per quantile percent, and are empty when nothing completed", () => {
    const done = records(
      [
        [0, 4, 1, "COMPLETED", -1],
        [1, 2, 1, "COMPLETED", -1]
      ],
      0
    )
    const none = records(
      [
        [0, NaN_, NaN_, "IN_QUEUE", -1],
        [1, 5, 1, "FAILED", -1]
      ],
      0
    )
    const c = compareJobs(done, none)
    expect(c.delayQuantiles.percents).toEqual(quantilePercents)
    expect(c.delayQuantiles.observed.length).toBe(quantilePercents.length)
    expect(c.delayQuantiles.observed[0]).toBe(2)
    expect(c.delayQuantiles.observed[c.delayQuantiles.observed.length - 1]).toBe(4)
    expect(c.delayQuantiles.predicted).toEqual([])
    expect(c.error.delayTimeKs).toBe(1) // one side empty
    expect(c.error.delayTime).toEqual({ mean: null, p50: null, p90: null, p95: null, p99: null })
    const both = compareJobs(none, none)
    expect(both.delayQuantiles.observed).toEqual([])
    expect(both.delayQuantiles.predicted).toEqual([])
    expect(both.error.delayTimeKs).toBe(0)
  })

  it("the same records give zero errors", () => {
    const jobs = records(
      [
        [0, 1, 2, "COMPLETED", 0],
        [1, 3, 2, "COMPLETED", 1]
      ],
      2
    )
    const c = compareJobs(jobs, jobs)
    expect(c.error).toEqual({
      delayTime: { mean: 0, p50: 0, p90: 0, p95: 0, p99: 0 },
      endToEnd: { mean: 0, p50: 0, p90: 0, p95: 0, p99: 0 },
      workerStarts: 0,
      delayTimeKs: 0,
      firstDelayKs: 0
    })
    expect(c.delayQuantiles.observed).toEqual(c.delayQuantiles.predicted)
  })
})
