/** fields: each Schema building block accepts exactly what it names and explains a bad value in one line with its own words. */
import { fc, test } from "@fast-check/vitest"
import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { problemsFromIssue } from "../../src/models/ConfigProblem.ts"
import { IntAtLeast, IntBetween, NonEmptyStr, NumberAbove, NumberAtLeast, OneOf, Str, StrList, StrMap, StrMaxLength } from "../../src/models/fields.ts"

/** The lines a user reads for `input`, or [] when it is valid. */
const lines = (schema: Schema.Top & { readonly DecodingServices: never }, input: unknown): Array<string> => {
  const r = Schema.decodeUnknownResult(schema)(input, { errors: "all", reportInput: true })
  return Result.isFailure(r) ? problemsFromIssue(r.failure.issue).map((p) => (p.path === "" ? p.message : `${p.path}: ${p.message}`)) : []
}

const accepts = (schema: Schema.Top & { readonly DecodingServices: never }, input: unknown): boolean =>
  Result.isSuccess(Schema.decodeUnknownResult(schema)(input))

describe("strings", () => {
  it("Str takes any string, even empty", () => {
    expect(lines(Str, "")).toEqual([])
    expect(lines(Str, 5)).toEqual(["expected a string, got 5"])
  })

  it("NonEmptyStr needs one character", () => {
    expect(lines(NonEmptyStr, "x")).toEqual([])
    expect(lines(NonEmptyStr, "")).toEqual(['expected a non-empty string, got ""'])
  })

  it("StrMaxLength(3) takes up to three characters", () => {
    expect(lines(StrMaxLength(3), "abc")).toEqual([])
    expect(lines(StrMaxLength(3), "abcd")).toEqual(['expected a string of at most 3 characters, got "abcd"'])
  })

  test.prop([fc.string({ maxLength: 12 }), fc.integer({ min: 0, max: 10 })])(
    "StrMaxLength(n) accepts a string exactly when it has at most n characters",
    (s, n) => {
      expect(accepts(StrMaxLength(n), s)).toBe(s.length <= n)
    }
  )

  it("StrList and StrMap point at the element that is not a string", () => {
    expect(lines(StrList, ["a", 1, "b", true])).toEqual(["[1]: expected a string, got 1", "[3]: expected a string, got true"])
    expect(lines(StrList, [])).toEqual([])
    expect(lines(StrMap, { HF_TOKEN: "x", PORT: 8000 })).toEqual(["PORT: expected a string, got 8000"])
    expect(lines(StrMap, [])).toEqual(["expected an object, got []"])
  })

  it("OneOf lists the allowed values", () => {
    expect(lines(OneOf(["OFF", "FLASHBOOT"]), "FLASHBOOT")).toEqual([])
    expect(lines(OneOf(["OFF", "FLASHBOOT"]), "on")).toEqual(['expected "OFF" | "FLASHBOOT", got "on"'])
    expect(lines(OneOf(["OFF", "FLASHBOOT"]), "off")).toEqual(['expected "OFF" | "FLASHBOOT", got "off"']) // case matters
  })
})

describe("numbers", () => {
  it("IntAtLeast(1): one line for a value that breaks both checks", () => {
    expect(lines(IntAtLeast(1), 1)).toEqual([])
    expect(lines(IntAtLeast(1), 0)).toEqual(["expected an integer >= 1, got 0"])
    expect(lines(IntAtLeast(1), 1.5)).toEqual(["expected an integer >= 1, got 1.5"])
    expect(lines(IntAtLeast(1), 0.5)).toEqual(["expected an integer >= 1, got 0.5"]) // not an integer and below 1
    expect(lines(IntAtLeast(1), "3")).toEqual(['expected a number, got "3"']) // no silent conversion of text
  })

  it("IntBetween(0, 10) includes both ends", () => {
    expect(lines(IntBetween(0, 10), 0)).toEqual([])
    expect(lines(IntBetween(0, 10), 10)).toEqual([])
    expect(lines(IntBetween(0, 10), 11)).toEqual(["expected an integer from 0 to 10, got 11"])
    expect(lines(IntBetween(0, 10), -1)).toEqual(["expected an integer from 0 to 10, got -1"])
    expect(lines(IntBetween(0, 10), 10.5)).toEqual(["expected an integer from 0 to 10, got 10.5"])
  })

  it("NumberAtLeast(0) includes 0; NumberAbove(0) does not", () => {
    expect(lines(NumberAtLeast(0), 0)).toEqual([])
    expect(lines(NumberAtLeast(0), -0.1)).toEqual(["expected a number >= 0, got -0.1"])
    expect(lines(NumberAbove(0), 1e-300)).toEqual([])
    expect(lines(NumberAbove(0), 0)).toEqual(["expected a number > 0, got 0"])
  })

  it("refuse NaN and the infinities", () => {
    expect(lines(NumberAtLeast(0), Infinity)).toEqual(["expected a number >= 0, got a number too large to represent (Infinity)"])
    expect(lines(NumberAbove(0), Infinity)).toEqual(["expected a number > 0, got a number too large to represent (Infinity)"])
    expect(lines(NumberAtLeast(0), NaN)).toEqual(["expected a number >= 0, got NaN"])
    expect(lines(IntAtLeast(0), Infinity)).toEqual(["expected an integer >= 0, got a number too large to represent (Infinity)"])
  })

  const anyNumber = fc.oneof(fc.integer({ min: -20, max: 20 }), fc.double({ min: -20, max: 20 }), fc.constantFrom(NaN, Infinity, -Infinity, -0, 0.5))
  const bound = fc.integer({ min: -5, max: 5 })

  test.prop([anyNumber, bound])("IntAtLeast(m) accepts exactly the integers >= m", (x, m) => {
    expect(accepts(IntAtLeast(m), x)).toBe(Number.isInteger(x) && x >= m)
  })

  test.prop([anyNumber, bound, fc.integer({ min: 0, max: 10 })])("IntBetween(lo, lo + w) accepts exactly the integers in the closed interval", (x, lo, w) => {
    expect(accepts(IntBetween(lo, lo + w), x)).toBe(Number.isInteger(x) && x >= lo && x <= lo + w)
  })

  test.prop([anyNumber, bound])("NumberAtLeast(m) and NumberAbove(m) accept exactly the finite numbers >= m and > m", (x, m) => {
    expect(accepts(NumberAtLeast(m), x)).toBe(Number.isFinite(x) && x >= m)
    expect(accepts(NumberAbove(m), x)).toBe(Number.isFinite(x) && x > m)
  })
})
