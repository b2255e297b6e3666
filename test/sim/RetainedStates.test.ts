/**
 * RetainedStates: FlashBoot states kept per pool, resumed most recent first, expiring oldest first.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { RetainedStates } from "../../src/sim/RetainedStates.ts"

describe("RetainedStates", () => {
  it("keeps nothing without retention", () => {
    const states = new RetainedStates(1, 4, 0)
    states.keep(0, 10)
    expect(states.count).toBe(0)
    expect(states.take(0)).toBe(false)
    expect(states.nextExpirySeconds).toBe(Infinity)
  })

  it("resumes only on the pool that kept the state", () => {
    const states = new RetainedStates(2, 4, 100)
    states.keep(1, 5)
    expect(states.take(0)).toBe(false)
    expect(states.take(1)).toBe(true)
    expect(states.take(1)).toBe(false)
    expect(states.count).toBe(0)
  })

  it("resumes the most recent state, so the older one expires first", () => {
    const states = new RetainedStates(1, 4, 100)
    states.keep(0, 0) // expires at 100
    states.keep(0, 30) // expires at 130
    expect(states.nextExpirySeconds).toBe(100)
    expect(states.take(0)).toBe(true) // the one kept at 30
    expect(states.nextExpirySeconds).toBe(100)
    states.expireNext()
    expect(states.count).toBe(0)
    expect(states.nextExpirySeconds).toBe(Infinity)
  })

  it("expires across pools in time order", () => {
    const states = new RetainedStates(2, 4, 50)
    states.keep(1, 10) // 60
    states.keep(0, 20) // 70
    states.keep(1, 30) // 80
    const order: Array<number> = []
    while (states.count > 0) {
      order.push(states.nextExpirySeconds)
      states.expireNext()
    }
    expect(order).toEqual([60, 70, 80])
  })

  it("a full pool gives way to the newest state, dropping the oldest", () => {
    const states = new RetainedStates(1, 2, 100)
    states.keep(0, 0)
    states.keep(0, 1)
    states.keep(0, 2)
    expect(states.count).toBe(2)
    expect(states.nextExpirySeconds).toBe(101)
  })

  it("count equals the states kept minus taken minus expired, never above the pool size", () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("keep" as const), pool: fc.integer({ min: 0, max: 2 }), dt: fc.integer({ min: 0, max: 40 }) }),
      fc.record({ kind: fc.constant("take" as const), pool: fc.integer({ min: 0, max: 2 }), dt: fc.integer({ min: 0, max: 40 }) })
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const states = new RetainedStates(3, 3, 60)
        // A reference model: the expiry times kept per pool, as plain arrays.
        const model: Array<Array<number>> = [[], [], []]
        let now = 0
        for (const o of ops) {
          now += o.dt
          while (states.nextExpirySeconds <= now) states.expireNext()
          for (const m of model) while (m.length > 0 && m[0]! <= now) m.shift()
          if (o.kind === "keep") {
            states.keep(o.pool, now)
            if (model[o.pool]!.length === 3) model[o.pool]!.shift()
            model[o.pool]!.push(now + 60)
          } else {
            expect(states.take(o.pool)).toBe(model[o.pool]!.length > 0)
            model[o.pool]!.pop()
          }
          expect(states.count).toBe(model.reduce((n, m) => n + m.length, 0))
          expect(states.nextExpirySeconds).toBe(Math.min(Infinity, ...model.map((m) => m[0] ?? Infinity)))
        }
      })
    )
  })
})

describe("RetainedStates on hosts", () => {
  /** The expiry times in the order they come out, emptying `states`. */
  const drain = (states: RetainedStates): Array<number> => {
    const order: Array<number> = []
    while (states.count > 0) {
      order.push(states.nextExpirySeconds)
      states.expireNext()
    }
    return order
  }

  it("a state kept on host 1 is not resumed by a start on host 0", () => {
    const states = new RetainedStates(1, 4, 100)
    states.keep(0, 5, 1)
    expect(states.take(0, 0)).toBe(false)
    expect(states.take(0)).toBe(false) // the default host is 0
    expect(states.count).toBe(1)
    expect(states.nextExpirySeconds).toBe(105)
    expect(states.take(0, 1)).toBe(true)
    expect(states.count).toBe(0)
    expect(states.nextExpirySeconds).toBe(Infinity)
  })

  it("takes the newest state on the requested host even when another host's is newer", () => {
    const states = new RetainedStates(1, 4, 100)
    states.keep(0, 0, 0) // 100
    states.keep(0, 10, 1) // 110
    states.keep(0, 20, 0) // 120
    states.keep(0, 30, 1) // 130
    expect(states.take(0, 0)).toBe(true) // the one kept at 20
    expect(states.count).toBe(3)
    expect(states.nextExpirySeconds).toBe(100)
    expect(drain(states)).toEqual([100, 110, 130])
    expect(states.nextExpirySeconds).toBe(Infinity)
  })

  it("after a take in the middle, the host's older state is still found and count stays exact", () => {
    const states = new RetainedStates(1, 4, 100)
    states.keep(0, 0, 0) // 100
    states.keep(0, 10, 1) // 110
    states.keep(0, 20, 0) // 120
    states.keep(0, 30, 1) // 130
    expect(states.take(0, 0)).toBe(true) // 120
    expect(states.take(0, 0)).toBe(true) // 100, the ring's first entry
    expect(states.take(0, 0)).toBe(false)
    expect(states.count).toBe(2)
    expect(states.nextExpirySeconds).toBe(110)
    expect(states.take(0, 1)).toBe(true) // 130
    expect(drain(states)).toEqual([110])
  })

  it("a full ring with a taken entry in the middle compacts instead of dropping a live state", () => {
    const states = new RetainedStates(1, 3, 100)
    states.keep(0, 0, 0) // 100
    states.keep(0, 1, 1) // 101
    states.keep(0, 2, 0) // 102
    expect(states.take(0, 1)).toBe(true) // 101, the middle entry
    expect(states.count).toBe(2)
    states.keep(0, 3, 0) // 103: the ring is full of entries but holds only 2 live states
    expect(states.count).toBe(3)
    expect(drain(states)).toEqual([100, 102, 103])
  })

  it("after compacting, a full ring of live states drops the oldest live one; moved states keep their host", () => {
    const states = new RetainedStates(1, 3, 100)
    states.keep(0, 0, 0) // 100
    states.keep(0, 1, 1) // 101
    states.keep(0, 2, 2) // 102
    expect(states.take(0, 1)).toBe(true) // 101
    states.keep(0, 3, 0) // 103, after compacting: 102 moves into 101's place
    states.keep(0, 4, 1) // 104: 3 live states, so 100 gives way
    expect(states.count).toBe(3)
    expect(states.nextExpirySeconds).toBe(102)
    expect(states.take(0, 2)).toBe(true) // 102, still on host 2
    expect(states.take(0, 0)).toBe(true) // 103; 100 was dropped
    expect(states.take(0, 0)).toBe(false)
    expect(drain(states)).toEqual([104])
  })

  it("matches a reference model with hosts: take the newest on the host, expire and drop the oldest", () => {
    const op = fc.record({
      kind: fc.constantFrom("keep" as const, "take" as const),
      pool: fc.integer({ min: 0, max: 1 }),
      host: fc.integer({ min: 0, max: 2 }),
      // Mostly short steps, so rings fill up and compact; now and then one long enough to expire all.
      dt: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 3 }), weight: 4 }, { arbitrary: fc.integer({ min: 0, max: 70 }), weight: 1 })
    })
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const capacity = 3
        const states = new RetainedStates(2, capacity, 60)
        // Per pool, the live states oldest first.
        const model: Array<Array<{ expiry: number; host: number }>> = [[], []]
        let now = 0
        for (const o of ops) {
          now += o.dt
          while (states.nextExpirySeconds <= now) states.expireNext()
          for (const m of model) while (m.length > 0 && m[0]!.expiry <= now) m.shift()
          const m = model[o.pool]!
          if (o.kind === "keep") {
            states.keep(o.pool, now, o.host)
            if (m.length === capacity) m.shift()
            m.push({ expiry: now + 60, host: o.host })
          } else {
            let k = m.length - 1
            while (k >= 0 && m[k]!.host !== o.host) k--
            expect(states.take(o.pool, o.host)).toBe(k >= 0)
            if (k >= 0) m.splice(k, 1)
          }
          expect(states.count).toBe(model[0]!.length + model[1]!.length)
          expect(states.nextExpirySeconds).toBe(Math.min(Infinity, ...model.map((p) => p[0]?.expiry ?? Infinity)))
        }
        // Whatever is left expires in the model's order.
        const expected = model
          .flat()
          .map((s) => s.expiry)
          .sort((a, b) => a - b)
        expect(drain(states)).toEqual(expected)
      })
    )
  })
})
