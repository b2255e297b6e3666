/** WorkerTable: per-state counts, alive and flex counts, id reuse, generations and the throttled FIFO against a plain model. */
import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { FREE, INITIALIZING, READY, RUNNING, THROTTLED, WorkerTable } from "../../src/sim/WorkerTable.ts"

describe("WorkerTable", () => {
  it("hands out each id once until it is released, then -1 when all are in use", () => {
    const t = new WorkerTable(3)
    const ids = [t.create(false), t.create(true), t.create(false)]
    expect(new Set(ids).size).toBe(3)
    for (const w of ids) expect(w).toBeGreaterThanOrEqual(0)
    for (const w of ids) expect(w).toBeLessThan(3)
    expect(t.create(false)).toBe(-1)
    t.setState(ids[1]!, READY)
    t.release(ids[1]!)
    expect(t.create(false)).toBe(ids[1])
    expect(t.create(false)).toBe(-1)
  })

  it("a table for 0 workers gives no id", () => {
    expect(new WorkerTable(0).create(true)).toBe(-1)
  })

  it("counts workers per state as they move, and only placed or throttled ones as alive", () => {
    const t = new WorkerTable(4)
    const a = t.create(false)
    expect(t.alive).toBe(0) // created, not yet in a state
    expect(t.flexAlive).toBe(1)
    t.setState(a, INITIALIZING)
    const b = t.create(true)
    t.throttle(b)
    expect([t.counts[THROTTLED], t.counts[INITIALIZING], t.counts[READY], t.counts[RUNNING], t.alive]).toEqual([1, 1, 0, 0, 2])
    t.setState(a, READY)
    t.setState(a, RUNNING)
    expect([t.counts[INITIALIZING], t.counts[READY], t.counts[RUNNING]]).toEqual([0, 0, 1])
    expect(t.flexAlive).toBe(1) // b is active
    t.release(a)
    expect([t.counts[RUNNING], t.alive, t.flexAlive, t.state[a]]).toEqual([0, 1, 0, FREE])
  })

  it("a new incarnation of an id starts with no jobs, no FlashBoot resume, no idle timeout pending and the new kind", () => {
    const t = new WorkerTable(1)
    const w = t.create(true)
    t.setState(w, RUNNING)
    t.jobs[w] = 3
    t.resumed[w] = 1
    t.idleArmed[w] = 1
    t.pool[w] = 2
    t.release(w)
    expect(t.pool[w]).toBe(-1)
    expect(t.create(false)).toBe(w)
    expect([t.jobs[w], t.resumed[w], t.idleArmed[w], t.active[w]]).toEqual([0, 0, 0, 0])
  })

  it("the generation changes at create and at release, so events of an old incarnation are stale", () => {
    const t = new WorkerTable(1)
    const seen = [t.gen[0]!]
    const w = t.create(false)
    seen.push(t.gen[w]!)
    t.setState(w, READY)
    t.setState(w, RUNNING) // a state change is not a new incarnation
    expect(t.gen[w]).toBe(seen[1])
    t.release(w)
    seen.push(t.gen[w]!)
    t.create(false)
    seen.push(t.gen[w]!)
    expect(new Set(seen).size).toBe(4)
  })

  it("throttled workers wait first in, first out, through wrap-around of the queue", () => {
    const t = new WorkerTable(3)
    const [a, b, c] = [t.create(false), t.create(false), t.create(false)]
    const order: Array<number> = []
    const place = () => {
      const w = t.nextThrottled
      t.unthrottle()
      t.setState(w, INITIALIZING)
      order.push(w)
      return w
    }
    t.throttle(a)
    t.throttle(b)
    place()
    t.throttle(c) // the last slot of the queue's buffer
    place()
    t.release(a)
    t.throttle(t.create(false)) // a's id again, queued behind c in the buffer's first slot
    expect(t.throttledWaiting).toBe(2)
    expect(t.counts[THROTTLED]).toBe(2)
    place()
    place()
    expect(order).toEqual([a, b, c, a])
    expect(t.throttledWaiting).toBe(0)
    expect(t.counts[THROTTLED]).toBe(0)
  })

  type Op =
    | { readonly kind: "create"; readonly active: boolean; readonly throttle: boolean }
    | { readonly kind: "unthrottle" }
    | { readonly kind: "setState"; readonly pick: number; readonly state: number }
    | { readonly kind: "release"; readonly pick: number }

  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant("create" as const), active: fc.boolean(), throttle: fc.boolean() }),
    fc.constant({ kind: "unthrottle" as const }),
    fc.record({ kind: fc.constant("setState" as const), pick: fc.nat(), state: fc.constantFrom(INITIALIZING, READY, RUNNING) }),
    fc.record({ kind: fc.constant("release" as const), pick: fc.nat() })
  )

  test.prop([fc.integer({ min: 1, max: 6 }), fc.array(op, { maxLength: 150 })])(
    "counts per state equal the ids in that state, ids are never shared, and throttled workers leave in FIFO order",
    (n, ops) => {
      const t = new WorkerTable(n)
      // Reference model: the workers that exist (placed or throttled), and the throttled FIFO.
      const model = new Map<number, { state: number; active: boolean }>()
      const fifo: Array<number> = []
      const incarnations = new Set<string>()
      const newIncarnation = (w: number) => {
        const key = `${w}/${t.gen[w]}`
        expect(incarnations.has(key)).toBe(false)
        incarnations.add(key)
      }
      const placed = () => [...model].filter(([, m]) => m.state !== THROTTLED).map(([w]) => w)
      for (const o of ops) {
        if (o.kind === "create") {
          const w = t.create(o.active)
          if (model.size === n) {
            expect(w).toBe(-1)
            continue
          }
          expect(w).toBeGreaterThanOrEqual(0)
          expect(w).toBeLessThan(n)
          expect(model.has(w)).toBe(false)
          newIncarnation(w)
          if (o.throttle) {
            t.throttle(w)
            fifo.push(w)
            model.set(w, { state: THROTTLED, active: o.active })
          } else {
            t.setState(w, INITIALIZING)
            model.set(w, { state: INITIALIZING, active: o.active })
          }
        } else if (o.kind === "unthrottle") {
          if (fifo.length === 0) continue
          expect(t.nextThrottled).toBe(fifo[0])
          t.unthrottle()
          const w = fifo.shift()!
          t.setState(w, INITIALIZING)
          model.get(w)!.state = INITIALIZING
        } else {
          const ids = placed()
          if (ids.length === 0) continue
          const w = ids[o.pick % ids.length]!
          if (o.kind === "setState") {
            const g = t.gen[w]
            t.setState(w, o.state)
            expect(t.gen[w]).toBe(g)
            model.get(w)!.state = o.state
          } else {
            t.release(w)
            newIncarnation(w)
            model.delete(w)
          }
        }
        for (const s of [THROTTLED, INITIALIZING, READY, RUNNING]) expect(t.counts[s]).toBe([...model.values()].filter((m) => m.state === s).length)
        expect(t.alive).toBe(model.size)
        expect(t.flexAlive).toBe([...model.values()].filter((m) => !m.active).length)
        expect(t.throttledWaiting).toBe(fifo.length)
        for (let w = 0; w < n; w++) expect(t.state[w]).toBe(model.get(w)?.state ?? FREE)
        for (const [w, m] of model) expect(t.active[w]).toBe(m.active ? 1 : 0)
      }
      // Everything still throttled leaves in the order it came.
      const rest: Array<number> = []
      while (t.throttledWaiting > 0) {
        rest.push(t.nextThrottled)
        t.unthrottle()
      }
      expect(rest).toEqual(fifo)
    }
  )
})
