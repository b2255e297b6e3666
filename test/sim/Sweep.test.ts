/**
 * Sweeps: intervals cover what they claim, common random numbers cancel, the recommendation never
 * breaks a target at its bound and gets no cheaper when a target gets stricter, and parallel runs
 * equal serial ones.
 */
import { fc, test } from "@fast-check/vitest"
import { Effect, Result } from "effect"
import { describe, expect, it } from "vitest"
import { decodeScenario } from "../../src/models/Scenario.ts"
import { defaultPriceCatalog } from "../../src/models/PriceCatalog.ts"
import { meets, parseSlo, runMetricNames, type Slo } from "../../src/models/Slo.ts"
import { interval, metricsOf, pairedDifferences, type RunMetrics } from "../../src/sim/Replications.ts"
import { RunPool, runOnPool } from "../../src/sim/RunPool.ts"
import { runScenario } from "../../src/sim/simulate.ts"
import { summariseSweep, type SweepConfig } from "../../src/sim/Sweep.ts"
import { RunPodModels } from "../../src/models/Models.ts"

const decoded = decodeScenario(
  {
    name: "sweep",
    seed: 1,
    durationSeconds: 200,
    endpoint: { name: "e", image: "i", gpu: { pools: ["ADA_24"] }, workers: { min: 2, max: 2 } },
    workload: { arrivals: { type: "poisson", ratePerSecond: 0.5 }, executionSeconds: { type: "exponential", mean: 1 } }
  },
  defaultPriceCatalog
)
if (Result.isFailure(decoded)) throw new Error("test scenario invalid")
const scenario = decoded.success.scenario

const slo = (text: string): Slo => {
  const r = parseSlo(text)
  if ("error" in r) throw new Error(r.error)
  return r.slo
}

describe("confidence intervals", () => {
  it("cover the true mean at about the stated 95 % (400 intervals of 5 replications)", async () => {
    // The execution time distribution is exponential with mean 1 s, so each run's mean executionTime
    // has true mean 1. Coverage of 400 intervals has SE sqrt(.95·.05/400) ≈ 1.1 %; 91–98.5 % is ±3.5 SE.
    let covered = 0
    const n = 400
    for (let k = 0; k < n; k++) {
      const runs = await Promise.all(
        Array.from({ length: 5 }, (_, r) => Effect.runPromise(runScenario({ ...scenario, seed: 10_000 + k * 5 + r }).pipe(Effect.provide(RunPodModels))))
      )
      const ci = interval(runs.map((x) => x.latency.executionTime.mean))
      if (ci.low! <= 1 && 1 <= ci.high!) covered++
    }
    expect(covered / n).toBeGreaterThan(0.91)
    expect(covered / n).toBeLessThan(0.985)
  })

  it("give a zero-width interval for one replication and use Student's t", () => {
    expect(interval([3])).toEqual({ mean: 3, low: 3, high: 3, halfWidth: 0 })
    // n = 2: t(1) = 12.706, sd = sqrt(2), SE = 1 → half-width 12.706
    expect(interval([1, 3]).halfWidth).toBeCloseTo(12.706, 3)
  })
})

describe("common random numbers", () => {
  it("make the difference between two identical configs exactly zero", async () => {
    const runs = await Promise.all(
      Array.from({ length: 4 }, (_, r) => Effect.runPromise(runScenario({ ...scenario, seed: 5 + r }).pipe(Effect.provide(RunPodModels))))
    )
    const again = await Promise.all(
      Array.from({ length: 4 }, (_, r) => Effect.runPromise(runScenario({ ...scenario, seed: 5 + r }).pipe(Effect.provide(RunPodModels))))
    )
    const diff = pairedDifferences(runs.map(metricsOf), again.map(metricsOf))
    for (const name of runMetricNames) expect(diff[name]).toEqual({ mean: 0, low: 0, high: 0, halfWidth: 0 })
  })

  it("a parallel run on worker threads equals the serial run", async () => {
    const tasks = Array.from({ length: 6 }, (_, r) => ({ scenario, seed: 100 + r }))
    const onPool = (workers: number) => Effect.runPromise(runOnPool(new RunPool(workers), tasks).pipe(Effect.provide(RunPodModels)))
    const [serial, parallel] = [await onPool(0), await onPool(2)]
    expect(parallel.complete).toBe(true)
    expect(JSON.stringify(parallel.metrics)).toBe(JSON.stringify(serial.metrics))
  })
})

/** A run whose every metric is 0, to build synthetic runs from. */
const zero = Object.fromEntries(runMetricNames.map((name) => [name, 0])) as RunMetrics

/** Synthetic runs: per config, R runs of (cost, latency) around given means. */
const synthetic = fc.array(
  fc.record({
    cost: fc.double({ min: 0.1, max: 10, noNaN: true }),
    latency: fc.double({ min: 0.1, max: 20, noNaN: true }),
    spread: fc.double({ min: 0, max: 2, noNaN: true })
  }),
  { minLength: 1, maxLength: 12 }
)

const sweepOf = (configs: ReadonlyArray<{ cost: number; latency: number; spread: number }>, slos: ReadonlyArray<Slo>) => {
  const R = 4
  const sweepConfigs: Array<SweepConfig> = configs.map((_, i) => ({
    label: `c${i}`,
    settings: [["endpoint.scaling.value", i + 1]],
    scenario,
    invalid: undefined
  }))
  const runs = configs.flatMap((c, config) =>
    Array.from({ length: R }, (_, r) => ({
      config,
      metrics: { ...zero, failed: 0, usdPerHour: c.cost + (r - 1.5) * 0.01 * c.spread, "endToEnd.p95": c.latency + (r - 1.5) * c.spread } as RunMetrics
    }))
  )
  return summariseSweep(scenario, [], sweepConfigs, R, slos, runs)
}

describe("recommendation", () => {
  test.prop([synthetic, fc.double({ min: 0.5, max: 20, noNaN: true })])("never violates a target at its confidence bound", (configs, limit) => {
    const slos = [slo(`endToEnd.p95<=${limit}`)]
    const s = sweepOf(configs, slos)
    if (s.recommendation === null) {
      expect(s.configs.every((c) => !c.meetsAll)).toBe(true)
      expect(s.message).toMatch(/^No config in this grid meets endToEnd\.p95<=.*; closest is c\d+/)
      return
    }
    const chosen = s.configs.find((c) => c.label === s.recommendation!.label)!
    for (const t of slos) expect(meets(t, chosen.metrics![t.metric])).toBe(true)
    expect(chosen.metrics!["endToEnd.p95"].high).toBeLessThanOrEqual(limit)
    // …and it is the cheapest config that meets them.
    for (const c of s.configs) if (c.meetsAll) expect(chosen.metrics!.usdPerHour.mean!).toBeLessThanOrEqual(c.metrics!.usdPerHour.mean!)
  })

  test.prop([synthetic, fc.double({ min: 0.5, max: 20, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true })])(
    "with a stricter target the recommended cost never goes down",
    (configs, limit, tighter) => {
      const loose = sweepOf(configs, [slo(`endToEnd.p95<=${limit + tighter}`)])
      const strict = sweepOf(configs, [slo(`endToEnd.p95<=${limit}`)])
      if (strict.recommendation === null || loose.recommendation === null) {
        if (loose.recommendation === null) expect(strict.recommendation).toBeNull()
        return
      }
      const cost = (s: typeof loose) => s.configs.find((c) => c.label === s.recommendation!.label)!.metrics!.usdPerHour.mean
      expect(cost(strict)!).toBeGreaterThanOrEqual(cost(loose)!)
    }
  )

  it("marks the Pareto front of cost against the first latency target", () => {
    const s = sweepOf(
      [
        { cost: 1, latency: 10, spread: 0 },
        { cost: 2, latency: 5, spread: 0 },
        { cost: 3, latency: 6, spread: 0 }, // dominated by the second
        { cost: 4, latency: 1, spread: 0 }
      ],
      [slo("endToEnd.p95<=5.5")]
    )
    expect(s.configs.map((c) => c.pareto)).toEqual([true, true, false, true])
    expect(s.recommendation?.label).toBe("c1")
  })
})

describe("sweep report", () => {
  it("draws a Pareto chart and, for two knobs, a heatmap, with finite attributes", async () => {
    const { sweepHtml, heatmap, paretoChart } = await import("../../src/report/SweepReport.ts")
    const configs: Array<SweepConfig> = []
    const runs: Array<{ config: number; metrics: RunMetrics }> = []
    for (const a of [1, 2, 3]) {
      for (const b of [5, 30]) {
        const config = configs.length
        configs.push({
          label: `scaling.value=${a} scaling.idleTimeout=${b}`,
          settings: [
            ["endpoint.scaling.value", a],
            ["endpoint.scaling.idleTimeout", b]
          ],
          scenario,
          invalid: undefined
        })
        for (let r = 0; r < 3; r++)
          runs.push({ config, metrics: { ...zero, usdPerHour: a + b / 10 + r * 0.01, "endToEnd.p95": 10 / a + r * 0.1 } as RunMetrics })
      }
    }
    const s = summariseSweep(
      scenario,
      [
        { path: "endpoint.scaling.value", values: [1, 2, 3] },
        { path: "endpoint.scaling.idleTimeout", values: [5, 30] }
      ],
      configs,
      3,
      [slo("endToEnd.p95<=6")],
      runs
    )
    const pareto = paretoChart(s, "endToEnd.p95")
    expect(pareto.match(/<circle/g)).toHaveLength(6)
    const map = heatmap(s)
    expect(map.match(/<rect x=/g)).toHaveLength(6)
    expect(map.match(/>✓</g)).toHaveLength(4) // value 2 and 3 meet p95 <= 6 at both idle timeouts
    for (const svg of [pareto, map, sweepHtml(s, "endToEnd.p95")]) expect(svg).not.toMatch(/NaN|Infinity/)
  })
})

describe("configs whose requests do not complete", () => {
  const failing = (runs: number, p95: number | null) =>
    Array.from({ length: runs }, (_, r) => ({ ...zero, usdPerHour: 0.01, unfinishedShare: 1, "endToEnd.p95": r === 0 ? p95 : 5 }) as RunMetrics)

  test.prop([
    synthetic,
    fc.constantFrom(Number.POSITIVE_INFINITY, null),
    fc.constantFrom<ReadonlyArray<string>>([], ["usdPerHour<=100"], ["endToEnd.p95<=1000"])
  ])("are never recommended nor on the Pareto front, however cheap, with or without targets", (configs, p95, targets) => {
    const R = 4
    const sweepConfigs: Array<SweepConfig> = [...configs, null].map((_, i) => ({
      label: `c${i}`,
      settings: [["endpoint.scaling.value", i + 1]],
      scenario,
      invalid: undefined
    }))
    const runs = [
      ...configs.flatMap((c, config) =>
        Array.from({ length: R }, () => ({ config, metrics: { ...zero, usdPerHour: c.cost, "endToEnd.p95": c.latency } as RunMetrics }))
      ),
      ...failing(R, p95).map((metrics) => ({ config: configs.length, metrics }))
    ]
    const s = summariseSweep(scenario, [], sweepConfigs, R, targets.map(slo), runs)
    const bad = s.configs[configs.length]!
    expect(bad.pareto).toBe(false)
    expect(s.recommendation?.label).not.toBe(bad.label)
    expect(s.recommendation).not.toBeNull() // the others all complete and meet these loose targets
  })

  it("an interval over replications is infinite if any run's figure is, absent if any is absent", () => {
    expect(interval([1, 2, Number.POSITIVE_INFINITY])).toEqual({ mean: Infinity, low: Infinity, high: Infinity, halfWidth: 0 })
    expect(interval([1, null, Number.POSITIVE_INFINITY])).toEqual({ mean: null, low: null, high: null, halfWidth: null })
    expect(interval([])).toEqual({ mean: null, low: null, high: null, halfWidth: null })
    const d = pairedDifferences([{ ...zero, "endToEnd.p95": 1 }], [{ ...zero, "endToEnd.p95": Number.POSITIVE_INFINITY }])
    expect(d["endToEnd.p95"].mean).toBeNull() // ∞ − 1 is no difference anyone can use
    expect(d.usdPerHour.mean).toBe(0)
  })
})

describe("an interrupted sweep", () => {
  it("recommends nothing, says how far it got and which config led", () => {
    const configs: Array<SweepConfig> = [1, 2].map((v) => ({
      label: `scaling.value=${v}`,
      settings: [["endpoint.scaling.value", v]],
      scenario,
      invalid: undefined
    }))
    const run = (cost: number) => ({ ...zero, usdPerHour: cost, "endToEnd.p95": 1 }) as RunMetrics
    const runs = [
      { config: 0, metrics: run(2) },
      { config: 0, metrics: run(2) },
      { config: 1, metrics: run(1) },
      { config: 1, metrics: undefined }
    ]
    const s = summariseSweep(scenario, [], configs, 2, [slo("endToEnd.p95<=6")], runs)
    expect(s.complete).toBe(false)
    expect(s.recommendation).toBeNull()
    expect(s.message).toBe(
      "INCOMPLETE (3 of 4 runs): no recommendation from a partial sweep; so far scaling.value=2 is the cheapest meeting the targets, over 1 of 2 replications."
    )
    const whole = summariseSweep(
      scenario,
      [],
      configs,
      2,
      [slo("endToEnd.p95<=6")],
      runs.map((r) => ({ ...r, metrics: r.metrics ?? run(1) }))
    )
    expect(whole.recommendation?.label).toBe("scaling.value=2")
  })
})
