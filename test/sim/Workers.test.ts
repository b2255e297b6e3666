/** Workers: hand-computed worker lives (cold and FlashBoot starts, init timeout, throttling, idle timeouts, active replacement, billing) and when the engine is told. */
import { describe, expect, it } from "vitest"
import type { ColdStartModel } from "../../src/models/ColdStart.ts"
import { firstFit } from "../../src/models/GpuPools.ts"
import type { EngineInput } from "../../src/sim/EngineInput.ts"
import { EventHeap } from "../../src/sim/EventHeap.ts"
import { IDLE_TIMEOUT, UNHEALTHY, WORKER_READY } from "../../src/sim/EventKind.ts"
import { RunStats } from "../../src/sim/RunStats.ts"
import { Workers } from "../../src/sim/Workers.ts"
import { FREE, INITIALIZING, READY, RUNNING, THROTTLED } from "../../src/sim/WorkerTable.ts"

const FLEX = 0.001
const ACTIVE = 0.0005
const COLD = 10
const FLASH = 1

type Pool = EngineInput["pools"][number]
const pool = (capacity: Pool["capacity"] = [{ fromSeconds: 0, gpus: Number.POSITIVE_INFINITY }], prices: Partial<Pool> = {}): Pool => ({
  capacity,
  speed: 1,
  flexPerSecondUsd: FLEX,
  activePerSecondUsd: ACTIVE,
  ...prices
})

/** Constant start times: COLD, or FLASH when a FlashBoot state is resumed. */
const constantStarts = (retentionSeconds: number, cold = COLD): ColdStartModel => ({ retentionSeconds, startSeconds: (resumed) => (resumed ? FLASH : cold) })

const engineInput = (over: Partial<EngineInput> = {}): EngineInput => ({
  seed: 1,
  durationSeconds: 10_000,
  warmupSeconds: 0,
  workersMin: 0,
  workersMax: 4,
  idleTimeoutSeconds: 5,
  executionTimeoutSeconds: 0,
  gpusPerWorker: 1,
  pools: [pool()],
  scalerIntervalSeconds: 1,
  concurrencyPerWorker: 1,
  queueLimit: 100,
  jobTtlSeconds: 86_400,
  stopWorkerOnTimeout: true,
  initTimeoutSeconds: 420,
  activeWorkersStartWarm: true,
  bypassCapacity: false,
  roundUpPerSession: true,
  containerDiskGb: 0,
  drain: true,
  arrivals: { next: () => Number.POSITIVE_INFINITY, lastExecutionSeconds: Number.NaN, meanRate: () => 0, rateAt: () => 0 },
  executionSeconds: () => 1,
  scaler: { name: "none", decide: () => 0 },
  dispatcher: () => 0,
  coldStart: constantStarts(0),
  placement: firstFit,
  ...over
})

interface Call {
  readonly call: "dispatch" | "reactToWorkers"
  readonly now: number
  readonly available: number
  readonly initializing: number
  readonly alive: number
}

interface Event {
  readonly time: number
  readonly kind: number
  readonly worker: number
  readonly gen: number
}

/** Workers over a real heap, run statistics and clock, with a listener that records every call. */
const harness = (over: Partial<EngineInput> = {}, uniforms = { cold: () => 0.5, flash: () => 0.5, host: () => 0.5 }) => {
  const input = engineInput(over)
  const heap = new EventHeap(4)
  const stats = new RunStats(input)
  const clock = { now: 0 }
  const calls: Array<Call> = []
  const record = (call: Call["call"]) => {
    const t = workers.table
    calls.push({ call, now: clock.now, available: workers.available.count, initializing: t.counts[INITIALIZING]!, alive: t.alive })
  }
  const workers: Workers = new Workers({ input, heap, stats, clock }, uniforms, {
    dispatch: () => record("dispatch"),
    reactToWorkers: () => record("reactToWorkers")
  })
  const table = workers.table
  /** The events scheduled, in firing order (the heap is left as it was). */
  const pending = (): Array<Event> => {
    const out: Array<Event> = []
    while (heap.pop()) out.push({ time: heap.poppedTime, kind: heap.poppedKind, worker: heap.poppedA, gen: heap.poppedB })
    for (const e of out) heap.push(e.time, e.kind, e.worker, e.gen)
    return out
  }
  /** Fires the next event as the engine routes it (a stale generation does nothing); returns it. */
  const fire = (): Event => {
    expect(heap.pop()).toBe(true)
    const e = { time: heap.poppedTime, kind: heap.poppedKind, worker: heap.poppedA, gen: heap.poppedB }
    clock.now = e.time
    if (table.gen[e.worker] === e.gen) {
      if (e.kind === WORKER_READY) workers.onReady(e.worker)
      else if (e.kind === IDLE_TIMEOUT) workers.onIdleTimeout(e.worker)
      else if (e.kind === UNHEALTHY) workers.onUnhealthy(e.worker)
    }
    return e
  }
  /** Starts a worker at `now` and returns its id. */
  const start = (now: number, active = false, warm = false): number => {
    clock.now = now
    const alive = () => Array.from(table.state).flatMap((s, w) => (s === FREE ? [] : [w]))
    const before = new Set(alive())
    workers.start(active, warm)
    const created = alive().filter((w) => !before.has(w))
    expect(created).toHaveLength(1)
    return created[0]!
  }
  return { input, heap, stats, clock, calls, workers, table, pending, fire, start }
}

describe("Workers: starting", () => {
  it("a cold start schedules WORKER_READY at now + start seconds; ready, the worker is available and its idle timeout armed", () => {
    const h = harness()
    const w = h.start(3)
    expect(h.pending()).toEqual([{ time: 13, kind: WORKER_READY, worker: w, gen: h.table.gen[w] }])
    expect([h.table.state[w], h.table.startedAt[w], h.table.resumed[w]]).toEqual([INITIALIZING, 3, 0])
    expect(h.workers.available.count).toBe(0)
    expect([h.stats.coldStarts, h.stats.flashStarts, h.stats.started]).toEqual([1, 0, 1])
    expect(h.calls).toEqual([]) // nothing to dispatch to yet
    h.fire()
    expect([h.table.state[w], h.table.readyAt[w], h.table.availableSince[w]]).toEqual([READY, 13, 13])
    expect(h.workers.available.has(w)).toBe(true)
    expect(h.pending()).toEqual([{ time: 18, kind: IDLE_TIMEOUT, worker: w, gen: h.table.gen[w] }])
    // Told once, after the worker can take a job.
    expect(h.calls).toEqual([{ call: "reactToWorkers", now: 13, available: 1, initializing: 0, alive: 1 }])
  })

  it("a start longer than the init timeout schedules UNHEALTHY at the timeout; the worker stops, billed until then", () => {
    const h = harness({ coldStart: constantStarts(600, 421), initTimeoutSeconds: 420 })
    const w = h.start(0)
    expect(h.pending()).toEqual([{ time: 420, kind: UNHEALTHY, worker: w, gen: h.table.gen[w] }])
    h.fire()
    expect(h.stats.unhealthyStarts).toBe(1)
    expect([h.table.state[w], h.table.alive]).toEqual([FREE, 0])
    expect(h.stats.flexUsd).toBeCloseTo(420 * FLEX, 12)
    expect(h.workers.retained.count).toBe(0) // it never finished starting: no FlashBoot state
    expect(h.calls.map((c) => c.call)).toEqual(["dispatch", "reactToWorkers"])
    expect(h.pending()).toEqual([])
  })

  it("a start exactly as long as the init timeout is not unhealthy", () => {
    const h = harness({ coldStart: constantStarts(0, 420), initTimeoutSeconds: 420 })
    const w = h.start(0)
    expect(h.pending()).toEqual([{ time: 420, kind: WORKER_READY, worker: w, gen: h.table.gen[w] }])
  })

  it("hands the cold and flash random streams and the pool index to the start model", () => {
    const seen: Array<string> = []
    const coldStart: ColdStartModel = {
      retentionSeconds: 600,
      startSeconds: (resumed, p, cold, flash) => {
        seen.push(`${resumed ? "flash" : "cold"} on pool ${p}`)
        return resumed ? 1 + flash() : 10 + cold()
      }
    }
    const h = harness({ coldStart, pools: [pool([{ fromSeconds: 0, gpus: 0 }]), pool()] }, { cold: () => 0.25, flash: () => 0.75, host: () => 0.5 })
    const a = h.start(0)
    expect(h.pending()[0]!.time).toBe(10.25)
    h.fire()
    h.clock.now = 11
    h.workers.stop(a)
    h.start(12)
    expect(h.pending().find((e) => e.kind === WORKER_READY)!.time).toBe(13.75)
    expect(seen).toEqual(["cold on pool 1", "flash on pool 1"])
  })

  it("never has more than workers.max workers", () => {
    const h = harness({ workersMax: 2 })
    h.start(0)
    h.start(0)
    h.clock.now = 1
    h.workers.start(false, false)
    expect(h.table.alive).toBe(2)
    expect(h.pending()).toHaveLength(2)
    expect(h.stats.started).toBe(2)
  })

  it("the peak counts placed workers, not throttled ones", () => {
    const h = harness({ pools: [pool([{ fromSeconds: 0, gpus: 2 }])] })
    for (let i = 0; i < 4; i++) h.start(i)
    expect(h.stats.peakWorkers).toBe(2)
    expect(h.table.counts[THROTTLED]).toBe(2)
  })
})

describe("Workers: pools and throttling", () => {
  it("with no GPU free a worker is throttled, unbilled, and placed when capacity rises", () => {
    const h = harness({
      pools: [
        pool([
          { fromSeconds: 0, gpus: 1 },
          { fromSeconds: 50, gpus: 2 }
        ])
      ]
    })
    const a = h.start(0)
    const b = h.start(5)
    expect([h.table.state[b], h.table.pool[b]]).toEqual([THROTTLED, -1])
    expect(h.stats.throttleEvents).toBe(1)
    expect(h.pending().map((e) => e.worker)).toEqual([a]) // nothing scheduled for b
    h.clock.now = 50
    h.workers.onCapacity(0, 1)
    expect([h.table.state[b], h.table.startedAt[b], h.table.pool[b]]).toEqual([INITIALIZING, 50, 0])
    expect(h.pending()).toContainEqual({ time: 60, kind: WORKER_READY, worker: b, gen: h.table.gen[b] })
    expect(h.calls).toEqual([{ call: "dispatch", now: 50, available: 0, initializing: 2, alive: 2 }])
    // b's session runs from its placement at 50, not from 5 when it was created.
    h.clock.now = 70
    h.workers.stop(b)
    expect(h.stats.flexUsd).toBeCloseTo(20 * FLEX, 12)
  })

  it("a stopping worker's GPUs go to the throttled worker that waited longest", () => {
    const h = harness({ pools: [pool([{ fromSeconds: 0, gpus: 1 }])] })
    const a = h.start(0)
    const b = h.start(1)
    const c = h.start(2)
    h.fire() // a ready at 10
    h.calls.length = 0
    h.clock.now = 12
    h.workers.stop(a)
    expect([h.table.state[b], h.table.state[c]]).toEqual([INITIALIZING, THROTTLED])
    expect(h.pending()).toContainEqual({ time: 22, kind: WORKER_READY, worker: b, gen: h.table.gen[b] })
    // The engine is told after the throttled worker was placed.
    expect(h.calls).toEqual([{ call: "dispatch", now: 12, available: 0, initializing: 1, alive: 2 }])
  })

  it("a capacity drop stops no worker; throttled ones wait until enough GPUs are returned", () => {
    const h = harness({
      pools: [
        pool([
          { fromSeconds: 0, gpus: 2 },
          { fromSeconds: 30, gpus: 1 }
        ])
      ]
    })
    const a = h.start(0)
    const b = h.start(0)
    const c = h.start(0)
    h.fire()
    h.fire()
    h.clock.now = 30
    h.workers.onCapacity(0, 1)
    expect([h.table.state[a], h.table.state[b], h.table.state[c]]).toEqual([READY, READY, THROTTLED])
    h.clock.now = 40
    h.workers.stop(a)
    expect(h.table.state[c]).toBe(THROTTLED) // 1 GPU, still 1 in use
    h.clock.now = 45
    h.workers.stop(b)
    expect([h.table.state[c], h.table.startedAt[c]]).toEqual([INITIALIZING, 45])
  })

  it("a worker takes gpu.count GPUs and is billed for all of them", () => {
    const h = harness({ gpusPerWorker: 2, pools: [pool([{ fromSeconds: 0, gpus: 3 }])] })
    const a = h.start(0)
    const b = h.start(0)
    expect([h.table.state[a], h.table.state[b]]).toEqual([INITIALIZING, THROTTLED])
    h.clock.now = 12
    h.workers.stop(a)
    expect(h.stats.flexUsd).toBeCloseTo(12 * 2 * FLEX, 12)
    expect(h.table.state[b]).toBe(INITIALIZING)
  })

  it("takes the first listed pool with room and bills at that pool's rate", () => {
    const h = harness({ pools: [pool([{ fromSeconds: 0, gpus: 1 }], { flexPerSecondUsd: 0.001 }), pool(undefined, { flexPerSecondUsd: 0.003 })] })
    const a = h.start(0)
    const b = h.start(0)
    expect([h.table.pool[a], h.table.pool[b]]).toEqual([0, 1])
    h.clock.now = 10
    h.workers.closeSessions(false)
    expect(h.stats.flexUsd).toBeCloseTo(10 * 0.001 + 10 * 0.003, 12)
  })

  it("PRIORITY_FLASHBOOT's bypass places a worker on the first pool even when it is full", () => {
    const h = harness({ bypassCapacity: true, pools: [pool([{ fromSeconds: 0, gpus: 0 }])] })
    const a = h.start(0)
    expect([h.table.state[a], h.table.pool[a], h.stats.throttleEvents]).toEqual([INITIALIZING, 0, 0])
  })
})

describe("Workers: idle timeouts and stops", () => {
  it("a flex worker that never worked stops idleTimeout seconds after it became ready", () => {
    const h = harness()
    const w = h.start(0)
    h.fire() // ready at 10
    h.calls.length = 0
    expect(h.fire()).toMatchObject({ time: 15, kind: IDLE_TIMEOUT })
    expect(h.table.state[w]).toBe(FREE)
    expect(h.stats.flexUsd).toBeCloseTo(15 * FLEX, 12)
    expect(h.calls.map((c) => c.call)).toEqual(["dispatch"])
  })

  it("a flex worker's idle timeout re-arms for the new deadline when it worked since", () => {
    const h = harness()
    const w = h.start(0)
    h.fire() // ready at 10, timeout pending for 15
    // A job from 12 to 14, as the engine runs it.
    h.table.setState(w, RUNNING)
    h.workers.available.remove(w)
    h.clock.now = 14
    h.table.setState(w, READY)
    h.table.availableSince[w] = 14
    h.workers.available.add(w)
    h.workers.armIdleTimeout(w)
    expect(h.pending()).toEqual([{ time: 15, kind: IDLE_TIMEOUT, worker: w, gen: h.table.gen[w] }]) // still one
    h.calls.length = 0
    h.fire()
    expect(h.table.state[w]).toBe(READY)
    expect(h.pending()).toEqual([{ time: 19, kind: IDLE_TIMEOUT, worker: w, gen: h.table.gen[w] }])
    expect(h.calls).toEqual([]) // nothing changed
    h.fire()
    expect(h.table.state[w]).toBe(FREE)
    expect(h.stats.flexUsd).toBeCloseTo(19 * FLEX, 12)
  })

  it("an idle timeout that finds the worker running lapses; the next time it is ready arms a new one", () => {
    const h = harness()
    const w = h.start(0)
    h.fire()
    h.table.setState(w, RUNNING)
    h.workers.available.remove(w)
    h.fire() // at 15, running
    expect([h.table.state[w], h.table.idleArmed[w]]).toEqual([RUNNING, 0])
    expect(h.pending()).toEqual([])
    h.clock.now = 22
    h.table.setState(w, READY)
    h.table.availableSince[w] = 22
    h.workers.armIdleTimeout(w)
    expect(h.pending()).toEqual([{ time: 27, kind: IDLE_TIMEOUT, worker: w, gen: h.table.gen[w] }])
  })

  it("an active worker starts warm, never times out, and is replaced at once when it stops", () => {
    const h = harness({ workersMin: 1 })
    const w = h.start(0, true, true)
    expect([h.table.state[w], h.table.readyAt[w], h.table.active[w]]).toEqual([READY, 0, 1])
    expect(h.workers.available.has(w)).toBe(true)
    expect(h.stats.coldStarts).toBe(0)
    h.workers.armIdleTimeout(w)
    expect(h.pending()).toEqual([]) // no idle timeout for an active worker
    h.clock.now = 30
    h.workers.stop(w)
    expect(h.stats.activeUsd).toBeCloseTo(30 * ACTIVE, 12)
    expect(h.stats.flexUsd).toBe(0)
    // The replacement is an active worker starting cold now; the engine hears of it after.
    const replacement = h.table.state.findIndex((s) => s !== FREE)
    expect([h.table.active[replacement], h.table.state[replacement], h.table.startedAt[replacement]]).toEqual([1, INITIALIZING, 30])
    expect(h.pending()).toEqual([{ time: 40, kind: WORKER_READY, worker: replacement, gen: h.table.gen[replacement] }])
    expect(h.calls).toEqual([{ call: "dispatch", now: 30, available: 0, initializing: 1, alive: 1 }])
  })

  it("a new incarnation of a stopped worker's id arms its own idle timeout; the old one's is stale", () => {
    const h = harness()
    const a = h.start(0)
    h.fire() // ready at 10, idle timeout pending for 15
    h.clock.now = 12
    h.workers.stop(a)
    const b = h.start(13) // reuses the id
    expect(b).toBe(a)
    h.fire() // the old timeout at 15: stale, nothing happens
    expect(h.table.state[b]).toBe(INITIALIZING)
    h.fire() // ready at 23
    expect(h.pending()).toEqual([{ time: 28, kind: IDLE_TIMEOUT, worker: b, gen: h.table.gen[b] }])
    h.fire()
    expect(h.table.alive).toBe(0)
  })

  it("closes the billing sessions of placed workers of one kind at the end, never of throttled ones", () => {
    const h = harness({ workersMin: 1, pools: [pool([{ fromSeconds: 0, gpus: 2 }])] })
    h.start(0, true, true)
    h.start(0)
    h.start(0) // throttled
    h.clock.now = 50
    h.workers.closeSessions(true)
    expect([h.stats.activeUsd, h.stats.flexUsd]).toEqual([50 * ACTIVE, 0])
    h.workers.closeSessions(false)
    expect(h.stats.flexUsd).toBeCloseTo(50 * FLEX, 12)
  })
})

describe("Workers: FlashBoot", () => {
  it("a stop after ready keeps a state that the next start on that pool resumes", () => {
    const h = harness({ coldStart: constantStarts(600) })
    const a = h.start(0)
    h.fire() // ready at 10
    h.fire() // idle timeout at 15: stops, state kept
    expect(h.table.state[a]).toBe(FREE)
    expect(h.workers.retained.count).toBe(1)
    const b = h.start(30)
    expect(h.pending()).toEqual([{ time: 31, kind: WORKER_READY, worker: b, gen: h.table.gen[b] }])
    expect([h.table.resumed[b], h.stats.flashStarts, h.stats.coldStarts, h.workers.retained.count]).toEqual([1, 1, 1, 0])
    const c = h.start(32) // the only state was taken: cold
    expect(h.table.resumed[c]).toBe(0)
    expect(h.pending().find((e) => e.worker === c)!.time).toBe(42)
  })

  it("a worker stopped while initializing keeps nothing", () => {
    const h = harness({ coldStart: constantStarts(600) })
    const a = h.start(0)
    h.clock.now = 5
    h.workers.stop(a)
    expect(h.workers.retained.count).toBe(0)
    const b = h.start(6)
    expect(h.table.resumed[b]).toBe(0)
  })

  it("a state resumes only on the pool that kept it", () => {
    const h = harness({ coldStart: constantStarts(600), pools: [pool([{ fromSeconds: 0, gpus: 1 }]), pool()] })
    const a = h.start(0) // pool 0
    const b = h.start(0) // pool 1
    h.fire()
    h.fire()
    h.clock.now = 11
    h.workers.stop(a) // state kept on pool 0, its GPU free again
    const c = h.start(12) // pool 0: resumes
    const d = h.start(12) // pool 0 full: pool 1, which kept nothing
    expect([h.table.pool[c], h.table.resumed[c], h.table.pool[d], h.table.resumed[d]]).toEqual([0, 1, 1, 0])
    expect(h.table.state[b]).toBe(READY)
  })

  it("without retention a stop keeps nothing and every start is cold", () => {
    const h = harness({ coldStart: constantStarts(0) })
    h.start(0)
    h.fire()
    h.fire()
    const b = h.start(20)
    expect([h.workers.retained.count, h.table.resumed[b], h.stats.coldStarts]).toEqual([0, 0, 2])
  })
})
