import { Effect, Result } from "effect"
import { readdirSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { parseDocumentText } from "../../src/cli/Document.ts"
import { readEndpointConfig } from "../../src/models/dialects/Dialect.ts"

const folder = fileURLToPath(new URL("../../examples/endpoints/", import.meta.url))

describe("the example endpoint configs shipped in examples/endpoints", () => {
  for (const name of readdirSync(folder)) {
    it(`${name} is valid, in the dialect its name says, without warnings beyond the templateId, scaler_value and update notes`, () => {
      const doc = Effect.runSync(parseDocumentText(name, readFileSync(folder + name, "utf8")))
      const reading = readEndpointConfig(doc)
      expect(reading.dialect).toBe({ v2: "v2", v1: "v1", graphql: "graphql", flash: "flash" }[name.split("-").at(-1)!.split(".")[0]!])
      expect(Result.isSuccess(reading.result)).toBe(true)
      if (Result.isSuccess(reading.result))
        expect(reading.result.success.warnings.filter((w) => w.path !== "templateId" && w.path !== "scaler_value" && w.path !== "(update)")).toEqual([])
    })
  }
})
