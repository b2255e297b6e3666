/**
 * Args: command-line parsing for every command, on Node's own `util.parseArgs`. Unknown flags,
 * missing values and wrong positional counts fail with a `UsageError` (exit code 2) whose message
 * says what was expected.
 */
import { Effect, Schema } from "effect"
import { parseArgs } from "node:util"
import { nearestName } from "../models/NearestName.ts"

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
  /** The last positional takes one or more values (`merge part-*.json`). */
  readonly variadic?: boolean
  readonly flags: Readonly<Record<string, { readonly type: "string" | "boolean"; readonly multiple?: boolean }>>
}

export interface ParsedArgs {
  readonly positionals: ReadonlyArray<string>
  readonly flags: Readonly<Record<string, string | boolean | ReadonlyArray<string> | undefined>>
}

/**
 * Parses `argv` (after the command name) against `spec`. A value that starts with a dash
 * (`--seed -1`) is taken as the value, so the value's own check can say what is wrong with it; a
 * flag given twice that is not repeatable is an error rather than a silent last-one-wins.
 */
export const parseCommandLine = (spec: CommandSpec, argv: ReadonlyArray<string>): Effect.Effect<ParsedArgs, UsageError> =>
  Effect.suspend(() => {
    const fail = (message: string) => Effect.fail(new UsageError({ message: `scalecast ${spec.name}: ${message}`, usage: spec.usage }))
    const args = joinDashedValues(spec, argv)
    let parsed: ReturnType<typeof parseArgs<{ options: CommandSpec["flags"]; args: Array<string>; allowPositionals: true; strict: true; tokens: true }>>
    try {
      parsed = parseArgs({ args, options: spec.flags, allowPositionals: true, strict: true, tokens: true })
    } catch (e) {
      return fail(describeParseError(spec, e))
    }
    const seen = new Set<string>()
    for (const token of parsed.tokens) {
      if (token.kind !== "option") continue
      if (seen.has(token.name) && spec.flags[token.name]?.multiple !== true) return fail(`--${token.name} given twice; give it once`)
      seen.add(token.name)
    }
    if (parsed.positionals.length < spec.positionals.length)
      return fail(
        `expected ${spec.positionals.map((p) => `<${p}>`).join(" ")}, got ${parsed.positionals.length === 0 ? "nothing" : parsed.positionals.join(" ")}`
      )
    if (spec.variadic !== true && parsed.positionals.length > spec.positionals.length)
      return fail(`unexpected argument ${JSON.stringify(parsed.positionals[spec.positionals.length])}`)
    return Effect.succeed({ positionals: parsed.positionals, flags: parsed.values as ParsedArgs["flags"] })
  })

/** `--flag -5` → `--flag=-5` when `--flag` takes a value and `-5` is not one of the command's flags. */
const joinDashedValues = (spec: CommandSpec, argv: ReadonlyArray<string>): Array<string> => {
  const out: Array<string> = []
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!
    const name = token.startsWith("--") && !token.includes("=") ? token.slice(2) : undefined
    const next = argv[i + 1]
    if (name !== undefined && spec.flags[name]?.type === "string" && next !== undefined && next.startsWith("-") && next !== "--" && !isFlag(spec, next)) {
      out.push(`${token}=${next}`)
      i++
    } else out.push(token)
  }
  return out
}

const isFlag = (spec: CommandSpec, token: string): boolean => token.startsWith("--") && Object.hasOwn(spec.flags, token.slice(2).split("=")[0]!)

/** Node's parseArgs errors in scalecast's words, with a hint for a misspelt flag. */
const describeParseError = (spec: CommandSpec, e: unknown): string => {
  const message = e instanceof Error ? e.message : String(e)
  const option = /Option '(-{1,2}[^' ]+)/.exec(message)?.[1] ?? /nknown option '([^']+)'/.exec(message)?.[1]
  if (/argument missing|argument is ambiguous/.test(message) && option !== undefined) return `${option}: expected a value`
  if (/does not take an argument/.test(message) && option !== undefined) return `${option} takes no value`
  if (/Unknown option/.test(message) && option !== undefined) {
    const hint = nearestName(option.replace(/^-+/, ""), Object.keys(spec.flags))
    return `unknown option ${option}${hint === undefined ? "" : `; did you mean --${hint}?`}`
  }
  return message.split("\n")[0]!
}

/** A flag's value restricted to `allowed`, or a usage error. */
export const oneOfFlag = <const A extends string>(
  spec: CommandSpec,
  flag: string,
  value: string | boolean | ReadonlyArray<string> | undefined,
  allowed: ReadonlyArray<A>
): Effect.Effect<A | undefined, UsageError> =>
  value === undefined
    ? Effect.succeed(undefined)
    : typeof value === "string" && (allowed as ReadonlyArray<string>).includes(value)
      ? Effect.succeed(value as A)
      : Effect.fail(
          new UsageError({
            message: `scalecast ${spec.name}: --${flag}: expected one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`,
            usage: spec.usage
          })
        )

/**
 * A numeric flag, or a usage error saying what was expected. `max` bounds it (`maxReason` says
 * why, e.g. "this machine's cores").
 */
export const numberFlag = (
  spec: CommandSpec,
  flag: string,
  value: string | boolean | ReadonlyArray<string> | undefined,
  rule: { readonly integer: boolean; readonly min: number; readonly max?: number; readonly maxReason?: string }
): Effect.Effect<number | undefined, UsageError> => {
  if (value === undefined) return Effect.succeed(undefined)
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN
  const max = rule.max ?? Number.MAX_VALUE
  const ok = Number.isFinite(n) && n >= rule.min && n <= max && (!rule.integer || Number.isInteger(n))
  const low = rule.integer ? `an integer >= ${rule.min}` : rule.min > 0 && rule.min < 1e-300 ? "a number > 0" : `a number >= ${rule.min}`
  const expected =
    rule.max === undefined
      ? low
      : `${rule.integer ? "an integer" : "a number"} from ${rule.min} to ${rule.max.toLocaleString("en-US")}${rule.maxReason === undefined ? "" : ` (${rule.maxReason})`}`
  return ok
    ? Effect.succeed(n)
    : Effect.fail(new UsageError({ message: `scalecast ${spec.name}: --${flag}: expected ${expected}, got ${JSON.stringify(value)}`, usage: spec.usage }))
}

/** A string flag's value, or undefined. */
export const stringFlag = (value: string | boolean | ReadonlyArray<string> | undefined): string | undefined => (typeof value === "string" ? value : undefined)

/** A repeatable string flag's values. */
export const listFlag = (value: string | boolean | ReadonlyArray<string> | undefined): ReadonlyArray<string> =>
  typeof value === "string" ? [value] : Array.isArray(value) ? (value as ReadonlyArray<string>) : []
