/**
 * Trace: replaying recorded requests (`workload.arrivals: {type: "trace", path, …}`).
 *
 * Formats: `csv` (a header row with `timestamp` and optionally `executionSeconds`; other columns
 * ignored), `jsonl` (one object per line with the same keys), and the Azure Functions public traces:
 * `azure2019` (invocations_per_function_md.anon.dNN.csv: per-minute counts in columns 1..1440 per
 * function; rows chosen by `functions` (HashFunction), `apps` (HashApp) or the `top` N busiest; each
 * minute's invocations spread inside the minute, `uniform` or `poisson`, seeded; durations from
 * `durationsPath`, a function_durations_percentiles.anon.dNN.csv) and `azure2021`
 * (AzureFunctionsInvocationTrace2021: app, func, end_timestamp, duration; arrival = end − duration).
 *
 * Timestamps are seconds from the start or ISO-8601 date-times (then relative to the file's first).
 * `fromSeconds`/`toSeconds` pick a window of the trace, which starts at 0 in the replay;
 * `timeScale` multiplies replayed times (0.5 = twice as fast); `rateMultiplier` replays each
 * request ⌊m⌋ or ⌈m⌉ times (thinning when m < 1).
 *
 * Files are read as streams (1 MiB chunks): `prepareTrace` checks a whole file once, at decode time,
 * so errors name the file, line and column before any run starts; the replay reads it again, in
 * bounded memory. Unsorted timestamps are an error (first offending line) unless `sort: true`, which
 * sorts in memory up to `maxSortedRows` and refuses beyond. Azure 2021 traces are always sorted
 * (they are ordered by end time, not arrival).
 *
 * Hostile files: only regular files are read (a device or FIFO is refused before it is opened),
 * lines are at most `maxLineBytes`, preparing allocates nothing in proportion to a request count,
 * and messages never quote a file's lines (a cell is shown only up to 20 characters).
 */
import { Schema } from "effect"
import { statSync, type Stats } from "node:fs"
import { isAbsolute, resolve } from "node:path"
import type { ArrivalProcess } from "../ArrivalProcess.ts"
import type { ConfigProblem } from "../ConfigProblem.ts"
import { percentileSampler, type PercentilePoints } from "../Distribution.ts"
import { IntAtLeast, NonEmptyStr, NumberAbove, NumberAtLeast, OneOf, StrList } from "../fields.ts"
import { LineReader, LineTooLongError, maxLineBytes, splitCsv } from "./LineReader.ts"

export const traceFormats = ["csv", "jsonl", "azure2019", "azure2021"] as const
export type TraceFormat = (typeof traceFormats)[number]

export const TraceArrivals = Schema.Struct({
  type: Schema.Literal("trace"),
  path: NonEmptyStr,
  format: Schema.optionalKey(OneOf(traceFormats)),
  sort: Schema.optionalKey(Schema.Boolean),
  timeScale: Schema.optionalKey(NumberAbove(0)),
  fromSeconds: Schema.optionalKey(NumberAtLeast(0)),
  toSeconds: Schema.optionalKey(NumberAbove(0)),
  rateMultiplier: Schema.optionalKey(NumberAtLeast(0)),
  functions: Schema.optionalKey(StrList),
  apps: Schema.optionalKey(StrList),
  top: Schema.optionalKey(IntAtLeast(1)),
  spread: Schema.optionalKey(OneOf(["uniform", "poisson"])),
  durationsPath: Schema.optionalKey(NonEmptyStr)
})
export type TraceArrivals = typeof TraceArrivals.Type

/** Rows `sort: true` (and Azure 2021) may hold in memory. */
export const maxSortedRows = 5_000_000

/**
 * Invocations one minute of an Azure 2019 trace may hold across the chosen functions: the replay
 * spreads a minute's invocations in memory (about 60 MB at this bound; the busiest function of the
 * published trace has far fewer).
 */
export const maxInvocationsPerMinute = 1_000_000

/** A trace checked and ready to replay: absolute paths, the format, and Azure 2019's chosen rows. */
export interface PreparedTrace {
  readonly type: "trace"
  readonly path: string
  readonly format: TraceFormat
  readonly sort: boolean
  readonly timeScale: number
  readonly fromSeconds: number
  readonly toSeconds: number
  readonly rateMultiplier: number
  /** ISO traces: epoch milliseconds of the first timestamp (times are relative to it). */
  readonly originMs: number
  /**
   * Requests in the window (before the rate multiplier). Azure 2019: the chosen rows' counts, a
   * minute that the window cuts counted in proportion (the expected number), rounded.
   */
  readonly requests: number
  /**
   * The longest recorded execution in the window, seconds (0 when the trace records none): csv/jsonl
   * `executionSeconds`, Azure 2021 `duration`, Azure 2019 the chosen functions' p100 duration.
   */
  readonly maxExecutionSeconds: number
  /** Azure 2019: the chosen functions' per-minute counts and duration percentiles. */
  readonly functions: ReadonlyArray<{ readonly hash: string; readonly counts: ReadonlyArray<number>; readonly durations: PercentilePoints | null }>
  readonly spread: "uniform" | "poisson"
  /** Azure 2021: only these apps / functions (null: all). */
  readonly apps: ReadonlyArray<string> | null
  readonly functionNames: ReadonlyArray<string> | null
}

class TraceProblem extends Error {}

const fail = (file: string, line: number, column: number, message: string): never => {
  throw new TraceProblem(`${file}:${line}:${column}: ${message}`)
}

/** A cell's text for a message: JSON-quoted, at most 20 characters of it. */
const shown = (raw: string): string => JSON.stringify(raw.length > 20 ? `${raw.slice(0, 20)}…` : raw)

/** A JSON value for a message, without nesting into objects or quoting long text. */
const shownValue = (v: unknown): string =>
  typeof v === "string" ? shown(v) : Array.isArray(v) ? "a list" : v !== null && typeof v === "object" ? "an object" : String(v)

/** V8's JSON.parse message without the excerpt of the input it may quote, and the offset it names. */
const jsonSyntax = (e: unknown): { readonly problem: string; readonly offset: number } => {
  const message = e instanceof Error ? e.message : String(e)
  const at = / in JSON at position (\d+)/.exec(message)
  const problem = message
    .replace(/, (\.\.\.)?".*$/s, "")
    .replace(/ in JSON at position \d+.*$/s, "")
    .replace(/^Unexpected/, "unexpected")
    .replace(/^Expected/, "expected")
  return { problem, offset: at === null ? 0 : Number(at[1]) }
}

/** "a device", "a FIFO (named pipe)", … for a path that is not a regular file. */
const kindOf = (info: Stats): string =>
  info.isCharacterDevice() || info.isBlockDevice() ? "a device" : info.isFIFO() ? "a FIFO (named pipe)" : info.isSocket() ? "a socket" : "not a regular file"

/** The format a file's name or header suggests. */
const detectFormat = (path: string): TraceFormat => {
  if (/\.(jsonl|ndjson)$/i.test(path)) return "jsonl"
  const reader = new LineReader(path)
  let header: string
  try {
    header = reader.next() ?? ""
  } finally {
    reader.close()
  }
  const names = splitCsv(header).map((f) => f.value)
  if (names.includes("HashFunction") && names.includes("1440")) return "azure2019"
  if (names.includes("end_timestamp") && names.includes("duration")) return "azure2021"
  return "csv"
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
interface Row {
  readonly time: number
  readonly exec: number
  readonly line: number
  readonly column: number
}

/**
 * Iterates a csv, jsonl or azure2021 file's requests (trace time in seconds, execution seconds or
 * NaN), failing with the file, line and column of the first malformed row.
 */
function* rows(file: string, path: string, format: TraceFormat, originMs: { value: number }, filter: { apps?: ReadonlyArray<string> | undefined; functions?: ReadonlyArray<string> | undefined }): Generator<Row> {
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
        if (t === undefined) fail(file, reader.lineNumber, column, `timestamp: expected seconds or an ISO-8601 date-time, got ${shownValue(record.timestamp ?? null)}`)
        const exec = record.executionSeconds
        if (exec !== undefined && (typeof exec !== "number" || !(exec >= 0) || !Number.isFinite(exec))) fail(file, reader.lineNumber, Math.max(1, line.indexOf('"executionSeconds"') + 1), `executionSeconds: expected a finite number >= 0, got ${shownValue(exec)}`)
        yield { time: timeOf(t!, originMs), exec: typeof exec === "number" ? exec : Number.NaN, line: reader.lineNumber, column }
      }
      return
    }
    const header = reader.next()
    if (header === undefined) fail(file, 1, 1, "the file is empty; expected a header row")
    const col = headerColumns(header!)
    if (format === "azure2021") {
      const [app, func, end, duration] = [col("app"), col("func"), col("end_timestamp"), col("duration")]
      if (end < 0 || duration < 0) fail(file, 1, 1, `expected the Azure 2021 header app,func,end_timestamp,duration, got a header without ${end < 0 ? "end_timestamp" : "duration"}`)
      for (let line = reader.next(); line !== undefined; line = reader.next()) {
        if (line.trim() === "") continue
        const f = splitCsv(line)
        if (filter.apps !== undefined && !filter.apps.includes(f[app]?.value ?? "")) continue
        if (filter.functions !== undefined && !filter.functions.includes(f[func]?.value ?? "")) continue
        const e = Number(f[end]?.value)
        const d = Number(f[duration]?.value)
        if (!Number.isFinite(e) || f[end]?.value === "") fail(file, reader.lineNumber, f[end]?.column ?? line.length + 1, `end_timestamp: expected a number of seconds, got ${shown(f[end]?.value ?? "")}`)
        if (!(d >= 0) || f[duration]?.value === "") fail(file, reader.lineNumber, f[duration]?.column ?? line.length + 1, `duration: expected a number of seconds >= 0, got ${shown(f[duration]?.value ?? "")}`)
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
      if (t === undefined) fail(file, reader.lineNumber, cell?.column ?? line.length + 1, `timestamp: expected seconds or an ISO-8601 date-time, got ${shown(cell?.value ?? "")}`)
      let exec = Number.NaN
      if (ex >= 0 && f[ex] !== undefined && f[ex]!.value !== "") {
        exec = Number(f[ex]!.value)
        if (!(exec >= 0) || !Number.isFinite(exec)) fail(file, reader.lineNumber, f[ex]!.column, `executionSeconds: expected a finite number >= 0, got ${shown(f[ex]!.value)}`)
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

const azureDurationColumns = ["percentile_Average_0", "percentile_Average_1", "percentile_Average_25", "percentile_Average_50", "percentile_Average_75", "percentile_Average_99", "percentile_Average_100"]
const azurePercents = [0, 1, 25, 50, 75, 99, 100]

/** Each name's first column in a header row (-1: absent). One pass, however many cells the row has. */
const headerColumns = (header: string): ((name: string) => number) => {
  const columns = new Map<string, number>()
  splitCsv(header).forEach((f, i) => {
    if (!columns.has(f.value)) columns.set(f.value, i)
  })
  return (name) => columns.get(name) ?? -1
}

const byTotalDescending = (x: { readonly total: number }, y: { readonly total: number }) => y.total - x.total

/** Reads an Azure 2019 invocation file and picks its functions; durations from the percentiles file. */
const prepareAzure2019 = (file: string, path: string, a: TraceArrivals, durationsPath: string | undefined): PreparedTrace["functions"] => {
  const reader = new LineReader(path)
  let chosen: Array<{ hash: string; counts: Array<number>; total: number }> = []
  const top = a.functions === undefined && a.apps === undefined ? (a.top ?? 1) : undefined
  try {
    const header = reader.next()
    if (header === undefined) fail(file, 1, 1, "the file is empty; expected the Azure 2019 header")
    const col = headerColumns(header!)
    const hashCol = col("HashFunction")
    const appCol = col("HashApp")
    const minuteCols = Array.from({ length: 1440 }, (_, m) => col(String(m + 1)))
    if (hashCol < 0 || minuteCols.some((c) => c < 0)) fail(file, 1, 1, "expected the Azure 2019 header HashOwner,HashApp,HashFunction,Trigger,1,…,1440")
    for (let line = reader.next(); line !== undefined; line = reader.next()) {
      if (line.trim() === "") continue
      const f = splitCsv(line)
      const hash = f[hashCol]?.value ?? ""
      if (a.functions !== undefined && !a.functions.includes(hash)) continue
      if (a.apps !== undefined && !a.apps.includes(f[appCol]?.value ?? "")) continue
      const counts = minuteCols.map((c, m) => {
        const cell = f[c]
        const n = cell === undefined ? Number.NaN : Number(cell.value)
        if (!Number.isSafeInteger(n) || n < 0 || cell!.value === "") fail(file, reader.lineNumber, cell?.column ?? line.length + 1, `minute ${m + 1}: expected a count (an integer from 0 to 2^53 - 1), got ${shown(cell?.value ?? "")}`)
        return n
      })
      const total = counts.reduce((s, n) => s + n, 0)
      chosen.push({ hash, counts, total })
      // The top N: trimmed to N whenever 2N rows are held, so a large N costs O(rows log N), not a sort per row.
      if (top !== undefined && chosen.length >= 2 * top) chosen = chosen.sort(byTotalDescending).slice(0, top)
    }
  } finally {
    reader.close()
  }
  if (top !== undefined) chosen = chosen.sort(byTotalDescending).slice(0, top)
  if (chosen.length === 0) fail(file, 1, 1, `no function matches ${a.functions !== undefined ? `functions ${JSON.stringify(a.functions)}` : `apps ${JSON.stringify(a.apps)}`}`)
  const durations = new Map<string, PercentilePoints>()
  if (durationsPath !== undefined) {
    const dfile = a.durationsPath!
    const d = new LineReader(durationsPath)
    try {
      const header = d.next()
      if (header === undefined) fail(dfile, 1, 1, "the file is empty; expected the Azure 2019 durations header")
      const col = headerColumns(header!)
      const hashCol = col("HashFunction")
      const cols = azureDurationColumns.map(col)
      if (hashCol < 0 || cols.some((c) => c < 0)) fail(dfile, 1, 1, `expected a header with HashFunction and ${azureDurationColumns.join(", ")}`)
      const wanted = new Set(chosen.map((c) => c.hash))
      for (let line = d.next(); line !== undefined; line = d.next()) {
        if (line.trim() === "") continue
        const f = splitCsv(line)
        const hash = f[hashCol]?.value ?? ""
        if (!wanted.has(hash)) continue
        let previous = 0
        const points = cols.map((c, i) => {
          const cell = f[c]
          const ms = cell === undefined ? Number.NaN : Number(cell.value)
          if (!(ms >= previous) || cell!.value === "") fail(dfile, d.lineNumber, cell?.column ?? line.length + 1, `${azureDurationColumns[i]}: expected milliseconds >= the previous percentile (${previous}), got ${shown(cell?.value ?? "")}`)
          previous = ms
          return [azurePercents[i]!, ms / 1000] as const
        })
        durations.set(hash, points)
      }
    } finally {
      d.close()
    }
  }
  return chosen.map((c) => ({ hash: c.hash, counts: c.counts, durations: durations.get(c.hash) ?? null }))
}

/**
 * Checks a trace once and resolves its paths against `baseDir`; returns problems (each naming the
 * file, line and column) instead of throwing.
 */
export const prepareTrace = (a: TraceArrivals, baseDir: string, at: string): { readonly trace: PreparedTrace } | { readonly problems: Array<ConfigProblem> } => {
  const resolvePath = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p))
  const path = resolvePath(a.path)
  const durationsPath = a.durationsPath === undefined ? undefined : resolvePath(a.durationsPath)
  const unreadable = (field: string, p: string, what: string) => ({ problems: [{ path: `${at}.${field}`, message: `expected a trace file, got ${JSON.stringify(p)}, ${what}` }] })
  for (const [field, p] of [["path", path], ["durationsPath", durationsPath]] as const) {
    if (p === undefined) continue
    let info: Stats | undefined
    try {
      info = statSync(p, { throwIfNoEntry: false })
    } catch (e) {
      return unreadable(field, p, `which cannot be read (${fsReason(e)})`)
    }
    if (info === undefined) return unreadable(field, p, "which does not exist")
    if (info.isDirectory()) return { problems: [{ path: `${at}.${field}`, message: `expected a trace file, got the directory ${JSON.stringify(p)}` }] }
    // Checked before opening: a device (/dev/zero) never ends and opening some devices acts on them.
    if (!info.isFile()) return { problems: [{ path: `${at}.${field}`, message: `expected a trace file (a regular file), got ${JSON.stringify(p)}, which is ${kindOf(info)}` }] }
  }
  const from = a.fromSeconds ?? 0
  const to = a.toSeconds ?? Number.POSITIVE_INFINITY
  if (to <= from) return { problems: [{ path: `${at}.toSeconds`, message: `expected more than fromSeconds (${from}), got ${to}` }] }
  try {
    const format = a.format ?? detectFormat(path)
    const base = {
      type: "trace" as const,
      path,
      format,
      sort: format === "azure2021" || a.sort === true,
      timeScale: a.timeScale ?? 1,
      fromSeconds: from,
      toSeconds: to,
      rateMultiplier: a.rateMultiplier ?? 1,
      spread: a.spread ?? "uniform",
      apps: a.apps ?? null,
      functionNames: a.functions ?? null
    }
    if (format === "azure2019") {
      const functions = prepareAzure2019(a.path, path, a, durationsPath)
      for (let m = Math.max(0, Math.floor(from / 60)); m < 1440 && m * 60 < to; m++) {
        const total = functions.reduce((sum, f) => sum + f.counts[m]!, 0)
        if (total > maxInvocationsPerMinute) {
          return { problems: [{ path: `${at}.path`, message: `expected at most ${maxInvocationsPerMinute.toLocaleString("en-US")} invocations in a minute across the chosen functions (scalecast spreads each minute in memory), got ${total.toLocaleString("en-US")} in minute ${m + 1} of ${a.path}` }] }
        }
      }
      let requests = 0
      for (const f of functions) {
        f.counts.forEach((n, m) => {
          const overlapSeconds = Math.min(to, m * 60 + 60) - Math.max(from, m * 60)
          if (overlapSeconds > 0) requests += overlapSeconds >= 60 ? n : (n * overlapSeconds) / 60
        })
      }
      const maxExecutionSeconds = functions.reduce((m, f) => Math.max(m, f.durations === null ? 0 : f.durations[f.durations.length - 1]![1]), 0)
      return { trace: { ...base, originMs: Number.NaN, requests: Math.round(requests), maxExecutionSeconds, functions } }
    }
    const origin = { value: Number.NaN }
    let requests = 0
    let maxExecutionSeconds = 0
    let last = Number.NEGATIVE_INFINITY
    for (const row of rows(a.path, path, format, origin, { apps: a.apps, functions: a.functions })) {
      if (!base.sort && row.time < last) fail(a.path, row.line, row.column, `timestamps out of order (${row.time} after ${last}); sort the file or set sort: true`)
      last = Math.max(last, row.time)
      if (row.time >= from && row.time < to) {
        requests++
        if (row.exec > maxExecutionSeconds) maxExecutionSeconds = row.exec
      }
      if (base.sort && requests > maxSortedRows) fail(a.path, row.line, 1, `more than ${maxSortedRows.toLocaleString("en-US")} requests to sort in memory; sort the file first (e.g. sort -t, -k1,1n) and drop sort: true`)
    }
    return { trace: { ...base, originMs: origin.value, requests, maxExecutionSeconds, functions: [] } }
  } catch (e) {
    if (e instanceof TraceProblem) return { problems: [{ path: at, message: e.message }] }
    if (e instanceof LineTooLongError) {
      const [file, row] = e.path === path ? [a.path, "request"] : [a.durationsPath!, "function"]
      return { problems: [{ path: at, message: `${file}:${e.line}:1: line longer than ${maxLineBytes / 1024 / 1024} MiB; expected one ${row} per line` }] }
    }
    // An fs error while reading (EACCES, EIO …); it names the path only when opening failed.
    if (e instanceof Error && typeof (e as NodeJS.ErrnoException).code === "string") {
      const field = durationsPath !== undefined && (e as NodeJS.ErrnoException).path === durationsPath ? "durationsPath" : "path"
      return unreadable(field, field === "path" ? path : durationsPath!, `which cannot be read (${fsReason(e)})`)
    }
    throw e
  }
}

/** A file system error in a few words. */
const fsReason = (e: unknown): string => {
  const code = (e as { code?: unknown }).code
  if (code === "EACCES" || code === "EPERM") return "permission denied"
  if (code === "ENOTDIR") return "a part of the path is not a folder"
  if (code === "ELOOP") return "too many symbolic links"
  return typeof code === "string" ? code : String(e)
}

const filterOf = (t: PreparedTrace) => ({ apps: t.apps ?? undefined, functions: t.functionNames ?? undefined })

/** Replays a prepared trace. One instance per run (it reads the file as the run goes). */
export const traceProcess = (t: PreparedTrace): ArrivalProcess => {
  const replayed = (time: number) => (time - t.fromSeconds) * t.timeScale
  const inWindow = (time: number) => time >= t.fromSeconds && time < t.toSeconds
  let pending = 0
  let pendingTime = Number.POSITIVE_INFINITY
  let pendingExec = Number.NaN
  /** Yields the raw (time, exec) requests in replay order. */
  let source: () => readonly [number, number] | undefined
  if (t.format === "azure2019") {
    let minute = Math.max(0, Math.floor(t.fromSeconds / 60))
    let buffer: Array<readonly [number, number]> = []
    let index = 0
    let uniform: () => number = () => 0.5 // replaced by the run's stream at the first `next`
    const durationSamplers = t.functions.map((f) => (f.durations === null ? null : percentileSampler(f.durations)))
    const draw = () => uniform()
    source = () => {
      while (index >= buffer.length) {
        if (minute >= 1440 || minute * 60 >= t.toSeconds) return undefined
        buffer = []
        index = 0
        t.functions.forEach((f, fi) => {
          const n = f.counts[minute]!
          const add = (offset: number) => buffer.push([minute * 60 + offset, durationSamplers[fi] === null ? Number.NaN : durationSamplers[fi]!(draw)] as const)
          if (t.spread === "uniform") for (let k = 0; k < n; k++) add(uniform() * 60)
          else for (let s = -Math.log(uniform()) * (60 / Math.max(n, 1e-9)); n > 0 && s < 60; s -= Math.log(uniform()) * (60 / n)) add(s)
        })
        buffer.sort((x, y) => x[0] - y[0])
        minute++
      }
      return buffer[index++]
    }
    // The minute spreading draws from the run's arrival stream, which only `next` receives.
    const process = makeProcess()
    const next = process.next
    process.next = (now, u) => {
      uniform = u
      return next(now, u)
    }
    return process
  }
  if (t.sort) {
    const times: Array<number> = []
    const execs: Array<number> = []
    for (const row of rows(t.path, t.path, t.format, { value: t.originMs }, filterOf(t))) {
      if (!inWindow(row.time)) continue
      times.push(row.time)
      execs.push(row.exec)
    }
    const order = Array.from(times.keys()).sort((a, b) => times[a]! - times[b]! || a - b)
    let i = 0
    source = () => (i < order.length ? ([times[order[i]!]!, execs[order[i++]!]!] as const) : undefined)
  } else {
    const it = rows(t.path, t.path, t.format, { value: t.originMs }, filterOf(t))
    source = () => {
      const r = it.next()
      return r.done ? undefined : ([r.value.time, r.value.exec] as const)
    }
  }
  return makeProcess()

  function makeProcess(): ArrivalProcess {
    const process: ArrivalProcess = {
      lastExecutionSeconds: Number.NaN,
      next: (_now, u) => {
        if (pending > 0) {
          pending--
          process.lastExecutionSeconds = pendingExec
          return pendingTime
        }
        for (;;) {
          const r = source()
          if (r === undefined) return Number.POSITIVE_INFINITY
          const [time, exec] = r
          if (!inWindow(time)) {
            if (time >= t.toSeconds && !t.sort && t.format !== "azure2019") return Number.POSITIVE_INFINITY
            continue
          }
          let copies = 1
          if (t.rateMultiplier !== 1) {
            const whole = Math.floor(t.rateMultiplier)
            copies = whole + (u() < t.rateMultiplier - whole ? 1 : 0)
            if (copies === 0) continue
          }
          pending = copies - 1
          pendingTime = replayed(time)
          pendingExec = exec
          process.lastExecutionSeconds = exec
          return pendingTime
        }
      },
      meanRate: (duration) => (t.requests * t.rateMultiplier) / duration,
      rateAt: () => Number.NaN
    }
    return process
  }
}
