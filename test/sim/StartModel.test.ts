/**
 * StartModel: start parameters into a scenario, and the direct estimates from workers' first delays.
 */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { RunPodModels } from "../../src/models/Models.ts"
import { loadScenario } from "../../src/sim/simulate.ts"
import { directStarts, lognormal, withStarts } from "../../src/sim/StartModel.ts"

describe("lognormal and withStarts", () => {
  it("rounds, keeps p95 at least the median, and sets both start distributions and the host count", async () => {
    expect(lognormal(12.345678, 30.1)).toEqual({ type: "lognormal", median: 12.3457, p95: 30.1 })
    expect(lognormal(10, 9)).toEqual({ type: "lognormal", median: 10, p95: 10 })
    const { scenario } = await Effect.runPromise(
      loadScenario({
        name: "s",
        durationSeconds: 10,
        endpoint: { name: "e", image: "i", gpu: { pools: ["ADA_24"] }, flashboot: "FLASHBOOT" },
        workload: { arrivals: { type: "list", atSeconds: [] }, executionSeconds: 1 },
        platform: { flashboot: { retentionSeconds: 90 } }
      }).pipe(Effect.provide(RunPodModels))
    )
    const s = withStarts(scenario, { coldMedian: 40, coldP95: 90, flashMedian: 1.5, flashP95: 3, hosts: 4 })
    expect(s.platform.coldStartSeconds).toEqual({ type: "lognormal", median: 40, p95: 90 })
    expect(s.platform.flashboot).toEqual({ ...scenario.platform.flashboot, startSeconds: { type: "lognormal", median: 1.5, p95: 3 }, hosts: 4 })
    expect(s.platform.flashboot.retentionSeconds).toBe(90)
  })
})

describe("directStarts", () => {
  const first = Float64Array.from([...Array.from({ length: 60 }, (_, i) => 1 + (i % 5) * 0.05), ...Array.from({ length: 40 }, (_, i) => 30 + (i % 5))])

  it("splits resumes from cold starts with FlashBoot, and reads one cold component without", () => {
    const flash = directStarts(first, true, 1)
    expect(flash.resumeShare).toBeCloseTo(0.6, 2)
    expect(flash.flashMedian).toBeGreaterThan(1)
    expect(flash.flashMedian).toBeLessThan(1.2)
    expect(flash.coldMedian).toBeGreaterThan(30)
    expect(flash.coldMedian).toBeLessThan(34)
    const off = directStarts(first, false, 1)
    expect(off.resumeShare).toBe(0)
    expect(off.coldMedian).toBeGreaterThan(1.2)
    expect(off.coldMedian).toBeLessThan(30)
  })

  it("ignores first delays under 50 ms (the job found its worker up), and falls back to the defaults with none left", () => {
    expect(directStarts(Float64Array.from([0, 0.01, 0.049]), true, 3)).toEqual({
      coldMedian: 20,
      coldP95: 60,
      flashMedian: 1,
      flashP95: 2.3,
      hosts: 3,
      resumeShare: 0
    })
  })
})
