/**
 * RecordedTime: the times users record (a job's submittedAt, a /health poll's `at`): ISO-8601 (a
 * time without zone read as UTC, with a note), epoch seconds or epoch milliseconds (a number >= 1e11
 * is milliseconds), one unit per file, dates from 2000 to 2100 ("did you log relative seconds?").
 */
import { counted, fail, numeric, shownValue } from "./RecordsFile.ts"

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
