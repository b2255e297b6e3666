/**
 * TraceRows: reading the requests of a csv, jsonl or Azure 2021 trace file row by row, in file
 * order, in bounded memory (a LineReader underneath), failing with the file, line and column of the
 * first malformed row. Messages never quote a file's lines: a cell is shown up to 20 characters.
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

/**
 * Iterates a csv, jsonl or azure2021 file's requests (trace time in seconds, execution seconds or
 * NaN), failing with the file, line and column of the first malformed row.
 */
export function* rows(
  file: string,
  path: string,
  format: RowFormat,
  originMs: { value: number },
  filter: { apps?: ReadonlyArray<string> | undefined; functions?: ReadonlyArray<string> | undefined }
): Generator<Row> {
  const reader = new LineReader(path)
  try {
    if (format === "jsonl") {
      for (let line = reader.next(); line !== undefined; line = reader.next()) {
        if (line.trim() === "") continue
        let obj: unknown
        try {
          obj = JSON.parse(line)
        } catch (e) {
          const { problem, offset } = jsonSyntax(e)
          fail(file, reader.lineNumber, offset + 1, `invalid JSON: ${problem}`)
        }
        if (obj === null || typeof obj !== "object") fail(file, reader.lineNumber, 1, "expected an object with a timestamp")
        const record = obj as Record<string, unknown>
        const t = parseTime(record.timestamp)
        const column = Math.max(1, line.indexOf('"timestamp"') + 1)
        if (t === undefined)
          fail(file, reader.lineNumber, column, `timestamp: expected seconds or an ISO-8601 date-time, got ${shownValue(record.timestamp ?? null)}`)
        const exec = record.executionSeconds
        if (exec !== undefined && (typeof exec !== "number" || !(exec >= 0) || !Number.isFinite(exec)))
          fail(
            file,
            reader.lineNumber,
            Math.max(1, line.indexOf('"executionSeconds"') + 1),
            `executionSeconds: expected a finite number >= 0, got ${shownValue(exec)}`
          )
        yield { time: timeOf(t!, originMs), exec: typeof exec === "number" ? exec : Number.NaN, line: reader.lineNumber, column }
      }
      return
    }
    const header = reader.next()
    if (header === undefined) fail(file, 1, 1, "the file is empty; expected a header row")
    const col = headerColumns(header!)
    if (format === "azure2021") {
      const [app, func, end, duration] = [col("app"), col("func"), col("end_timestamp"), col("duration")]
      if (end < 0 || duration < 0)
        fail(file, 1, 1, `expected the Azure 2021 header app,func,end_timestamp,duration, got a header without ${end < 0 ? "end_timestamp" : "duration"}`)
      for (let line = reader.next(); line !== undefined; line = reader.next()) {
        if (line.trim() === "") continue
        const f = splitCsv(line)
        if (filter.apps !== undefined && !filter.apps.includes(f[app]?.value ?? "")) continue
        if (filter.functions !== undefined && !filter.functions.includes(f[func]?.value ?? "")) continue
        const e = Number(f[end]?.value)
        const d = Number(f[duration]?.value)
        if (!Number.isFinite(e) || f[end]?.value === "")
          fail(file, reader.lineNumber, f[end]?.column ?? line.length + 1, `end_timestamp: expected a number of seconds, got ${shown(f[end]?.value ?? "")}`)
        if (!(d >= 0) || f[duration]?.value === "")
          fail(
            file,
            reader.lineNumber,
            f[duration]?.column ?? line.length + 1,
            `duration: expected a number of seconds >= 0, got ${shown(f[duration]?.value ?? "")}`
          )
        yield { time: e - d, exec: d, line: reader.lineNumber, column: f[end]!.column }
      }
      return
    }
    const ts = col("timestamp")
    const ex = col("executionSeconds")
    if (ts < 0) fail(file, 1, 1, 'expected a header row with a "timestamp" column (comma-separated), got a header without one')
    for (let line = reader.next(); line !== undefined; line = reader.next()) {
      if (line.trim() === "") continue
      const f = splitCsv(line)
      const cell = f[ts]
      const t = parseTime(cell?.value)
      if (t === undefined)
        fail(file, reader.lineNumber, cell?.column ?? line.length + 1, `timestamp: expected seconds or an ISO-8601 date-time, got ${shown(cell?.value ?? "")}`)
      let exec = Number.NaN
      if (ex >= 0 && f[ex] !== undefined && f[ex]!.value !== "") {
        exec = Number(f[ex]!.value)
        if (!(exec >= 0) || !Number.isFinite(exec))
          fail(file, reader.lineNumber, f[ex]!.column, `executionSeconds: expected a finite number >= 0, got ${shown(f[ex]!.value)}`)
      }
      yield { time: timeOf(t!, originMs), exec, line: reader.lineNumber, column: cell!.column }
    }
  } finally {
    reader.close()
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
