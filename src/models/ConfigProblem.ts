/**
 * ConfigProblem: what is wrong with a user's input, one line per problem: the field path, what was
 * expected, what was found (`scaling.value: expected an integer >= 1, got 0`). Schema issue trees
 * are flattened here, so every input format reports problems in the same words.
 */
import { SchemaIssue } from "effect"

/** One problem (an error) or remark (a warning) about one field of an input. */
export interface ConfigProblem {
  /** Dotted path of the field in the user's input, e.g. `gpu.pools[1]`; empty for the whole input. */
  readonly path: string
  readonly message: string
  /** What kind of remark a warning is, to filter on (never the message text). */
  readonly code?: WarningCode | undefined
}

/** The kinds of warning a caller may want to filter. */
export type WarningCode = "unpricedPool" | "accountQuota" | "noWorkers" | "unknownDataCenter"

/** Renders a path as `a.b[2].c`. */
export const formatPath = (path: ReadonlyArray<PropertyKey>): string => {
  let out = ""
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`
    else out += out === "" ? String(key) : `.${String(key)}`
  }
  return out
}

/** Joins a path prefix and a key. */
export const childPath = (parent: string, key: string | number): string =>
  typeof key === "number" ? `${parent}[${key}]` : parent === "" ? key : `${parent}.${key}`

/** One problem as the one line a user reads. */
export const formatProblem = (p: ConfigProblem): string => (p.path === "" ? p.message : `${p.path}: ${p.message}`)

/** The most problems (or warnings) listed one per line; the rest are counted. */
export const maxListedProblems = 50

/** Problems as lines (each with `indent`), at most `maxListedProblems`, then "… and N more". */
export const problemLines = (ps: ReadonlyArray<ConfigProblem>, indent = ""): Array<string> => {
  const lines = ps.slice(0, maxListedProblems).map((p) => `${indent}${formatProblem(p)}`)
  if (ps.length > maxListedProblems) lines.push(`${indent}… and ${(ps.length - maxListedProblems).toLocaleString("en-US")} more`)
  return lines
}

const articles: Record<string, string> = {
  string: "a string",
  number: "a number",
  boolean: "true or false",
  object: "an object",
  array: "a list",
  null: "null"
}

const leafHook: SchemaIssue.LeafHook = (issue) => {
  if (issue._tag === "MissingKey") return "expected a value (required), got nothing"
  if (issue._tag === "UnexpectedKey") return `expected nothing here, got ${JSON.stringify(issue.input)}`
  return SchemaIssue.defaultLeafHook(issue)
}

/** Rewrites Schema's default phrasing into this project's: lower case, articles, readable infinities. */
const polish = (message: string): string =>
  message
    .replace(/^Expected ([a-z]+)(?=,|$)/, (whole, word: string) => (articles[word] ? `Expected ${articles[word]}` : whole))
    .replace(/^Expected/, "expected")
    .replace(/got (-?)Infinity$/, "got a number too large to represent ($1Infinity)")
    // Never echo a whole document (a system file read as a scenario): the value is cut short.
    .replace(/got ([\s\S]{60})[\s\S]{21,}$/, (_, head: string) => `got ${head}… (cut short)`)

/** Flattens a Schema issue tree into problems, at most one per (path, message). */
export const problemsFromIssue = (issue: SchemaIssue.Issue, prefix: ReadonlyArray<PropertyKey> = []): Array<ConfigProblem> => {
  const formatter = SchemaIssue.makeFormatterStandardSchemaV1({ leafHook })
  const seen = new Set<string>()
  const out: Array<ConfigProblem> = []
  for (const i of formatter(issue).issues) {
    const path = formatPath([...prefix, ...(i.path ?? []).map((k) => (typeof k === "object" ? k.key : k))])
    const message = polish(i.message)
    const key = `${path}\u0000${message}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push({ path, message })
  }
  return out
}

/** Appends `items` to `target` one by one: a spread (`push(...items)`) overflows the stack on a few hundred thousand. */
export const pushAll = <A>(target: Array<A>, items: Iterable<A>): void => {
  for (const item of items) target.push(item)
}
