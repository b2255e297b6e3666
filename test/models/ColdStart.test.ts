/** ColdStart: FlashBoot retention per mode, which distribution (and which random stream) a start draws from, the default service. */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { ColdStarts, runpodColdStart } from "../../src/models/ColdStart.ts"
import type { EndpointConfig } from "../../src/models/EndpointConfig.ts"
import { resolvePlatform, type PlatformSettings } from "../../src/models/Platform.ts"
import { Rng } from "../../src/sim/Rng.ts"
import { RunPodModels } from "../../src/models/Models.ts"

const endpoint = (flashboot: EndpointConfig["flashboot"]): EndpointConfig => ({
  name: "cold-start-test",
  gpu: { pools: ["ADA_24"], count: 1 },
  workers: { min: 0, max: 3 },
  scaling: { type: "QUEUE_DELAY", value: 4, idleTimeout: 5 },
  timeout: 300000,
  flashboot,
  dataCenterIds: [],
  networkVolumes: []
})

const model = (flashboot: EndpointConfig["flashboot"], settings?: PlatformSettings) => runpodColdStart(endpoint(flashboot), resolvePlatform(settings))

/** A uniform stream that returns the given values in turn and counts its draws. */
const stream = (...values: Array<number>) => {
  const s = { draws: 0, next: () => values[s.draws++ % values.length]! }
  return s
}

describe("retention", () => {
  it("is 0 with FlashBoot off, 600 s for FLASHBOOT, 3600 s for PRIORITY_FLASHBOOT by default (runpod-model.md section 6)", () => {
    expect(model("OFF").retentionSeconds).toBe(0)
    expect(model("FLASHBOOT").retentionSeconds).toBe(600)
    expect(model("PRIORITY_FLASHBOOT").retentionSeconds).toBe(3600)
  })

  it("takes the platform's settings, each for its own mode; OFF retains nothing whatever they say", () => {
    const settings: PlatformSettings = { flashboot: { retentionSeconds: 120, priorityRetentionSeconds: 900 } }
    expect(model("FLASHBOOT", settings).retentionSeconds).toBe(120)
    expect(model("PRIORITY_FLASHBOOT", settings).retentionSeconds).toBe(900)
    expect(model("OFF", settings).retentionSeconds).toBe(0)
  })
})

describe("start duration", () => {
  const settings: PlatformSettings = {
    coldStartSeconds: { type: "uniform", min: 10, max: 30 },
    flashboot: { startSeconds: { type: "uniform", min: 0, max: 2 } }
  }

  it("a fresh start draws the cold-start distribution from the cold stream only", () => {
    const m = model("FLASHBOOT", settings)
    const cold = stream(0.25)
    const flash = stream(0.5)
    // uniform 10–30 at u = 0.25: 10 + 20 · 0.25 = 15
    expect(m.startSeconds(false, 0, cold.next, flash.next)).toBe(15)
    expect([cold.draws, flash.draws]).toEqual([1, 0])
  })

  it("a resumed start draws the FlashBoot distribution from the flash stream only", () => {
    const m = model("FLASHBOOT", settings)
    const cold = stream(0.25)
    const flash = stream(0.75)
    // uniform 0–2 at u = 0.75: 1.5
    expect(m.startSeconds(true, 0, cold.next, flash.next)).toBe(1.5)
    expect([cold.draws, flash.draws]).toEqual([0, 1])
  })

  it("constants come back as given, whatever the pool", () => {
    const m = model("PRIORITY_FLASHBOOT", { coldStartSeconds: 42, flashboot: { startSeconds: { type: "constant", value: 0.7 } } })
    for (const pool of [0, 1, 5]) {
      expect(
        m.startSeconds(
          false,
          pool,
          () => 0.5,
          () => 0.5
        )
      ).toBe(42)
      expect(
        m.startSeconds(
          true,
          pool,
          () => 0.5,
          () => 0.5
        )
      ).toBe(0.7)
    }
  })

  it("defaults: cold starts lognormal with median 20 s and p95 60 s; FlashBoot resumes median 1 s, p95 2.3 s", () => {
    const m = model("FLASHBOOT")
    const r = new Rng(5, 17)
    const u = () => r.next()
    const n = 40_000
    const sorted = (resumed: boolean) => Float64Array.from({ length: n }, () => m.startSeconds(resumed, 0, u, u)).sort()
    // Sample quantiles of 40,000 lognormal draws (σ ≈ 0.67 and 0.51): relative SE about 0.5 % (median) and 0.8 % (p95); 4 % is > 5 SE.
    const cold = sorted(false)
    expect(Math.abs(cold[n / 2]! / 20 - 1)).toBeLessThan(0.04)
    expect(Math.abs(cold[n * 0.95]! / 60 - 1)).toBeLessThan(0.04)
    const flash = sorted(true)
    expect(Math.abs(flash[n / 2]! / 1 - 1)).toBeLessThan(0.04)
    expect(Math.abs(flash[n * 0.95]! / 2.3 - 1)).toBeLessThan(0.04)
  })
})

describe("ColdStarts service", () => {
  it("RunPod's models use RunPod's cold starts", () => {
    expect(
      Effect.runSync(
        Effect.gen(function* () {
          return yield* ColdStarts
        }).pipe(Effect.provide(RunPodModels))
      )
    ).toBe(runpodColdStart)
  })
})
