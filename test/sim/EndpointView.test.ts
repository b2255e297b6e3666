/** EndpointView: its getters read the live structures it was given (worker counts, queue, jobs, retained states, waiting times, available workers' times). */
import { describe, expect, it } from "vitest"
import { dispatchers } from "../../src/models/Dispatch.ts"
import { AvailableSet } from "../../src/sim/AvailableSet.ts"
import { EndpointView } from "../../src/sim/EndpointView.ts"
import { JobSlots } from "../../src/sim/JobSlots.ts"
import { RequestQueue } from "../../src/sim/RequestQueue.ts"
import { RetainedStates } from "../../src/sim/RetainedStates.ts"
import { INITIALIZING, READY, RUNNING, WorkerTable } from "../../src/sim/WorkerTable.ts"

const setup = () => {
  const clock = { now: 0 }
  const queue = new RequestQueue(4)
  const workers = new WorkerTable(8)
  const slots = new JobSlots(8, 2)
  const available = new AvailableSet(8)
  const retained = new RetainedStates(2, 8, 600)
  const view = new EndpointView({ clock, queue, workers, slots, available, retained }, 1, 7)
  return { clock, queue, workers, slots, available, retained, view }
}

const counts = (v: EndpointView) => ({ throttled: v.throttled, initializing: v.initializing, ready: v.ready, running: v.running, workers: v.workers })

describe("EndpointView", () => {
  it("reports workers.min and workers.max as given", () => {
    const { view } = setup()
    expect([view.min, view.max]).toEqual([1, 7])
  })

  it("counts workers by state, throttled ones among the workers", () => {
    const { workers, view } = setup()
    const make = (state: number | "throttle") => {
      const w = workers.create(false)
      if (state === "throttle") workers.throttle(w)
      else workers.setState(w, state)
      return w
    }
    make("throttle")
    make("throttle")
    make(INITIALIZING)
    const r = make(READY)
    make(RUNNING)
    make(RUNNING)
    make(RUNNING)
    expect(counts(view)).toEqual({ throttled: 2, initializing: 1, ready: 1, running: 3, workers: 7 })
    workers.setState(r, RUNNING) // read live, not copied
    expect(counts(view)).toEqual({ throttled: 2, initializing: 1, ready: 0, running: 4, workers: 7 })
    workers.release(r)
    expect(counts(view)).toEqual({ throttled: 2, initializing: 1, ready: 0, running: 3, workers: 6 })
  })

  it("reads the queue length, the jobs in progress, the retained states and the clock", () => {
    const { clock, queue, slots, retained, view } = setup()
    for (const t of [1, 2, 3, 4, 5]) queue.push(t, 1)
    queue.shift()
    const a = slots.open(0, 0, 0, 0)
    slots.open(0, 0, 0, 0)
    slots.open(3, 0, 0, 0)
    slots.close(a)
    retained.keep(0, 0)
    retained.keep(1, 0)
    retained.keep(1, 0)
    clock.now = 42.5
    expect({ queued: view.queued, inProgress: view.inProgress, retained: view.retained, now: view.now }).toEqual({
      queued: 4,
      inProgress: 2,
      retained: 3,
      now: 42.5
    })
  })

  it("queuedWaitingAtLeast counts queued requests that have waited that long by the clock's time", () => {
    const { clock, queue, view } = setup()
    for (const t of [1, 4, 6, 6, 9]) queue.push(t, 1)
    clock.now = 10
    expect([0, 1, 4, 4.5, 9, 9.5].map((s) => view.queuedWaitingAtLeast(s))).toEqual([5, 5, 4, 2, 1, 0])
    clock.now = 12 // two seconds later everyone has waited two seconds longer
    expect([4, 6, 8, 11, 12].map((s) => view.queuedWaitingAtLeast(s))).toEqual([4, 4, 2, 1, 0])
    queue.shift()
    expect(view.queuedWaitingAtLeast(11)).toBe(0)
  })

  it("lists the available workers' start and free times by their index in the available set", () => {
    const { clock, workers, available, view } = setup()
    const ids = [0, 1, 2, 3].map(() => workers.create(false))
    ids.forEach((w, i) => {
      workers.startedAt[w] = 10 * (i + 1) // 10, 20, 30, 40
      workers.availableSince[w] = 100 - i // 100, 99, 98, 97
    })
    for (const w of [ids[2]!, ids[0]!, ids[3]!, ids[1]!]) available.add(w)
    available.remove(ids[0]!) // the last (ids[1]) moves into index 1
    expect(view.count).toBe(3)
    expect([0, 1, 2].map((i) => view.startedAt(i))).toEqual([30, 20, 40])
    expect([0, 1, 2].map((i) => view.availableSince(i))).toEqual([98, 99, 97])
    // What the dispatch rules read through it: the newest start, the longest free.
    clock.now = 200
    const uniform = () => 0.5
    expect(view.startedAt(dispatchers.newest(view, uniform))).toBe(40)
    expect(view.availableSince(dispatchers.longestIdle(view, uniform))).toBe(97)
    expect(view.availableSince(dispatchers.mostRecentlyIdle(view, uniform))).toBe(99)
  })
})
