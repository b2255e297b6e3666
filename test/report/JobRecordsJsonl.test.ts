/**
 * JobRecordsJsonl: job records as RunPod's `/status/{id}` lines (times in whole milliseconds, absent
 * fields left out, submittedAt as ISO-8601), and read back by readJobRecords to the same records.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { jobStatuses, readJobRecords, type JobRecords, type JobStatus } from "../../src/models/records/JobRecords.ts"
import { jobRecordsJsonl } from "../../src/report/JobRecordsJsonl.ts"

const NaN_ = Number.NaN
/** 2026-03-04T05:06:07.000Z. */
const origin = Date.UTC(2026, 2, 4, 5, 6, 7)

/** One record: submitted, delay, execution (seconds), status, worker index (-1: none). */
type Row = readonly [number, number, number, JobStatus, number]

const records = (rows: ReadonlyArray<Row>, workerIds: ReadonlyArray<string>, originMs = origin): JobRecords => ({
  path: "(test)",
  format: "jsonl",
  originMs,
  count: rows.length,
  submittedSeconds: Float64Array.from(rows, (r) => r[0]),
  delaySeconds: Float64Array.from(rows, (r) => r[1]),
  executionSeconds: Float64Array.from(rows, (r) => r[2]),
  status: Uint8Array.from(rows, (r) => jobStatuses.indexOf(r[3])),
  worker: Int32Array.from(rows, (r) => r[4]),
  workerIds,
  notes: []
})

const jobs = records(
  [
    [0, 0.1236, 3.14159, "COMPLETED", 1], // 123.6 ms → 124, 3141.59 ms → 3142
    [0.0004, 1.5, 2, "COMPLETED", 0], // submitted 0.4 ms after the origin → the origin's millisecond
    [1.2344, 0.0004, 0.9996, "FAILED", 1], // 0.4 ms → 0, 999.6 ms → 1000
    [2.5, 7, NaN_, "IN_PROGRESS", 2], // no execution yet
    [3, NaN_, NaN_, "IN_QUEUE", -1], // neither, and no worker
    [61.0006, 30, NaN_, "TIMED_OUT", -1],
    [3600.25, NaN_, NaN_, "CANCELLED", -1],
    [3601, 0.25, 4.75, "COMPLETED", 0]
  ],
  ["alpha", "beta", "gamma", "never-ran"]
)

const lines = (text: string): Array<Record<string, unknown>> =>
  text
    .slice(0, -1)
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>)

describe("jobRecordsJsonl", () => {
  const text = jobRecordsJsonl(jobs)
  const out = lines(text)

  it("writes one JSON object per record, each line ending in a newline", () => {
    expect(text.endsWith("\n")).toBe(true)
    expect(text.split("\n").length).toBe(jobs.count + 1)
    expect(out.length).toBe(jobs.count)
    expect(out.map((r) => r.id)).toEqual(["job-1", "job-2", "job-3", "job-4", "job-5", "job-6", "job-7", "job-8"])
    expect(out.map((r) => r.status)).toEqual(["COMPLETED", "COMPLETED", "FAILED", "IN_PROGRESS", "IN_QUEUE", "TIMED_OUT", "CANCELLED", "COMPLETED"])
  })

  it("writes the fields in RunPod's order, times in whole milliseconds", () => {
    expect(out[0]).toEqual({ id: "job-1", status: "COMPLETED", delayTime: 124, executionTime: 3142, workerId: "beta", submittedAt: "2026-03-04T05:06:07.000Z" })
    expect(Object.keys(out[0]!)).toEqual(["id", "status", "delayTime", "executionTime", "workerId", "submittedAt"])
    expect(out[1]).toEqual({
      id: "job-2",
      status: "COMPLETED",
      delayTime: 1500,
      executionTime: 2000,
      workerId: "alpha",
      submittedAt: "2026-03-04T05:06:07.000Z"
    })
    expect(out[2]).toMatchObject({ delayTime: 0, executionTime: 1000, workerId: "beta", submittedAt: "2026-03-04T05:06:08.234Z" })
    for (const r of out) {
      if ("delayTime" in r) expect(Number.isInteger(r.delayTime)).toBe(true)
      if ("executionTime" in r) expect(Number.isInteger(r.executionTime)).toBe(true)
    }
  })

  it("leaves out a NaN delay or execution and a worker of -1", () => {
    expect(out[3]).toEqual({ id: "job-4", status: "IN_PROGRESS", delayTime: 7000, workerId: "gamma", submittedAt: "2026-03-04T05:06:09.500Z" })
    expect(out[4]).toEqual({ id: "job-5", status: "IN_QUEUE", submittedAt: "2026-03-04T05:06:10.000Z" })
    expect(out[5]).toEqual({ id: "job-6", status: "TIMED_OUT", delayTime: 30000, submittedAt: "2026-03-04T05:07:08.001Z" })
    expect(out[6]).toEqual({ id: "job-7", status: "CANCELLED", submittedAt: "2026-03-04T06:06:07.250Z" })
    expect(text).not.toContain("null")
    expect(text).not.toContain("NaN")
  })

  it("submittedAt is originMs + submittedSeconds as ISO-8601", () => {
    expect(out[7]!.submittedAt).toBe(new Date(origin + 3601 * 1000).toISOString())
    expect(out[7]!.submittedAt).toBe("2026-03-04T06:06:08.000Z")
    const other = lines(jobRecordsJsonl(records([[12.345, 1, 1, "COMPLETED", -1]], [], Date.UTC(2025, 11, 31, 23, 59, 50))))
    expect(other[0]!.submittedAt).toBe("2026-01-01T00:00:02.345Z")
  })

  it("writes the empty string for no records", () => {
    expect(jobRecordsJsonl(records([], []))).toBe("")
  })
})

describe("jobRecordsJsonl, read back by readJobRecords", () => {
  let dir: string
  let back: JobRecords
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "scalecast-jobrecords-jsonl-"))
    const path = join(dir, "jobs.jsonl")
    writeFileSync(path, jobRecordsJsonl(jobs))
    back = readJobRecords(path)
  })
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  /** Seconds to the millisecond, as the file holds them. */
  const ms = (s: number) => Math.round(s * 1000) / 1000

  it("keeps every record, its status and its submission time to the millisecond", () => {
    expect(back.count).toBe(jobs.count)
    expect(back.originMs).toBe(origin)
    expect(Array.from(back.status)).toEqual(Array.from(jobs.status))
    Array.from(jobs.submittedSeconds).forEach((s, i) => expect(back.submittedSeconds[i]).toBeCloseTo(ms(s), 9))
    expect(Array.from(back.submittedSeconds)).toEqual([0, 0, 1.234, 2.5, 3, 61.001, 3600.25, 3601])
  })

  it("keeps delays and executions to the millisecond, and NaN where there were none", () => {
    expect(Array.from(back.delaySeconds)).toEqual([0.124, 1.5, 0, 7, NaN_, 30, NaN_, 0.25])
    expect(Array.from(back.executionSeconds)).toEqual([3.142, 2, 1, NaN_, NaN_, NaN_, NaN_, 4.75])
    Array.from(jobs.delaySeconds).forEach((d, i) =>
      Number.isNaN(d) ? expect(back.delaySeconds[i]).toBeNaN() : expect(back.delaySeconds[i]).toBeCloseTo(ms(d), 9)
    )
    Array.from(jobs.executionSeconds).forEach((e, i) =>
      Number.isNaN(e) ? expect(back.executionSeconds[i]).toBeNaN() : expect(back.executionSeconds[i]).toBeCloseTo(ms(e), 9)
    )
  })

  it("keeps which records share a worker, under the same worker ids", () => {
    const name = (r: JobRecords, i: number) => (r.worker[i]! < 0 ? null : r.workerIds[r.worker[i]!])
    const names = (r: JobRecords) => Array.from({ length: r.count }, (_, i) => name(r, i))
    expect(names(back)).toEqual(names(jobs))
    expect(names(back)).toEqual(["beta", "alpha", "beta", "gamma", null, null, null, "alpha"])
    // Only the workers named by a record, numbered in order of their first record.
    expect(back.workerIds).toEqual(["beta", "alpha", "gamma"])
    expect(Array.from(back.worker)).toEqual([0, 1, 0, 2, -1, -1, -1, 1])
  })

  it("states only that some records name no worker", () => {
    expect(back.notes).toEqual(["3 records name no workerId"])
  })
})
