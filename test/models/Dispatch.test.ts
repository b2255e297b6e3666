/** Dispatch: each rule picks the worker it names (random, newest, mostRecentlyIdle, longestIdle); ties go to the lowest index. */
import { fc, test } from "@fast-check/vitest"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { dispatchers, Dispatchers, type AvailableWorkers } from "../../src/models/Dispatch.ts"
import { dispatchRules } from "../../src/models/Platform.ts"
import { RunPodModels } from "../../src/models/Models.ts"

/** Workers as (startedAt, availableSince) pairs. */
const workers = (now: number, ws: ReadonlyArray<readonly [number, number]>): AvailableWorkers => ({
  now,
  count: ws.length,
  startedAt: (i) => ws[i]![0],
  availableSince: (i) => ws[i]![1]
})

const noRandom = () => {
  throw new Error("this rule should not draw a random number")
}

describe("dispatch rules", () => {
  // worker 0: started at 10, free since 50; worker 1: started 30, free since 40; worker 2: started 20, free since 60
  const w = workers(100, [
    [10, 50],
    [30, 40],
    [20, 60]
  ])

  it("newest takes the most recently started worker", () => {
    expect(dispatchers.newest(w, noRandom)).toBe(1)
  })

  it("mostRecentlyIdle takes the worker that became free last", () => {
    expect(dispatchers.mostRecentlyIdle(w, noRandom)).toBe(2)
  })

  it("longestIdle takes the worker that has waited longest", () => {
    expect(dispatchers.longestIdle(w, noRandom)).toBe(1)
  })

  it("random maps its uniform onto the workers evenly", () => {
    const four = workers(0, [
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0]
    ])
    // floor(u · 4): [0, 0.25) → 0, [0.25, 0.5) → 1, …
    expect([0.01, 0.24, 0.25, 0.5, 0.74, 0.99].map((u) => dispatchers.random(four, () => u))).toEqual([0, 0, 1, 2, 2, 3])
  })

  it("ties go to the lowest index", () => {
    const tied = workers(10, [
      [5, 9],
      [7, 8],
      [7, 8],
      [5, 9]
    ])
    expect(dispatchers.newest(tied, noRandom)).toBe(1)
    expect(dispatchers.longestIdle(tied, noRandom)).toBe(1)
    expect(dispatchers.mostRecentlyIdle(tied, noRandom)).toBe(0)
  })

  it("a single worker is always chosen", () => {
    const one = workers(3, [[1, 2]])
    for (const rule of dispatchRules) expect(dispatchers[rule](one, () => 0.999)).toBe(0)
  })

  const pairs = fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 })), { minLength: 1, maxLength: 30 })

  test.prop([pairs])("each ordered rule returns the first index holding the extreme value", (ws) => {
    const w = workers(100, ws)
    const firstIndexOf = (values: Array<number>, target: number) => values.indexOf(target)
    const started = ws.map((p) => p[0])
    const since = ws.map((p) => p[1])
    expect(dispatchers.newest(w, noRandom)).toBe(firstIndexOf(started, Math.max(...started)))
    expect(dispatchers.mostRecentlyIdle(w, noRandom)).toBe(firstIndexOf(since, Math.max(...since)))
    expect(dispatchers.longestIdle(w, noRandom)).toBe(firstIndexOf(since, Math.min(...since)))
  })

  test.prop([pairs, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })])("random always picks a valid index", (ws, u) => {
    const i = dispatchers.random(workers(0, ws), () => u)
    expect(Number.isInteger(i)).toBe(true)
    expect(i).toBeGreaterThanOrEqual(0)
    expect(i).toBeLessThan(ws.length)
  })
})

describe("Dispatchers service", () => {
  it("RunPod's models map every rule name to its dispatcher", () => {
    const lookup = Effect.runSync(
      Effect.gen(function* () {
        return yield* Dispatchers
      }).pipe(Effect.provide(RunPodModels))
    )
    for (const rule of dispatchRules) expect(lookup(rule)).toBe(dispatchers[rule])
    expect(Object.keys(dispatchers).sort()).toEqual([...dispatchRules].sort())
  })
})
