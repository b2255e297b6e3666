/**
 * Plan: Little's-law sizing, the screening grid around it, the shortlist, and the choice of the
 * recommendation and runners-up (never a config without a finished run, nothing from a partial run).
 */
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { defaultPriceCatalog } from "../../src/models/PriceCatalog.ts"
import { decodeScenario } from "../../src/models/Scenario.ts"
import { parseSlo, runMetricNames, type Slo } from "../../src/models/Slo.ts"
import { littlesLawWorkers, planChoice, planVariations, shortlist, shortlistSize } from "../../src/sim/Plan.ts"
import type { RunMetrics } from "../../src/sim/Replications.ts"
import { summariseSweep, type SweepConfig } from "../../src/sim/Sweep.ts"

const scenarioOf = (rate: number, meanSeconds: number, platform: Record<string, unknown> = {}) => {
  const decoded = decodeScenario(
    {
      name: "plan",
      durationSeconds: 1000,
      endpoint: { name: "e", image: "i", gpu: { pools: ["ADA_24"] } },
      workload: { arrivals: { type: "poisson", ratePerSecond: rate }, executionSeconds: { type: "exponential", mean: meanSeconds } },
      platform
    },
    defaultPriceCatalog
  )
  if (Result.isFailure(decoded)) throw new Error(JSON.stringify(decoded.failure.problems))
  return decoded.success.scenario
}

const slo = (text: string): Slo => {
  const r = parseSlo(text)
  if ("error" in r) throw new Error(r.error)
  return r.slo
}

const zero = Object.fromEntries(runMetricNames.map((name) => [name, 0])) as RunMetrics

describe("Little's law", () => {
  it("busy workers = arrival rate × mean execution time ÷ pool speed ÷ jobs per worker", () => {
    expect(littlesLawWorkers(scenarioOf(2, 3))).toBeCloseTo(6, 12) // 2/s × 3 s
    expect(littlesLawWorkers(scenarioOf(2, 3, { pools: { ADA_24: { speed: 2 } } }))).toBeCloseTo(3, 12)
    expect(littlesLawWorkers(scenarioOf(2, 3, { concurrencyPerWorker: 4 }))).toBeCloseTo(1.5, 12)
  })

  it("the screening grid spans 0 to the Little's-law size for workers.min and leaves headroom above it", () => {
    // 2.5 busy workers: sized 3; mins 0, 1, ceil(1.25) = 2, 3; maxes 4, ceil(4.5) + 1 = 6, 8.
    const grid = Object.fromEntries(planVariations(scenarioOf(0.5, 5)).map((v) => [v.path, v.values]))
    expect(grid["endpoint.workers.min"]).toEqual([0, 1, 2, 3])
    expect(grid["endpoint.workers.max"]).toEqual([4, 6, 8])
    expect(grid["endpoint.scaling.type"]).toEqual(["QUEUE_DELAY", "REQUEST_COUNT"])
    expect(grid["endpoint.flashboot"]).toEqual(["OFF", "FLASHBOOT"])
  })
})

/** A sweep of configs with the given cost and p95 per run (`undefined` runs did not finish). */
const sweepOf = (configs: ReadonlyArray<ReadonlyArray<{ cost: number; p95: number } | undefined>>, slos: ReadonlyArray<Slo>) => {
  const scenario = scenarioOf(1, 1)
  const sweepConfigs: Array<SweepConfig> = configs.map((_, i) => ({
    label: `c${i}`,
    settings: [["endpoint.scaling.value", i + 1]],
    scenario,
    invalid: undefined
  }))
  const runs = configs.flatMap((runsOfConfig, config) =>
    runsOfConfig.map((r) => ({ config, metrics: r === undefined ? undefined : ({ ...zero, usdPerHour: r.cost, "endToEnd.p95": r.p95 } as RunMetrics) }))
  )
  return { sweep: summariseSweep(scenario, [], sweepConfigs, configs[0]!.length, slos, runs), configs: sweepConfigs }
}

const steady = (cost: number, p95: number) => [
  { cost, p95 },
  { cost, p95 },
  { cost, p95 }
]

describe("shortlist", () => {
  it("takes the configs whose means meet the targets, cheapest first", () => {
    const { sweep, configs } = sweepOf([steady(3, 5), steady(1, 9), steady(2, 5), steady(0.5, 20)], [slo("endToEnd.p95<=6")])
    expect(shortlist(sweep, configs, [slo("endToEnd.p95<=6")])).toEqual([2, 0])
  })

  it("takes the closest misses when nothing meets the targets, at most shortlistSize", () => {
    const many = Array.from({ length: shortlistSize + 3 }, (_, i) => steady(1, 10 + i))
    const { sweep, configs } = sweepOf(many, [slo("endToEnd.p95<=6")])
    expect(shortlist(sweep, configs, [slo("endToEnd.p95<=6")])).toEqual(Array.from({ length: shortlistSize }, (_, i) => i))
  })
})

describe("planChoice", () => {
  const targets = [slo("endToEnd.p95<=6")]

  it("recommends the cheapest config meeting every target; runners-up put those meeting targets first", () => {
    const { sweep } = sweepOf([steady(3, 5), steady(1, 9), steady(2, 5), steady(0.5, 20)], targets)
    const { best, runnersUp } = planChoice(sweep)
    expect(best?.label).toBe("c2")
    expect(runnersUp.map((c) => c.label)).toEqual(["c0", "c3", "c1"])
  })

  it("recommends nothing when no config meets the targets, and ranks the cheapest first", () => {
    const { sweep } = sweepOf([steady(3, 9), steady(1, 9)], targets)
    const { best, runnersUp } = planChoice(sweep)
    expect(best).toBeUndefined()
    expect(runnersUp.map((c) => c.label)).toEqual(["c1", "c0"])
  })

  it("after an interruption: no recommendation, and configs that never ran are not listed", () => {
    const { sweep } = sweepOf(
      [
        [{ cost: 2, p95: 5 }, undefined, undefined],
        [undefined, undefined, undefined],
        [{ cost: 1, p95: 5 }, { cost: 1, p95: 5 }, undefined]
      ],
      targets
    )
    expect(sweep.complete).toBe(false)
    const { best, runnersUp } = planChoice(sweep)
    expect(best).toBeUndefined()
    expect(runnersUp.map((c) => c.label)).toEqual(["c2", "c0"])
  })
})
