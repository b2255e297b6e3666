/** RunStats: hand-computed time integrals clipped to the window, timeline buckets, per-session billing, servedUsd and the window's request counters. */
import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { type LiveCounts, RunStats } from "../../src/sim/RunStats.ts"
import { timelineBucketSeconds } from "../../src/sim/Timeline.ts"

const stats = (over: Partial<{ warmupSeconds: number; durationSeconds: number; roundUpPerSession: boolean; containerDiskGb: number }> = {}) =>
  new RunStats({ warmupSeconds: 10, durationSeconds: 100, roundUpPerSession: true, containerDiskGb: 0, ...over })

const live = (running: number, ready = 0, initializing = 0, throttled = 0, retained = 0, queued = 0): LiveCounts => ({
  running,
  ready,
  initializing,
  throttled,
  retained,
  queued
})

/** A run's length, its warmup as a percentage, and steps of time with the counts over them. */
type Step = { readonly dt: number; readonly running: number; readonly queued: number }
const runOfSteps: [fc.Arbitrary<number>, fc.Arbitrary<number>, fc.Arbitrary<Array<Step>>] = [
  fc.integer({ min: 1, max: 3000 }),
  fc.nat(100),
  fc.array(fc.record({ dt: fc.integer({ min: 0, max: 400 }).map((k) => k / 4), running: fc.nat(5), queued: fc.nat(50) }), { maxLength: 60 })
]

const areas = (s: RunStats) => [s.runningArea, s.readyArea, s.initializingArea, s.throttledArea, s.retainedArea, s.queuedArea]

describe("RunStats: time integrals over the window", () => {
  it("integrates each count over the time it held, clipping what falls before the warmup and after the end", () => {
    const s = stats() // window [10, 100]
    s.advanceTo(5, live(9, 9, 9, 9, 9, 9)) // [0, 5]: before the window
    s.advanceTo(20, live(1, 2, 3, 4, 5, 6)) // [5, 20]: 10 s inside
    s.advanceTo(150, live(2, 0, 1, 0, 0, 3)) // [20, 150]: 80 s inside
    expect(areas(s)).toEqual([1 * 10 + 2 * 80, 2 * 10, 3 * 10 + 1 * 80, 4 * 10, 5 * 10, 6 * 10 + 3 * 80])
  })

  it("an advance to +Infinity integrates to the end of the run and returns", () => {
    const s = stats({ warmupSeconds: 0, durationSeconds: 10 })
    s.advanceTo(Number.POSITIVE_INFINITY, live(1))
    expect([s.runningArea, Array.from(s.timeline.running).reduce((a, b) => a + b, 0)]).toEqual([10, 10])
  })

  it("a time at or before the last advance adds nothing", () => {
    const s = stats({ warmupSeconds: 0 })
    s.advanceTo(30, live(1))
    s.advanceTo(30, live(100))
    s.advanceTo(20, live(100))
    s.advanceTo(40, live(2))
    expect(s.runningArea).toBe(30 + 20)
  })

  it("the peak counts billed workers (not throttled) inside the window only", () => {
    const s = stats()
    s.advanceTo(8, live(50, 0, 0)) // before the window
    s.advanceTo(30, live(1, 2, 3, 40)) // 6 billed, 40 throttled
    s.advanceTo(200, live(1, 1, 1)) // still counts for [30, 100]
    expect(s.peakWorkers).toBe(6)
    s.notePeak(9, 5) // a worker added before the window
    s.notePeak(9, 101) // and after it
    expect(s.peakWorkers).toBe(6)
    s.notePeak(7, 100)
    expect(s.peakWorkers).toBe(7)
  })
})

describe("RunStats: the timeline", () => {
  it("buckets are round numbers of seconds, at most 720 over the run", () => {
    expect([100, 720, 721, 3600, 86_400, 7 * 86_400].map(timelineBucketSeconds)).toEqual([1, 1, 2, 5, 120, 900])
    const s = stats({ durationSeconds: 3600 })
    expect([s.bucketSeconds, s.timeline.running.length]).toEqual([5, 720])
  })

  it("each bucket holds the time average of the counts over it, from 0 (warmup included) to the end", () => {
    const s = stats({ durationSeconds: 10, warmupSeconds: 5 }) // 1 s buckets
    s.advanceTo(2.5, live(2)) // buckets 0, 1 full; half of bucket 2
    s.advanceTo(4, live(4)) // the other half of bucket 2, and bucket 3
    s.advanceTo(50, live(1, 3)) // buckets 4 … 9
    expect(Array.from(s.timeline.running)).toEqual([2, 2, 3, 4, 1, 1, 1, 1, 1, 1])
    expect(Array.from(s.timeline.ready)).toEqual([0, 0, 0, 0, 3, 3, 3, 3, 3, 3])
    expect(s.runningArea).toBe(5) // the window [5, 10] only
  })

  test.prop(runOfSteps)("bucket sums give the integral over [0, end] and the areas the integral over the window", (duration, warmupPercent, steps) => {
    const warmup = Math.floor((duration * warmupPercent) / 101)
    const s = stats({ durationSeconds: duration, warmupSeconds: warmup })
    let now = 0
    let all = 0
    let window = 0
    for (const step of steps) {
      const next = now + step.dt
      s.advanceTo(next, live(step.running, 0, 0, 0, 0, step.queued))
      // Reference: the overlap of [now, next] with [0, duration] and with [warmup, duration].
      all += step.running * Math.max(0, Math.min(next, duration) - now)
      window += step.running * Math.max(0, Math.min(next, duration) - Math.max(now, warmup))
      now = next
    }
    const sum = Array.from(s.timeline.running).reduce((a, b) => a + b, 0) * s.bucketSeconds
    expect(sum).toBeCloseTo(all, 6)
    expect(s.runningArea).toBeCloseTo(window, 6)
  })

  test.prop(runOfSteps)("reading the figures mid-run changes nothing that is read at the end", (duration, warmupPercent, steps) => {
    const warmup = Math.floor((duration * warmupPercent) / 101)
    const read = stats({ durationSeconds: duration, warmupSeconds: warmup })
    const unread = stats({ durationSeconds: duration, warmupSeconds: warmup })
    let now = 0
    for (const step of steps) {
      now += step.dt
      for (const s of [read, unread]) s.advanceTo(now, live(step.running, 0, 0, 0, 0, step.queued))
      void [read.runningArea, read.queuedArea, read.timeline.running[0]]
    }
    for (const s of [read, unread]) s.advanceTo(duration + 1, live(0))
    expect(
      areas(read)
        .map((a, i) => a - areas(unread)[i]!)
        .every((d) => Math.abs(d) < 1e-6)
    ).toBe(true)
    const gap = Array.from(read.timeline.queued).map((v, i) => Math.abs(v - unread.timeline.queued[i]!))
    expect(Math.max(0, ...gap)).toBeLessThan(1e-9)
  })

  it("spending accrues per bucket while sessions are open, flex and active apart", () => {
    const s = stats({ durationSeconds: 10, warmupSeconds: 0 })
    s.advanceTo(5, live(0))
    s.sessionOpened(false, 0.5)
    s.sessionOpened(true, 0.25)
    s.advanceTo(7.5, live(1))
    s.sessionClosed(false, 5, 7.5, 0.5)
    s.advanceTo(9, live(1))
    expect(Array.from(s.timeline.flexUsd)).toEqual([0, 0, 0, 0, 0, 0.5, 0.5, 0.25, 0, 0])
    expect(Array.from(s.timeline.activeUsd)).toEqual([0, 0, 0, 0, 0, 0.25, 0.25, 0.25, 0.25, 0])
  })

  it("counts arrivals by arrival time, completions by end time, and starts by kind, warmup included", () => {
    const s = stats({ durationSeconds: 10, warmupSeconds: 5 })
    for (const t of [0, 0.5, 3.2, 9.99]) s.arrival(t)
    s.completed(1, 2, 3.5, 0)
    s.completed(6, 7, 12, 0) // ends after the run: not on the timeline
    s.workerStart(2, false)
    s.workerStart(2.9, false)
    s.workerStart(8, true)
    expect(Array.from(s.timeline.arrivals)).toEqual([2, 0, 0, 1, 0, 0, 0, 0, 0, 1])
    expect(Array.from(s.timeline.completed)).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0])
    expect(Array.from(s.timeline.coldStarts)).toEqual([0, 0, 2, 0, 0, 0, 0, 0, 0, 0])
    expect(Array.from(s.timeline.flashStarts)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 0])
    // The window's counters: only what happened from the warmup on.
    expect([s.arrived, s.started, s.coldStarts, s.flashStarts]).toEqual([1, 1, 0, 1])
  })
})

describe("RunStats: requests", () => {
  it("counts outcomes only for requests that arrived inside the window, whenever the outcome came", () => {
    const s = stats() // window [10, 100]
    for (const [arrival, n] of [
      [9.99, 3],
      [10, 1],
      [50, 2]
    ] as const) {
      for (let i = 0; i < n; i++) {
        s.rejected(arrival)
        s.expired(arrival)
        s.failed(arrival)
        s.inSystemAtEnd(arrival)
      }
    }
    s.completed(5, 12, 13, 0) // arrived before the window
    s.completed(99, 120, 125, 0) // arrived inside, completed after the end
    expect([s.rejectedCount, s.expiredCount, s.failedCount, s.inSystemAtEndCount, s.completedCount]).toEqual([3, 3, 3, 3, 1])
  })

  it("records delayTime, executionTime and end-to-end of completed requests, and what they waited for", () => {
    const s = stats({ warmupSeconds: 0 })
    s.completed(10, 10, 12, 0) // no wait
    s.completed(10, 20, 23, 1) // waited 10 s for a cold start
    s.completed(30, 31, 35, 2) // waited 1 s for a FlashBoot resume
    expect([s.completedCount, s.waited, s.coldWaited, s.flashWaited]).toEqual([3, 2, 1, 1])
    expect([s.delayTime.count, s.delayTime.sum, s.delayTime.max]).toEqual([3, 11, 10])
    expect([s.executionTime.sum, s.executionTime.min, s.executionTime.max]).toEqual([9, 2, 4])
    expect([s.endToEnd.sum, s.endToEnd.max]).toEqual([20, 13])
  })

  it("counts unhealthy starts and throttling inside the window, both ends included", () => {
    const s = stats()
    for (const t of [9, 10, 55, 100, 101]) {
      s.unhealthy(t)
      s.throttle(t)
    }
    expect([s.unhealthyStarts, s.throttleEvents]).toEqual([3, 3])
  })
})

describe("RunStats: billing", () => {
  it("bills each session's part inside the window, rounded up per session", () => {
    const s = stats() // window [10, 100]
    s.sessionClosed(false, 5, 17.3, 0.01) // [10, 17.3]: 7.3 → 8 s
    s.sessionClosed(false, 40, 40.2, 0.01) // 0.2 → 1 s
    s.sessionClosed(false, 41, 41.2, 0.01) // another 1 s: rounded per session, not in total
    s.sessionClosed(false, 0, 9, 0.01) // before the window: nothing
    s.sessionClosed(true, 90, 130.2, 0.02) // [90, 100]: 10 s at the active rate
    expect(s.flexBilledSeconds).toBe(10)
    expect(s.flexUsd).toBeCloseTo(10 * 0.01, 12)
    expect(s.activeBilledSeconds).toBe(10)
    expect(s.activeUsd).toBeCloseTo(10 * 0.02, 12)
  })

  it("servedUsd bills from the warmup to the session's end, time after the window included", () => {
    const s = stats()
    s.sessionClosed(false, 5, 17.3, 0.01) // [10, 17.3] → 8 s
    s.sessionClosed(true, 90, 130.2, 0.02) // [90, 130.2] → 41 s
    s.sessionClosed(false, 150, 160, 0.01) // wholly after the window (the drain): 10 s
    s.sessionClosed(false, 0, 9, 0.01) // before the window: nothing
    expect(s.servedUsd).toBeCloseTo(8 * 0.01 + 41 * 0.02 + 10 * 0.01, 12)
    expect(s.flexUsd).toBeCloseTo(8 * 0.01, 12)
  })

  it("without rounding bills exact seconds", () => {
    const s = stats({ roundUpPerSession: false })
    s.sessionClosed(false, 12, 14.25, 0.01)
    expect(s.flexBilledSeconds).toBe(2.25)
    expect(s.flexUsd).toBeCloseTo(0.0225, 12)
  })

  it("bills container disk per started 5-minute block of each session in the window", () => {
    const s = stats({ warmupSeconds: 0, durationSeconds: 3600, containerDiskGb: 10 })
    s.sessionClosed(false, 0, 301, 0) // 2 blocks
    s.sessionClosed(false, 1000, 1300, 0) // exactly 1 block
    s.sessionClosed(false, 3500, 3700, 0) // 100 s in the window: 1 block
    expect(s.diskUsd).toBeCloseTo(4 * 10 * 0.000011574, 12)
  })
})
