import { describe, expect, it } from "vitest"
import { Effect } from "effect"
import { simulate } from "../../../src/sim/simulate.ts"
import { anyGpuPools, importFlash } from "../../../src/models/dialects/FlashSdk.ts"
import { fixture, lines, ok } from "../../helpers.ts"
import { RunPodModels } from "../../../src/models/Models.ts"

describe("Flash SDK dialect", () => {
  it("decodes the issue's example to the hand-computed v2 config", () => {
    const r = ok(importFlash(fixture("seeds/flash-issue-example.json")))
    expect(r.config).toEqual({
      name: "api",
      gpu: { pools: ["ADA_24", "AMPERE_80"], count: 1 },
      workers: { min: 1, max: 5 },
      scaling: { type: "QUEUE_DELAY", value: 2, idleTimeout: 120 },
      timeout: 0,
      flashboot: "FLASHBOOT",
      dataCenterIds: ["EU-RO-1"],
      networkVolumes: []
    })
  })

  it("applies Flash's own defaults, not v2's", () => {
    const r = ok(importFlash({ name: "default" }))
    expect(r.config).toEqual({
      name: "default",
      gpu: { pools: anyGpuPools(), count: 1 },
      workers: { min: 0, max: 1 },
      scaling: { type: "QUEUE_DELAY", value: 4, idleTimeout: 60 },
      timeout: 0,
      flashboot: "FLASHBOOT",
      dataCenterIds: ["EU-RO-1"],
      networkVolumes: []
    })
    expect(r.provenance["scaling.idleTimeout"]).toEqual({ source: "default", dialect: "Flash SDK" })
    expect(anyGpuPools()[0]).toBe("AMPERE_16")
    expect(anyGpuPools()).not.toContain("ADA_32_PRO")
  })

  it("decodes the seed's examples", () => {
    // @Endpoint(name="multi-gpu-training", gpu=GpuType.NVIDIA_A100_80GB_PCIe, gpu_count=4, workers=2)
    expect(ok(importFlash({ name: "multi-gpu-training", gpu: "GpuType.NVIDIA_A100_80GB_PCIe", gpu_count: 4, workers: 2 })).config).toMatchObject({
      gpu: { pools: ["AMPERE_80"], count: 4 },
      workers: { min: 0, max: 2 }
    })
    // gpu=[A100 80GB PCIe, RTX A6000, RTX 4090], workers=(2, 10), idle_timeout=30
    expect(
      ok(
        importFlash({
          name: "flexible",
          gpu: ["GpuType.NVIDIA_A100_80GB_PCIe", "GpuType.NVIDIA_RTX_A6000", "GpuType.NVIDIA_GEFORCE_RTX_4090"],
          workers: [2, 10],
          idle_timeout: 30
        })
      ).config
    ).toMatchObject({
      gpu: { pools: ["AMPERE_80", "AMPERE_48", "ADA_24"] },
      workers: { min: 2, max: 10 },
      scaling: { idleTimeout: 30 }
    })
    // execution_timeout_ms=30000, flashboot=False, scaler_value=2, ServerlessScalerType prefix, datacenter
    expect(
      ok(
        importFlash({
          name: "q",
          execution_timeout_ms: 30000,
          flashboot: false,
          scaler_value: 2,
          scaler_type: "ServerlessScalerType.REQUEST_COUNT",
          datacenter: "DataCenter.EU_RO_1"
        })
      ).config
    ).toMatchObject({
      timeout: 30000,
      flashboot: "OFF",
      scaling: { type: "REQUEST_COUNT", value: 2 },
      dataCenterIds: ["EU-RO-1"]
    })
  })

  it("reports bad parameters in Flash's own names", () => {
    expect(lines(importFlash({ name: "x", gpu: ["GpuGroup.ADA_25", "GpuType.RTX_9090"], workers: [1, 2, 3], idle_timeout: -5 }))).toEqual([
      "workers[2]: expected nothing here, got 3",
      "idle_timeout: expected an integer >= 0, got -5"
    ])
    expect(lines(importFlash({ name: "x", gpu: ["GpuGroup.ADA_25", "GpuType.RTX_9090"] }))).toEqual([
      'gpu[0]: expected GpuGroup.<POOL> (AMPERE_16, AMPERE_24, ADA_24, ADA_32_PRO, AMPERE_48, ADA_48_PRO, AMPERE_80, ADA_80_PRO, HOPPER_141, BLACKWELL_96, BLACKWELL_180, ANY) or GpuType.<GPU> (e.g. GpuType.NVIDIA_GEFORCE_RTX_4090), got "GpuGroup.ADA_25"',
      'gpu[1]: expected GpuGroup.<POOL> (AMPERE_16, AMPERE_24, ADA_24, ADA_32_PRO, AMPERE_48, ADA_48_PRO, AMPERE_80, ADA_80_PRO, HOPPER_141, BLACKWELL_96, BLACKWELL_180, ANY) or GpuType.<GPU> (e.g. GpuType.NVIDIA_GEFORCE_RTX_4090), got "GpuType.RTX_9090"'
    ])
    expect(lines(importFlash({ name: "x", workers: [5, 2] }))).toEqual(["workers[0]: expected at most workers[1] (2), got 5"])
    expect(lines(importFlash({}))).toEqual(["name: expected a value (required unless id is given), got nothing"])
  })
})

describe("Flash SDK readings that would mislead", () => {
  it("GpuGroup.ANY: pools with both prices, cheapest first, and a warning with the price range; the seed's always-on example simulates", async () => {
    const r = ok(importFlash({ name: "always-on", gpu: "GpuGroup.ANY", workers: [2, 10] }))
    expect(r.config.gpu.pools).toEqual([
      "AMPERE_16",
      "AMPERE_24",
      "ADA_24",
      "AMPERE_48",
      "ADA_48_PRO",
      "AMPERE_80",
      "ADA_80_PRO",
      "HOPPER_141",
      "BLACKWELL_180"
    ])
    const warning = r.warnings.find((w) => w.path === "gpu")!.message
    expect(warning).toMatch(
      /^GpuGroup\.ANY: RunPod places workers on any pool with capacity; scalecast assumes the 9 pools with published prices, cheapest first, .* AMPERE_16 \(\$0\.00016\/s flex\), the cheapest case; on BLACKWELL_180 \(\$0\.0024\/s\) a worker costs 15× as much/
    )
    const report = await Effect.runPromise(
      simulate({
        name: "always-on",
        durationSeconds: 60,
        endpoint: { name: "always-on", gpu: "GpuGroup.ANY", workers: [2, 10] },
        workload: { arrivals: { type: "poisson", ratePerSecond: 1 }, executionSeconds: 1 }
      }).pipe(Effect.provide(RunPodModels))
    )
    expect(report.cost.activeUsd).toBeGreaterThan(0)
    // No gpu given is ANY too, with the same warning.
    expect(ok(importFlash({ name: "d" })).warnings.map((w) => w.path)).toContain("gpu")
  })

  it("says how scaler_value is read, keeps a volume name out of networkVolumes, and warns about id= and dependencies", () => {
    const r = ok(importFlash({ name: "x", gpu: "GpuGroup.ADA_24", scaler_value: 2, volume: { name: "model-cache" }, dependencies: ["torch", "transformers"] }))
    expect(r.config.networkVolumes).toEqual([])
    const byPath = Object.fromEntries(r.warnings.map((w) => [w.path, w.message]))
    expect(byPath.scaler_value).toMatch(/^read as seconds of queue delay .* "target jobs per worker"/)
    expect(byPath.volume).toMatch(/"model-cache" is named, but v2 networkVolumes takes volume ids/)
    expect(byPath.dependencies).toMatch(/^2 packages installed when a worker starts: they lengthen every cold start/)
    expect(ok(importFlash({ name: "x", gpu: "GpuGroup.ADA_24", scaler_type: "REQUEST_COUNT", scaler_value: 2 })).warnings.map((w) => w.path)).not.toContain(
      "scaler_value"
    )
    const byId = ok(importFlash({ id: "abc123", gpu: "GpuGroup.ADA_24" }))
    expect(byId.warnings.find((w) => w.path === "id")!.message).toMatch(/settings live on RunPod; this config fills them from Flash defaults/)
  })
})
