/**
 * TraceRows: reading the requests of a csv, jsonl or Azure 2021 trace file row by row, in file
 * order, in bounded memory (a LineReader underneath), failing with the file, line and column of the
 * first malformed row. Messages never quote a file's lines: a cell is shown up to 20 characters.
 * Plain numeric CSV lines are read from their bytes (`plainDecimal`), the rest as text.
 */
import { LineReader, splitCsv } from "./LineReader.ts"

/** The formats read row by row (Azure 2019 is read per function: Azure2019.ts). */
export type RowFormat = "csv" | "jsonl" | "azure2021"

/** A malformed trace file: the message starts with `file:line:column`. */
export class TraceProblem extends Error {}

export const fail = (file: string, line: number, column: number, message: string): never => {
  throw new TraceProblem(`${file}:${line}:${column}: ${message}`)
}

/** A cell's text for a message: JSON-quoted, at most 20 characters of it. */
export const shown = (raw: string): string => JSON.stringify(raw.length > 20 ? `${raw.slice(0, 20)}…` : raw)

/** A JSON value for a message, without nesting into objects or quoting long text. */
const shownValue = (v: unknown): string =>
  typeof v === "string" ? shown(v) : Array.isArray(v) ? "a list" : v !== null && typeof v === "object" ? "an object" : String(v)

/** V8's JSON.parse message without the excerpt of the input it may quote, and the offset it names. */
const jsonSyntax = (e: unknown): { readonly problem: string; readonly offset: number } => {
  const message = e instanceof Error ? e.message : String(e)
  const at = / (?:in JSON )?at position (\d+)/.exec(message)
  const problem = message
    .replace(/, (\.\.\.)?".*$/s, "")
    .replace(/ (?:in JSON )?at position \d+.*$/s, "")
    .replace(/^Unexpected/, "unexpected")
    .replace(/^Expected/, "expected")
  return { problem, offset: at === null ? 0 : Number(at[1]) }
}

/** Reads a timestamp: seconds, or an ISO-8601 date-time (epoch ms returned separately). */
const parseTime = (raw: unknown): { readonly seconds: number; readonly isoMs: number } | undefined => {
  if (typeof raw === "number") return Number.isFinite(raw) ? { seconds: raw, isoMs: Number.NaN } : undefined
  if (typeof raw !== "string" || raw.trim() === "") return undefined
  const n = Number(raw)
  if (Number.isFinite(n)) return { seconds: n, isoMs: Number.NaN }
  const ms = /^\d{4}-\d{2}-\d{2}/.test(raw) ? Date.parse(raw) : Number.NaN
  return Number.isNaN(ms) ? undefined : { seconds: Number.NaN, isoMs: ms }
}

/** One request of a csv/jsonl/azure2021 trace, in file order. */
export interface Row {
  readonly time: number
  readonly exec: number
  readonly line: number
  readonly column: number
}

/** Azure 2021: only these apps / functions (undefined: all). */
export interface RowFilter {
  readonly apps?: ReadonlyArray<string> | undefined
  readonly functions?: ReadonlyArray<string> | undefined
}

/** Powers of ten that are exact doubles (10^0 … 10^22). */
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k)

/**
 * The number in `bytes[start, end)` when it is a plain decimal: `-`? digits (`.` digits)?, at most
 * 15 digits in all; NaN for anything else (spaces, exponents, `+`, a bare `.5`, more digits), which
 * the caller then reads as text. Exactly `Number(text)`: the digits make an integer below 2^53 and
 * 10^k is exact, so the one division is correctly rounded (Clinger's fast path).
 */
export const plainDecimal = (bytes: Uint8Array, start: number, end: number): number => {
  let i = start
  const negative = i < end && bytes[i] === 45
  if (negative) i++
  let mantissa = 0
  let digits = 0
  let decimals = -1
  for (; i < end; i++) {
    const c = bytes[i]!
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48)
      digits++
      if (decimals >= 0) decimals++
    } else if (c === 46 && decimals < 0 && digits > 0) decimals = 0
    else return Number.NaN
  }
  if (digits === 0 || digits > 15 || decimals === 0) return Number.NaN
  const v = decimals > 0 ? mantissa / EXACT_POWERS_OF_TEN[decimals]! : mantissa
  return negative ? -v : v
}

/**
 * Reads a csv, jsonl or azure2021 file's requests one by one, in file order (trace time in seconds,
 * execution seconds or NaN), failing with the file, line and column of the first malformed row.
 * A cursor: `next()` moves to the next request and fills `time`, `exec`, `line`, `column`.
 *
 * NOTE (performance): a CSV line of plain ASCII numbers (the common trace) is read straight from
 * the line's bytes, without a string; any other line (quotes, spaces, ISO date-times, other
 * characters, malformed cells) is decoded and read as text, which also gives the error messages.
 */
export class RowReader implements Row {
  time = Number.NaN
  exec = Number.NaN
  line = 0
  column = 1
  private readonly file: string
  private readonly format: RowFormat
  private readonly originMs: { value: number }
  private readonly filter: RowFilter
  private readonly reader: LineReader
  /** csv: the timestamp and executionSeconds columns (-1: none); azure2021: end_timestamp and duration. */
  private readonly first: number = -1
  private readonly second: number = -1
  private readonly app: number = -1
  private readonly func: number = -1

  /** Opens `path` (named `file` in messages) and reads its header row. */
  constructor(file: string, path: string, format: RowFormat, originMs: { value: number }, filter: RowFilter) {
    this.file = file
    this.format = format
    this.originMs = originMs
    this.filter = filter
    this.reader = new LineReader(path)
    if (format === "jsonl") return
    try {
      const header = this.reader.next()
      if (header === undefined) fail(file, 1, 1, "the file is empty; expected a header row")
      const col = headerColumns(header!)
      if (format === "azure2021") {
        ;[this.app, this.func, this.first, this.second] = [col("app"), col("func"), col("end_timestamp"), col("duration")]
        if (this.first < 0 || this.second < 0)
          fail(
            file,
            1,
            1,
            `expected the Azure 2021 header app,func,end_timestamp,duration, got a header without ${this.first < 0 ? "end_timestamp" : "duration"}`
          )
      } else {
        this.first = col("timestamp")
        this.second = col("executionSeconds")
        if (this.first < 0) fail(file, 1, 1, 'expected a header row with a "timestamp" column (comma-separated), got a header without one')
      }
    } catch (e) {
      this.reader.close()
      throw e
    }
  }

  /** Moves to the next request; false at the end of the file (which is then closed). */
  next(): boolean {
    try {
      return this.format === "csv" ? this.nextCsv() : this.format === "jsonl" ? this.nextJsonl() : this.nextAzure2021()
    } catch (e) {
      this.reader.close()
      throw e
    }
  }

  /** Lets go of the file before its end. */
  close(): void {
    this.reader.close()
  }

  private nextCsv(): boolean {
    const reader = this.reader
    while (reader.nextLine()) {
      if (reader.lineEnd === reader.lineStart) continue
      if (this.plainCsv()) return true
      const line = reader.text()
      if (line.trim() === "") continue
      const f = splitCsv(line)
      const cell = f[this.first]
      const t = parseTime(cell?.value)
      if (t === undefined)
        fail(
          this.file,
          reader.lineNumber,
          cell?.column ?? line.length + 1,
          `timestamp: expected seconds or an ISO-8601 date-time, got ${shown(cell?.value ?? "")}`
        )
      let exec = Number.NaN
      const ex = this.second
      if (ex >= 0 && f[ex] !== undefined && f[ex]!.value !== "") {
        exec = Number(f[ex]!.value)
        if (!(exec >= 0) || !Number.isFinite(exec))
          fail(this.file, reader.lineNumber, f[ex]!.column, `executionSeconds: expected a finite number >= 0, got ${shown(f[ex]!.value)}`)
      }
      return this.found(timeOf(t!, this.originMs), exec, cell!.column)
    }
    return false
  }

  /**
   * The CSV fast path: the line's timestamp and executionSeconds cells, read from its bytes when
   * everything up to them is ASCII without quotes and both are plain decimals (the timestamp
   * present, the execution time absent, empty or >= 0). False: read the line as text instead.
   */
  private plainCsv(): boolean {
    const { bytes, lineStart, lineEnd } = this.reader
    const ts = this.first
    const ex = this.second
    const last = ts > ex ? ts : ex
    let tsStart = -1
    let tsEnd = -1
    let exStart = -1
    let exEnd = -1
    let cell = 0
    let cellStart = lineStart
    for (let i = lineStart; ; i++) {
      const c = i < lineEnd ? bytes[i]! : 44
      if (c === 34 || c >= 128) return false
      if (c !== 44) continue
      if (cell === ts) {
        tsStart = cellStart
        tsEnd = i
      } else if (cell === ex) {
        exStart = cellStart
        exEnd = i
      }
      if (cell === last || i >= lineEnd) break
      cell++
      cellStart = i + 1
    }
    if (tsStart < 0) return false
    const time = plainDecimal(bytes, tsStart, tsEnd)
    if (Number.isNaN(time)) return false
    let exec = Number.NaN
    if (exStart >= 0 && exEnd > exStart) {
      exec = plainDecimal(bytes, exStart, exEnd)
      if (!(exec >= 0)) return false
    }
    return this.found(time, exec, tsStart - lineStart + 1)
  }

  private nextJsonl(): boolean {
    const reader = this.reader
    for (let line = reader.next(); line !== undefined; line = reader.next()) {
      if (line.trim() === "") continue
      let obj: unknown
      try {
        obj = JSON.parse(line)
      } catch (e) {
        const { problem, offset } = jsonSyntax(e)
        fail(this.file, reader.lineNumber, offset + 1, `invalid JSON: ${problem}`)
      }
      if (obj === null || typeof obj !== "object") fail(this.file, reader.lineNumber, 1, "expected an object with a timestamp")
      const record = obj as Record<string, unknown>
      const t = parseTime(record.timestamp)
      const column = Math.max(1, line.indexOf('"timestamp"') + 1)
      if (t === undefined)
        fail(this.file, reader.lineNumber, column, `timestamp: expected seconds or an ISO-8601 date-time, got ${shownValue(record.timestamp ?? null)}`)
      const exec = record.executionSeconds
      if (exec !== undefined && (typeof exec !== "number" || !(exec >= 0) || !Number.isFinite(exec)))
        fail(
          this.file,
          reader.lineNumber,
          Math.max(1, line.indexOf('"executionSeconds"') + 1),
          `executionSeconds: expected a finite number >= 0, got ${shownValue(exec)}`
        )
      return this.found(timeOf(t!, this.originMs), typeof exec === "number" ? exec : Number.NaN, column)
    }
    return false
  }

  private nextAzure2021(): boolean {
    const reader = this.reader
    const { app, func, first: end, second: duration, filter } = this
    for (let line = reader.next(); line !== undefined; line = reader.next()) {
      if (line.trim() === "") continue
      const f = splitCsv(line)
      if (filter.apps !== undefined && !filter.apps.includes(f[app]?.value ?? "")) continue
      if (filter.functions !== undefined && !filter.functions.includes(f[func]?.value ?? "")) continue
      const e = Number(f[end]?.value)
      const d = Number(f[duration]?.value)
      if (!Number.isFinite(e) || f[end]?.value === "")
        fail(this.file, reader.lineNumber, f[end]?.column ?? line.length + 1, `end_timestamp: expected a number of seconds, got ${shown(f[end]?.value ?? "")}`)
      if (!(d >= 0) || f[duration]?.value === "")
        fail(
          this.file,
          reader.lineNumber,
          f[duration]?.column ?? line.length + 1,
          `duration: expected a number of seconds >= 0, got ${shown(f[duration]?.value ?? "")}`
        )
      return this.found(e - d, d, f[end]!.column)
    }
    return false
  }

  private found(time: number, exec: number, column: number): true {
    this.time = time
    this.exec = exec
    this.line = this.reader.lineNumber
    this.column = column
    return true
  }
}

const timeOf = (t: { readonly seconds: number; readonly isoMs: number }, origin: { value: number }): number => {
  if (Number.isNaN(t.isoMs)) return t.seconds
  if (Number.isNaN(origin.value)) origin.value = t.isoMs
  return (t.isoMs - origin.value) / 1000
}

/** Each name's first column in a header row (-1: absent). One pass, however many cells the row has. */
export const headerColumns = (header: string): ((name: string) => number) => {
  const columns = new Map<string, number>()
  splitCsv(header).forEach((f, i) => {
    if (!columns.has(f.value)) columns.set(f.value, i)
  })
  return (name) => columns.get(name) ?? -1
}
