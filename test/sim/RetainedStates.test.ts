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
