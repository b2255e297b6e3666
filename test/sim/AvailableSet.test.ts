/** AvailableSet: membership, count and the ids listed at 0 … count−1 match a plain set after any adds and removes. */
import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { AvailableSet } from "../../src/sim/AvailableSet.ts"

const listed = (s: AvailableSet): Array<number> => Array.from({ length: s.count }, (_, i) => s.at(i))
const sorted = (xs: Iterable<number>): Array<number> => [...xs].sort((a, b) => a - b)

describe("AvailableSet", () => {
  it("adding a member again and removing a non-member change nothing", () => {
    const s = new AvailableSet(4)
    s.add(2)
    s.add(2)
    s.remove(3)
    expect(s.count).toBe(1)
    expect(listed(s)).toEqual([2])
    expect([0, 1, 2, 3].map((w) => s.has(w))).toEqual([false, false, true, false])
  })

  it("removing from the middle moves the last id into the hole, and the moved id can still be removed", () => {
    const s = new AvailableSet(5)
    for (const w of [4, 0, 3, 1]) s.add(w)
    s.remove(0)
    expect(listed(s)).toEqual([4, 1, 3])
    s.remove(1) // the id that moved: its position was updated
    expect(listed(s)).toEqual([4, 3])
    expect([s.has(0), s.has(1), s.has(3), s.has(4)]).toEqual([false, false, true, true])
  })

  it("holds every worker id at once", () => {
    const s = new AvailableSet(3)
    for (const w of [2, 1, 0]) s.add(w)
    expect(sorted(listed(s))).toEqual([0, 1, 2])
    for (const w of [1, 2, 0]) s.remove(w)
    expect(s.count).toBe(0)
  })

  test.prop([
    fc
      .integer({ min: 1, max: 12 })
      .chain((n) => fc.tuple(fc.constant(n), fc.array(fc.record({ add: fc.boolean(), worker: fc.integer({ min: 0, max: n - 1 }) }), { maxLength: 200 })))
  ])("matches a plain set over any sequence of adds and removes", ([n, ops]) => {
    const s = new AvailableSet(n)
    const model = new Set<number>()
    for (const o of ops) {
      if (o.add) {
        s.add(o.worker)
        model.add(o.worker)
      } else {
        s.remove(o.worker)
        model.delete(o.worker)
      }
      expect(s.count).toBe(model.size)
      // Each member listed exactly once, nothing else listed.
      expect(sorted(listed(s))).toEqual(sorted(model))
      for (let w = 0; w < n; w++) expect(s.has(w)).toBe(model.has(w))
    }
  })
})
