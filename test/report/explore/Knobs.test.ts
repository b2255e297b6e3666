/**
 * Knobs: the explore page's settings read off a decoded scenario, applied back as the scenario a
 * hand-edited document describes (endpoint fields in v2 words, the traffic multiplier on the
 * arrivals, the seed as an override), their problems one line each, and the URL hash that carries
 * them (only changed knobs; a round trip gives the same values back).
 */
import { fc, test } from "@fast-check/vitest"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { defaultPriceCatalog } from "../../../src/models/PriceCatalog.ts"
import { decodeScenario, type DecodeOptions, type Scenario } from "../../../src/models/Scenario.ts"
import { applyKnobs, fromHash, knobs, knobValues, scalesTraffic, toHash, type ExploreBase, type KnobValues } from "../../../src/report/explore/Knobs.ts"
import { quickstart } from "../../../scenarios/quickstart.ts"

const decode = (input: unknown, options: DecodeOptions = {}): Scenario => {
  const r = decodeScenario(input, defaultPriceCatalog, options)
  if (Result.isFailure(r)) throw new Error(`test scenario invalid: ${JSON.stringify(r.failure.problems)}`)
  return r.success.scenario
}

const baseOf = (input: Record<string, unknown>): ExploreBase => {
  const scenario = decode(input)
  return { input, scenario, durationSeconds: scenario.durationSeconds }
}

const document = quickstart as unknown as Record<string, unknown>
const base = baseOf(document)
const initial = knobValues(base.scenario)

const applied = (b: ExploreBase, values: KnobValues): Scenario => {
  const r = applyKnobs(b, values, defaultPriceCatalog)
  if ("problems" in r) throw new Error(`expected a scenario, got problems: ${r.problems.join("; ")}`)
  return r.scenario
}

const problemsOf = (b: ExploreBase, values: KnobValues): ReadonlyArray<string> => {
  const r = applyKnobs(b, values, defaultPriceCatalog)
  if ("scenario" in r) throw new Error("expected problems, got a scenario")
  return r.problems
}

/** A scenario without the endpoint's provenance (which says where each field came from, not what the run simulates). */
const simulated = (s: Scenario) => {
  const { endpointProvenance: _provenance, ...rest } = s
  return rest
}

describe("knobValues", () => {
  it("reads the quickstart scenario's settings, pools joined by commas and the traffic multiplier 1 when none is stated", () => {
    expect(initial).toEqual({
      "scaling.type": "QUEUE_DELAY",
      "scaling.value": 4,
      "scaling.idleTimeout": 5,
      "workers.min": 0,
      "workers.max": 5,
      flashboot: "OFF",
      "gpu.pools": "ADA_24",
      timeout: 300000,
      "workload.arrivals.rateMultiplier": 1,
      seed: 42
    })
    // One value per knob, nothing more.
    expect(Object.keys(initial).sort()).toEqual(knobs.map((k) => k.path).sort())
  })

  it("joins several pools in priority order, reads a stated multiplier and the seed override, and v2 defaults for fields not written", () => {
    const s = decode(
      {
        ...document,
        endpoint: { name: "e", image: "i", gpu: { pools: ["AMPERE_80", "ADA_24", "AMPERE_24"] } },
        workload: { arrivals: { type: "diurnal", meanRatePerSecond: 1, amplitude: 0.5, rateMultiplier: 1.5 }, executionSeconds: 1 }
      },
      { overrides: { seed: 11 } }
    )
    expect(knobValues(s)).toEqual({
      "scaling.type": "QUEUE_DELAY",
      "scaling.value": 4,
      "scaling.idleTimeout": 5,
      "workers.min": 0,
      "workers.max": 3,
      flashboot: "OFF",
      "gpu.pools": "AMPERE_80,ADA_24,AMPERE_24",
      timeout: 300000,
      "workload.arrivals.rateMultiplier": 1.5,
      seed: 11
    })
  })

  it("reads an endpoint written in another dialect through its normalised v2 config", () => {
    // v1 REST words: workersMin/workersMax, scalerType/scalerValue, idleTimeout, executionTimeoutMs, flashboot: true.
    const s = decode({
      ...document,
      endpoint: {
        name: "v1",
        templateId: "t",
        gpuTypeIds: ["NVIDIA GeForce RTX 4090"],
        workersMin: 1,
        workersMax: 4,
        scalerType: "REQUEST_COUNT",
        scalerValue: 3,
        idleTimeout: 30,
        executionTimeoutMs: 60000,
        flashboot: true
      }
    })
    expect(knobValues(s)).toMatchObject({
      "scaling.type": "REQUEST_COUNT",
      "scaling.value": 3,
      "scaling.idleTimeout": 30,
      "workers.min": 1,
      "workers.max": 4,
      flashboot: "FLASHBOOT",
      "gpu.pools": "ADA_24",
      timeout: 60000
    })
  })
})

describe("scalesTraffic", () => {
  it("is true for synthetic rates and false for listed times", () => {
    expect(scalesTraffic(base.scenario)).toBe(true)
    expect(scalesTraffic(decode({ ...document, workload: { arrivals: { type: "list", atSeconds: [1, 2] }, executionSeconds: 1 } }))).toBe(false)
    expect(
      scalesTraffic(
        decode({ ...document, workload: { arrivals: { type: "piecewise", segments: [{ fromSeconds: 0, ratePerSecond: 1 }] }, executionSeconds: 1 } })
      )
    ).toBe(true)
    expect(scalesTraffic(decode({ ...document, workload: { arrivals: { type: "bursts", baseRatePerSecond: 1, bursts: [] }, executionSeconds: 1 } }))).toBe(true)
    expect(scalesTraffic(decode({ ...document, workload: { arrivals: { type: "diurnal", meanRatePerSecond: 1, amplitude: 0.5 }, executionSeconds: 1 } }))).toBe(
      true
    )
  })
})

describe("applyKnobs, edge cases a wrong implementation gets wrong", () => {
  it("a multiplier the document states (even 1) is kept as stated, so its own values give back its scenario", () => {
    const stated = baseOf({ ...document, workload: { ...(document.workload as object), arrivals: { type: "poisson", ratePerSecond: 2, rateMultiplier: 1 } } })
    expect(applied(stated, knobValues(stated.scenario))).toEqual(stated.scenario)
  })

  it("a multiplier box holding no number is ignored on listed-time arrivals, where the multiplier does not apply", () => {
    const listed = baseOf({ ...document, workload: { arrivals: { type: "list", atSeconds: [1, 2, 3] }, executionSeconds: 1 } })
    expect("scenario" in applyKnobs(listed, { ...knobValues(listed.scenario), "workload.arrivals.rateMultiplier": Number.NaN }, defaultPriceCatalog)).toBe(true)
  })

  it("a seed typed as text is read as its number", () => {
    expect(applied(base, { ...initial, seed: "7" }).seed).toBe(7)
    expect(applied(base, { ...initial, seed: " 8 " }).seed).toBe(8)
  })

  it("a lone trailing surrogate in a hash value is replaced too, a valid pair kept", () => {
    expect(toHash({ ...initial, flashboot: "a\udc00b" }, initial)).toBe("flashboot=a%EF%BF%BDb")
    expect(toHash({ ...initial, flashboot: "😀" }, initial)).toBe(`flashboot=${encodeURIComponent("😀")}`)
  })
})

describe("applyKnobs", () => {
  it("with the scenario's own values gives the scenario it started from", () => {
    expect(applied(base, initial)).toEqual(base.scenario)
  })

  it("with changed values gives the scenario of the document edited by hand the same way (v2 words, multiplier on the arrivals, seed override)", () => {
    const values: KnobValues = {
      "scaling.type": "REQUEST_COUNT",
      "scaling.value": 7,
      "scaling.idleTimeout": 120,
      "workers.min": 2,
      "workers.max": 9,
      flashboot: "FLASHBOOT",
      "gpu.pools": "AMPERE_24,ADA_24",
      timeout: 60000,
      "workload.arrivals.rateMultiplier": 2,
      seed: 7
    }
    const edited = {
      ...quickstart,
      endpoint: {
        ...(quickstart.endpoint as Record<string, unknown>),
        gpu: { pools: ["AMPERE_24", "ADA_24"] },
        workers: { min: 2, max: 9 },
        scaling: { type: "REQUEST_COUNT", value: 7, idleTimeout: 120 },
        flashboot: "FLASHBOOT",
        timeout: 60000
      },
      workload: { ...quickstart.workload, arrivals: { type: "poisson", ratePerSecond: 2, rateMultiplier: 2 } }
    }
    const s = applied(base, values)
    expect(simulated(s)).toEqual(simulated(decode(edited, { overrides: { seed: 7 } })))
    // Spot checks, so a wrong decode on both sides cannot pass unnoticed.
    expect(s.seed).toBe(7)
    expect(s.endpoint.gpu.pools).toEqual(["AMPERE_24", "ADA_24"])
    expect(s.endpoint.scaling).toEqual({ type: "REQUEST_COUNT", value: 7, idleTimeout: 120 })
    expect(s.workload.arrivals).toEqual({ type: "poisson", ratePerSecond: 2, rateMultiplier: 2 })
    expect(knobValues(s)).toEqual(values)
    // The base is left as it was.
    expect(base.scenario.endpoint.workers).toEqual({ min: 0, max: 5 })
    expect(base.input).toEqual(quickstart)
  })

  it("keeps the base's duration (a --duration override) and everything no knob names", () => {
    const short = { ...baseOf(document), durationSeconds: 60 }
    const s = applied(short, { ...initial, "scaling.value": 2 })
    expect(s.durationSeconds).toBe(60)
    expect(s.endpoint.name).toBe("sdxl-turbo")
    expect(s.endpoint.image).toBe("runpod/worker-sdxl:stable")
    expect(s.workload.executionSeconds).toEqual(quickstart.workload.executionSeconds)
    expect(s.platform).toEqual(base.scenario.platform)
  })

  it("trims spaces and drops empty entries in the pool list", () => {
    expect(applied(base, { ...initial, "gpu.pools": " AMPERE_24 , ,ADA_24," }).endpoint.gpu.pools).toEqual(["AMPERE_24", "ADA_24"])
  })
})

describe("applyKnobs problems", () => {
  it("workers.min above workers.max names workers.min", () => {
    const ps = problemsOf(base, { ...initial, "workers.min": 4, "workers.max": 2 })
    expect(ps).toHaveLength(1)
    expect(ps[0]).toMatch(/^endpoint\.workers\.min: /)
    expect(ps[0]).toContain("2")
    expect(ps[0]).toContain("4")
  })

  it("scaling.value 0 names scaling.value", () => {
    const ps = problemsOf(base, { ...initial, "scaling.value": 0 })
    expect(ps).toEqual([expect.stringMatching(/^endpoint\.scaling\.value: expected an integer >= 1, got 0$/)])
  })

  it("an unknown pool is named with its place in the list", () => {
    const ps = problemsOf(base, { ...initial, "gpu.pools": "ADA_24,NOT_A_POOL" })
    expect(ps).toHaveLength(1)
    expect(ps[0]).toMatch(/^endpoint\.gpu\.pools\[1\]: /)
    expect(ps[0]).toContain("NOT_A_POOL")
  })

  it("an empty pool list is a problem of gpu.pools", () => {
    expect(problemsOf(base, { ...initial, "gpu.pools": " , " })).toEqual([expect.stringMatching(/^endpoint\.gpu\.pools: /)])
  })

  it("several problems are listed at once, one line each", () => {
    const ps = problemsOf(base, { ...initial, "scaling.value": 0, "scaling.idleTimeout": -1, timeout: 1.5 })
    expect(ps.map((p) => p.split(":")[0])).toEqual(expect.arrayContaining(["endpoint.scaling.value", "endpoint.scaling.idleTimeout", "endpoint.timeout"]))
    for (const p of ps) expect(p).not.toContain("\n")
  })

  it("a negative traffic multiplier names workload.arrivals.rateMultiplier", () => {
    expect(problemsOf(base, { ...initial, "workload.arrivals.rateMultiplier": -1 })).toEqual([expect.stringMatching(/^workload\.arrivals\.rateMultiplier: /)])
  })

  it.each([
    [-1, "-1"],
    [1.5, "1.5"],
    [2 ** 53, String(2 ** 53)]
  ])("a seed of %s gets the seed message", (seed, shown) => {
    expect(problemsOf(base, { ...initial, seed })).toEqual([`seed: expected a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got ${shown}`])
  })

  it("boxes holding no number are named, all at once, before anything is decoded", () => {
    expect(problemsOf(base, { ...initial, seed: Number.NaN, "workers.max": Number.POSITIVE_INFINITY, "scaling.value": Number.NaN })).toEqual([
      "scaling.value: expected a number, got no number",
      "workers.max: expected a number, got a number too large",
      "seed: expected a number, got no number"
    ])
    expect(problemsOf(base, { ...initial, seed: "x" })).toEqual(['seed: expected a number, got "x"'])
  })

  it("a seed of 0 and the largest safe integer are accepted", () => {
    expect(applied(base, { ...initial, seed: 0 }).seed).toBe(0)
    expect(applied(base, { ...initial, seed: Number.MAX_SAFE_INTEGER }).seed).toBe(Number.MAX_SAFE_INTEGER)
  })

  it("a multiplier on listed-time arrivals is ignored, not a failure", () => {
    const listed = baseOf({ ...document, workload: { arrivals: { type: "list", atSeconds: [1, 2, 3] }, executionSeconds: 1 } })
    const values = knobValues(listed.scenario)
    expect(values["workload.arrivals.rateMultiplier"]).toBe(1)
    expect(scalesTraffic(listed.scenario)).toBe(false)
    const s = applied(listed, { ...values, "workload.arrivals.rateMultiplier": 2, "workers.max": 4 })
    expect(s.workload.arrivals).toEqual({ type: "list", atSeconds: [1, 2, 3] })
    expect(s.endpoint.workers.max).toBe(4)
    // Even a multiplier that would be invalid on synthetic arrivals.
    expect("scenario" in applyKnobs(listed, { ...values, "workload.arrivals.rateMultiplier": -3 }, defaultPriceCatalog)).toBe(true)
  })
})

describe("toHash / fromHash", () => {
  it("the hash lists only the changed knobs, in the knobs' order, values percent-encoded", () => {
    expect(toHash(initial, initial)).toBe("")
    expect(toHash({ ...initial, "workers.max": 8, "scaling.value": 2 }, initial)).toBe("scaling.value=2&workers.max=8")
    expect(toHash({ ...initial, "gpu.pools": "AMPERE_24,ADA_24", seed: 42 }, initial)).toBe("gpu.pools=AMPERE_24%2CADA_24")
    expect(toHash({ ...initial, "workload.arrivals.rateMultiplier": 0.5 }, initial)).toBe("workload.arrivals.rateMultiplier=0.5")
  })

  it("numbers come back as numbers, strings as strings, over the initial values", () => {
    const v = fromHash("#scaling.value=2&workers.max=8&flashboot=FLASHBOOT&gpu.pools=AMPERE_24%2CADA_24", initial)
    expect(v).toEqual({ ...initial, "scaling.value": 2, "workers.max": 8, flashboot: "FLASHBOOT", "gpu.pools": "AMPERE_24,ADA_24" })
    expect(typeof v["scaling.value"]).toBe("number")
    expect(typeof v["workers.max"]).toBe("number")
    // A hash without the leading # reads the same.
    expect(fromHash("scaling.value=2", initial)["scaling.value"]).toBe(2)
    // A number knob that is not a number stays a number (NaN), which applyKnobs then reports.
    expect(fromHash("seed=abc", initial).seed).toBeNaN()
  })

  it("ignores unknown keys, keys without a value, malformed percent-escapes and inherited names", () => {
    const hash = "#bogus=1&workers.max&=3&scaling.value=%E0%A4%A&gpu.pools=%&__proto__=x&toString=y&constructor=z&workers.min=1"
    const v = fromHash(hash, initial)
    expect(v).toEqual({ ...initial, "workers.min": 1 })
    expect(Object.keys(v).sort()).toEqual(knobs.map((k) => k.path).sort())
    expect(fromHash("", initial)).toEqual(initial)
    expect(fromHash("#", initial)).toEqual(initial)
  })

  it("an empty number in a link is not a number (never a silent 0); a lone surrogate does not stop the hash", () => {
    expect(fromHash("seed=&workers.max=%20", initial).seed).toBeNaN()
    expect(fromHash("seed=&workers.max=%20", initial)["workers.max"]).toBeNaN()
    expect(problemsOf(base, { ...initial, seed: "" })).toEqual(['seed: expected a number, got ""'])
    expect(toHash({ ...initial, flashboot: "a\ud800b" }, initial)).toBe("flashboot=a%EF%BF%BDb")
  })

  it("a later value of the same knob wins", () => {
    expect(fromHash("workers.max=2&workers.max=7", initial)["workers.max"]).toBe(7)
  })

  const numberValue = fc.oneof(
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.double({ noNaN: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
    fc.constant(Number.NaN)
  )
  const text = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 12 }),
    fc.string({ unit: fc.constantFrom("&", "=", "#", " ", "%", "+", ",", "?", "/", "é", "😀", "a", "%2", "\u00a0"), maxLength: 10 }),
    fc.constantFrom("QUEUE_DELAY", "REQUEST_COUNT", "OFF", "FLASHBOOT", "PRIORITY_FLASHBOOT", "AMPERE_24,ADA_24", "")
  )
  const valuesArb = fc.record(
    Object.fromEntries(knobs.map((k) => [k.path, k.control === "number" ? numberValue : text])) as Record<keyof KnobValues, fc.Arbitrary<string | number>>
  ) as fc.Arbitrary<KnobValues>

  test.prop([valuesArb, valuesArb], { numRuns: 300 })("fromHash(toHash(v, initial), initial) gives v back", (v, start) => {
    for (const from of [initial, start]) {
      const hash = toHash(v, from)
      expect(fromHash(hash, from)).toEqual(v)
      expect(fromHash(`#${hash}`, from)).toEqual(v)
      // Only changed knobs are listed.
      const listed = hash === "" ? [] : hash.split("&").map((p) => p.slice(0, p.indexOf("=")))
      expect(listed).toEqual(knobs.filter((k) => String(v[k.path]) !== String(from[k.path])).map((k) => k.path))
    }
  })
})
