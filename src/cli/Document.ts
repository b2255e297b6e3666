/**
 * Document: reading a user's JSON or YAML document safely. Hostile input is refused before it costs
 * much: nesting deeper than `maxNestingDepth` before parsing (the YAML parser recurses per level);
 * YAML beyond `maxYamlBytes` (the library needs 2–7 µs and up to ~700 bytes of memory per byte of
 * hostile input; JSON, parsed natively, may be larger); aliases expanding past `maxAliasValues`, in
 * time linear in the document; duplicate keys, found in linear time (the library's checks are
 * quadratic). Messages never quote the document beyond a short token.
 */
import { Effect, Schema } from "effect"
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml"

/** A file a user named cannot be used. Always an input error (exit code 2). */
export class InputError extends Schema.TaggedError<InputError>()("InputError", {
  message: Schema.String
}) {}

/** The largest document scalecast reads: configs and scenarios are small; traces stream. */
export const maxDocumentBytes = 10 * 1024 * 1024

/**
 * The deepest a document's line may be nested, estimated as its indentation in spaces, leading
 * `-`/`?`/`:` markers and open brackets (see `lineNestedDeeperThan`). An over-estimate: 2-space YAML
 * reaches it at about 100 real levels, 4-space JSON at about 40. The YAML parser overflows the stack
 * at ~700–900 levels.
 */
export const maxNestingDepth = 200

/** The largest YAML document: a hostile one this size parses in about 2 s and 250 MB. */
export const maxYamlBytes = 256 * 1024

/** The most values YAML aliases may add to a document when expanded (a billion-laughs guard). */
export const maxAliasValues = 1_000_000

/** Parses a JSON or YAML document. JSON is tried first for `.json` files and for unknown extensions. */
export const parseDocumentText = (file: string, text: string): Effect.Effect<unknown, InputError> =>
  Effect.suspend(() => {
    const fail = (message: string) => Effect.fail(new InputError({ message: `${file}: ${message}` }))
    if (text.trim() === "") return fail("the file is empty; expected a JSON or YAML object")
    const deepLine = lineNestedDeeperThan(text, maxNestingDepth)
    if (deepLine !== undefined)
      return fail(`line ${deepLine} is nested too deeply (indentation and open brackets over ${maxNestingDepth}); expected a config document`)
    const yamlFile = /\.ya?ml$/i.test(file)
    let jsonError = ""
    if (!yamlFile) {
      try {
        return Effect.succeed(JSON.parse(text) as unknown)
      } catch (e) {
        jsonError = jsonErrorPosition(text, e)
        if (/\.json$/i.test(file)) return fail(`invalid JSON: ${jsonError}`)
      }
    }
    const bytes = Buffer.byteLength(text, "utf8")
    if (bytes > maxYamlBytes) {
      const size = `${Math.ceil(bytes / 1024).toLocaleString("en-US")} KB`
      const limits = `scalecast reads YAML up to ${maxYamlBytes / 1024} KB (JSON up to ${maxDocumentBytes / 1024 / 1024} MB)`
      return fail(yamlFile ? `is ${size} of YAML; ${limits}` : `invalid JSON: ${jsonError}; and at ${size} too large to read as YAML: ${limits}`)
    }
    const lineCounter = new LineCounter()
    // Neither pretty errors (a context string per error) nor the library's unique-key check (quadratic).
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false, lineCounter })
    if (doc.errors.length > 0) {
      const err = doc.errors[0]!
      const { line, col } = lineCounter.linePos(err.pos[0])
      if (err.code === "MULTIPLE_DOCS") return fail(`expected one YAML document, found several (a second one starts at line ${line})`)
      const kind = yamlFile ? "invalid YAML" : "neither valid JSON nor valid YAML"
      // The YAML parser's reason helps in a YAML file; for any other file it only quotes the file back.
      return fail(
        yamlFile
          ? `${kind} at line ${line}, column ${col}: ${capped(err.message.split("\n")[0]!.replace(/: ".*$/, ""))}`
          : `${kind} (the YAML reading stops at line ${line}, column ${col})`
      )
    }
    try {
      return Effect.succeed(yamlData(doc, lineCounter))
    } catch (e) {
      if (e instanceof YamlProblem) return fail(e.message)
      throw e
    }
  })

/** Text cut to `max` characters: a library message may quote the token it stopped at, a key is the user's. */
const capped = (text: string, max = 100): string => (text.length > max ? `${text.slice(0, max)}…` : text)

/**
 * The first line whose nesting may exceed `limit`, or undefined. An over-estimate, one pass over the
 * characters: the line's indentation, its leading `-`/`?`/`:` markers, one for a key, and the open
 * brackets anywhere before its end (quotes and comments are not skipped, so a bracket in a string
 * counts too).
 */
const lineNestedDeeperThan = (text: string, limit: number): number | undefined => {
  let brackets = 0
  let line = 1
  let i = 0
  while (i < text.length) {
    let depth = 1
    while (text.charCodeAt(i) === 32) {
      depth++
      i++
    }
    for (;;) {
      const c = text.charCodeAt(i)
      const after = text.charCodeAt(i + 1)
      const marker = c === 45 || c === 63 || c === 58 // - ? :
      if (!marker || !(after === 32 || after === 9 || after === 10 || after === 13 || Number.isNaN(after))) break
      depth++
      i++
      while (text.charCodeAt(i) === 32) i++
    }
    let deepest = brackets
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c === 10) break
      if (c === 91 || c === 123)
        deepest = Math.max(deepest, ++brackets) // [ {
      else if ((c === 93 || c === 125) && brackets > 0) brackets-- // ] }
    }
    if (depth + deepest > limit) return line
    i++
    line++
  }
  return undefined
}

class YamlProblem extends Error {}

/**
 * A parsed YAML document as plain data, like the library's `toJS` but linear in the document: an
 * alias is the value its anchor produced (shared, not copied), and the values aliases add are
 * counted against `maxAliasValues`. (The library's `toJS` scans every anchor for each alias and
 * recounts nested aliases: quadratic or worse, a 40 kB document took minutes.) Keys are checked
 * unique here, with a set per mapping.
 */
const yamlData = (doc: Document, lineCounter: LineCounter): unknown => {
  const anchors = new Map<string, { readonly value: unknown; readonly values: number }>()
  let aliasValues = 0
  const invalid = (node: unknown, message: string) => {
    const { line, col } = lineCounter.linePos((node as { range?: readonly [number, number, number] } | null)?.range?.[0] ?? 0)
    return new YamlProblem(`invalid YAML at line ${line}, column ${col}: ${message}`)
  }
  const convert = (node: unknown): { readonly value: unknown; readonly values: number } => {
    if (node === null || node === undefined) return { value: null, values: 1 }
    if (isAlias(node)) {
      const target = anchors.get(node.source)
      if (target === undefined) throw invalid(node, `the alias *${capped(node.source, 20)} refers to no anchor before it`)
      aliasValues += target.values
      if (aliasValues > maxAliasValues)
        throw new YamlProblem(`too many YAML aliases (an alias bomb?); scalecast expands aliases to at most ${maxAliasValues.toLocaleString("en-US")} values`)
      return target
    }
    let out: { readonly value: unknown; readonly values: number }
    if (isScalar(node)) out = { value: node.value, values: 1 }
    else if (isSeq(node)) {
      const list: Array<unknown> = []
      let values = 1
      for (const item of node.items) {
        const c = convert(item)
        list.push(c.value)
        values += c.values
      }
      out = { value: list, values }
    } else if (isMap(node)) {
      const object: Record<string, unknown> = {}
      const names = new Set<string>()
      let values = 1
      for (const pair of node.items) {
        const key = convert(pair.key).value
        if (key !== null && typeof key === "object") throw invalid(pair.key, "expected a name as a key, got a list or mapping")
        const name = key === null ? "" : String(key)
        if (names.has(name)) throw invalid(pair.key, `the key ${JSON.stringify(capped(name, 20))} appears twice in one mapping`)
        names.add(name)
        const c = convert(pair.value)
        // As the library does: a key like "__proto__" becomes an own property, never the prototype.
        if (name in object) Object.defineProperty(object, name, { value: c.value, writable: true, enumerable: true, configurable: true })
        else object[name] = c.value
        values += c.values
      }
      out = { value: object, values }
    } else throw invalid(node, "unsupported YAML node")
    // Registered once complete, so an alias inside its own anchor finds no anchor: no cycles.
    if (node.anchor !== undefined) anchors.set(node.anchor, out)
    return out
  }
  return convert(doc.contents).value
}

/** Turns a JSON.parse error into "line L, column C: message", without the excerpt V8 may quote. */
const jsonErrorPosition = (text: string, e: unknown): string => {
  const message = (e instanceof Error ? e.message : String(e))
    .replace(/, (\.\.\.)?".*$/s, "")
    .replace(/^Unexpected/, "unexpected")
    .replace(/^Expected/, "expected")
  const m = /position (\d+)/.exec(message)
  if (!m) return message
  const offset = Number(m[1])
  const before = text.slice(0, offset)
  const line = before.split("\n").length
  const col = offset - before.lastIndexOf("\n")
  return `line ${line}, column ${col}: ${message.replace(/ (in JSON )?at position \d+.*$/s, "")}`
}
