import { describe, expect, it } from "vitest"
import { readEndpointConfig } from "../../../src/models/dialects/Dialect.ts"
import { importGraphQL, parseGpuIds } from "../../../src/models/dialects/GraphQL.ts"
import { fixture, lines, ok } from "../../helpers.ts"

const usDataCenters = ["US-IL-1", "US-TX-3", "US-KS-2", "US-GA-2", "US-WA-1", "US-TX-1", "US-TX-4", "US-CA-2", "US-NC-1", "US-DE-1", "US-KS-3", "US-GA-1"]

const expectedCreate = {
  name: "Generated Endpoint",
  gpu: { pools: ["AMPERE_16"], count: 1 },
  workers: { min: 0, max: 3 },
  scaling: { type: "QUEUE_DELAY", value: 4, idleTimeout: 5 },
  timeout: 300000,
  flashboot: "FLASHBOOT",
  dataCenterIds: usDataCenters,
  networkVolumes: []
}

describe("GraphQL dialect", () => {
  it("decodes the docs' saveEndpoint create input", () => {
    const r = ok(importGraphQL(fixture("seeds/graphql-save-create-input.json")))
    expect(r.config).toEqual(expectedCreate)
    expect(r.provenance.flashboot).toEqual({ source: "converted", from: "name", detail: 'name ends in "-fb" → FLASHBOOT' })
    // "-fb" is the FlashBoot flag, not part of the name RunPod shows or a v2 POST should carry.
    expect(r.provenance.name).toEqual({ source: "converted", from: "name", detail: '"Generated Endpoint -fb" without its -fb suffix (the FlashBoot flag)' })
  })

  it("decodes the create output envelope the same way", () => {
    const reading = readEndpointConfig(fixture("seeds/graphql-save-create-output.json"))
    expect(reading.dialect).toBe("graphql")
    expect(reading.envelope).toBe("data.saveEndpoint")
    expect(ok(reading.result).config).toEqual(expectedCreate)
  })

  it("decodes the modify input and output (workersMax 0, other fields defaulted)", () => {
    const expected = { ...expectedCreate, workers: { min: 0, max: 0 }, dataCenterIds: [] }
    expect(ok(importGraphQL(fixture("seeds/graphql-save-modify-input.json"))).config).toEqual(expected)
    expect(ok(readEndpointConfig(fixture("seeds/graphql-save-modify-output.json")).result).config).toEqual(expected)
  })

  it("decodes a myself.endpoints entry", () => {
    const reading = readEndpointConfig(fixture("seeds/graphql-myself-endpoints.json"))
    expect(reading.envelope).toBe("data.myself.endpoints[0]")
    expect(ok(reading.result).config).toEqual({ ...expectedCreate, workers: { min: 0, max: 0 } })
  })

  it("needs --endpoint when a list has several endpoints", () => {
    const doc = fixture("seeds/graphql-myself-endpoints.json") as { data: { myself: { endpoints: Array<Record<string, unknown>> } } }
    const second = { ...doc.data.myself.endpoints[0], id: "other", name: "second", gpuIds: "ADA_24" }
    const two = { data: { myself: { endpoints: [...doc.data.myself.endpoints, second] } } }
    expect(lines(readEndpointConfig(two).result)).toEqual([
      'data.myself.endpoints: expected one endpoint, got 2 ("Generated Endpoint -fb", "second"); choose one with --endpoint <name or id>'
    ])
    expect(ok(readEndpointConfig(two, { endpoint: "other" }).result).config.gpu.pools).toEqual(["ADA_24"])
    expect(lines(readEndpointConfig(two, { endpoint: "nope" }).result)[0]).toMatch(/expected an endpoint named or with id "nope"/)
  })

  it("parses gpuIds with exclusions, dropping a pool whose every GPU is excluded", () => {
    expect(parseGpuIds("AMPERE_48, ADA_24,-NVIDIA RTX A6000").pools).toEqual(["AMPERE_48", "ADA_24"])
    const dropped = parseGpuIds("AMPERE_80,-NVIDIA A100 80GB PCIe,-NVIDIA A100-SXM4-80GB,ADA_24")
    expect(dropped.pools).toEqual(["ADA_24"])
    expect(dropped.warnings).toEqual([{ path: "gpuIds", message: "pool AMPERE_80 dropped: every GPU type in it is excluded" }])
    expect(parseGpuIds("ADA_24,-RTX 9999").problems).toEqual([{ path: "gpuIds", message: 'expected a known GPU type after "-", got "RTX 9999"' }])
    expect(parseGpuIds("ADA24").problems[0]!.message).toMatch(/^expected pool ids separated by commas .*got "ADA24" in "ADA24"$/)
  })

  it("turns FlashBoot off without the -fb suffix and converts locations", () => {
    const r = ok(importGraphQL({ gpuIds: "ADA_24", name: "plain", locations: "RO,CZ,GB" }))
    expect(r.config.flashboot).toBe("OFF")
    expect(r.config.dataCenterIds).toEqual(["EU-RO-1", "EU-CZ-1"])
    expect(r.warnings.filter((w) => w.path !== "(update)")).toEqual([{ path: "locations", message: "no RunPod data center is listed in GB; ignored" }])
  })
})
