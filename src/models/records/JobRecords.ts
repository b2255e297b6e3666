/**
 * JobRecords: the jobs a user recorded from RunPod, read into typed arrays for backtest and
 * calibration. A record is what `GET /v2/{endpoint}/status/{id}` or a webhook returns (`id`,
 * `status`, `delayTime` and `executionTime` in milliseconds, usually `workerId`) plus the
 * `submittedAt` the client logged, since RunPod does not return it (runpod-model.md §9).
 *
 * Formats: `jsonl` (one object per line), `json` (one array of objects; messages name the line
 * where an element starts) and `csv` (a header row naming the fields). Field names can be renamed
 * (a log that calls submittedAt "ts"); other fields are ignored. submittedAt is ISO-8601, epoch
 * seconds or epoch milliseconds (a number >= 1e11 is milliseconds), one of them per file.
 *
 * Every assumption is stated in `notes`, with its count: records sorted by submission, records
 * without workerId or id, repeated ids (the later line wins), how submittedAt was read. The first
 * malformed record stops the read with a RecordsProblem naming the file and line.
 *
 * Memory: columns of typed arrays grown by doubling, ids kept as UTF-8 bytes in one pool, nothing
 * allocated per record that outlives it. Files are read as in Trace.ts: only regular files, lines at
 * most `maxLineBytes`, messages quote at most 20 characters of a cell. Also here, for
 * HealthPolls.ts: the reading of recorded times, the file checks, JSONL lines and time order.
 */
import { closeSync, constants, openSync, readFileSync, readSync, statSync, type Stats } from "node:fs"
import { nearestName } from "../NearestName.ts"
import { LineReader, LineTooLongError, maxLineBytes, splitCsv } from "../traces/LineReader.ts"
import { headerColumns, shown } from "../traces/TraceRows.ts"

export const jobStatuses = ["COMPLETED", "FAILED", "TIMED_OUT", "CANCELLED", "IN_QUEUE", "IN_PROGRESS"] as const
export type JobStatus = (typeof jobStatuses)[number]

export interface JobFieldNames {
  readonly id: string
  readonly status: string
  readonly delayTime: string
  readonly executionTime: string
  readonly workerId: string
  readonly submittedAt: string
}

export const defaultJobFieldNames: JobFieldNames = {
  id: "id",
  status: "status",
  delayTime: "delayTime",
  executionTime: "executionTime",
  workerId: "workerId",
  submittedAt: "submittedAt"
}

export type JobRecordsFormat = "jsonl" | "json" | "csv"

export interface JobRecords {
  readonly path: string
  readonly format: JobRecordsFormat
  /** Epoch milliseconds of the earliest submission; submittedSeconds count from it. */
  readonly originMs: number
  readonly count: number
  /** Seconds from originMs, sorted ascending (ties keep file order). */
  readonly submittedSeconds: Float64Array
  /** Seconds; NaN when the record has none (IN_QUEUE, a CANCELLED job that never started). */
  readonly delaySeconds: Float64Array
  readonly executionSeconds: Float64Array
  /** Index into jobStatuses. */
  readonly status: Uint8Array
  /** Index into workerIds; -1 when the record names no worker. */
  readonly worker: Int32Array
  readonly workerIds: ReadonlyArray<string>
  /** Stated assumptions, each with its count. Empty when nothing was assumed. */
  readonly notes: ReadonlyArray<string>
}

/** A malformed records file: the message starts with `file:line:` (`file:` for a whole-file problem). */
export class RecordsProblem extends Error {}

/** Records one file may hold (about 0.8 GB of typed arrays at this bound, ids included). */
export const maxJobRecords = 5_000_000

/** The largest JSON array read (it is read whole); JSONL has no such bound. */
export const maxJsonArrayBytes = 512 * 1024 * 1024

/** delayTime and executionTime above 7 days, in milliseconds, are refused as absurd. */
const maxMilliseconds = 7 * 24 * 3600 * 1000

const fail = (file: string, line: number, message: string): never => {
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
const numeric = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/

// ---- Recorded times (submittedAt here, `at` in HealthPolls.ts) ----

export type TimeUnit = "ISO-8601" | "epoch seconds" | "epoch milliseconds"

export interface RecordedTime {
  /** Epoch milliseconds. */
  readonly ms: number
  readonly unit: TimeUnit
  /** An ISO-8601 date-time without a time zone, read as UTC. */
  readonly zoneless: boolean
}

/** Epoch numbers from here up are milliseconds (1e11 s is the year 5138, 1e11 ms is 1973). */
const epochMillisecondsFrom = 1e11

const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(?:([Zz])|([+-])(\d{2}):?(\d{2})?)?$/

/**
 * A logged time: an ISO-8601 date-time (no zone: UTC), or epoch seconds or milliseconds as a number
 * or a numeric string, told apart by magnitude. Undefined when it is none of these.
 */
export const parseRecordedTime = (raw: unknown): RecordedTime | undefined => {
  const n = typeof raw === "number" ? raw : typeof raw === "string" && numeric.test(raw) ? Number(raw) : Number.NaN
  if (Number.isFinite(n)) {
    const ms = Math.abs(n) >= epochMillisecondsFrom
    // Epoch seconds to the microsecond (a double holds no finer), so 1767225600.123 is exactly …123 ms.
    return { ms: ms ? n : Math.round(n * 1e6) / 1e3, unit: ms ? "epoch milliseconds" : "epoch seconds", zoneless: false }
  }
  const m = typeof raw === "string" ? iso.exec(raw.trim()) : null
  if (m === null) return undefined
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  const hour = Number(m[4] ?? 0)
  const minute = Number(m[5] ?? 0)
  const second = Number(m[6] ?? 0)
  const offsetMinutes = m[9] === undefined ? 0 : (m[9] === "-" ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11] ?? 0))
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const daysInMonth = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59 || Math.abs(offsetMinutes) >= 24 * 60) return undefined
  const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000
  const ms = Date.UTC(year, month - 1, day, hour, minute, second) + fraction - offsetMinutes * 60_000
  return { ms, unit: "ISO-8601", zoneless: m[4] !== undefined && m[8] === undefined && m[9] === undefined }
}

const from2000Ms = Date.UTC(2000, 0, 1)
const after2100Ms = Date.UTC(2101, 0, 1)

/**
 * The times of one field across a file: each read with parseRecordedTime, between 2000 and 2100,
 * all in the unit of the first. `notes` states the unit inferred and the zoneless ISO times.
 */
export class RecordedTimes {
  private readonly file: string
  private readonly field: string
  private unit: TimeUnit | undefined
  private zoneless = 0

  constructor(file: string, field: string) {
    this.file = file
    this.field = field
  }

  /** Epoch milliseconds of `raw` (the field's value on `line`); throws RecordsProblem. */
  read(raw: unknown, line: number): number {
    const expected = "expected an ISO-8601 date-time or epoch seconds or milliseconds"
    if (raw === undefined || raw === null || raw === "") fail(this.file, line, `${this.field}: missing; ${expected}`)
    const t = parseRecordedTime(raw)
    if (t === undefined) return fail(this.file, line, `${this.field}: ${expected}, got ${shownValue(raw)}`)
    if (t.ms < from2000Ms || t.ms >= after2100Ms)
      fail(
        this.file,
        line,
        `${this.field}: ${shownValue(raw)} read as ${t.unit} is ${t.ms < from2000Ms ? "before 2000" : "after 2100"}; expected a date from 2000 to 2100 (did you log relative seconds?)`
      )
    if (this.unit === undefined) this.unit = t.unit
    else if (t.unit !== this.unit)
      fail(this.file, line, `${this.field}: ${shownValue(raw)} is ${t.unit}, but the earlier lines have ${this.unit}; expected one unit in a file`)
    if (t.zoneless) this.zoneless++
    return t.ms
  }

  get notes(): Array<string> {
    const notes: Array<string> = []
    if (this.unit === "epoch seconds" || this.unit === "epoch milliseconds") notes.push(`${this.field} read as ${this.unit}`)
    if (this.zoneless > 0) notes.push(`${counted(this.zoneless, `${this.field} value`)} had no time zone: read as UTC`)
    return notes
  }
}

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
function* jsonArray(path: string): Generator<{ readonly value: unknown; readonly line: number }> {
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
const firstCharacter = (path: string): string => {
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

/** The format of a file: by its name, else by its first character ("[" json, "{" jsonl, else csv). */
const detectFormat = (path: string): JobRecordsFormat => {
  if (/\.(jsonl|ndjson)$/i.test(path)) return "jsonl"
  if (/\.csv$/i.test(path)) return "csv"
  const first = firstCharacter(path)
  if (/\.json$/i.test(path)) return first === "[" ? "json" : "jsonl"
  return first === "[" ? "json" : first === "{" ? "jsonl" : "csv"
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

/**
 * Job ids seen so far, compared exactly without a string per record: each id's UTF-8 bytes in one
 * growing pool, and an open-addressing table of rows (FNV-1a hashes, linear probing, at most half full).
 */
class JobIds {
  private pool = new Uint8Array(1 << 16)
  private used = 0
  private start = new Float64Array(1024)
  private length = new Uint32Array(1024)
  private hashes = new Uint32Array(1024)
  private table = new Int32Array(2048).fill(-1)
  private size = 0
  private readonly encoder = new TextEncoder()

  /** Records `id` as row `row`'s; returns the earlier row with the same id (the table now names `row`), or -1. */
  claim(id: string, row: number): number {
    this.pool = grow(this.pool, this.used + id.length * 3)
    this.start = grow(this.start, row + 1)
    this.length = grow(this.length, row + 1)
    this.hashes = grow(this.hashes, row + 1)
    const bytes = this.encoder.encodeInto(id, this.pool.subarray(this.used)).written
    const hash = this.hash(this.used, bytes)
    this.hashes[row] = hash
    const mask = this.table.length - 1
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const earlier = this.table[slot]!
      if (earlier === -1) {
        this.table[slot] = row
        this.start[row] = this.used
        this.length[row] = bytes
        this.used += bytes
        if (++this.size * 2 > this.table.length) this.rehash()
        return -1
      }
      if (this.hashes[earlier] === hash && this.equal(earlier, this.used, bytes)) {
        this.table[slot] = row
        this.start[row] = this.start[earlier]!
        this.length[row] = bytes
        return earlier
      }
    }
  }

  private hash(from: number, bytes: number): number {
    let h = 0x811c9dc5
    for (let i = from; i < from + bytes; i++) h = Math.imul(h ^ this.pool[i]!, 0x01000193)
    return h >>> 0
  }

  private equal(row: number, from: number, bytes: number): boolean {
    if (this.length[row] !== bytes) return false
    const s = this.start[row]!
    for (let i = 0; i < bytes; i++) if (this.pool[s + i] !== this.pool[from + i]) return false
    return true
  }

  private rehash(): void {
    const old = this.table
    this.table = new Int32Array(old.length * 2).fill(-1)
    const mask = this.table.length - 1
    for (const row of old) {
      if (row === -1) continue
      let slot = this.hashes[row]! & mask
      while (this.table[slot] !== -1) slot = (slot + 1) & mask
      this.table[slot] = row
    }
  }
}

// ---- Records ----

const statusList = jobStatuses.join(", ")

/**
 * Reads a file of job records (format from `options.format`, else detected), sorted by submission.
 * Throws RecordsProblem naming the file and line of the first malformed record.
 */
export const readJobRecords = (path: string, options: { readonly fields?: Partial<JobFieldNames>; readonly format?: JobRecordsFormat } = {}): JobRecords =>
  readRecordsFile(path, "job record", () => {
    const names: JobFieldNames = { ...defaultJobFieldNames, ...options.fields }
    const format = options.format ?? detectFormat(path)
    const times = new RecordedTimes(path, names.submittedAt)
    const ids = new JobIds()
    /** Every workerId read, in file order; the result lists only those of kept records. */
    const workersRead = new Map<string, number>()
    let submittedMs = new Float64Array(1024)
    let delayMs = new Float64Array(1024)
    let executionMs = new Float64Array(1024)
    let status = new Uint8Array(1024)
    let worker = new Int32Array(1024)
    /** Rows replaced by a later line with the same id. */
    let replaced = new Uint8Array(1024)
    let rows = 0
    let repeated = 0
    let withoutId = 0

    const milliseconds = (field: string, v: unknown, line: number): number => {
      if (v === undefined) return Number.NaN
      const n = typeof v === "number" ? v : typeof v === "string" && numeric.test(v) ? Number(v) : Number.NaN
      if (!Number.isFinite(n) || n < 0) fail(path, line, `${field}: expected a finite number of milliseconds >= 0, got ${shownValue(v)}`)
      if (n > maxMilliseconds)
        fail(path, line, `${field}: expected at most ${maxMilliseconds.toLocaleString("en-US")} (7 days; the unit is milliseconds), got ${shownValue(v)}`)
      return n
    }

    /** Adds one record; `get` returns a field's value, undefined when absent (null, an empty cell). */
    const add = (get: (field: keyof JobFieldNames) => unknown, line: number) => {
      if (rows >= maxJobRecords) fail(path, line, `more than ${maxJobRecords.toLocaleString("en-US")} job records; split the file`)
      const ms = times.read(get("submittedAt"), line)
      const rawStatus = get("status")
      const s = typeof rawStatus === "string" ? jobStatuses.indexOf(rawStatus.toUpperCase() as JobStatus) : -1
      if (s < 0) {
        if (rawStatus === undefined) fail(path, line, `${names.status}: missing; expected one of ${statusList}`)
        const near = typeof rawStatus === "string" ? nearestName(rawStatus, jobStatuses) : undefined
        fail(
          path,
          line,
          `${names.status}: expected one of ${statusList} (any letter case), got ${shownValue(rawStatus)}${near === undefined ? "" : `; did you mean ${near}?`}`
        )
      }
      const delay = milliseconds(names.delayTime, get("delayTime"), line)
      const execution = milliseconds(names.executionTime, get("executionTime"), line)
      const statusName = jobStatuses[s]!
      if ((statusName === "COMPLETED" || statusName === "FAILED") && Number.isNaN(delay))
        fail(
          path,
          line,
          `${names.delayTime}: missing; a ${statusName} record needs ${statusName === "COMPLETED" ? `${names.delayTime} and ${names.executionTime}` : names.delayTime} (milliseconds)`
        )
      if (statusName === "COMPLETED" && Number.isNaN(execution))
        fail(path, line, `${names.executionTime}: missing; a COMPLETED record needs ${names.delayTime} and ${names.executionTime} (milliseconds)`)
      const id = get("id")
      const workerId = get("workerId")
      for (const [field, v] of [
        [names.id, id],
        [names.workerId, workerId]
      ] as const)
        if (v !== undefined && typeof v !== "string" && typeof v !== "number") fail(path, line, `${field}: expected a string, got ${shownValue(v)}`)

      const r = rows++
      if (r === submittedMs.length) {
        submittedMs = grow(submittedMs, r + 1)
        delayMs = grow(delayMs, r + 1)
        executionMs = grow(executionMs, r + 1)
        status = grow(status, r + 1)
        worker = grow(worker, r + 1)
        replaced = grow(replaced, r + 1)
      }
      submittedMs[r] = ms
      // A queued job has not started: whatever delayTime or executionTime it shows is not a final one.
      delayMs[r] = statusName === "IN_QUEUE" ? Number.NaN : delay
      executionMs[r] = statusName === "IN_QUEUE" ? Number.NaN : execution
      status[r] = s
      if (id === undefined || id === "") withoutId++
      else {
        const earlier = ids.claim(String(id), r)
        if (earlier >= 0) {
          replaced[earlier] = 1
          repeated++
        }
      }
      if (workerId === undefined || workerId === "") worker[r] = -1
      else {
        const w = String(workerId)
        let index = workersRead.get(w)
        if (index === undefined) {
          index = workersRead.size
          workersRead.set(w, index)
        }
        worker[r] = index
      }
    }

    if (format === "csv") {
      const reader = new LineReader(path)
      try {
        const header = reader.next()
        if (header !== undefined && header.trim() !== "") {
          const col = headerColumns(header)
          for (const field of ["submittedAt", "status"] as const) {
            if (col(names[field]) >= 0) continue
            const found = splitCsv(header).map((c) => shown(c.value))
            fail(
              path,
              1,
              `expected a ${JSON.stringify(names[field])} column in the header row, got the columns ${found.slice(0, 10).join(", ")}${found.length > 10 ? ` and ${found.length - 10} more` : ""}`
            )
          }
          const columns = (Object.keys(names) as Array<keyof JobFieldNames>).map((field) => [field, col(names[field])] as const)
          const index = Object.fromEntries(columns) as Record<keyof JobFieldNames, number>
          for (let text = reader.next(); text !== undefined; text = reader.next()) {
            if (text.trim() === "") continue
            const cells = splitCsv(text)
            add((field) => {
              const v = cells[index[field]]?.value
              return v === "" ? undefined : v
            }, reader.lineNumber)
          }
        }
      } finally {
        reader.close()
      }
    } else {
      for (const { value, line } of format === "json" ? jsonArray(path) : jsonLines(path, "job record")) {
        if (value === null || typeof value !== "object" || Array.isArray(value))
          fail(path, line, `expected a job record (a JSON object with ${names.submittedAt} and ${names.status}), got ${shownValue(value)}`)
        const record = value as Record<string, unknown>
        add((field) => (Object.hasOwn(record, names[field]) ? (record[names[field]] ?? undefined) : undefined), line)
      }
    }
    if (rows === 0) throw new RecordsProblem(`${path}: no job records; expected JSON objects, one per line, a JSON array of them, or CSV rows under a header`)

    const kept = new Uint32Array(rows - repeated)
    for (let r = 0, k = 0; r < rows; r++) if (replaced[r] === 0) kept[k++] = r
    const { order, outOfOrder } = timeOrder(submittedMs, kept)
    const count = order.length
    const originMs = submittedMs[order[0]!]!
    const result = {
      submittedSeconds: new Float64Array(count),
      delaySeconds: new Float64Array(count),
      executionSeconds: new Float64Array(count),
      status: new Uint8Array(count),
      worker: new Int32Array(count)
    }
    // Workers numbered in order of their first kept record.
    const readIds = [...workersRead.keys()]
    const workerIds: Array<string> = []
    const renumbered = new Int32Array(readIds.length).fill(-1)
    let withoutWorker = 0
    order.forEach((r, i) => {
      const w = worker[r]!
      if (w === -1) withoutWorker++
      else if (renumbered[w] === -1) renumbered[w] = workerIds.push(readIds[w]!) - 1
      result.submittedSeconds[i] = (submittedMs[r]! - originMs) / 1000
      result.delaySeconds[i] = delayMs[r]! / 1000
      result.executionSeconds[i] = executionMs[r]! / 1000
      result.status[i] = status[r]!
      result.worker[i] = w === -1 ? -1 : renumbered[w]!
    })

    const notes = times.notes
    if (outOfOrder > 0) notes.push(`${counted(outOfOrder, "record")} ${outOfOrder === 1 ? "was" : "were"} out of submission order: sorted`)
    if (withoutWorker === count) notes.push(`no record names a ${names.workerId}: worker starts cannot be observed`)
    else if (withoutWorker > 0) notes.push(`${counted(withoutWorker, "record")} name${withoutWorker === 1 ? "s" : ""} no ${names.workerId}`)
    if (withoutId > 0) notes.push(`${counted(withoutId, "record")} name${withoutId === 1 ? "s" : ""} no ${names.id}: not checked for repeats`)
    if (repeated > 0) notes.push(`${counted(repeated, "record")} repeated an earlier ${names.id}: the later line was kept`)
    return { path, format, originMs, count, ...result, workerIds, notes }
  })
