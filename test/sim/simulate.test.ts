/** simulate: decoding errors name the field, a seed gives byte-identical JSON, and the resolved inputs (prices, pools, timeout, services) reach the engine, by hand-computed cost and latency. */
import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { PriceCatalogs } from "../../src/models/Billing.ts"
import { ColdStarts } from "../../src/models/ColdStart.ts"
import { Placements } from "../../src/models/GpuPools.ts"
import { defaultPriceCatalog } from "../../src/models/PriceCatalog.ts"
import { loadScenario, runScenario, ScenarioError, simulate } from "../../src/sim/simulate.ts"
import { at, endpoint } from "./scenarios.ts"
import { RunPodModels } from "../../src/models/Models.ts"

const scenario = (over: Record<string, unknown> = {}) => ({
  name: "t",
  durationSeconds: 100,
  endpoint: endpoint({ scaling: { idleTimeout: 5 } }),
  workload: { arrivals: at(0), executionSeconds: 2.3 },
  platform: { coldStartSeconds: 10 },
  ...over
})

const run = (s: unknown) => Effect.runPromise(simulate(s).pipe(Effect.provide(RunPodModels)))
const problems = async (s: unknown) => {
  const e = await Effect.runPromise(Effect.flip(simulate(s)).pipe(Effect.provide(RunPodModels)))
  expect(e).toBeInstanceOf(ScenarioError)
  return e.problems
}

describe("simulate: bad scenarios", () => {
  it("names the field of each problem, with what was expected and found", async () => {
    expect(await problems(scenario({ durationSeconds: 0 }))).toEqual([{ path: "durationSeconds", message: "expected a number > 0, got 0" }])
    expect(await problems(scenario({ warmupSeconds: 100 }))).toEqual([{ path: "warmupSeconds", message: "expected less than durationSeconds (100), got 100" }])
    expect((await problems(scenario({ endpoint: endpoint({ scaling: { value: 0 } }) }))).map((p) => p.path)).toEqual(["endpoint.scaling.value"])
    expect((await problems(scenario({ workload: { arrivals: at(0), executionSeconds: { type: "uniform", min: 2 } } }))).map((p) => p.path)).toEqual([
      "workload.executionSeconds.max"
    ])
  })

  it("a pool without a published price needs the scenario's price, named by its path", async () => {
    const ps = await problems(scenario({ endpoint: endpoint({ gpu: { pools: ["ADA_32_PRO"] } }) }))
    expect(ps.map((p) => p.path)).toEqual(["platform.pools.ADA_32_PRO.flexPerSecondUsd"])
    // Given the price, the same scenario runs and is billed at it: 18 s × 0.002.
    const r = await run(
      scenario({
        endpoint: endpoint({ gpu: { pools: ["ADA_32_PRO"] }, scaling: { idleTimeout: 5 } }),
        platform: { coldStartSeconds: 10, pools: { ADA_32_PRO: { flexPerSecondUsd: 0.002 } } }
      })
    )
    expect(r.cost.totalUsd).toBeCloseTo(18 * 0.002, 12)
  })

  it("lists every problem at once", async () => {
    const ps = await problems(scenario({ name: "", durationSeconds: -1, endpoint: endpoint({ scaling: { value: 0 } }) }))
    expect(ps.map((p) => p.path)).toEqual(["name", "durationSeconds", "endpoint.scaling.value"])
  })

  it("loadScenario applies the seed and duration overrides", async () => {
    const { scenario: s } = await Effect.runPromise(
      loadScenario(scenario({ seed: 3 }), { overrides: { seed: 9, durationSeconds: 50 } }).pipe(Effect.provide(RunPodModels))
    )
    expect([s.seed, s.durationSeconds, s.warmupSeconds]).toEqual([9, 50, 0])
  })
})

describe("simulate: determinism", () => {
  const random = (seed: number) =>
    scenario({
      seed,
      durationSeconds: 300,
      workload: { arrivals: { type: "poisson", ratePerSecond: 0.5 }, executionSeconds: { type: "lognormal", median: 1, p95: 4 } },
      platform: { coldStartSeconds: { type: "exponential", mean: 8 }, dispatch: "random" }
    })

  it("the same scenario and seed give byte-identical JSON; another seed gives another run", async () => {
    const [a, b, c] = await Promise.all([run(random(4)), run(random(4)), run(random(5))])
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
    expect(a.requests.arrived).toBeGreaterThan(0)
    expect(JSON.stringify({ ...c, scenario: a.scenario })).not.toBe(JSON.stringify(a))
  })

  it("a seed given as an override runs exactly as the same seed written in the scenario", async () => {
    const loaded = await Effect.runPromise(
      Effect.flatMap(loadScenario(random(1), { overrides: { seed: 4 } }), (s) => runScenario(s.scenario)).pipe(Effect.provide(RunPodModels))
    )
    expect(JSON.stringify(loaded)).toBe(JSON.stringify(await run(random(4))))
  })
})

describe("simulate: the resolved inputs reach the engine", () => {
  // One request at 0 to an empty endpoint: cold start 10 s, execution 2.3 s, idle 5 s → 17.3 s, billed 18 s.
  it("bills a custom flex price per GPU-second, times gpu.count", async () => {
    const one = await run(scenario({ platform: { coldStartSeconds: 10, pools: { AMPERE_80: { flexPerSecondUsd: 0.01 } } } }))
    expect(one.cost.totalUsd).toBeCloseTo(0.18, 12)
    const two = await run(
      scenario({
        endpoint: endpoint({ gpu: { pools: ["AMPERE_80"], count: 2 }, scaling: { idleTimeout: 5 } }),
        platform: { coldStartSeconds: 10, pools: { AMPERE_80: { flexPerSecondUsd: 0.01 } } }
      })
    )
    expect(two.cost.totalUsd).toBeCloseTo(0.36, 12)
  })

  it("bills a custom active price for the active worker over the whole window", async () => {
    const r = await run(scenario({ endpoint: endpoint({ workers: { min: 1, max: 1 } }), platform: { pools: { AMPERE_80: { activePerSecondUsd: 0.002 } } } }))
    expect(r.cost).toMatchObject({ flexUsd: 0 })
    expect(r.cost.activeUsd).toBeCloseTo(100 * 0.002, 12)
    expect(r.latency.delayTime.max).toBe(0) // warm at 0
  })

  it("places on the next listed pool when the first has no capacity, at that pool's price and speed", async () => {
    const r = await run(
      scenario({
        endpoint: endpoint({ gpu: { pools: ["AMPERE_80", "ADA_24"] }, scaling: { idleTimeout: 5 } }),
        platform: { coldStartSeconds: 10, pools: { AMPERE_80: { capacityGpus: 0 }, ADA_24: { flexPerSecondUsd: 0.01, speed: 2 } } }
      })
    )
    // 2.3 s of work at speed 2 runs 1.15 s: 10 + 1.15 + 5 = 16.15 s, billed 17 s at 0.01.
    expect(r.latency.executionTime.max).toBeCloseTo(1.15, 2)
    expect(r.cost.totalUsd).toBeCloseTo(0.17, 12)
  })

  it("reads the endpoint timeout in milliseconds", async () => {
    const timed = (timeout: number) => run(scenario({ endpoint: endpoint({ timeout, scaling: { idleTimeout: 5 } }) }))
    const [short, long] = await Promise.all([timed(2000), timed(3000)])
    expect(short.requests).toMatchObject({ completed: 0, failed: 1 })
    expect(long.requests).toMatchObject({ completed: 1, failed: 0 })
  })

  it("PRIORITY_FLASHBOOT starts bypass a full pool unless the platform says otherwise", async () => {
    const full = (flashboot: string, priorityBypassesCapacity: boolean) =>
      run(
        scenario({
          endpoint: endpoint({ flashboot, scaling: { idleTimeout: 5 } }),
          platform: { coldStartSeconds: 10, jobTtlSeconds: 60, pools: { AMPERE_80: { capacityGpus: 0 } }, flashboot: { priorityBypassesCapacity } }
        })
      )
    const [priority, plain, off] = await Promise.all([full("PRIORITY_FLASHBOOT", true), full("FLASHBOOT", true), full("PRIORITY_FLASHBOOT", false)])
    expect(priority.requests).toMatchObject({ completed: 1, expired: 0 })
    expect(priority.latency.delayTime.max).toBe(10)
    expect(plain.requests).toMatchObject({ completed: 0, expired: 1 })
    expect(off.requests).toMatchObject({ completed: 0, expired: 1 })
  })

  it("uses the provided price catalog, cold-start model and placement services", async () => {
    const catalog = {
      ...defaultPriceCatalog,
      asOf: "2030-01-01",
      pools: { ...defaultPriceCatalog.pools, AMPERE_80: { flexPerSecondUsd: 0.02, activePerSecondUsd: 0.01 } }
    }
    const priced = await Effect.runPromise(
      simulate(scenario())
        .pipe(Effect.provide(Layer.succeed(PriceCatalogs, catalog)))
        .pipe(Effect.provide(RunPodModels))
    )
    expect(priced.cost.totalUsd).toBeCloseTo(18 * 0.02, 12)
    expect(priced.assumptions.priceCatalogAsOf).toBe("2030-01-01")

    const threeSeconds = Layer.succeed(ColdStarts, () => ({ retentionSeconds: 0, startSeconds: () => 3 }))
    const quick = await Effect.runPromise(simulate(scenario()).pipe(Effect.provide(threeSeconds)).pipe(Effect.provide(RunPodModels)))
    expect(quick.latency.delayTime.max).toBe(3)

    const nowhere = Layer.succeed(Placements, () => -1)
    const stuck = await Effect.runPromise(
      simulate(scenario({ platform: { coldStartSeconds: 10, jobTtlSeconds: 60 } }))
        .pipe(Effect.provide(nowhere))
        .pipe(Effect.provide(RunPodModels))
    )
    expect(stuck.requests).toMatchObject({ completed: 0, expired: 1 })
    expect(stuck.cost.totalUsd).toBe(0) // throttled the whole run: never billed
  })
})
