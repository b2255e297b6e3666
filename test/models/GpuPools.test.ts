/** GpuPools: first-fit placement in the listed priority order, throttling when no pool has room, the default service. */
import { fc, test } from "@fast-check/vitest"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { firstFit, Placements } from "../../src/models/GpuPools.ts"
import { RunPodModels } from "../../src/models/Models.ts"

const free = (...gpus: Array<number>) => Float64Array.from(gpus)

describe("firstFit", () => {
  it("takes the first listed pool with enough free GPUs, even when a later one has more", () => {
    expect(firstFit(free(8, 8), 1)).toBe(0)
    expect(firstFit(free(1, 8, 8), 2)).toBe(1) // pool 0 has 1 GPU free, a 2-GPU worker needs 2
    expect(firstFit(free(0, 3, 100), 3)).toBe(1) // exactly enough is enough
    expect(firstFit(free(Infinity), 8)).toBe(0) // unlimited capacity
  })

  it("throttles (-1) when no pool has room, or there are no pools", () => {
    expect(firstFit(free(1, 1, 1), 2)).toBe(-1) // 3 GPUs free in total, but a worker needs its 2 from one pool
    expect(firstFit(free(0, 0), 1)).toBe(-1)
    expect(firstFit(free(), 1)).toBe(-1)
  })

  test.prop([fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 11 }), fc.integer({ min: 1, max: 8 })])(
    "returns the lowest index with room, and -1 only when none has room",
    (gpus, need) => {
      const i = firstFit(Float64Array.from(gpus), need)
      if (i === -1) expect(gpus.every((g) => g < need)).toBe(true)
      else {
        expect(gpus[i]!).toBeGreaterThanOrEqual(need)
        expect(gpus.slice(0, i).every((g) => g < need)).toBe(true)
      }
    }
  )
})

describe("Placements service", () => {
  it("RunPod's models place by first fit", () => {
    expect(
      Effect.runSync(
        Effect.gen(function* () {
          return yield* Placements
        }).pipe(Effect.provide(RunPodModels))
      )
    ).toBe(firstFit)
  })
})
