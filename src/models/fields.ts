/**
 * fields: the Schema building blocks every input format uses, each with the words an error message
 * shows ("expected an integer >= 1"). Every check of one field carries the same `expected` text, so a
 * value that breaks two checks still yields one line per field.
 */
import { Schema } from "effect"

const expected = (text: string) => ({ expected: text })

/** A string (any, possibly empty). */
export const Str = Schema.String.annotate(expected("a string"))

/** A string with at least one character. */
export const NonEmptyStr = Schema.String.annotate(expected("a non-empty string")).check(Schema.isMinLength(1, expected("a non-empty string")))

/** A string of at most `max` characters. */
export const StrMaxLength = (max: number) =>
  Schema.String.annotate(expected(`a string of at most ${max} characters`)).check(Schema.isMaxLength(max, expected(`a string of at most ${max} characters`)))

/** An integer >= `min`. */
export const IntAtLeast = (min: number) => {
  const e = expected(`an integer >= ${min}`)
  return Schema.Number.annotate(e).check(Schema.isInt(e), Schema.isGreaterThanOrEqualTo(min, e))
}

/** An integer in [min, max]. */
export const IntBetween = (min: number, max: number) => {
  const e = expected(`an integer from ${min} to ${max}`)
  return Schema.Number.annotate(e).check(Schema.isInt(e), Schema.isGreaterThanOrEqualTo(min, e), Schema.isLessThanOrEqualTo(max, e))
}

/** A finite number >= `min`. */
export const NumberAtLeast = (min: number) => {
  const e = expected(`a number >= ${min}`)
  return Schema.Number.annotate(e).check(Schema.isFinite(e), Schema.isGreaterThanOrEqualTo(min, e))
}

/** A finite number > `exclusiveMin`. */
export const NumberAbove = (exclusiveMin: number) => {
  const e = expected(`a number > ${exclusiveMin}`)
  return Schema.Number.annotate(e).check(Schema.isFinite(e), Schema.isGreaterThan(exclusiveMin, e))
}

/** A list of strings. */
export const StrList = Schema.Array(Str).annotate(expected("a list of strings"))

/** A string-to-string map (environment variables). */
export const StrMap = Schema.Record(Schema.String, Str).annotate(expected("an object of string values"))

/** One of the given string literals. */
export const OneOf = <const L extends ReadonlyArray<string>>(values: L) =>
  Schema.Literals(values).annotate(expected(values.map((v) => JSON.stringify(v)).join(" | ")))
