/** PoolGpus: free GPUs equal the current capacity minus those in use, per pool, across takes, returns and capacity changes. */
import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { PoolGpus } from "../../src/sim/PoolGpus.ts"

describe("PoolGpus", () => {
  it("a pool starts with nothing free until its capacity is set", () => {
    const g = new PoolGpus(2)
    expect([...g.free]).toEqual([0, 0])
    g.setCapacity(1, 8)
    expect([...g.free]).toEqual([0, 8])
  })

  it("a capacity drop below what is in use makes free negative; the workers keep their GPUs", () => {
    const g = new PoolGpus(1)
    g.setCapacity(0, 4)
    g.take(0, 2)
    g.take(0, 1)
    g.setCapacity(0, 1)
    expect(g.free[0]).toBe(-2)
    g.give(0, 2)
    expect(g.free[0]).toBe(0) // still no room for a new worker
    g.setCapacity(0, 5)
    expect(g.free[0]).toBe(4) // 5 − the 1 still in use
  })

  it("an unlimited pool stays unlimited while GPUs are taken and returned", () => {
    const g = new PoolGpus(1)
    g.setCapacity(0, Number.POSITIVE_INFINITY)
    g.take(0, 3)
    g.give(0, 3)
    expect(g.free[0]).toBe(Number.POSITIVE_INFINITY)
  })

  type Op =
    { readonly take: number; readonly pool: number } | { readonly give: number; readonly pool: number } | { readonly capacity: number; readonly pool: number }

  test.prop([
    fc.integer({ min: 1, max: 4 }),
    fc.array(
      fc.oneof(
        fc.record({ take: fc.integer({ min: 1, max: 4 }), pool: fc.nat(3) }),
        fc.record({ give: fc.nat(), pool: fc.nat(3) }),
        fc.record({ capacity: fc.integer({ min: 0, max: 20 }), pool: fc.nat(3) })
      ),
      { maxLength: 200 }
    )
  ])("free = capacity − in use for every pool after any sequence of operations", (pools, ops: Array<Op>) => {
    const g = new PoolGpus(pools)
    const capacity = Array.from({ length: pools }, () => 0)
    // The GPU counts of the workers placed on each pool (a give returns one worker's GPUs).
    const held: Array<Array<number>> = Array.from({ length: pools }, () => [])
    for (const o of ops) {
      const p = o.pool % pools
      if ("take" in o) {
        g.take(p, o.take)
        held[p]!.push(o.take)
      } else if ("give" in o) {
        if (held[p]!.length === 0) continue
        const [gpus] = held[p]!.splice(o.give % held[p]!.length, 1)
        g.give(p, gpus!)
      } else {
        g.setCapacity(p, o.capacity)
        capacity[p] = o.capacity
      }
      for (let q = 0; q < pools; q++) expect(g.free[q]).toBe(capacity[q]! - held[q]!.reduce((a, b) => a + b, 0))
    }
  })
})

describe("PoolGpus from unlimited to a limit", () => {
  it("keeps free = the new capacity − GPUs in use (Infinity − Infinity is no count)", () => {
    const gpus = new PoolGpus(1)
    gpus.setCapacity(0, Number.POSITIVE_INFINITY)
    gpus.take(0, 1)
    gpus.take(0, 2)
    expect(gpus.free[0]).toBe(Number.POSITIVE_INFINITY)
    gpus.setCapacity(0, 2)
    expect(gpus.free[0]).toBe(-1) // 3 in use, 2 allowed: new workers wait
    gpus.give(0, 2)
    expect(gpus.free[0]).toBe(1)
    gpus.setCapacity(0, Number.POSITIVE_INFINITY)
    expect(gpus.free[0]).toBe(Number.POSITIVE_INFINITY)
  })
})
