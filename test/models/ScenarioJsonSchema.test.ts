import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { scenarioJsonSchema } from "../../src/models/ScenarioJsonSchema.ts"

describe("schema/scenario.schema.json", () => {
  it("is the JSON Schema generated from the scenario Schema (run `npm run schema` after changing it)", () => {
    const committed = readFileSync(fileURLToPath(new URL("../../schema/scenario.schema.json", import.meta.url)), "utf8")
    expect(committed).toBe(scenarioJsonSchema())
  })

  it("describes every scenario field, the platform settings and all endpoint dialects", () => {
    const schema = JSON.parse(scenarioJsonSchema())
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema")
    expect(Object.keys(schema.properties)).toEqual(["$schema", "name", "seed", "durationSeconds", "warmupSeconds", "endpoint", "workload", "platform"])
    expect(schema.required).toEqual(["name", "durationSeconds", "endpoint", "workload"])
    expect(schema.properties.endpoint.anyOf).toHaveLength(5)
    expect(Object.keys(schema.properties.platform.properties)).toEqual(
      expect.arrayContaining([
        "scalerIntervalSeconds",
        "dispatch",
        "coldStartSeconds",
        "flashboot",
        "pools",
        "activeWorkersStartWarm",
        "concurrencyPerWorker",
        "queueLimit",
        "jobTtlSeconds",
        "stopWorkerOnTimeout"
      ])
    )
  })
})
