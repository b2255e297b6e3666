/**
 * Args: command-line parsing for every command, on Node's own `util.parseArgs`. Unknown flags,
 * missing values and wrong positional counts fail with a `UsageError` (exit code 2) whose message
 * says what was expected.
 */
import { Effect, Schema } from "effect"
import { parseArgs } from "node:util"

/** The command line is wrong. Always exit code 2. */
export class UsageError extends Schema.TaggedError<UsageError>()("UsageError", {
  message: Schema.String,
  usage: Schema.String
}) {}

export interface CommandSpec {
  readonly name: string
  readonly usage: string
  /** Names of the positional arguments, all required. */
  readonly positionals: ReadonlyArray<string>
  readonly flags: Readonly<Record<string, { readonly type: "string" | "boolean"; readonly multiple?: boolean }>>
}

export interface ParsedArgs {
  readonly positionals: ReadonlyArray<string>
  readonly flags: Readonly<Record<string, string | boolean | ReadonlyArray<string> | undefined>>
}

/** Parses `argv` (after the command name) against `spec`. */
export const parseCommandLine = (spec: CommandSpec, argv: ReadonlyArray<string>): Effect.Effect<ParsedArgs, UsageError> =>
  Effect.suspend(() => {
    const fail = (message: string) => Effect.fail(new UsageError({ message: `scalecast ${spec.name}: ${message}`, usage: spec.usage }))
    let parsed: ReturnType<typeof parseArgs>
    try {
      parsed = parseArgs({ args: [...argv], options: spec.flags, allowPositionals: true, strict: true })
    } catch (e) {
      return fail((e instanceof Error ? e.message : String(e)).replace(/\. To specify a positional.*$/s, "").replace(/^Unknown option/, "unknown option"))
    }
    if (parsed.positionals.length < spec.positionals.length) return fail(`expected ${spec.positionals.map((p) => `<${p}>`).join(" ")}, got ${parsed.positionals.length === 0 ? "nothing" : parsed.positionals.join(" ")}`)
    if (parsed.positionals.length > spec.positionals.length) return fail(`unexpected argument ${JSON.stringify(parsed.positionals[spec.positionals.length])}`)
    return Effect.succeed({ positionals: parsed.positionals, flags: parsed.values as ParsedArgs["flags"] })
  })

/** A flag's value restricted to `allowed`, or a usage error. */
export const oneOfFlag = <const A extends string>(spec: CommandSpec, flag: string, value: string | boolean | ReadonlyArray<string> | undefined, allowed: ReadonlyArray<A>): Effect.Effect<A | undefined, UsageError> =>
  value === undefined
    ? Effect.succeed(undefined)
    : typeof value === "string" && (allowed as ReadonlyArray<string>).includes(value)
      ? Effect.succeed(value as A)
      : Effect.fail(new UsageError({ message: `scalecast ${spec.name}: --${flag}: expected one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`, usage: spec.usage }))

/** A numeric flag, or a usage error saying what was expected. */
export const numberFlag = (spec: CommandSpec, flag: string, value: string | boolean | ReadonlyArray<string> | undefined, rule: { readonly integer: boolean; readonly min: number }): Effect.Effect<number | undefined, UsageError> => {
  if (value === undefined) return Effect.succeed(undefined)
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN
  const ok = Number.isFinite(n) && n >= rule.min && (!rule.integer || Number.isInteger(n))
  const expected = rule.integer ? `an integer >= ${rule.min}` : rule.min > 0 && rule.min < 1e-300 ? "a number > 0" : `a number >= ${rule.min}`
  return ok ? Effect.succeed(n) : Effect.fail(new UsageError({ message: `scalecast ${spec.name}: --${flag}: expected ${expected}, got ${JSON.stringify(value)}`, usage: spec.usage }))
}

/** A string flag's value, or undefined. */
export const stringFlag = (value: string | boolean | ReadonlyArray<string> | undefined): string | undefined => (typeof value === "string" ? value : undefined)

/** A repeatable string flag's values. */
export const listFlag = (value: string | boolean | ReadonlyArray<string> | undefined): ReadonlyArray<string> =>
  typeof value === "string" ? [value] : Array.isArray(value) ? (value as ReadonlyArray<string>) : []
