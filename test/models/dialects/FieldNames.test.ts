/** FieldNames: "did you mean …?" for another dialect's field name (naming that dialect) or a near miss, and the unknown-field warning. */
import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { suggestFor, unknownFieldWarning, type DialectId } from "../../../src/models/dialects/FieldNames.ts"

describe("another dialect's name for a setting (runpod-model.md section 1)", () => {
  it.each<[DialectId, string, string]>([
    // The README's own example.
    ["v2", "scalerValue", "did you mean scaling.value? scalerValue is the v1 REST / GraphQL name"],
    ["v2", "idle_timeout", "did you mean scaling.idleTimeout? idle_timeout is the Flash SDK name"],
    ["v2", "executionTimeoutMs", "did you mean timeout? executionTimeoutMs is the v1 REST / GraphQL name"],
    ["v2", "gpuCount", "did you mean gpu.count? gpuCount is the v1 REST name"],
    ["v2", "templateId", "did you mean image? templateId is the v1 REST / GraphQL name"],
    ["v1", "timeout", "did you mean executionTimeoutMs? timeout is the v2 REST name"],
    ["v1", "gpuIds", "did you mean gpuTypeIds? gpuIds is the GraphQL name"],
    ["graphql", "dataCenterIds", "did you mean locations? dataCenterIds is the v2 REST / v1 REST name"],
    ["graphql", "gpuTypeIds", "did you mean gpuIds? gpuTypeIds is the v1 REST name"],
    ["flash", "scalerType", "did you mean scaler_type? scalerType is the v1 REST / GraphQL name"],
    ["flash", "workersMax", "did you mean workers? workersMax is the v1 REST / GraphQL name"],
    ["flash", "executionTimeoutMs", "did you mean execution_timeout_ms? executionTimeoutMs is the v1 REST / GraphQL name"]
  ])("%s reading %s", (dialect, key, expected) => {
    expect(suggestFor(dialect, "", key, [])).toBe(expected)
  })

  it("gives no dialect hint for a setting the reading dialect lacks, or a name it shares", () => {
    // GraphQL has no GPU-count field, so v1's gpuCount has nothing to point at.
    expect(suggestFor("graphql", "", "gpuCount", [])).toBeUndefined()
    // dataCenterIds is v1's own name as well as v2's: not "another dialect's name" for v1.
    expect(suggestFor("v1", "", "dataCenterIds", [])).toBeUndefined()
  })

  it("recognises a v2 field written nested, by its full path, in another dialect", () => {
    // {"scaling": {"value": 2}} read as v1: scaling.value is v2's path for v1's scalerValue.
    expect(suggestFor("v1", "scaling", "value", [])).toMatch(/^did you mean scalerValue\? /)
    expect(suggestFor("flash", "workers", "min", [])).toMatch(/^did you mean workers\? /)
  })

  it("gives no dialect hint for another dialect's flat name written nested, and none without a dialect", () => {
    // scalerValue nested under scaling is not the v1 field; "value" is the only known name there, 6 edits away.
    expect(suggestFor("v2", "scaling", "scalerValue", ["type", "value", "idleTimeout"])).toBeUndefined()
    // A non-endpoint input (dialect null) never gets dialect hints.
    expect(suggestFor(null, "", "scalerValue", ["name", "seed"])).toBeUndefined()
  })
})

describe("near misses at the same level", () => {
  it("suggests the known name within two edits, with its full path", () => {
    expect(suggestFor(null, "platform", "dispach", ["dispatch", "drain"])).toBe("did you mean platform.dispatch?")
    expect(suggestFor("v2", "gpu", "pool", ["pools", "count"])).toBe("did you mean gpu.pools?")
    // Case differences count as equal.
    expect(suggestFor("v2", "", "NAME", ["name", "gpu"])).toBe("did you mean name?")
  })

  it("suggests nothing when no known name is within two edits", () => {
    expect(suggestFor("v2", "", "colour", ["name", "gpu", "workers"])).toBeUndefined()
    expect(suggestFor("v2", "gpu", "poolsxyz", ["pools", "count"])).toBeUndefined() // 3 edits
  })

  test.prop([fc.string({ maxLength: 12 }), fc.array(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 6 })])(
    "without a dialect, a suggestion always names one of the known names at that level",
    (key, known) => {
      const s = suggestFor(null, "p", key, known)
      if (s !== undefined) expect(known.map((k) => `did you mean p.${k}?`)).toContain(s)
    }
  )
})

describe("unknownFieldWarning", () => {
  it("names the field's full path and says it is ignored, with the suggestion when there is one", () => {
    expect(unknownFieldWarning("v2", "gpu", "poolz", ["pools", "count"])).toEqual({
      path: "gpu.poolz",
      message: "unknown field, ignored (did you mean gpu.pools?)"
    })
    expect(unknownFieldWarning("v2", "", "scalerValue", ["name", "gpu", "scaling"])).toEqual({
      path: "scalerValue",
      message: "unknown field, ignored (did you mean scaling.value? scalerValue is the v1 REST / GraphQL name)"
    })
    expect(unknownFieldWarning("v2", "", "colour", ["name"])).toEqual({ path: "colour", message: "unknown field, ignored" })
  })
})
