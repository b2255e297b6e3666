/** JobSlots: a job gets a free slot of its own worker, busyCount and the stored job match a plain model, and only a job's end changes its slot's generation. */
import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { JobSlots } from "../../src/sim/JobSlots.ts"

describe("JobSlots", () => {
  it("worker w owns slots w·C … w·C + C − 1", () => {
    const s = new JobSlots(3, 4)
    expect([0, 3, 4, 7, 8, 11].map((slot) => s.workerOf(slot))).toEqual([0, 0, 1, 1, 2, 2])
    const slot = s.open(2, 0, 0, 0)
    expect(slot).toBeGreaterThanOrEqual(8)
    expect(slot).toBeLessThanOrEqual(11)
  })

  it("fills a worker's slots without reusing a busy one, and reuses a slot once its job ended", () => {
    const s = new JobSlots(2, 3)
    const first = [s.open(1, 1, 2, 0), s.open(1, 3, 4, 1), s.open(1, 5, 6, 2)]
    expect(first.sort((x, y) => x - y)).toEqual([3, 4, 5])
    expect(s.busyCount).toBe(3)
    s.close(4)
    expect(s.busyCount).toBe(2)
    expect(s.open(1, 7, 8, 0)).toBe(4)
    expect([s.arrival[4], s.start[4], s.startWait[4]]).toEqual([7, 8, 0])
  })

  it("remembers each job's arrival, start and what it waited for", () => {
    const s = new JobSlots(1, 2)
    const a = s.open(0, 1.5, 4, 1)
    const b = s.open(0, 2.5, 5, 2)
    expect([s.arrival[a], s.start[a], s.startWait[a], s.busy[a]]).toEqual([1.5, 4, 1, 1])
    expect([s.arrival[b], s.start[b], s.startWait[b], s.busy[b]]).toEqual([2.5, 5, 2, 1])
  })

  it("a closed slot's generation differs from the one its pending events carry", () => {
    const s = new JobSlots(1, 1)
    const slot = s.open(0, 0, 0, 0)
    const pending = s.gen[slot]
    s.close(slot)
    expect(s.gen[slot]).not.toBe(pending)
    expect(s.busy[slot]).toBe(0)
    const again = s.open(0, 1, 1, 0)
    expect(again).toBe(slot)
    expect(s.gen[again]).not.toBe(pending) // the first job's completion stays stale
  })

  type Op = { readonly open: { readonly worker: number; readonly arrival: number; readonly startWait: number } } | { readonly close: number }

  test.prop([
    fc.integer({ min: 1, max: 4 }),
    fc.integer({ min: 1, max: 4 }),
    fc.array(
      fc.oneof(
        fc.record({ open: fc.record({ worker: fc.nat(3), arrival: fc.integer({ min: 0, max: 1000 }), startWait: fc.constantFrom(0, 1, 2) }) }),
        fc.record({ close: fc.nat() })
      ),
      { maxLength: 120 }
    )
  ])("never opens a busy slot nor one of another worker, and tracks every job", (workers, perWorker, ops: Array<Op>) => {
    const s = new JobSlots(workers, perWorker)
    // Reference model: busy slots with their job, and the generation each pending event carries.
    const jobs = new Map<number, { arrival: number; start: number; startWait: number; gen: number }>()
    const everUsedGen = new Map<number, Set<number>>()
    let now = 0
    for (const o of ops) {
      now += 1
      if ("open" in o) {
        const w = o.open.worker % workers
        const busyOfW = [...jobs.keys()].filter((slot) => Math.floor(slot / perWorker) === w).length
        if (busyOfW === perWorker) continue // the engine opens a slot only on a worker with a free one
        const slot = s.open(w, o.open.arrival, now, o.open.startWait)
        expect(jobs.has(slot)).toBe(false)
        expect(slot).toBeGreaterThanOrEqual(w * perWorker)
        expect(slot).toBeLessThan((w + 1) * perWorker)
        expect(s.workerOf(slot)).toBe(w)
        const gen = s.gen[slot]!
        const used = everUsedGen.get(slot) ?? new Set<number>()
        expect(used.has(gen)).toBe(false) // a new job never carries an ended job's generation
        used.add(gen)
        everUsedGen.set(slot, used)
        jobs.set(slot, { arrival: o.open.arrival, start: now, startWait: o.open.startWait, gen })
      } else {
        const busy = [...jobs.keys()]
        if (busy.length === 0) continue
        const slot = busy[o.close % busy.length]!
        s.close(slot)
        jobs.delete(slot)
      }
      expect(s.busyCount).toBe(jobs.size)
      for (let slot = 0; slot < workers * perWorker; slot++) expect(s.busy[slot]).toBe(jobs.has(slot) ? 1 : 0)
      for (const [slot, j] of jobs) expect([s.arrival[slot], s.start[slot], s.startWait[slot], s.gen[slot]]).toEqual([j.arrival, j.start, j.startWait, j.gen])
    }
  })
})
