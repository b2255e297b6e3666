/**
 * Normaliser: the machinery every dialect importer shares. It decodes a dialect's input with its
 * Schema (all problems at once, each with the input value), lists unknown fields as warnings, and
 * builds the normalised v2 config field by field while recording where each value came from
 * (given, the dialect's default, or converted from the dialect's own field).
 */
import { Result, Schema, SchemaAST } from "effect"
import { childPath, problemsFromIssue, type ConfigProblem } from "../ConfigProblem.ts"
import { adviseEndpointConfig, EndpointConfig, endpointConfigPaths, valueAt, type FieldOrigin, type Provenance } from "../EndpointConfig.ts"
import { defaultPriceCatalog, type PriceCatalog } from "../PriceCatalog.ts"
import { dialectLabels, unknownFieldWarning, type DialectId } from "./FieldNames.ts"

/** A normalised config, with the origin of every field and what the importer noticed. */
export interface Imported {
  readonly dialect: DialectId
  readonly config: EndpointConfig
  readonly provenance: Provenance
  readonly warnings: ReadonlyArray<ConfigProblem>
}

/** An input that does not make a valid endpoint config. */
export class EndpointConfigError extends Schema.TaggedError<EndpointConfigError>()("EndpointConfigError", {
  dialect: Schema.String,
  problems: Schema.Array(Schema.Struct({ path: Schema.String, message: Schema.String })),
  warnings: Schema.Array(Schema.Struct({ path: Schema.String, message: Schema.String }))
}) {}

/** The outcome of an importer: a config or the problems that prevent one. */
export type ImportResult = Result.Result<Imported, EndpointConfigError>

const parseOptions = { errors: "all", reportInput: true } as const

/** Decodes `input` with `schema`, returning problems in the input's own field names. */
export const decodeInput = <S extends Schema.Top & { readonly DecodingServices: never }>(
  schema: S,
  input: unknown
): Result.Result<S["Type"], Array<ConfigProblem>> => Result.mapError(Schema.decodeUnknownResult(schema)(input, parseOptions), (e) => problemsFromIssue(e.issue))

/**
 * Every key of `input` that `ast` does not declare, as warnings with suggestions; `dialect` (null
 * for inputs that are not endpoint configs) enables "that is another dialect's name" hints.
 */
export const unknownFields = (dialect: DialectId | null, ast: SchemaAST.AST, input: unknown, path = ""): Array<ConfigProblem> => {
  const out: Array<ConfigProblem> = []
  const walk = (node: SchemaAST.AST, value: unknown, at: string): void => {
    switch (node._tag) {
      case "Suspend":
        return walk(node.thunk(), value, at)
      case "Union": {
        if (Array.isArray(value)) {
          const arrays = node.types.find((m) => m._tag === "Arrays")
          return arrays === undefined ? undefined : walk(arrays, value, at)
        }
        if (value === null || typeof value !== "object") return
        // The object member that declares most of the value's keys (the first on a tie).
        const keys = Object.keys(value)
        let best: SchemaAST.Objects | undefined
        let bestScore = -1
        for (const m of node.types) {
          if (m._tag !== "Objects") continue
          const names = new Set(m.propertySignatures.map((ps) => String(ps.name)))
          const score = keys.filter((k) => names.has(k)).length
          if (score > bestScore) {
            best = m
            bestScore = score
          }
        }
        return best === undefined ? undefined : walk(best, value, at)
      }
      case "Arrays":
        if (!Array.isArray(value)) return
        value.forEach((item, i) => {
          const element = node.elements[i] ?? node.rest[0]
          if (element !== undefined) walk(element, item, childPath(at, i))
        })
        return
      case "Objects": {
        if (value === null || typeof value !== "object" || Array.isArray(value)) return
        if (node.indexSignatures.length > 0) return
        const known = new Map(node.propertySignatures.map((ps) => [String(ps.name), ps.type]))
        for (const [key, v] of Object.entries(value)) {
          const child = known.get(key)
          if (child === undefined) out.push(unknownFieldWarning(dialect, at, key, [...known.keys()]))
          else walk(child, v, childPath(at, key))
        }
        return
      }
      default:
        return
    }
  }
  walk(ast, input, path)
  return out
}

/**
 * The first step of every importer: the dialect's unknown fields as warnings, then the decoded
 * input, or every problem in the dialect's own field names.
 */
export const decodeDialect = <S extends Schema.Top & { readonly DecodingServices: never }>(
  dialect: DialectId,
  schema: S,
  input: unknown
): Result.Result<{ readonly value: S["Type"]; readonly warnings: Array<ConfigProblem> }, EndpointConfigError> => {
  const warnings = unknownFields(dialect, schema.ast, input)
  const decoded = decodeInput(schema, input)
  return Result.isFailure(decoded)
    ? Result.fail(new EndpointConfigError({ dialect, problems: decoded.failure, warnings }))
    : Result.succeed({ value: decoded.success, warnings })
}

const setPath = (target: Record<string, unknown>, path: string, value: unknown): void => {
  const keys = path.split(".")
  let node = target
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i]!
    node = (node[key] ??= {}) as Record<string, unknown>
  }
  node[keys[keys.length - 1]!] = value
}

/** Builds the normalised config field by field, recording each field's origin. */
export class ConfigBuilder {
  private readonly fields: Record<string, unknown> = {}
  private readonly origins: Record<string, FieldOrigin> = {}
  readonly warnings: Array<ConfigProblem> = []
  readonly problems: Array<ConfigProblem> = []

  readonly dialect: DialectId
  /** The endpoint's current config, when the document is an update of it: fills what the update does not set. */
  readonly base: EndpointConfig | undefined
  /** Prices, for the remarks on pools without one. */
  readonly catalog: PriceCatalog

  constructor(dialect: DialectId, base?: EndpointConfig | undefined, catalog: PriceCatalog = defaultPriceCatalog) {
    this.dialect = dialect
    this.base = base
    this.catalog = catalog
  }

  /**
   * A field the dialect requires (`from`, in its words) unless a base config gives it: `set` records
   * the value when it is present; when it is absent the base fills it, or it is a problem.
   */
  required(value: unknown, from: string, set: () => void): void {
    if (value !== undefined) set()
    else if (this.base === undefined)
      this.problems.push({ path: from, message: "expected a value (required; or give the endpoint's current config with --base), got nothing" })
  }

  /** A value the user gave, under the dialect's name `from`. */
  given(path: string, value: unknown, from: string = path): void {
    setPath(this.fields, path, value)
    this.origins[path] = { source: "given", from }
  }

  /** The user's value when present, else the dialect's default. */
  givenOr(path: string, value: unknown, fallback: unknown, from: string = path): void {
    if (value === undefined) this.defaulted(path, fallback)
    else this.given(path, value, from)
  }

  /** The dialect's default for an absent field. */
  defaulted(path: string, value: unknown, dialect: string = dialectLabels[this.dialect]): void {
    setPath(this.fields, path, value)
    this.origins[path] = { source: "default", dialect }
  }

  /** A value derived from the dialect's own field `from`; `detail` says how. */
  converted(path: string, value: unknown, from: string, detail: string): void {
    setPath(this.fields, path, value)
    this.origins[path] = { source: "converted", from, detail }
  }

  /** Validates the assembled config (cross-field rules included); problems name the user's fields. */
  build(extraWarnings: ReadonlyArray<ConfigProblem>): ImportResult {
    const warnings = [...extraWarnings, ...this.warnings]
    const fail = (problems: ReadonlyArray<ConfigProblem>) => Result.fail(new EndpointConfigError({ dialect: this.dialect, problems: [...problems], warnings }))
    if (this.problems.length > 0) return fail(this.problems)
    if (this.base !== undefined) this.mergeOntoBase(this.base)
    else if (this.dialect === "v1" || this.dialect === "graphql") {
      const assumed = Object.entries(this.origins)
        .filter(([, o]) => o.source === "default")
        .map(([path]) => `${path} ${JSON.stringify(valueAt(this.fields as EndpointConfig, path))}`)
      if (assumed.length > 0) {
        warnings.push({
          path: "(update)",
          message: `if this document updates an existing endpoint, RunPod keeps the current values of the fields it does not set; scalecast assumed defaults for them (${assumed.join(", ")}): give the endpoint's current config with --base to use its real values`
        })
      }
    }
    const decoded = decodeInput(EndpointConfig, this.fields)
    if (Result.isFailure(decoded)) {
      return fail(
        decoded.failure.map((p) => {
          const origin = this.origins[p.path]
          return origin === undefined || origin.source === "default" || origin.source === "base" || origin.from === p.path
            ? p
            : { path: origin.from, message: p.message.replace(/workers\.max/g, this.nameOf("workers.max")) }
        })
      )
    }
    const config = decoded.success
    return Result.succeed({
      dialect: this.dialect,
      config,
      provenance: { ...this.origins },
      warnings: [...warnings, ...adviseEndpointConfig(config, this.catalog)]
    })
  }

  /** Every field the update did not give or derive keeps the base's value. */
  private mergeOntoBase(base: EndpointConfig): void {
    for (const path of endpointConfigPaths) {
      const origin = this.origins[path]
      if (origin !== undefined && origin.source !== "default") continue
      const value = valueAt(base, path)
      if (value === undefined) continue
      setPath(this.fields, path, value)
      this.origins[path] = { source: "base" }
    }
  }

  private nameOf(path: string): string {
    const origin = this.origins[path]
    return origin === undefined || origin.source === "default" || origin.source === "base" ? path : origin.from
  }
}
