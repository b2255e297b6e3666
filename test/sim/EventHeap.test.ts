import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { EventHeap } from "../../src/sim/EventHeap.ts"

describe("EventHeap", () => {
  it("pops equal times in insertion order", () => {
    const h = new EventHeap(2)
    for (let i = 0; i < 10; i++) h.push(5, 1, i, 0)
    h.push(1, 2, 99, 0)
    const out: Array<number> = []
    while (h.pop()) out.push(h.poppedA)
    expect(out).toEqual([99, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  test.prop([
    fc.array(
      fc.oneof(
        fc.integer({ min: 0, max: 20 }).map((t) => ({ push: t / 4 })),
        fc.constant({ pop: true as const })
      ),
      { maxLength: 400 }
    )
  ])("pops in (time, insertion) order for any interleaving of pushes and pops", (ops) => {
    const h = new EventHeap(1)
    const model: Array<{ time: number; seq: number }> = []
    let seq = 0
    for (const op of ops) {
      if ("push" in op) {
        h.push(op.push, 3, seq, 1000 - seq)
        model.push({ time: op.push, seq: seq++ })
      } else {
        model.sort((a, b) => a.time - b.time || a.seq - b.seq)
        const expected = model.shift()
        expect(h.pop()).toBe(expected !== undefined)
        if (expected) {
          expect([h.poppedTime, h.poppedA, h.poppedB, h.poppedKind]).toEqual([expected.time, expected.seq, 1000 - expected.seq, 3])
        }
      }
    }
    expect(h.length).toBe(model.length)
  })

  test.prop([
    fc.array(
      fc.oneof(
        fc.integer({ min: 0, max: 20 }).map((t) => ({ push: t / 4 })),
        fc.integer({ min: 0, max: 20 }).map((t) => ({ beside: t / 4 })),
        fc.constant({ pop: true as const })
      ),
      { maxLength: 400 }
    )
  ])("an event beside the heap pops in the same (time, insertion) order as if it were in it", (ops) => {
    const h = new EventHeap(1)
    const model: Array<{ time: number; seq: number; kind: number }> = []
    let seq = 0
    for (const op of ops) {
      if ("push" in op) {
        h.push(op.push, 3, seq, 0)
        model.push({ time: op.push, seq: seq++, kind: 3 })
      } else if ("beside" in op) {
        // At most one event beside the heap: only when none is pending there.
        if (model.some((e) => e.kind === 1)) continue
        h.pushBeside(op.beside, 1, seq, 0)
        model.push({ time: op.beside, seq: seq++, kind: 1 })
      } else {
        model.sort((a, b) => a.time - b.time || a.seq - b.seq)
        const expected = model.shift()
        expect(h.pop()).toBe(expected !== undefined)
        if (expected) expect([h.poppedTime, h.poppedA, h.poppedKind]).toEqual([expected.time, expected.seq, expected.kind])
      }
      expect(h.length).toBe(model.length)
      expect(h.peekTime()).toBe(model.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...model.map((e) => e.time)))
    }
  })
})
