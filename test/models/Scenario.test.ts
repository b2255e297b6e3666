import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { decodeScenario } from "../../src/models/Scenario.ts"
import { defaultPriceCatalog } from "../../src/models/PriceCatalog.ts"

const base = {
  name: "s",
  durationSeconds: 60,
  endpoint: { name: "x", image: "i", gpu: { pools: ["ADA_24"] } },
  workload: { arrivals: { type: "poisson", ratePerSecond: 1 }, executionSeconds: 1 }
}

describe("decodeScenario", () => {
  it("warns about misspelt scenario fields with the nearest name, and endpoint fields with dialect hints", () => {
    const r = decodeScenario({ ...base, warmupSecond: 5, platform: { dispach: "random" }, endpoint: { ...base.endpoint, workersMax: 2 } }, defaultPriceCatalog)
    if (Result.isFailure(r)) throw new Error(JSON.stringify(r.failure))
    expect(r.success.warnings).toEqual([
      { path: "warmupSecond", message: "unknown field, ignored (did you mean warmupSeconds?)" },
      { path: "platform.dispach", message: "unknown field, ignored (did you mean platform.dispatch?)" },
      { path: "endpoint.workersMax", message: "unknown field, ignored (did you mean workers.max? workersMax is the v1 REST / GraphQL name)" }
    ])
  })

  it("applies the scenario defaults and rejects a warm-up as long as the run", () => {
    const ok = decodeScenario(base, defaultPriceCatalog)
    expect(Result.isSuccess(ok) && [ok.success.scenario.seed, ok.success.scenario.warmupSeconds, ok.success.scenario.platform.scalerIntervalSeconds]).toEqual([
      1, 0, 1
    ])
    const bad = decodeScenario({ ...base, warmupSeconds: 60 }, defaultPriceCatalog)
    expect(Result.isFailure(bad) && bad.failure.problems).toEqual([{ path: "warmupSeconds", message: "expected less than durationSeconds (60), got 60" }])
  })

  it("needs an active price for active workers on a pool without one", () => {
    const r = decodeScenario({ ...base, endpoint: { ...base.endpoint, gpu: { pools: ["BLACKWELL_96"] }, workers: { min: 1 } } }, defaultPriceCatalog)
    expect(Result.isFailure(r) && r.failure.problems.map((p) => p.path)).toEqual(["platform.pools.BLACKWELL_96.activePerSecondUsd"])
  })
})

describe("limits", () => {
  it("refuses runs a typo would make endless or too big for memory", () => {
    const problems = (over: Record<string, unknown>) => {
      const r = decodeScenario({ ...base, ...over }, defaultPriceCatalog)
      return Result.isFailure(r) ? r.failure.problems.map((p) => p.path) : []
    }
    expect(problems({ durationSeconds: 1e12 })).toEqual(["durationSeconds"])
    expect(problems({ endpoint: { ...base.endpoint, workers: { max: 1e9 } } })).toEqual(["endpoint.workers.max"])
    expect(problems({ endpoint: { ...base.endpoint, workers: { max: 1000 } }, platform: { concurrencyPerWorker: 100_000 } })).toEqual([
      "platform.concurrencyPerWorker"
    ])
    expect(problems({ durationSeconds: 1e9 })).toEqual([]) // 10⁹ requests is allowed
  })
})
