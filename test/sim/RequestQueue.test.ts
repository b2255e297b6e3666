/** RequestQueue: FIFO order and stored execution times across growth and wrap-around, and `waitingSince` against a linear count. */
import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { RequestQueue } from "../../src/sim/RequestQueue.ts"

type Op = { readonly push: { readonly dt: number; readonly exec: number } } | { readonly shift: true }

// Arrival gaps of 0 make ties (requests arriving at the same time), which `waitingSince` must count.
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ push: fc.record({ dt: fc.integer({ min: 0, max: 3 }).map((k) => k / 2), exec: fc.integer({ min: 1, max: 1000 }).map((k) => k / 8) }) }),
  fc.constant({ shift: true as const })
)

describe("RequestQueue", () => {
  it("hands requests back oldest first, each with its own execution time, after growing from capacity 1", () => {
    const q = new RequestQueue(1)
    q.push(0, 1.5)
    q.push(2, 2.5)
    q.push(3, 3.5)
    expect(q.length).toBe(3)
    expect([q.headArrival, q.headExecution]).toEqual([0, 1.5])
    q.shift()
    expect([q.headArrival, q.headExecution]).toEqual([2, 2.5])
    q.shift()
    expect([q.headArrival, q.headExecution, q.length]).toEqual([3, 3.5, 1])
  })

  it("keeps the order when it grows while its contents wrap around the end of the buffer", () => {
    const q = new RequestQueue(4)
    for (const t of [1, 2, 3, 4]) q.push(t, t * 10)
    q.shift()
    q.shift() // head now at buffer index 2
    for (const t of [5, 6]) q.push(t, t * 10) // wrapped into indices 0 and 1: full again
    q.push(7, 70) // grows from a wrapped state
    expect(Array.from({ length: q.length }, (_, i) => q.arrivalAt(i))).toEqual([3, 4, 5, 6, 7])
    const execs: Array<number> = []
    while (q.length > 0) {
      execs.push(q.headExecution)
      q.shift()
    }
    expect(execs).toEqual([30, 40, 50, 60, 70])
  })

  it("waitingSince counts the requests that arrived at or before the time, ties included", () => {
    const q = new RequestQueue(2)
    for (const t of [1, 2, 2, 2, 5]) q.push(t, 1)
    expect([0.5, 1, 1.5, 2, 4.9, 5, 99].map((t) => q.waitingSince(t))).toEqual([0, 1, 1, 4, 4, 5, 5])
    q.shift()
    q.shift()
    expect([1, 2, 5].map((t) => q.waitingSince(t))).toEqual([0, 2, 3])
  })

  test.prop([
    fc.integer({ min: 1, max: 5 }),
    fc.array(op, { maxLength: 300 }),
    fc.array(
      fc.integer({ min: -2, max: 400 }).map((k) => k / 2),
      { minLength: 1, maxLength: 8 }
    )
  ])("matches a plain array over any sequence of pushes (in time order) and shifts", (capacity, ops, probes) => {
    const q = new RequestQueue(capacity)
    const model: Array<{ arrival: number; exec: number }> = []
    let now = 0
    for (const o of ops) {
      if ("push" in o) {
        now += o.push.dt
        q.push(now, o.push.exec)
        model.push({ arrival: now, exec: o.push.exec })
      } else if (model.length > 0) {
        q.shift()
        model.shift()
      }
      expect(q.length).toBe(model.length)
      if (model.length > 0) expect([q.headArrival, q.headExecution]).toEqual([model[0]!.arrival, model[0]!.exec])
      // The waiting times the scaler reads: at each arrival time in the queue, just before it, and at free probes.
      const some = [model[0], model[model.length >> 1], model[model.length - 1]].filter((m) => m !== undefined)
      const times = [...probes, ...some.flatMap((m) => [m.arrival, m.arrival - 0.25])]
      for (const t of times) expect(q.waitingSince(t)).toBe(model.filter((m) => m.arrival <= t).length)
    }
    expect(Array.from({ length: q.length }, (_, i) => q.arrivalAt(i))).toEqual(model.map((m) => m.arrival))
    for (const m of model) expect(q.waitingSince(m.arrival)).toBe(model.filter((x) => x.arrival <= m.arrival).length)
  })
})
