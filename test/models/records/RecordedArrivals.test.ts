/**
 * RecordedArrivals: recorded jobs replayed in order, each with its recorded execution time.
 */
import { describe, expect, it } from "vitest"
import { recordedArrivals, recordedProcess } from "../../../src/models/records/RecordedArrivals.ts"

const f64 = (...xs: Array<number>) => Float64Array.from(xs)

/** A uniform source that fails the test if a replay ever draws from it. */
const noDraws = (): number => {
  throw new Error("a recorded replay drew a random number")
}

describe("recordedArrivals", () => {
  it("keeps the columns and takes the longest execution, ignoring NaN", () => {
    const submitted = f64(0, 1, 2, 3, 4)
    const execution = f64(Number.NaN, 3, Number.NaN, 7, 2)
    const a = recordedArrivals(submitted, execution)
    expect(a.type).toBe("recorded")
    expect(a.submittedSeconds).toBe(submitted)
    expect(a.executionSeconds).toBe(execution)
    expect(a.maxExecutionSeconds).toBe(7)
  })

  it("the longest execution is 0 when none was recorded", () => {
    expect(recordedArrivals(f64(0, 1), f64(Number.NaN, Number.NaN)).maxExecutionSeconds).toBe(0)
    expect(recordedArrivals(f64(), f64()).maxExecutionSeconds).toBe(0)
  })

  it("the longest execution is found wherever it is, last included", () => {
    expect(recordedArrivals(f64(0, 1, 2), f64(1, 2, 9.5)).maxExecutionSeconds).toBe(9.5)
    expect(recordedArrivals(f64(0, 1, 2), f64(9.5, 2, 1)).maxExecutionSeconds).toBe(9.5)
  })
})

describe("recordedProcess", () => {
  it("returns the recorded times in order, then +Infinity, with each arrival's execution", () => {
    const p = recordedProcess(recordedArrivals(f64(0, 1.5, 1.5, 4), f64(2, Number.NaN, 3, 0.5)))
    expect(p.lastExecutionSeconds).toBeNaN()
    const seen: Array<[number, number]> = []
    for (let k = 0; k < 4; k++) {
      const t = p.next(0, noDraws, 100)
      seen.push([t, p.lastExecutionSeconds])
    }
    expect(seen).toEqual([
      [0, 2],
      [1.5, Number.NaN],
      [1.5, 3],
      [4, 0.5]
    ])
    expect(p.next(4, noDraws, 100)).toBe(Number.POSITIVE_INFINITY)
    expect(p.next(4, noDraws, 100)).toBe(Number.POSITIVE_INFINITY)
  })

  it("replays the record whatever `now` is (times are not redrawn)", () => {
    const p = recordedProcess(recordedArrivals(f64(1, 2), f64(5, 6)))
    expect(p.next(50, noDraws)).toBe(1)
    expect(p.next(50, noDraws)).toBe(2)
    expect(p.lastExecutionSeconds).toBe(6)
  })

  it("an empty record arrives never", () => {
    const p = recordedProcess(recordedArrivals(f64(), f64()))
    expect(p.next(0, noDraws)).toBe(Number.POSITIVE_INFINITY)
    expect(p.lastExecutionSeconds).toBeNaN()
  })

  it("meanRate(d) counts the submissions before d, per second", () => {
    const p = recordedProcess(recordedArrivals(f64(0, 1.5, 1.5, 4), f64(1, 1, 1, 1)))
    expect(p.meanRate(0.5)).toBe(1 / 0.5) // only t = 0
    expect(p.meanRate(1.5)).toBe(1 / 1.5) // 1.5 is not before 1.5
    expect(p.meanRate(2)).toBe(3 / 2)
    expect(p.meanRate(4)).toBe(3 / 4) // 4 is not before 4
    expect(p.meanRate(10)).toBe(4 / 10)
  })

  it("meanRate does not depend on how far the replay has gone", () => {
    const p = recordedProcess(recordedArrivals(f64(0, 1, 2, 3), f64(1, 1, 1, 1)))
    p.next(0, noDraws)
    p.next(0, noDraws)
    expect(p.meanRate(8)).toBe(4 / 8)
  })

  it("has no rate curve: rateAt is NaN", () => {
    const p = recordedProcess(recordedArrivals(f64(0, 1), f64(1, 1)))
    expect(p.rateAt(0)).toBeNaN()
    expect(p.rateAt(0.5)).toBeNaN()
  })
})
