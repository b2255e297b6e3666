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
 * allocated per record that outlives it. The file reading, shared with HealthPolls.ts, is in
 * RecordsFile.ts; the reading of recorded times in RecordedTime.ts.
 */
import { nearestName } from "../NearestName.ts"
import { splitCsv, LineReader } from "../traces/LineReader.ts"
import { headerColumns, shown } from "../traces/TraceRows.ts"
import { RecordedTimes } from "./RecordedTime.ts"
import { counted, fail, firstCharacter, grow, jsonArray, jsonLines, numeric, readRecordsFile, RecordsProblem, shownValue, timeOrder } from "./RecordsFile.ts"

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

/** Records one file may hold (about 0.8 GB of typed arrays at this bound, ids included). */
export const maxJobRecords = 5_000_000

/** delayTime and executionTime above 7 days, in milliseconds, are refused as absurd. */
const maxMilliseconds = 7 * 24 * 3600 * 1000

/** The format of a file: by its name, else by its first character ("[" json, "{" jsonl, else csv). */
const detectFormat = (path: string): JobRecordsFormat => {
  if (/\.(jsonl|ndjson)$/i.test(path)) return "jsonl"
  if (/\.csv$/i.test(path)) return "csv"
  const first = firstCharacter(path)
  if (/\.json$/i.test(path)) return first === "[" ? "json" : "jsonl"
  return first === "[" ? "json" : first === "{" ? "jsonl" : "csv"
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
