/**
 * HealthPolls: what a user records by polling `GET /v2/{endpoint}/health` every few seconds, read
 * into typed arrays so a backtest can set the recorded workers and queue beside the simulated ones.
 * One JSON object per line: `{"at": <ISO-8601 or epoch s/ms>, "jobs": {completed, failed,
 * inProgress, inQueue, retried}, "workers": {idle, initializing, ready, running, throttled,
 * unhealthy}}` (runpod-model.md §9; RunPod's "idle" is a scaled-down worker, not one inside its
 * idle timeout).
 *
 * `at` is read as JobRecords.ts reads submittedAt (one unit per file, dates from 2000 to 2100). A
 * counter missing from a poll reads as 0 and unsorted polls are sorted, each stated in `notes`;
 * polls with the same `at` are all kept. The first malformed poll stops the read with a
 * RecordsProblem naming the file and line.
 */
import { RecordedTimes } from "./RecordedTime.ts"
import { counted, grow, jsonLines, readRecordsFile, RecordsProblem, shownValue, timeOrder } from "./RecordsFile.ts"

export const healthJobFields = ["completed", "failed", "inProgress", "inQueue", "retried"] as const
export const healthWorkerFields = ["idle", "initializing", "ready", "running", "throttled", "unhealthy"] as const

export interface HealthPolls {
  readonly path: string
  readonly count: number
  /** Epoch milliseconds, sorted ascending. */
  readonly atMs: Float64Array
  readonly jobs: Readonly<Record<(typeof healthJobFields)[number], Float64Array>>
  readonly workers: Readonly<Record<(typeof healthWorkerFields)[number], Float64Array>>
  readonly notes: ReadonlyArray<string>
}

const groups = [
  ["jobs", healthJobFields],
  ["workers", healthWorkerFields]
] as const

/** Reads a file of /health polls, sorted by `at`. Throws RecordsProblem naming the file and line of the first malformed poll. */
export const readHealthPolls = (path: string): HealthPolls =>
  readRecordsFile(path, "health poll", () => {
    const fail = (line: number, message: string): never => {
      throw new RecordsProblem(`${path}:${line}: ${message}`)
    }
    const times = new RecordedTimes(path, "at")
    let atMs = new Float64Array(1024)
    /** One column per counter, "jobs.completed" … "workers.unhealthy", with how many polls lacked it. */
    const columns = groups.flatMap(([group, fields]) => fields.map((field) => ({ group, field, values: new Float64Array(1024), missing: 0 })))
    let count = 0
    for (const { value, line } of jsonLines(path, "health poll")) {
      if (value === null || typeof value !== "object" || Array.isArray(value))
        fail(line, `expected a health poll (a JSON object with at, jobs and workers), got ${shownValue(value)}`)
      const poll = value as Record<string, unknown>
      const ms = times.read(poll.at, line)
      for (const [group, fields] of groups) {
        const counters = poll[group]
        if (counters === null || typeof counters !== "object" || Array.isArray(counters))
          fail(
            line,
            `${group}: ${counters === undefined ? "missing" : `got ${shownValue(counters)}`}; expected the ${group} object of GET /health ({${fields.join(", ")}})`
          )
      }
      atMs = grow(atMs, count + 1)
      atMs[count] = ms
      for (const column of columns) {
        const v = (poll[column.group] as Record<string, unknown>)[column.field]
        if (v === undefined) column.missing++
        else if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
          fail(line, `${column.group}.${column.field}: expected a count (an integer >= 0), got ${shownValue(v)}`)
        column.values = grow(column.values, count + 1)
        column.values[count] = typeof v === "number" ? v : 0
      }
      count++
    }
    if (count === 0) throw new RecordsProblem(`${path}: no health polls; expected one JSON object per line with at, jobs and workers`)

    const { order, outOfOrder } = timeOrder(
      atMs,
      new Uint32Array(count).map((_, i) => i)
    )
    const sorted = (values: Float64Array) => Float64Array.from(order, (r) => values[r]!)
    const notes = times.notes
    if (outOfOrder > 0) notes.push(`${counted(outOfOrder, "poll")} ${outOfOrder === 1 ? "was" : "were"} out of time order: sorted`)
    for (const c of columns) if (c.missing > 0) notes.push(`${c.group}.${c.field} missing from ${counted(c.missing, "poll")}: read as 0`)
    const group = (name: "jobs" | "workers") => Object.fromEntries(columns.filter((c) => c.group === name).map((c) => [c.field, sorted(c.values)]))
    return {
      path,
      count,
      atMs: sorted(atMs),
      jobs: group("jobs") as HealthPolls["jobs"],
      workers: group("workers") as HealthPolls["workers"],
      notes
    }
  })
