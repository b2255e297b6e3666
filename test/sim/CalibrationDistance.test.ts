/**
 * CalibrationDistance: records against themselves are at distance 0; the distance grows with a
 * shift in the tail, counts worker starts only when the records name workers, and the mean of
 * backtest errors over runs is null when any run has none.
 */
import { describe, expect, it } from "vitest"
import { jobStatuses, type JobRecords } from "../../src/models/records/JobRecords.ts"
import { distance, fitErrors, meanErrors, observedOf } from "../../src/sim/CalibrationDistance.ts"

const jobs = (delays: ReadonlyArray<number>, workers: ReadonlyArray<number>, ids: number): JobRecords => ({
  path: "(test)",
  format: "jsonl",
  originMs: 0,
  count: delays.length,
  submittedSeconds: Float64Array.from(delays, (_, i) => i * 10),
  delaySeconds: Float64Array.from(delays),
  executionSeconds: Float64Array.from(delays, () => 1),
  status: Uint8Array.from(delays, () => jobStatuses.indexOf("COMPLETED")),
  worker: Int32Array.from(workers),
  workerIds: Array.from({ length: ids }, (_, i) => `w${i}`),
  notes: []
})

describe("distance", () => {
  const delays = Array.from({ length: 100 }, (_, i) => (i % 10 === 9 ? 30 : 1))
  const workers = Array.from({ length: 100 }, (_, i) => i % 5)

  it("is 0 for the records themselves", () => {
    const j = jobs(delays, workers, 5)
    expect(distance(observedOf(j), j)).toBe(0)
  })

  it("grows when the slow tail is slower: one eighth of |ln((1+60)/(1+30))| for the one percentile (p95) that moves, p99 too", () => {
    const observed = observedOf(jobs(delays, workers, 0))
    const slower = jobs(
      delays.map((d) => (d === 30 ? 60 : d)),
      workers.map(() => -1),
      0
    )
    // Without worker ids only delayTime counts: p95 and p99 move from 30 to 60 (p90 stays at 1).
    expect(distance(observed, slower)).toBeCloseTo((2 * Math.log(61 / 31)) / 8, 12)
  })

  it("adds the log ratio of worker starts when the records name workers", () => {
    const observed = observedOf(jobs(delays, workers, 5))
    const fewer = jobs(
      delays,
      workers.map((w) => w % 2),
      2
    )
    expect(distance(observed, fewer)).toBeCloseTo(Math.abs(Math.log(2 / 5)), 12)
  })
})

describe("fitErrors and meanErrors", () => {
  it("are zero for the records themselves, and a mean is null when any run has none", () => {
    const j = jobs([1, 2, 3], [0, 0, 1], 2)
    expect(fitErrors(j, j)).toEqual({ delayTimeP95: 0, delayTimeP99: 0, workerStarts: 0, delayTimeKs: 0, firstDelayKs: 0 })
    const a = { delayTimeP95: 0.1, delayTimeP99: 0.3, workerStarts: null, delayTimeKs: 0.02, firstDelayKs: null }
    const b = { delayTimeP95: 0.3, delayTimeP99: -0.1, workerStarts: 0.5, delayTimeKs: 0.04, firstDelayKs: null }
    expect(meanErrors([a, b])).toEqual({ delayTimeP95: 0.2, delayTimeP99: 0.1, workerStarts: null, delayTimeKs: 0.03, firstDelayKs: null })
  })
})
