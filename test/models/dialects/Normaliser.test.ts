/** Normaliser: decoding with every problem at once, unknown fields as warnings, and ConfigBuilder's provenance, defaults, --base merge and renamed problems. */
import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { ConfigBuilder, decodeDialect, decodeInput, EndpointConfigError, unknownFields, type ImportResult } from "../../../src/models/dialects/Normaliser.ts"
import { v2Defaults, type EndpointConfig } from "../../../src/models/EndpointConfig.ts"
import { IntAtLeast, Str } from "../../../src/models/fields.ts"
import { bad, ok } from "../../helpers.ts"

const Pair = Schema.Struct({ a: IntAtLeast(1), b: Str })

describe("decodeInput", () => {
  it("reports every problem at once, each with its path, what was expected and the value found", () => {
    const r = decodeInput(Pair, { a: 0, b: 3 })
    expect(Result.isFailure(r) && r.failure).toEqual([
      { path: "a", message: "expected an integer >= 1, got 0" },
      { path: "b", message: "expected a string, got 3" }
    ])
  })

  it("reports a missing required field, and returns the value when it decodes", () => {
    const missing = decodeInput(Pair, { b: "x" })
    expect(Result.isFailure(missing) && missing.failure).toEqual([{ path: "a", message: "expected a value (required), got nothing" }])
    const good = decodeInput(Pair, { a: 2, b: "x" })
    expect(Result.isSuccess(good) && good.success).toEqual({ a: 2, b: "x" })
  })
})

describe("unknownFields", () => {
  const Nested = Schema.Struct({
    name: Str,
    gpu: Schema.Struct({ pools: Schema.Array(Schema.Struct({ id: Str })), count: Schema.optionalKey(IntAtLeast(1)) }),
    env: Schema.optionalKey(Schema.Record(Schema.String, Str)),
    shape: Schema.optionalKey(Schema.Union([Schema.Struct({ a: Str, b: Str }), Schema.Struct({ c: Str, d: Str })]))
  })

  it("lists unknown keys at every level with their full paths, list items included", () => {
    const input = { name: "n", gpu: { pools: [{ id: "x" }, { id: "y", idd: 1 }], extra: true }, top: 2 }
    expect(unknownFields(null, Nested.ast, input).map((w) => w.path)).toEqual(["gpu.pools[1].idd", "gpu.extra", "top"])
  })

  it("reports an unknown key once, without descending into its value", () => {
    expect(unknownFields(null, Nested.ast, { name: "n", gpu: { pools: [] }, mystery: { deep: { deeper: 1 } } }).map((w) => w.path)).toEqual(["mystery"])
  })

  it("accepts any key of a record (env) and checks a union against the member the value fits best", () => {
    // {c, d, e} fits the {c, d} member: only e is unknown (not c and d as the {a, b} member would say).
    const input = { name: "n", gpu: { pools: [] }, env: { ANY_NAME: "v" }, shape: { c: "1", d: "2", e: "3" } }
    expect(unknownFields(null, Nested.ast, input).map((w) => w.path)).toEqual(["shape.e"])
  })

  it("checks a list given where a union allows a string or a list against the list member", () => {
    // Like v1's dataCenterIds (a list or one string): the items of a list are still checked for unknown keys.
    const S = Schema.Struct({ ids: Schema.Union([Str, Schema.Array(Schema.Struct({ id: Str }))]) })
    expect(unknownFields(null, S.ast, { ids: [{ id: "a" }, { id: "b", zz: 1 }] }).map((w) => w.path)).toEqual(["ids[1].zz"])
    expect(unknownFields(null, S.ast, { ids: "a,b" })).toEqual([])
  })

  it("follows a suspended schema", () => {
    const Inner = Schema.Struct({ x: Str })
    const Outer = Schema.Struct({ inner: Schema.suspend(() => Inner) })
    expect(unknownFields(null, Outer.ast, { inner: { x: "1", y: "2" } }).map((w) => w.path)).toEqual(["inner.y"])
  })

  it("leaves values of the wrong type to the decoder", () => {
    expect(unknownFields(null, Nested.ast, { name: "n", gpu: "ADA_24" })).toEqual([])
    expect(unknownFields(null, Nested.ast, 42)).toEqual([])
  })

  it("with a dialect, words the warning as a hint to that dialect's name", () => {
    expect(unknownFields("v2", Nested.ast, { name: "n", gpu: { pools: [] }, scalerValue: 2 })).toEqual([
      { path: "scalerValue", message: "unknown field, ignored (did you mean scaling.value? scalerValue is the v1 REST / GraphQL name)" }
    ])
  })
})

describe("decodeDialect", () => {
  it("keeps the unknown-field warnings whether or not the input decodes", () => {
    const good = decodeDialect("v1", Pair, { a: 1, b: "x", bb: 0 })
    expect(Result.isSuccess(good) && good.success).toEqual({
      value: { a: 1, b: "x" },
      warnings: [{ path: "bb", message: "unknown field, ignored (did you mean b?)" }]
    })
    const failed = decodeDialect("v1", Pair, { a: 0, b: "x", bb: 0 })
    expect(Result.isFailure(failed)).toBe(true)
    const e = Result.isFailure(failed) ? failed.failure : undefined
    expect(e).toBeInstanceOf(EndpointConfigError)
    expect(e?.dialect).toBe("v1")
    expect(e?.problems).toEqual([{ path: "a", message: "expected an integer >= 1, got 0" }])
    expect(e?.warnings.map((w) => w.path)).toEqual(["bb"])
  })
})

/** A builder with name and pools given and every other field at the v2 default. */
const withDefaults = (b: ConfigBuilder): ConfigBuilder => {
  b.given("name", "ep")
  b.given("gpu.pools", ["ADA_24"])
  for (const [path, value] of Object.entries(v2Defaults)) b.defaulted(path, value)
  return b
}

const base: EndpointConfig = {
  name: "current",
  image: "repo/img:1",
  gpu: { pools: ["AMPERE_80"], count: 2 },
  workers: { min: 1, max: 4 },
  scaling: { type: "REQUEST_COUNT", value: 3, idleTimeout: 60 },
  timeout: 0,
  flashboot: "FLASHBOOT",
  dataCenterIds: [],
  networkVolumes: []
}

const warningPaths = (r: ImportResult) => (Result.isSuccess(r) ? r.success.warnings : r.failure.warnings).map((w) => w.path)

describe("ConfigBuilder", () => {
  it("assembles the v2 config field by field and records where each value came from", () => {
    const b = withDefaults(new ConfigBuilder("flash"))
    b.given("workers.max", 2, "workers")
    b.converted("flashboot", "FLASHBOOT", "flashboot", "True → FLASHBOOT")
    const r = ok(b.build([]))
    expect(r.dialect).toBe("flash")
    expect(r.config).toEqual({
      name: "ep",
      gpu: { pools: ["ADA_24"], count: 1 },
      workers: { min: 0, max: 2 },
      scaling: { type: "QUEUE_DELAY", value: 4, idleTimeout: 5 },
      timeout: 300000,
      flashboot: "FLASHBOOT",
      dataCenterIds: [],
      networkVolumes: []
    })
    expect(r.provenance.name).toEqual({ source: "given", from: "name" })
    expect(r.provenance["workers.max"]).toEqual({ source: "given", from: "workers" })
    expect(r.provenance["scaling.idleTimeout"]).toEqual({ source: "default", dialect: "Flash SDK" })
    expect(r.provenance.flashboot).toEqual({ source: "converted", from: "flashboot", detail: "True → FLASHBOOT" })
  })

  it("givenOr takes the user's value when present and the dialect's default otherwise", () => {
    const b = withDefaults(new ConfigBuilder("v2"))
    b.givenOr("scaling.value", 7, 4)
    b.givenOr("timeout", undefined, 1000, "executionTimeoutMs")
    const r = ok(b.build([]))
    expect(r.config.scaling.value).toBe(7)
    expect(r.provenance["scaling.value"]).toEqual({ source: "given", from: "scaling.value" })
    expect(r.config.timeout).toBe(1000)
    expect(r.provenance.timeout).toEqual({ source: "default", dialect: "v2 REST" })
  })

  it("passes the importer's warnings through and adds the config's advice (workers.max above the account quota of 5)", () => {
    const b = withDefaults(new ConfigBuilder("v2"))
    b.given("workers.max", 8)
    b.warnings.push({ path: "cpu", message: "ignored" })
    const r = ok(b.build([{ path: "extra", message: "unknown field, ignored" }]))
    expect(r.warnings.map((w) => w.path).sort()).toEqual(["cpu", "extra", "workers.max"])
  })

  it("a required field that is absent is a problem in the dialect's words, and nothing else is checked", () => {
    const b = new ConfigBuilder("v1")
    b.required(undefined, "gpuTypeIds", () => b.given("gpu.pools", ["ADA_24"]))
    b.given("name", "ep")
    const e = bad(b.build([]))
    expect(e.dialect).toBe("v1")
    expect(e.problems).toEqual([{ path: "gpuTypeIds", message: "expected a value (required; or give the endpoint's current config with --base), got nothing" }])
  })

  it("a required field that is present is set", () => {
    const b = withDefaults(new ConfigBuilder("v1"))
    b.required(["AMPERE_48"], "gpuTypeIds", () => b.converted("gpu.pools", ["AMPERE_48"], "gpuTypeIds", "A40 → AMPERE_48"))
    expect(ok(b.build([])).config.gpu.pools).toEqual(["AMPERE_48"])
  })

  it("problems in the assembled config name the user's fields, workers.max included", () => {
    const b = withDefaults(new ConfigBuilder("v1"))
    b.given("scaling.value", 0, "scalerValue")
    expect(bad(b.build([])).problems).toEqual([{ path: "scalerValue", message: "expected an integer >= 1, got 0" }])
    const m = withDefaults(new ConfigBuilder("v1"))
    m.given("workers.min", 5, "workersMin")
    m.given("workers.max", 2, "workersMax")
    expect(bad(m.build([])).problems).toEqual([{ path: "workersMin", message: "expected at most workersMax (2), got 5" }])
    // A defaulted field keeps its v2 path: workers.max defaults to 3 here.
    const d = withDefaults(new ConfigBuilder("v1"))
    d.given("workers.min", 4, "workersMin")
    expect(bad(d.build([])).problems).toEqual([{ path: "workersMin", message: "expected at most workers.max (3), got 4" }])
  })

  describe("updates (v1 REST, GraphQL) without --base", () => {
    it("warn that defaults were assumed for the fields the document leaves out, listing them", () => {
      const b = withDefaults(new ConfigBuilder("graphql"))
      b.given("workers.max", 2, "workersMax")
      b.given("scaling.value", 4, "scalerValue")
      const r = ok(b.build([]))
      const update = r.warnings.find((w) => w.path === "(update)")
      expect(update?.message).toContain("--base")
      expect(update?.message).toContain("scaling.idleTimeout 5")
      expect(update?.message).toContain('flashboot "OFF"')
      // Given fields are not listed as assumed.
      expect(update?.message).not.toContain("workers.max")
      expect(update?.message).not.toContain("scaling.value")
    })

    it("do not warn when every field is given, and create documents (v2, Flash) never do", () => {
      const full = new ConfigBuilder("v1")
      full.given("name", "ep")
      full.given("gpu.pools", ["ADA_24"])
      for (const [path, value] of Object.entries(v2Defaults)) full.given(path, value)
      expect(warningPaths(full.build([]))).not.toContain("(update)")
      expect(warningPaths(withDefaults(new ConfigBuilder("v2")).build([]))).not.toContain("(update)")
      expect(warningPaths(withDefaults(new ConfigBuilder("flash")).build([]))).not.toContain("(update)")
    })
  })

  describe("with --base (the endpoint's current config)", () => {
    it("keeps the base's value for every field the update neither gives nor derives, defaults included", () => {
      const b = new ConfigBuilder("v1", base)
      b.given("workers.max", 6, "workersMax")
      b.defaulted("scaling.idleTimeout", 5) // a dialect default must not override the current value
      const r = ok(b.build([]))
      expect(r.config).toEqual({ ...base, workers: { min: 1, max: 6 } })
      expect(r.provenance["workers.max"]).toEqual({ source: "given", from: "workersMax" })
      expect(r.provenance["scaling.idleTimeout"]).toEqual({ source: "base" })
      expect(r.provenance.name).toEqual({ source: "base" })
      expect(r.provenance.image).toEqual({ source: "base" })
      expect(r.warnings.map((w) => w.path)).not.toContain("(update)")
    })

    it("lets an update omit required fields: the base fills them", () => {
      const b = new ConfigBuilder("graphql", base)
      b.required(undefined, "gpuIds", () => b.given("gpu.pools", ["ADA_24"]))
      b.required(undefined, "name", () => b.given("name", "x"))
      const r = ok(b.build([]))
      expect(r.config.gpu.pools).toEqual(["AMPERE_80"])
      expect(r.config.name).toBe("current")
    })

    it("still reports a problem the update introduces, in its words", () => {
      const b = new ConfigBuilder("v1", base)
      b.given("workers.min", 9, "workersMin") // above the base's max of 4
      expect(bad(b.build([])).problems).toEqual([{ path: "workersMin", message: "expected at most workers.max (4), got 9" }])
    })
  })
})
