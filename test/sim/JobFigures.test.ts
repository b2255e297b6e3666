/**
 * JobFigures: the figures job records support (counts by status, latency over completed jobs,
 * worker starts), each worker's first delay, and the Kolmogorov–Smirnov distance of two samples.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { jobStatuses, type JobRecords, type JobStatus } from "../../src/models/records/JobRecords.ts"
import { completedDelays, firstDelays, jobFigures, ksDistance, nearestRank } from "../../src/sim/JobFigures.ts"

const f64 = (...xs: Array<number>) => Float64Array.from(xs)
const NaN_ = Number.NaN

/** One record: submitted, delay, execution (seconds), status, worker index (-1: none). */
type Row = readonly [number, number, number, JobStatus, number]

/** Job records built by hand, as the reader would leave them. */
const records = (rows: ReadonlyArray<Row>, workers: number): JobRecords => ({
  path: "(test)",
  format: "jsonl",
  originMs: 0,
  count: rows.length,
  submittedSeconds: Float64Array.from(rows, (r) => r[0]),
  delaySeconds: Float64Array.from(rows, (r) => r[1]),
  executionSeconds: Float64Array.from(rows, (r) => r[2]),
  status: Uint8Array.from(rows, (r) => jobStatuses.indexOf(r[3])),
  worker: Int32Array.from(rows, (r) => r[4]),
  workerIds: Array.from({ length: workers }, (_, i) => `w${i + 1}`),
  notes: []
})

describe("nearestRank", () => {
  const xs = f64(1, 2, 3, 4)
  it("takes the smallest value with at least p % at or below it", () => {
    expect(nearestRank(xs, 50)).toBe(2)
    expect(nearestRank(xs, 25)).toBe(1)
    expect(nearestRank(xs, 26)).toBe(2)
    expect(nearestRank(xs, 75)).toBe(3)
    expect(nearestRank(xs, 76)).toBe(4)
    expect(nearestRank(xs, 90)).toBe(4)
  })

  it("p100 is the max and p0 the min", () => {
    expect(nearestRank(xs, 100)).toBe(4)
    expect(nearestRank(xs, 0)).toBe(1)
    expect(nearestRank(f64(7), 0)).toBe(7)
    expect(nearestRank(f64(7), 50)).toBe(7)
    expect(nearestRank(f64(7), 100)).toBe(7)
  })

  it("on 10 values, p90 is the 9th and p95, p99 the 10th", () => {
    const ten = f64(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
    expect([50, 90, 95, 99].map((p) => nearestRank(ten, p))).toEqual([5, 9, 10, 10])
  })
})

describe("jobFigures", () => {
  // Workers: 0 and 1 ran completed jobs, 2 one completed job, 3 only a failed one (it ran), 4 only
  // appears on a queued record with no delay (it never ran a job), 5 appears nowhere.
  const jobs = records(
    [
      [0, 2, 10, "COMPLETED", 0],
      [1, 4, 20, "COMPLETED", 1],
      [2, 8, 40, "COMPLETED", 2],
      [3, 6, 30, "COMPLETED", 0],
      [4, 1, 5, "FAILED", 3],
      [5, NaN_, NaN_, "IN_QUEUE", 4],
      [6, 100, NaN_, "TIMED_OUT", -1],
      [7, 3, NaN_, "IN_PROGRESS", 1],
      [8, NaN_, NaN_, "CANCELLED", -1]
    ],
    6
  )

  it("counts requests by status", () => {
    expect(jobFigures(jobs).requests).toEqual({ total: 9, completed: 4, failed: 1, timedOut: 1, cancelled: 1, inQueue: 1, inProgress: 1 })
  })

  it("latency figures are over completed jobs only", () => {
    const f = jobFigures(jobs)
    // Completed delays 2, 4, 8, 6 → sorted 2, 4, 6, 8; the timed-out 100 and failed 1 are left out.
    expect(f.delayTime).toEqual({ mean: 5, p50: 4, p90: 8, p95: 8, p99: 8 })
    expect(f.executionTime).toEqual({ mean: 25, p50: 20, p90: 40, p95: 40, p99: 40 })
    // End to end: 12, 24, 48, 36.
    expect(f.endToEnd).toEqual({ mean: 30, p50: 24, p90: 48, p95: 48, p99: 48 })
    expect(Array.from(completedDelays(jobs))).toEqual([2, 4, 6, 8])
  })

  it("counts as worker starts the distinct workers that ran a job", () => {
    // Workers 0, 1, 2, 3; not 4 (queued, no delay) nor 5 (no record).
    expect(jobFigures(jobs).workerStarts).toBe(4)
  })

  it("a worker seen first on a job it never ran still counts once it runs one", () => {
    const j = records(
      [
        [0, NaN_, NaN_, "IN_QUEUE", 0],
        [1, 2, 1, "COMPLETED", 0],
        [2, 3, 1, "COMPLETED", 0]
      ],
      1
    )
    expect(jobFigures(j).workerStarts).toBe(1)
  })

  it("workerStarts is null when the records name no worker, 0 when named workers ran nothing", () => {
    const none = records(
      [
        [0, 1, 1, "COMPLETED", -1],
        [1, 2, 2, "COMPLETED", -1]
      ],
      0
    )
    expect(jobFigures(none).workerStarts).toBeNull()
    const idle = records([[0, NaN_, NaN_, "IN_QUEUE", 0]], 1)
    expect(jobFigures(idle).workerStarts).toBe(0)
  })

  it("latency figures are null when no job completed", () => {
    const f = jobFigures(
      records(
        [
          [0, 1, 2, "FAILED", 0],
          [1, NaN_, NaN_, "IN_QUEUE", -1]
        ],
        1
      )
    )
    const none = { mean: null, p50: null, p90: null, p95: null, p99: null }
    expect(f.delayTime).toEqual(none)
    expect(f.executionTime).toEqual(none)
    expect(f.endToEnd).toEqual(none)
    expect(f.requests).toMatchObject({ total: 2, completed: 0, failed: 1, inQueue: 1 })
  })

  it("percentiles sort numerically (10 after 9), on 10 completed jobs", () => {
    const delays = [10, 3, 9, 1, 8, 2, 7, 4, 6, 5]
    const f = jobFigures(
      records(
        delays.map((d, i): Row => [i, d, 1, "COMPLETED", -1]),
        0
      )
    )
    expect(f.delayTime).toEqual({ mean: 5.5, p50: 5, p90: 9, p95: 10, p99: 10 })
  })
})

describe("firstDelays", () => {
  it("per worker, the delay of the job it started first (submitted + delay), sorted", () => {
    const j = records(
      [
        [0, 10, 1, "COMPLETED", 0], // worker 0: submitted first, but started at 10
        [1, 7, 1, "COMPLETED", 0], // worker 0: started at 8, its first job → 7
        [5, 2, 1, "FAILED", 1], // worker 1: any status that ran counts → 2
        [6, NaN_, NaN_, "IN_QUEUE", 2], // worker 2 never started a job
        [0, 0.5, 1, "COMPLETED", -1] // no worker
      ],
      3
    )
    expect(Array.from(firstDelays(j))).toEqual([2, 7])
  })

  it("keeps the earliest start whatever comes after it in the records", () => {
    const j = records(
      [
        [0, 5, 1, "COMPLETED", 0], // started at 5
        [1, 1, 1, "COMPLETED", 0], // started at 2: the first
        [10, 0, 1, "COMPLETED", 0] // started at 10, last in the records
      ],
      1
    )
    expect(Array.from(firstDelays(j))).toEqual([1])
  })

  it("is empty without workers", () => {
    expect(firstDelays(records([[0, 1, 1, "COMPLETED", -1]], 0)).length).toBe(0)
  })
})

describe("ksDistance", () => {
  it("is 0 for identical samples, ties included", () => {
    expect(ksDistance(f64(1, 2, 3), f64(1, 2, 3))).toBe(0)
    expect(ksDistance(f64(2, 2), f64(2, 2, 2))).toBe(0)
  })

  it("is 1 for disjoint samples", () => {
    expect(ksDistance(f64(1, 2), f64(3, 4))).toBe(1)
    expect(ksDistance(f64(3, 4), f64(1, 2))).toBe(1)
  })

  it("the largest gap between the empirical CDFs, by hand", () => {
    // a = 1..8, b = 2.5, 3, 9, 10: at 8, F_a = 1 and F_b = 2/4.
    expect(ksDistance(f64(1, 2, 3, 4, 5, 6, 7, 8), f64(2.5, 3, 9, 10))).toBe(0.5)
    // a = 0, 1, 1, 1 and b = 1: the gap is 1/4 just after 0, and 0 from 1 on (the tied 1s step together).
    expect(ksDistance(f64(0, 1, 1, 1), f64(1))).toBe(0.25)
    // a = 1, 2, 2, 3 and b = 2, 4: at 3, F_a = 1 and F_b = 1/2.
    expect(ksDistance(f64(1, 2, 2, 3), f64(2, 4))).toBe(0.5)
  })

  it("empty samples: 0 when both are, 1 when one is", () => {
    expect(ksDistance(f64(), f64())).toBe(0)
    expect(ksDistance(f64(), f64(1))).toBe(1)
    expect(ksDistance(f64(1, 2), f64())).toBe(1)
  })

  /** The reference: the largest |F_a(x) - F_b(x)| over every sample point x. */
  const reference = (a: Float64Array, b: Float64Array): number => {
    if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : 1
    const cdf = (s: Float64Array, x: number) => s.filter((v) => v <= x).length / s.length
    let d = 0
    for (const x of [...a, ...b]) d = Math.max(d, Math.abs(cdf(a, x) - cdf(b, x)))
    return d
  }

  it("is in [0, 1], symmetric, 0 against itself, and the largest CDF gap (property)", () => {
    const sample = fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 20 }).map((xs) => Float64Array.from(xs).sort())
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const d = ksDistance(a, b)
        expect(d).toBeGreaterThanOrEqual(0)
        expect(d).toBeLessThanOrEqual(1)
        expect(ksDistance(b, a)).toBe(d)
        expect(ksDistance(a, a)).toBe(0)
        expect(ksDistance(a, Float64Array.from(a))).toBe(0)
        expect(d).toBe(reference(a, b))
      })
    )
  })
})
