import { describe, expect, it } from "vitest"
import { importV2 } from "../../../src/models/dialects/V2.ts"
import { bad, fixture, lines, ok } from "../../helpers.ts"

const minimal = { name: "my-inference", image: "runpod/pytorch:2.8.0-py3.11-cuda12.8.1", gpu: { pools: ["ADA_24"] } }

describe("v2 dialect", () => {
  it("decodes the docs' Endpoint example object to the hand-computed config", () => {
    const r = ok(importV2(fixture("seeds/v2-endpoint-object.json")))
    expect(r.config).toEqual({
      name: "my-inference",
      image: "runpod/pytorch:2.8.0-py3.11-cuda12.8.1",
      args: "",
      disk: 50,
      ports: ["8888/http", "22/tcp"],
      env: { JUPYTER_PASSWORD: "hunter2" },
      registry: null,
      gpu: { pools: ["ADA_24"], count: 1 },
      workers: { min: 0, max: 5 },
      scaling: { type: "QUEUE_DELAY", value: 4, idleTimeout: 5 },
      timeout: 300000,
      flashboot: "OFF",
      dataCenterIds: ["US-TX-3"],
      networkVolumes: ["vol_abc"]
    })
    // The example omits two fields the OpenAPI text marks required in a response: say so.
    expect(r.warnings.map((w) => w.path)).toEqual(expect.arrayContaining(["scaling.type", "flashboot", "cpu"]))
    expect(r.provenance["scaling.type"]).toEqual({ source: "default", dialect: "v2 REST" })
    expect(r.provenance["workers.max"]).toEqual({ source: "given", from: "workers.max" })
  })

  it("fills every v2 default into a minimal create request", () => {
    const r = ok(importV2(minimal))
    expect(r.config).toEqual({
      ...minimal,
      gpu: { pools: ["ADA_24"], count: 1 },
      workers: { min: 0, max: 3 },
      scaling: { type: "QUEUE_DELAY", value: 4, idleTimeout: 5 },
      timeout: 300000,
      flashboot: "OFF",
      dataCenterIds: [],
      networkVolumes: []
    })
    for (const path of [
      "gpu.count",
      "workers.min",
      "workers.max",
      "scaling.type",
      "scaling.value",
      "scaling.idleTimeout",
      "timeout",
      "flashboot",
      "dataCenterIds",
      "networkVolumes"
    ]) {
      expect(r.provenance[path], path).toEqual({ source: "default", dialect: "v2 REST" })
    }
  })

  it("keeps given values instead of defaults", () => {
    const r = ok(
      importV2({
        ...minimal,
        gpu: { pools: ["AMPERE_80", "ADA_24"], count: 2 },
        workers: { min: 1, max: 1 },
        scaling: { type: "REQUEST_COUNT", value: 2, idleTimeout: 0 },
        timeout: 0,
        flashboot: "PRIORITY_FLASHBOOT"
      })
    )
    expect(r.config.gpu).toEqual({ pools: ["AMPERE_80", "ADA_24"], count: 2 })
    expect(r.config.workers).toEqual({ min: 1, max: 1 })
    expect(r.config.scaling).toEqual({ type: "REQUEST_COUNT", value: 2, idleTimeout: 0 })
    expect(r.config.timeout).toBe(0)
    expect(r.config.flashboot).toBe("PRIORITY_FLASHBOOT")
  })

  it("rejects workers.min > workers.max", () => {
    expect(lines(importV2({ ...minimal, workers: { min: 4, max: 2 } }))).toEqual(["workers.min: expected at most workers.max (2), got 4"])
    // …and applies the rule against the default max of 3
    expect(lines(importV2({ ...minimal, workers: { min: 4 } }))).toEqual(["workers.min: expected at most workers.max (3), got 4"])
    expect(ok(importV2({ ...minimal, workers: { min: 3 } })).config.workers).toEqual({ min: 3, max: 3 })
  })

  it("reports every problem at once, each with path, expectation and the value found", () => {
    const r = importV2({
      name: "",
      image: 3,
      gpu: { pools: ["ADA_24", "NOPE"], count: 0 },
      scaling: { value: 0, idleTimeout: -1, type: "FAST" },
      workers: { min: 1.5 },
      timeout: "300000",
      flashboot: true
    })
    expect(lines(r)).toEqual([
      "image: expected a string, got 3",
      'name: expected a non-empty string, got ""',
      'gpu.pools[1]: expected "AMPERE_16" | "AMPERE_24" | "ADA_24" | "ADA_32_PRO" | "AMPERE_48" | "ADA_48_PRO" | "AMPERE_80" | "ADA_80_PRO" | "HOPPER_141" | "BLACKWELL_96" | "BLACKWELL_180", got "NOPE"',
      "gpu.count: expected an integer >= 1, got 0",
      "workers.min: expected an integer >= 0, got 1.5",
      'scaling.type: expected "QUEUE_DELAY" | "REQUEST_COUNT", got "FAST"',
      "scaling.value: expected an integer >= 1, got 0",
      "scaling.idleTimeout: expected an integer >= 0, got -1",
      'timeout: expected a number, got "300000"',
      'flashboot: expected "OFF" | "FLASHBOOT" | "PRIORITY_FLASHBOOT", got true'
    ])
  })

  it("requires name, image and gpu on a create request", () => {
    expect(lines(importV2({}))).toEqual([
      "image: expected a value (required), got nothing",
      "name: expected a value (required), got nothing",
      "gpu: expected a value (required), got nothing"
    ])
    expect(lines(importV2({ ...minimal, gpu: { pools: [] } }))).toEqual(["gpu.pools: expected at least one pool id, got []"])
  })

  it("says a number too large for JSON is too large", () => {
    expect(lines(importV2({ ...minimal, workers: { max: Number.POSITIVE_INFINITY } }))).toEqual([
      "workers.max: expected an integer >= 0, got a number too large to represent (Infinity)"
    ])
  })

  it("warns about unknown fields, naming the v2 field another dialect's name stands for", () => {
    const r = ok(importV2({ ...minimal, scalerValue: 3, idle_timeout: 5, scaling: { vaule: 2 }, timout: 1 }))
    expect(r.warnings).toEqual([
      { path: "scalerValue", message: "unknown field, ignored (did you mean scaling.value? scalerValue is the v1 REST / GraphQL name)" },
      { path: "idle_timeout", message: "unknown field, ignored (did you mean scaling.idleTimeout? idle_timeout is the Flash SDK name)" },
      { path: "scaling.vaule", message: "unknown field, ignored (did you mean scaling.value?)" },
      { path: "timout", message: "unknown field, ignored (did you mean timeout?)" }
    ])
    expect(r.config.scaling.value).toBe(4)
  })

  it("rejects a CPU-only Endpoint response with a reason", () => {
    const endpoint = fixture("seeds/v2-endpoint-object.json") as Record<string, unknown>
    expect(bad(importV2({ ...endpoint, gpu: null })).problems).toEqual([
      { path: "gpu", message: "expected a GPU config; this is a CPU endpoint, which scalecast does not simulate" }
    ])
  })

  it("warns when workers.max exceeds the default account quota and when a pool has no price", () => {
    const r = ok(importV2({ ...minimal, gpu: { pools: ["ADA_32_PRO"] }, workers: { max: 6 } }))
    expect(r.warnings.map((w) => w.path)).toEqual(["workers.max", "gpu.pools[0]"])
    expect(ok(importV2({ ...minimal, workers: { max: 5 } })).warnings).toEqual([])
  })
})
