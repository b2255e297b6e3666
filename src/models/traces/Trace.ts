/**
 * Trace: the settings of a recorded-request replay (`workload.arrivals: {type: "trace", path, …}`)
 * and their preparation: each file checked once, at decode time, into a PreparedTrace. Row parsing
 * lives in TraceRows.ts, the Azure 2019 layout in Azure2019.ts, the replay in TraceReplay.ts.
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
import type { ConfigProblem } from "../ConfigProblem.ts"
import { IntAtLeast, NonEmptyStr, NumberAbove, NumberAtLeast, OneOf, StrList } from "../fields.ts"
import { type Azure2019Function, prepareAzure2019 } from "./Azure2019.ts"
import { LineReader, LineTooLongError, maxLineBytes, splitCsv } from "./LineReader.ts"
import { fail, RowReader, TraceProblem } from "./TraceRows.ts"

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
  readonly functions: ReadonlyArray<Azure2019Function>
  readonly spread: "uniform" | "poisson"
  /** Azure 2021: only these apps / functions (null: all). */
  readonly apps: ReadonlyArray<string> | null
  readonly functionNames: ReadonlyArray<string> | null
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

/**
 * Checks a trace once and resolves its paths against `baseDir`; returns problems (each naming the
 * file, line and column) instead of throwing.
 */
export const prepareTrace = (
  a: TraceArrivals,
  baseDir: string,
  at: string
): { readonly trace: PreparedTrace } | { readonly problems: Array<ConfigProblem> } => {
  const resolvePath = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p))
  const path = resolvePath(a.path)
  const durationsPath = a.durationsPath === undefined ? undefined : resolvePath(a.durationsPath)
  const unreadable = (field: string, p: string, what: string) => ({
    problems: [{ path: `${at}.${field}`, message: `expected a trace file, got ${JSON.stringify(p)}, ${what}` }]
  })
  for (const [field, p] of [
    ["path", path],
    ["durationsPath", durationsPath]
  ] as const) {
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
    if (!info.isFile())
      return { problems: [{ path: `${at}.${field}`, message: `expected a trace file (a regular file), got ${JSON.stringify(p)}, which is ${kindOf(info)}` }] }
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
          return {
            problems: [
              {
                path: `${at}.path`,
                message: `expected at most ${maxInvocationsPerMinute.toLocaleString("en-US")} invocations in a minute across the chosen functions (scalecast spreads each minute in memory), got ${total.toLocaleString("en-US")} in minute ${m + 1} of ${a.path}`
              }
            ]
          }
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
    const row = new RowReader(a.path, path, format, origin, { apps: a.apps, functions: a.functions })
    try {
      while (row.next()) {
        if (!base.sort && row.time < last)
          fail(a.path, row.line, row.column, `timestamps out of order (${row.time} after ${last}); sort the file or set sort: true`)
        last = Math.max(last, row.time)
        if (row.time >= from && row.time < to) {
          requests++
          if (row.exec > maxExecutionSeconds) maxExecutionSeconds = row.exec
        }
        if (base.sort && requests > maxSortedRows)
          fail(
            a.path,
            row.line,
            1,
            `more than ${maxSortedRows.toLocaleString("en-US")} requests to sort in memory; sort the file first (e.g. sort -t, -k1,1n) and drop sort: true`
          )
      }
    } finally {
      row.close()
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
