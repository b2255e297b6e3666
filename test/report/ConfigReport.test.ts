/** ConfigReport: what `validate` prints: the dialect and why, every field with its origin in aligned columns, warnings, problems. */
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { readEndpointConfig, type Reading } from "../../src/models/dialects/Dialect.ts"
import { EndpointConfigError } from "../../src/models/dialects/Normaliser.ts"
import { configReport, readingHeader } from "../../src/report/ConfigReport.ts"

const v2 = { name: "api", image: "img:1", gpu: { pools: ["ADA_24"] }, workers: { min: 1, max: 4 } }

/** The config table's rows: path, value, origin (columns are two or more spaces apart). */
const tableRows = (text: string): Array<Array<string>> => {
  const lines = text.split("\n")
  const start = lines.indexOf("Normalised v2 config (POST /v2/serverless):") + 1
  const end = lines.indexOf("", start)
  return lines.slice(start, end).map((l) => l.trim().split(/ {2,}/))
}

const failure = (problems: ReadonlyArray<{ path: string; message: string }>, warnings: ReadonlyArray<{ path: string; message: string }> = []): Reading => ({
  dialect: "v2",
  detectedFrom: ["gpu"],
  envelope: undefined,
  result: Result.fail(new EndpointConfigError({ dialect: "v2", problems: [...problems], warnings: [...warnings] }))
})

describe("readingHeader", () => {
  it("names the dialect and the fields it was detected from, or that it was forced or defaulted", () => {
    expect(readingHeader("api.json", readEndpointConfig(v2))).toBe("api.json: read as v2 REST (detected from gpu, workers)")
    expect(readingHeader("api.json", readEndpointConfig(v2, { from: "v2" }))).toBe("api.json: read as v2 REST (as told by --from)")
    expect(readingHeader("x.yaml", readEndpointConfig({ name: "x" }))).toBe("x.yaml: read as v2 REST (the default dialect; no dialect-specific field found)")
    expect(readingHeader("v1.json", readEndpointConfig({ name: "v1", gpuTypeIds: ["NVIDIA GeForce RTX 4090"] }))).toBe(
      "v1.json: read as v1 REST (detected from gpuTypeIds)"
    )
  })
})

describe("configReport of a valid config", () => {
  const text = configReport("api.json", readEndpointConfig(v2))

  it("lists every set field with its value as JSON and where it came from", () => {
    const rows = tableRows(text)
    expect(rows.map((r) => r[0])).toEqual([
      "name",
      "image",
      "gpu.pools",
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
    ])
    const byPath = new Map(rows.map((r) => [r[0], r.slice(1)]))
    expect(byPath.get("name")).toEqual(['"api"', "given"])
    expect(byPath.get("gpu.pools")).toEqual(['["ADA_24"]', "given"])
    expect(byPath.get("workers.max")).toEqual(["4", "given"])
    expect(byPath.get("scaling.type")).toEqual(['"QUEUE_DELAY"', "default (v2 REST)"])
  })

  it("aligns the value and origin columns", () => {
    const lines = text.split("\n").filter((l) => l.startsWith("  ") && !l.startsWith("   "))
    expect(lines.length).toBe(13)
    // "scaling.idleTimeout" (19 characters) is the longest path: values start 2 + 19 + 2 = 23 characters in
    for (const line of lines) expect(line[23]).not.toBe(" ")
    for (const line of lines) expect(line.slice(0, 23).trimEnd().length).toBeLessThanOrEqual(21)
    const originAt = new Set(lines.map((l) => l.search(/(given|default)/)))
    expect(originAt.size).toBe(1)
  })

  it("ends saying it is ready to POST", () => {
    expect(text.split("\n").at(-1)).toBe("Valid. `scalecast validate --json` prints this config alone, ready to POST.")
    expect(text).not.toContain("Warnings:")
  })
})

describe("configReport's origins", () => {
  it("names another dialect's field, a conversion, a default of the dialect, and --base", () => {
    const reading = readEndpointConfig(v2)
    if (Result.isFailure(reading.result)) throw new Error("v2 config should be valid")
    const imported = reading.result.success
    const text = configReport("u.json", {
      ...reading,
      result: Result.succeed({
        ...imported,
        provenance: {
          ...imported.provenance,
          "workers.min": { source: "given", from: "workersMin" },
          "workers.max": { source: "base" },
          "gpu.pools": { source: "converted", from: "gpuTypeIds", detail: "NVIDIA GeForce RTX 4090 → ADA_24" },
          "scaling.value": { source: "default", dialect: "v1 REST" }
        }
      })
    })
    const byPath = new Map(tableRows(text).map((r) => [r[0], r[2]]))
    expect(byPath.get("workers.min")).toBe("given as workersMin")
    expect(byPath.get("workers.max")).toBe("kept from --base (the update does not set it)")
    expect(byPath.get("gpu.pools")).toBe("converted from gpuTypeIds: NVIDIA GeForce RTX 4090 → ADA_24")
    expect(byPath.get("scaling.value")).toBe("default (v1 REST)")
    // a v2 path or a plain lower-case name is the field itself: no "as"
    expect(byPath.get("name")).toBe("given")
  })

  it("says a config without an image is valid for simulation but not ready to POST", () => {
    const text = configReport("v1.json", readEndpointConfig({ name: "v1", gpuTypeIds: ["NVIDIA GeForce RTX 4090"], templateId: "abc" }))
    expect(tableRows(text).map((r) => r[0])).not.toContain("image")
    expect(text).toContain("\nWarnings:\n  templateId: ")
    expect(text.split("\n").at(-1)).toBe(
      "Valid for simulation. Not ready to POST: image missing (v2 requires it); `scalecast validate --json` prints the config without it."
    )
  })
})

describe("configReport of an invalid config", () => {
  it("counts the problems, lists them one per line with their path, then the warnings", () => {
    const text = configReport(
      "bad.json",
      failure(
        [
          { path: "scaling.value", message: "expected an integer >= 1, got 0" },
          { path: "", message: "expected an object" }
        ],
        [{ path: "foo", message: "unknown field, ignored" }]
      )
    )
    expect(text).toBe(
      [
        "bad.json: read as v2 REST (detected from gpu)",
        "",
        "Invalid: 2 problems:",
        "  scaling.value: expected an integer >= 1, got 0",
        "  expected an object",
        "",
        "Warnings:",
        "  foo: unknown field, ignored"
      ].join("\n")
    )
  })

  it("says 1 problem in the singular, and reads a real invalid document", () => {
    const text = configReport("bad.json", readEndpointConfig({ ...v2, workers: { min: 3, max: 1 } }))
    expect(text).toContain("\nInvalid: 1 problem:\n  workers.min: ")
    expect(text).not.toContain("Normalised v2 config")
  })

  it("lists at most 50 problems and counts the rest", () => {
    const problems = Array.from({ length: 1234 }, (_, i) => ({ path: `env.K${i}`, message: "expected a string" }))
    const lines = configReport("many.json", failure(problems)).split("\n")
    expect(lines[2]).toBe("Invalid: 1,234 problems:")
    expect(lines.filter((l) => l.startsWith("  env.K"))).toHaveLength(50)
    expect(lines.at(-1)).toBe("  … and 1,184 more")
  })
})
