/** ConfigProblem: paths rendered as a.b[2].c, problem lines and their cap, Schema issues flattened into this project's words. */
import { fc, test } from "@fast-check/vitest"
import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import {
  childPath,
  formatPath,
  formatProblem,
  maxListedProblems,
  problemLines,
  problemsFromIssue,
  pushAll,
  type ConfigProblem
} from "../../src/models/ConfigProblem.ts"
import { IntAtLeast, NumberAtLeast, Str } from "../../src/models/fields.ts"

const issueOf = (schema: Schema.Top & { readonly DecodingServices: never }, input: unknown, onExcessProperty?: "error") => {
  const r = Schema.decodeUnknownResult(schema)(input, { errors: "all", reportInput: true, ...(onExcessProperty ? { onExcessProperty } : {}) })
  if (Result.isSuccess(r)) throw new Error(`expected ${JSON.stringify(input)} to be refused`)
  return r.failure.issue
}

describe("paths", () => {
  it("formatPath writes keys with dots and indices in brackets", () => {
    expect(formatPath(["gpu", "pools", 1])).toBe("gpu.pools[1]")
    expect(formatPath([0, "a", 2, 3])).toBe("[0].a[2][3]")
    expect(formatPath(["platform", "pools", "ADA_24", "capacityGpus", 0, "gpus"])).toBe("platform.pools.ADA_24.capacityGpus[0].gpus")
    expect(formatPath([])).toBe("")
  })

  it("childPath appends one key the same way", () => {
    expect(childPath("", "name")).toBe("name")
    expect(childPath("gpu", "pools")).toBe("gpu.pools")
    expect(childPath("gpu.pools", 1)).toBe("gpu.pools[1]")
    expect(childPath("", 0)).toBe("[0]")
  })

  const key = fc.oneof(fc.string({ unit: fc.constantFrom("a", "b", "Z", "_"), minLength: 1, maxLength: 4 }), fc.nat({ max: 20 }))

  test.prop([fc.array(key, { maxLength: 6 })])("appending keys one by one gives the path of all of them", (keys) => {
    expect(keys.reduce<string>((p, k) => childPath(p, k), "")).toBe(formatPath(keys))
  })
})

describe("problem lines", () => {
  it("a problem reads path: message, or just the message for the whole input", () => {
    expect(formatProblem({ path: "scaling.value", message: "expected an integer >= 1, got 0" })).toBe("scaling.value: expected an integer >= 1, got 0")
    expect(formatProblem({ path: "", message: "expected an object, got 5" })).toBe("expected an object, got 5")
  })

  const many = (n: number): Array<ConfigProblem> => Array.from({ length: n }, (_, i) => ({ path: `env.K${i}`, message: "expected a string, got 1" }))

  it("lists at most 50 problems, then counts the rest", () => {
    expect(maxListedProblems).toBe(50)
    expect(problemLines(many(50))).toHaveLength(50)
    const fiftyOne = problemLines(many(51), "  ")
    expect(fiftyOne).toHaveLength(51)
    expect(fiftyOne[0]).toBe("  env.K0: expected a string, got 1")
    expect(fiftyOne[49]).toBe("  env.K49: expected a string, got 1")
    expect(fiftyOne[50]).toBe("  … and 1 more")
    // 1050 problems: 50 listed, 1,000 counted
    expect(problemLines(many(1050)).at(-1)).toBe("… and 1,000 more")
    expect(problemLines([])).toEqual([])
  })
})

describe("problemsFromIssue", () => {
  it("gives each field's path in the input, under an optional prefix", () => {
    const issue = issueOf(Schema.Array(IntAtLeast(1)), [0, 1, 0.5])
    expect(problemsFromIssue(issue)).toEqual([
      { path: "[0]", message: "expected an integer >= 1, got 0" },
      { path: "[2]", message: "expected an integer >= 1, got 0.5" }
    ])
    expect(problemsFromIssue(issue, ["gpu", "pools"]).map((p) => p.path)).toEqual(["gpu.pools[0]", "gpu.pools[2]"])
    const nested = issueOf(Schema.Struct({ a: Schema.Struct({ b: Schema.Array(Str) }) }), { a: { b: ["x", 3] } })
    expect(problemsFromIssue(nested)).toEqual([{ path: "a.b[1]", message: "expected a string, got 3" }])
  })

  it("lists one line per (path, message), however many checks failed", () => {
    // 0.5 breaks both "integer" and ">= 1"; both checks carry the same words
    expect(problemsFromIssue(issueOf(IntAtLeast(1), 0.5))).toEqual([{ path: "", message: "expected an integer >= 1, got 0.5" }])
    const twice = Schema.Struct({ a: Str }).check(
      Schema.makeFilter(() => ({ path: ["a"], issue: "is refused" })),
      Schema.makeFilter(() => ({ path: ["a"], issue: "is refused" }))
    )
    expect(problemsFromIssue(issueOf(twice, { a: "x" }))).toEqual([{ path: "a", message: "is refused" }])
  })

  it("speaks in lower case with articles", () => {
    expect(problemsFromIssue(issueOf(Schema.Boolean, "yes"))).toEqual([{ path: "", message: 'expected true or false, got "yes"' }])
    expect(problemsFromIssue(issueOf(Schema.Struct({ a: Str }), 5))).toEqual([{ path: "", message: "expected an object, got 5" }])
    expect(problemsFromIssue(issueOf(Schema.Array(Str), 5))).toEqual([{ path: "", message: "expected a list, got 5" }])
    expect(problemsFromIssue(issueOf(Schema.Null, 3))).toEqual([{ path: "", message: "expected null, got 3" }])
  })

  it("says what a missing or unexpected field is", () => {
    expect(problemsFromIssue(issueOf(Schema.Struct({ name: Str }), {}))).toEqual([{ path: "name", message: "expected a value (required), got nothing" }])
    expect(problemsFromIssue(issueOf(Schema.Struct({ name: Str }), { name: "x", extra: 2 }, "error"))).toEqual([
      { path: "extra", message: "expected nothing here, got 2" }
    ])
  })

  it("writes infinities readably", () => {
    expect(problemsFromIssue(issueOf(NumberAtLeast(0), -Infinity))).toEqual([
      { path: "", message: "expected a number >= 0, got a number too large to represent (-Infinity)" }
    ])
  })

  it("cuts a value of more than 80 characters to its first 60", () => {
    // "x" × 78 quoted is 80 characters: shown whole
    const shown = problemsFromIssue(issueOf(NumberAtLeast(0), "x".repeat(78)))[0]!.message
    expect(shown).toBe(`expected a number, got "${"x".repeat(78)}"`)
    // "x" × 79 quoted is 81 characters: the quote and 59 x's, then the mark
    const cut = problemsFromIssue(issueOf(NumberAtLeast(0), "x".repeat(79)))[0]!.message
    expect(cut).toBe(`expected a number, got "${"x".repeat(59)}… (cut short)`)
    // a whole document (many lines) read where a number was expected
    const doc = problemsFromIssue(issueOf(NumberAtLeast(0), { text: "line\n".repeat(10_000) }))[0]!.message
    expect(doc.length).toBeLessThan(120)
    expect(doc).toMatch(/^expected a number, got \{"text":"line\\nline.*… \(cut short\)$/)
  })
})

describe("pushAll", () => {
  it("appends in order, from any iterable, without overflowing the stack", () => {
    const target = [1]
    pushAll(target, [2, 3])
    pushAll(target, new Set([4, 5]))
    pushAll(
      target,
      (function* () {
        yield 6
      })()
    )
    expect(target).toEqual([1, 2, 3, 4, 5, 6])
    const big: Array<number> = []
    pushAll(big, new Array<number>(500_000).fill(7))
    expect(big).toHaveLength(500_000)
    expect(big[499_999]).toBe(7)
  })
})
