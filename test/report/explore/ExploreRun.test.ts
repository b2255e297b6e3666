/**
 * ExploreRun: the explore page's run. The document it ships decodes to the scenario or to its
 * problems; for any knob values its report is the one `scalecast simulate --json` prints for the
 * document edited by hand the same way (same seed), its v2 request is that report's endpoint as a
 * `POST /v2/serverless` body, and a long run reports progress in simulated seconds.
 */
import { fc, test } from "@fast-check/vitest"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { toCreateEndpointRequest } from "../../../src/models/EndpointConfig.ts"
import { RunPodModels } from "../../../src/models/Models.ts"
import { exploreBase, exploreRun, type ExploreOutcome } from "../../../src/report/explore/ExploreRun.ts"
import { knobValues, type ExploreBase, type KnobValues } from "../../../src/report/explore/Knobs.ts"
import type { SimResult } from "../../../src/sim/SimResult.ts"
import { simulate } from "../../../src/sim/simulate.ts"

/** Ten minutes at 1 request/s: short enough to simulate many times. */
const short = {
  name: "short",
  seed: 5,
  durationSeconds: 600,
  endpoint: { name: "e", image: "img", gpu: { pools: ["ADA_24"] }, workers: { min: 0, max: 3 } },
  workload: { arrivals: { type: "poisson", ratePerSecond: 1 }, executionSeconds: { type: "lognormal", median: 1, p95: 4 } },
  platform: { coldStartSeconds: { type: "exponential", mean: 8 } }
}

const baseOf = (input: Record<string, unknown>, durationSeconds?: number): ExploreBase => {
  const b = exploreBase(input, durationSeconds)
  if ("problems" in b) throw new Error(`test scenario invalid: ${b.problems.join("; ")}`)
  return b
}

const succeeded = (o: ExploreOutcome) => {
  if ("problems" in o) throw new Error(`expected a run, got problems: ${o.problems.join("; ")}`)
  return o
}

/** The document edited by hand with the knob values: endpoint fields in v2 words, the multiplier on the arrivals. */
const editedBy = (doc: typeof short, v: KnobValues) => ({
  ...doc,
  endpoint: {
    ...doc.endpoint,
    gpu: { pools: String(v["gpu.pools"]).split(",") },
    workers: { min: v["workers.min"], max: v["workers.max"] },
    scaling: { type: v["scaling.type"], value: v["scaling.value"], idleTimeout: v["scaling.idleTimeout"] },
    flashboot: v.flashboot,
    timeout: v.timeout
  },
  workload: { ...doc.workload, arrivals: { ...doc.workload.arrivals, rateMultiplier: v["workload.arrivals.rateMultiplier"] } }
})

/** What `scalecast simulate <doc> --seed N --json` reports. */
const cliReport = (doc: unknown, seed: number): SimResult => Effect.runSync(simulate(doc, { overrides: { seed } }).pipe(Effect.provide(RunPodModels)))

describe("exploreBase", () => {
  it("decodes the document as written, keeping the document itself", () => {
    const b = baseOf(short)
    expect(b.input).toBe(short)
    expect(b.durationSeconds).toBe(600)
    expect(b.scenario.seed).toBe(5)
    expect(b.scenario.endpoint.workers).toEqual({ min: 0, max: 3 })
    expect(b.scenario.workload.arrivals).toEqual({ type: "poisson", ratePerSecond: 1 })
  })

  it("applies the duration the page was given (the CLI's --duration)", () => {
    const b = baseOf(short, 120)
    expect([b.durationSeconds, b.scenario.durationSeconds]).toEqual([120, 120])
    const r = succeeded(exploreRun(b, knobValues(b.scenario)))
    expect(r.result.scenario.durationSeconds).toBe(120)
  })

  it("gives the problems of an invalid document, one line each, naming the path", () => {
    const b = exploreBase({
      ...short,
      name: "",
      durationSeconds: -1,
      endpoint: { name: "e", image: "img", gpu: { pools: ["ADA_24"] }, scaling: { value: 0 } },
      workload: { arrivals: { type: "poison" }, executionSeconds: "2" }
    })
    expect("problems" in b).toBe(true)
    const problems = "problems" in b ? b.problems : []
    for (const p of problems) expect(p).not.toContain("\n")
    expect(problems).toEqual(
      expect.arrayContaining([
        'name: expected a non-empty string, got ""',
        "durationSeconds: expected a number > 0, got -1",
        "endpoint.scaling.value: expected an integer >= 1, got 0",
        expect.stringMatching(/^workload\.arrivals: expected /),
        expect.stringMatching(/^workload\.executionSeconds: expected /)
      ])
    )
    expect(problems).toHaveLength(5)
  })

  it("a pool without a published price is a problem of the scenario", () => {
    const b = exploreBase({ ...short, endpoint: { ...short.endpoint, gpu: { pools: ["ADA_32_PRO"] } } })
    expect("problems" in b && b.problems).toEqual([expect.stringMatching(/^platform\.pools\.ADA_32_PRO\.flexPerSecondUsd: /)])
  })
})

describe("exploreRun", () => {
  it("with the scenario's own values reports what simulate reports for the document", () => {
    const b = baseOf(short)
    const r = succeeded(exploreRun(b, knobValues(b.scenario)))
    expect(JSON.stringify(r.result)).toBe(JSON.stringify(cliReport(short, 5)))
    expect(r.result.requests.arrived).toBeGreaterThan(400)
  })

  it("gives the problems of invalid values instead of a run", () => {
    const b = baseOf(short)
    const o = exploreRun(b, { ...knobValues(b.scenario), "workers.min": 5, "workers.max": 2 })
    expect("problems" in o && o.problems).toEqual([expect.stringMatching(/^endpoint\.workers\.min: /)])
    const s = exploreRun(b, { ...knobValues(b.scenario), seed: -1 })
    expect("problems" in s && s.problems).toEqual([expect.stringMatching(/^seed: /)])
  })

  // Pools with both a flex and an active price, so any workers.min can be billed.
  const pricedPools = ["AMPERE_16", "AMPERE_24", "ADA_24", "AMPERE_48", "ADA_48_PRO", "AMPERE_80", "ADA_80_PRO", "HOPPER_141", "BLACKWELL_180"]
  const knobValuesArb: fc.Arbitrary<KnobValues> = fc
    .record({
      type: fc.constantFrom("QUEUE_DELAY", "REQUEST_COUNT"),
      value: fc.integer({ min: 1, max: 60 }),
      idle: fc.integer({ min: 0, max: 600 }),
      max: fc.integer({ min: 0, max: 30 }),
      minShare: fc.double({ min: 0, max: 1, noNaN: true }),
      flashboot: fc.constantFrom("OFF", "FLASHBOOT", "PRIORITY_FLASHBOOT"),
      pools: fc.shuffledSubarray(pricedPools, { minLength: 1, maxLength: 4 }),
      timeout: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 600_000 })),
      multiplier: fc.oneof(fc.constantFrom(0, 1, 2), fc.double({ min: 0, max: 5, noNaN: true, noDefaultInfinity: true })),
      seed: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.maxSafeNat())
    })
    .map((r) => ({
      "scaling.type": r.type,
      "scaling.value": r.value,
      "scaling.idleTimeout": r.idle,
      "workers.min": Math.floor(r.minShare * r.max),
      "workers.max": r.max,
      flashboot: r.flashboot,
      "gpu.pools": r.pools.join(","),
      timeout: r.timeout,
      "workload.arrivals.rateMultiplier": r.multiplier,
      seed: r.seed
    }))

  test.prop([knobValuesArb], { numRuns: 15 })("for any valid knob values, the report is simulate's for the hand-edited document and the same seed", (v) => {
    const base = baseOf(short)
    const r = succeeded(exploreRun(base, v))
    const expected = cliReport(editedBy(short, v), Number(v.seed))
    expect(JSON.stringify(r.result)).toBe(JSON.stringify(expected))
    expect(r.request).toEqual(toCreateEndpointRequest(r.result.endpoint))
    // And the request is the knobs' config, not the base's.
    expect(r.request.gpu.pools).toEqual(String(v["gpu.pools"]).split(","))
    expect(r.request.workers).toEqual({ min: v["workers.min"], max: v["workers.max"] })
    expect(r.request.scaling).toEqual({ type: v["scaling.type"], value: v["scaling.value"], idleTimeout: v["scaling.idleTimeout"] })
    expect([r.request.flashboot, r.request.timeout, r.result.scenario.seed]).toEqual([v.flashboot, v.timeout, v.seed])
    // The base is untouched, so the next run starts from the same scenario.
    expect(base.scenario.endpoint.gpu.pools).toEqual(["ADA_24"])
  })

  it("the request lists the v2 fields in the OpenAPI order, ready to POST", () => {
    const b = baseOf(short)
    const r = succeeded(exploreRun(b, { ...knobValues(b.scenario), "gpu.pools": "AMPERE_24,ADA_24", flashboot: "FLASHBOOT" }))
    expect(Object.keys(r.request)).toEqual(["name", "image", "gpu", "workers", "scaling", "timeout", "flashboot", "dataCenterIds", "networkVolumes"])
    expect(JSON.stringify(r.request)).toBe(JSON.stringify(toCreateEndpointRequest(r.result.endpoint)))
  })

  it("reports progress in increasing simulated seconds about every million events", () => {
    // 100 requests/s × 3 (the traffic knob) for two hours of 50 ms jobs: a few million events, about a second.
    const busy = {
      ...short,
      durationSeconds: 7200,
      endpoint: { ...short.endpoint, workers: { min: 0, max: 30 }, scaling: { type: "REQUEST_COUNT", value: 10 } },
      workload: { arrivals: { type: "poisson", ratePerSecond: 100 }, executionSeconds: 0.05 }
    }
    const b = baseOf(busy)
    const seen: Array<number> = []
    const r = succeeded(exploreRun(b, { ...knobValues(b.scenario), "workload.arrivals.rateMultiplier": 3 }, (t) => seen.push(t)))
    expect(r.result.run.events).toBeGreaterThan(3 * 2 ** 20)
    expect(seen).toHaveLength(Math.floor(r.result.run.events / 2 ** 20))
    expect(seen[0]).toBeGreaterThan(0)
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]!)
    expect(seen[seen.length - 1]).toBeLessThanOrEqual(r.result.run.endSeconds)
    // Progress is spread over the run, not reported at its end.
    expect(seen[0]).toBeLessThan(r.result.run.endSeconds / 2)
  })

  it("a short run reports no progress, and a run without a listener still runs", () => {
    const b = baseOf(short)
    const seen: Array<number> = []
    const r = succeeded(exploreRun(b, knobValues(b.scenario), (t) => seen.push(t)))
    expect(r.result.run.events).toBeLessThan(2 ** 20)
    expect(seen).toEqual([])
  })
})
