import { describe, expect, it } from "vitest"
import { importV1 } from "../../../src/models/dialects/V1Rest.ts"
import { fixture, lines, ok } from "../../helpers.ts"

const minimal = { name: "ep", gpuTypeIds: ["NVIDIA GeForce RTX 4090"] }

describe("v1 REST dialect", () => {
  it("decodes the docs' update input to the hand-computed v2 config", () => {
    const r = ok(importV1(fixture("seeds/v1-update-input.json")))
    expect(r.config).toEqual({
      name: "<string>",
      gpu: { pools: ["ADA_24"], count: 1 },
      workers: { min: 0, max: 3 },
      scaling: { type: "QUEUE_DELAY", value: 4, idleTimeout: 5 },
      timeout: 600000,
      flashboot: "FLASHBOOT",
      dataCenterIds: ["EU-RO-1", "CA-MTL-1"],
      networkVolumes: ["<string>"]
    })
    expect(r.provenance["gpu.pools"]).toEqual({ source: "converted", from: "gpuTypeIds", detail: "NVIDIA GeForce RTX 4090 → ADA_24" })
    expect(r.provenance.timeout).toEqual({ source: "given", from: "executionTimeoutMs" })
    expect(r.warnings.map((w) => w.path)).toEqual(["templateId"])
  })

  it("decodes the docs' response object, template included", () => {
    const r = ok(importV1(fixture("seeds/v1-endpoint-response.json")))
    expect(r.config).toEqual({
      name: "my endpoint",
      image: "runpod/pytorch:2.1.0-py3.10-cuda11.8.0-devel-ubuntu22.04",
      disk: 50,
      ports: ["8888/http", "22/tcp"],
      env: { ENV_VAR: "value" },
      gpu: { pools: ["ADA_24"], count: 1 },
      workers: { min: 0, max: 3 },
      scaling: { type: "QUEUE_DELAY", value: 4, idleTimeout: 5 },
      timeout: 600000,
      flashboot: "OFF",
      dataCenterIds: ["EU-NL-1", "EU-RO-1", "EU-SE-1"],
      networkVolumes: ["agv6w2qcg7", "bxh7w3rch8"]
    })
    expect(r.provenance.image).toEqual({ source: "converted", from: "template.imageName", detail: "the template's image" })
    expect(r.provenance.flashboot).toEqual({ source: "default", dialect: "v2; v1 documents none" })
    // A response without flashboot: the default OFF is named in the one warning about assumed defaults.
    expect(r.warnings.map((w) => w.path)).toEqual(["(update)"])
    expect(r.warnings[0]!.message).toMatch(/scalecast assumed defaults for them \(.*flashboot "OFF".*\): give the endpoint's current config with --base/)
  })

  it("applies v1's documented defaults and v2's for the rest", () => {
    const r = ok(importV1(minimal))
    expect(r.config).toMatchObject({
      gpu: { count: 1 },
      workers: { min: 0, max: 3 },
      scaling: { type: "QUEUE_DELAY", value: 4, idleTimeout: 5 },
      timeout: 300000,
      flashboot: "OFF"
    })
    expect(r.provenance["scaling.idleTimeout"]).toEqual({ source: "default", dialect: "v1 REST" })
    expect(r.provenance["workers.max"]).toEqual({ source: "default", dialect: "v2; v1 documents none" })
  })

  it("maps GPU names to pools in priority order without duplicates", () => {
    const r = ok(importV1({ ...minimal, gpuTypeIds: ["NVIDIA H100 80GB HBM3", "NVIDIA L40S", "NVIDIA H100 PCIe", "NVIDIA RTX A4500", "NVIDIA L4"] }))
    expect(r.config.gpu.pools).toEqual(["ADA_80_PRO", "ADA_48_PRO", "AMPERE_16", "AMPERE_24"])
  })

  it("names an unknown GPU and lists the known ones", () => {
    const [line] = lines(importV1({ ...minimal, gpuTypeIds: ["NVIDIA GeForce RTX 4090", "RTX 9090"] }))
    expect(line).toMatch(
      /^gpuTypeIds\[1\]: expected a GPU type id the catalog knows \(one of: NVIDIA RTX A4000, .*NVIDIA GeForce RTX 4090.*\), got "RTX 9090"$/
    )
  })

  it("refuses a GPU that Serverless does not offer", () => {
    expect(lines(importV1({ ...minimal, gpuTypeIds: ["Tesla T4"] }))[0]).toMatch(
      /^gpuTypeIds\[0\]: expected a GPU type RunPod Serverless offers .*got "Tesla T4", which is offered for Pods only$/
    )
  })

  it("checks v1's own ranges and reports cross-field problems in v1 names", () => {
    expect(lines(importV1({ ...minimal, idleTimeout: 0, scalerValue: 0, name: "x".repeat(192) }))).toEqual([
      "idleTimeout: expected an integer from 1 to 3600, got 0",
      `name: expected a non-empty string of at most 191 characters, got "${"x".repeat(59)}… (cut short)`, // never a whole value echoed
      "scalerValue: expected an integer >= 1, got 0"
    ])
    expect(lines(importV1({ ...minimal, workersMin: 4, workersMax: 2 }))).toEqual(["workersMin: expected at most workersMax (2), got 4"])
  })
})

describe("fields RunPod would refuse, accepted with a warning", () => {
  it("a data center or CUDA version outside the published enums", () => {
    const r = ok(importV1({ name: "x", gpuTypeIds: ["NVIDIA GeForce RTX 4090"], dataCenterIds: ["EU-RO-1", "MARS-1"], allowedCudaVersions: ["12.4", "13.7"] }))
    const byPath = Object.fromEntries(r.warnings.map((w) => [w.path, w.message]))
    expect(byPath["dataCenterIds[1]"]).toMatch(/^"MARS-1" is not a data center RunPod lists .* the simulation is unaffected$/)
    expect(byPath["allowedCudaVersions[1]"]).toMatch(/^"13\.7" is not a CUDA version RunPod offers/)
    expect(byPath["dataCenterIds[0]"]).toBeUndefined()
    expect(byPath["allowedCudaVersions[0]"]).toBeUndefined()
  })
})
