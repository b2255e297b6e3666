/**
 * RecordsFile: reading the files users record from RunPod (job records, /health polls), shared by
 * JobRecords.ts and HealthPolls.ts: only regular files (a device or FIFO is refused before it is
 * read), lines at most `maxLineBytes`, fs errors and long lines as a RecordsProblem naming the file,
 * JSONL lines and whole JSON arrays with the line each value starts on, values shown in messages
 * without quoting more than 20 characters, and the typed-array columns records are read into.
 */
import { closeSync, constants, openSync, readFileSync, readSync, statSync, type Stats } from "node:fs"
import { LineReader, LineTooLongError, maxLineBytes } from "../traces/LineReader.ts"
import { shown } from "../traces/TraceRows.ts"

/** A malformed records file: the message starts with `file:line:` (`file:` for a whole-file problem). */
export class RecordsProblem extends Error {}

/** The largest JSON array read (it is read whole); JSONL has no such bound. */
export const maxJsonArrayBytes = 512 * 1024 * 1024

export const fail = (file: string, line: number, message: string): never => {
  throw new RecordsProblem(`${file}:${line}: ${message}`)
}

/** A JSON value for a message, without nesting into objects or quoting more than 20 characters. */
export const shownValue = (v: unknown): string =>
  typeof v === "string"
    ? shown(v)
    : Array.isArray(v)
      ? "a list"
      : v !== null && typeof v === "object"
        ? "an object"
        : String(v).length > 20
          ? `${String(v).slice(0, 20)}…`
          : String(v)

/** "1 record", "1,204 records". */
export const counted = (n: number, noun: string): string => `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`

/** A number as logs write it: digits, an optional fraction and exponent (no hex, no Infinity). */
export const numeric = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/

// ---- Files ----

const kindOf = (info: Stats): string =>
  info.isDirectory()
    ? "a directory"
    : info.isCharacterDevice() || info.isBlockDevice()
      ? "a device"
      : info.isFIFO()
        ? "a FIFO (named pipe)"
        : info.isSocket()
          ? "a socket"
          : "not a regular file"

const fsReason = (e: unknown): string => {
  const code = (e as { code?: unknown }).code
  return code === "EACCES" || code === "EPERM" ? "permission denied" : typeof code === "string" ? code : String(e)
}

/**
 * Runs `read` on `path` once it is known to be a regular file; a line too long or an fs error while
 * reading becomes a RecordsProblem. `what` names one record ("job record", "health poll").
 */
export const readRecordsFile = <T>(path: string, what: string, read: () => T): T => {
  let info: Stats | undefined
  try {
    info = statSync(path, { throwIfNoEntry: false })
  } catch (e) {
    throw new RecordsProblem(`${path}: cannot be read (${fsReason(e)})`)
  }
  if (info === undefined) throw new RecordsProblem(`${path}: no such file; expected a file of ${what}s`)
  // Checked before opening: a device never ends and a FIFO may never open.
  if (!info.isFile()) throw new RecordsProblem(`${path}: expected a regular file of ${what}s, got ${kindOf(info)}`)
  try {
    return read()
  } catch (e) {
    if (e instanceof LineTooLongError)
      throw new RecordsProblem(`${path}:${e.line}: line longer than ${maxLineBytes / 1024 / 1024} MiB; expected one ${what} per line`)
    if (e instanceof Error && typeof (e as NodeJS.ErrnoException).code === "string") throw new RecordsProblem(`${path}: cannot be read (${fsReason(e)})`)
    throw e
  }
}

/** Where V8's JSON.parse message places the problem, without the excerpt of the input it may quote. */
const jsonColumn = (e: unknown): string => {
  const at = /at position (\d+)/.exec(e instanceof Error ? e.message : "")
  return at === null ? "" : ` at column ${Number(at[1]) + 1}`
}

/** Each non-blank line of a JSONL file, parsed, with its 1-based line number. */
export function* jsonLines(path: string, what: string): Generator<{ readonly value: unknown; readonly line: number }> {
  const reader = new LineReader(path)
  try {
    for (let text = reader.next(); text !== undefined; text = reader.next()) {
      if (text.trim() === "") continue
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch (e) {
        fail(path, reader.lineNumber, `invalid JSON${jsonColumn(e)}; expected one ${what} (a JSON object) per line`)
      }
      yield { value, line: reader.lineNumber }
    }
  } finally {
    reader.close()
  }
}

/** Space, tab, line feed, carriage return: JSON's white space. */
const isJsonSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9

/** Each element of a JSON array file, parsed, with the line it starts on. */
export function* jsonArray(path: string): Generator<{ readonly value: unknown; readonly line: number }> {
  const size = statSync(path).size
  if (size > maxJsonArrayBytes)
    throw new RecordsProblem(
      `${path}: a JSON array of ${(size / 1024 / 1024).toFixed(0)} MiB; expected at most ${maxJsonArrayBytes / 1024 / 1024} MiB in one array: write one record per line (JSONL) instead`
    )
  const text = readFileSync(path, "utf8")
  let line = 1
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  const skipSpace = () => {
    for (; i < text.length && isJsonSpace(text.charCodeAt(i)); i++) if (text.charCodeAt(i) === 10) line++
  }
  skipSpace()
  if (text[i] !== "[") fail(path, line, 'expected a JSON array of job records ("[" first)')
  i++
  skipSpace()
  if (text[i] === "]") i++
  else {
    for (let element = 1; ; element++) {
      skipSpace()
      const start = i
      const startLine = line
      // To the comma or bracket that ends the element: depth and strings only; JSON.parse checks the rest.
      let depth = 0
      for (let inString = false; i < text.length; i++) {
        const c = text.charCodeAt(i)
        if (c === 10) line++
        // A backslash in a string escapes the next character.
        if (inString) {
          if (c === 92) i++
          else if (c === 34) inString = false
        } else if (c === 34) inString = true
        else if (c === 123 || c === 91) depth++
        else if (c === 125 || c === 93) {
          if (depth === 0) break
          depth--
        } else if (c === 44 && depth === 0) break
      }
      const slice = text.slice(start, i)
      let value: unknown
      try {
        value = JSON.parse(slice)
      } catch (e) {
        const at = /at position (\d+)/.exec(e instanceof Error ? e.message : "")
        const offset = at === null ? 0 : Number(at[1])
        fail(
          path,
          startLine + (slice.slice(0, offset).match(/\n/g)?.length ?? 0),
          `invalid JSON in element ${element} of the array; expected a job record (a JSON object)`
        )
      }
      yield { value, line: startLine }
      if (text[i] === ",") i++
      else if (text[i] === "]") {
        i++
        break
      } else fail(path, line, `expected "," or "]" after element ${element} of the array, got ${i < text.length ? shown(text[i]!) : "the end of the file"}`)
    }
  }
  skipSpace()
  if (i < text.length) fail(path, line, 'expected the end of the file after the array\'s closing "]"')
}

const bom = Buffer.from([0xef, 0xbb, 0xbf])

/** The first character of a file that is not white space ("" when there is none). */
export const firstCharacter = (path: string): string => {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  try {
    const buffer = Buffer.alloc(64 * 1024)
    for (let n = readSync(fd, buffer), from = buffer.subarray(0, 3).equals(bom) ? 3 : 0; n > 0; n = readSync(fd, buffer), from = 0) {
      for (let i = from; i < n; i++) if (!isJsonSpace(buffer[i]!)) return String.fromCharCode(buffer[i]!)
    }
    return ""
  } finally {
    closeSync(fd)
  }
}

// ---- Columns ----

type Column = Float64Array | Int32Array | Uint8Array | Uint32Array

/** `a` with room for `length` values: itself, or a copy twice as long. */
export const grow = <A extends Column>(a: A, length: number): A => {
  if (length <= a.length) return a
  const b = new (a.constructor as new (n: number) => A)(Math.max(length, a.length * 2))
  b.set(a)
  return b
}

/**
 * Rows (indices into `ms`, in file order) sorted by time, ties in file order (the sort is stable), and
 * how many rows came after a later time (were out of order).
 */
export const timeOrder = (ms: Float64Array, rows: Uint32Array): { readonly order: Uint32Array; readonly outOfOrder: number } => {
  let outOfOrder = 0
  let latest = Number.NEGATIVE_INFINITY
  for (const r of rows) {
    if (ms[r]! < latest) outOfOrder++
    else latest = ms[r]!
  }
  return { order: outOfOrder === 0 ? rows : rows.slice().sort((a, b) => ms[a]! - ms[b]!), outOfOrder }
}
