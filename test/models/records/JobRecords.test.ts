/** JobRecords: RunPod job records (jsonl, json, csv) into sorted typed arrays; recorded times; every refusal and every stated assumption. */
import { fc, test } from "@fast-check/vitest"
import { execFileSync } from "node:child_process"
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, truncateSync, writeFileSync, writeSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  defaultJobFieldNames,
  jobStatuses,
  maxJobRecords,
  readJobRecords,
  type JobFieldNames,
  type JobRecords,
  type JobRecordsFormat
} from "../../../src/models/records/JobRecords.ts"
import { parseRecordedTime } from "../../../src/models/records/RecordedTime.ts"
import { RecordsProblem } from "../../../src/models/records/RecordsFile.ts"

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "scalecast-jobrecords-"))
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

type Options = { readonly fields?: Partial<JobFieldNames>; readonly format?: JobRecordsFormat }

const write = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text)
  return join(dir, name)
}
const read = (name: string, text: string, options?: Options): JobRecords => readJobRecords(write(name, text), options)

/** The message of the RecordsProblem reading `text` throws, with the temporary folder left out of the path. */
const problem = (name: string, text: string, options?: Options): string => {
  try {
    read(name, text, options)
  } catch (e) {
    expect(e).toBeInstanceOf(RecordsProblem)
    return (e as Error).message.replace(`${dir}/`, "")
  }
  throw new Error(`expected ${name} to be refused`)
}

/** 2026-01-01T00:00:00Z. */
const T0 = Date.UTC(2026, 0, 1)
const T0s = T0 / 1000
const jsonl = (...records: ReadonlyArray<Record<string, unknown>>) => records.map((r) => JSON.stringify(r)).join("\n") + "\n"
/** A COMPLETED record submitted `s` seconds after T0 (epoch seconds). */
const done = (id: string, s: number, extra: Record<string, unknown> = {}) => ({
  id,
  status: "COMPLETED",
  delayTime: 1000,
  executionTime: 2000,
  workerId: "w1",
  submittedAt: T0s + s,
  ...extra
})
const statusNames = (r: JobRecords) => Array.from(r.status, (s) => jobStatuses[s])
const workerNames = (r: JobRecords) => Array.from(r.worker, (w) => (w === -1 ? null : r.workerIds[w]))

describe("parseRecordedTime", () => {
  it("reads ISO-8601 date-times, with a zone or without one (UTC)", () => {
    expect(parseRecordedTime("2026-01-01T00:00:10Z")).toEqual({ ms: T0 + 10_000, unit: "ISO-8601", zoneless: false })
    expect(parseRecordedTime("2026-01-01T01:00:10+01:00")).toEqual({ ms: T0 + 10_000, unit: "ISO-8601", zoneless: false })
    expect(parseRecordedTime("2025-12-31T19:00:10-0500")).toEqual({ ms: T0 + 10_000, unit: "ISO-8601", zoneless: false })
    // Python's isoformat: microseconds and no zone.
    expect(parseRecordedTime("2026-01-01T00:00:10.250500")).toEqual({ ms: T0 + 10_250.5, unit: "ISO-8601", zoneless: true })
    expect(parseRecordedTime("2026-01-01 00:00:10.5")).toEqual({ ms: T0 + 10_500, unit: "ISO-8601", zoneless: true })
    expect(parseRecordedTime("2026-01-01T00:01Z")?.ms).toBe(T0 + 60_000)
    expect(parseRecordedTime("2024-02-29")).toEqual({ ms: Date.UTC(2024, 1, 29), unit: "ISO-8601", zoneless: false })
  })

  it("reads epoch numbers below 1e11 as seconds and from 1e11 up as milliseconds, as numbers or numeric strings", () => {
    expect(parseRecordedTime(T0s)).toEqual({ ms: T0, unit: "epoch seconds", zoneless: false })
    expect(parseRecordedTime(`${T0s}.125`)).toEqual({ ms: T0 + 125, unit: "epoch seconds", zoneless: false })
    expect(parseRecordedTime(T0)).toEqual({ ms: T0, unit: "epoch milliseconds", zoneless: false })
    expect(parseRecordedTime(` ${T0} `)).toEqual({ ms: T0, unit: "epoch milliseconds", zoneless: false })
    expect(parseRecordedTime(99_999_999_999)?.unit).toBe("epoch seconds")
    expect(parseRecordedTime(1e11)?.unit).toBe("epoch milliseconds")
    expect(parseRecordedTime("1.7672256e12")).toEqual({ ms: 1.7672256e12, unit: "epoch milliseconds", zoneless: false })
  })

  it("reads nothing else", () => {
    for (const raw of [
      "2026-02-29",
      "2026-13-01",
      "2026-04-31",
      "2026-01-01T24:00:00Z",
      "2026-01-01T00:60Z",
      "2026-01-01T00:00:00+25:00",
      "2026-01-01T00:00:00Zjunk",
      "Thu, 01 Jan 2026 00:00:00 GMT",
      "yesterday",
      "0x10",
      "Infinity",
      "",
      Number.NaN,
      Number.POSITIVE_INFINITY,
      true,
      null,
      undefined,
      {},
      [T0]
    ])
      expect(parseRecordedTime(raw), String(raw)).toBeUndefined()
  })

  test.prop([fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 11, 31) })])(
    "an instant to the millisecond reads the same as ISO-8601, epoch milliseconds and epoch seconds",
    (ms) => {
      expect(parseRecordedTime(new Date(ms).toISOString())?.ms).toBe(ms)
      expect(parseRecordedTime(ms)?.ms).toBe(ms)
      expect(parseRecordedTime(String(ms))?.ms).toBe(ms)
      expect(parseRecordedTime(ms / 1000)?.ms).toBe(ms)
      expect(parseRecordedTime(String(ms / 1000))?.ms).toBe(ms)
    }
  )
})

describe("readJobRecords: jsonl", () => {
  it("reads each record into seconds, statuses and worker indices, skipping blank lines and unknown fields", () => {
    const r = read(
      "a.jsonl",
      [
        '{"id":"j1","status":"COMPLETED","delayTime":1200,"executionTime":3500,"workerId":"w-a","submittedAt":"2026-01-01T00:00:00Z","output":{"text":"hi"}}',
        "",
        '{"id":"j2","status":"failed","delayTime":"250","workerId":"w-b","submittedAt":"2026-01-01T00:00:02.5Z"}',
        "   ",
        '{"id":"j3","status":"Timed_Out","delayTime":300000,"executionTime":null,"workerId":"w-a","submittedAt":"2026-01-01T00:00:04Z"}',
        '{"id":"j4","status":"CANCELLED","workerId":"w-c","submittedAt":"2026-01-01T00:00:05Z"}',
        '{"id":"j5","status":"IN_PROGRESS","delayTime":"  42 ","workerId":"","submittedAt":"2026-01-01T00:00:06Z"}'
      ].join("\n")
    )
    expect(r.format).toBe("jsonl")
    expect(r.originMs).toBe(T0)
    expect(r.count).toBe(5)
    expect(Array.from(r.submittedSeconds)).toEqual([0, 2.5, 4, 5, 6])
    expect(Array.from(r.delaySeconds)).toEqual([1.2, 0.25, 300, Number.NaN, 0.042])
    expect(Array.from(r.executionSeconds)).toEqual([3.5, Number.NaN, Number.NaN, Number.NaN, Number.NaN])
    expect(statusNames(r)).toEqual(["COMPLETED", "FAILED", "TIMED_OUT", "CANCELLED", "IN_PROGRESS"])
    expect(r.workerIds).toEqual(["w-a", "w-b", "w-c"])
    expect(Array.from(r.worker)).toEqual([0, 1, 0, 2, -1]) // an empty workerId names no worker
    expect(r.notes).toEqual(["1 record names no workerId"])
    expect(r.path).toBe(join(dir, "a.jsonl"))
  })

  it("gives an IN_QUEUE record no delay or execution, whatever it shows", () => {
    const r = read("q.jsonl", jsonl({ id: "q", status: "IN_QUEUE", delayTime: 5000, executionTime: 10, workerId: "w", submittedAt: T0 }))
    expect(Array.from(r.delaySeconds)).toEqual([Number.NaN])
    expect(Array.from(r.executionSeconds)).toEqual([Number.NaN])
    expect(statusNames(r)).toEqual(["IN_QUEUE"])
    expect(r.notes).toEqual(["submittedAt read as epoch milliseconds"])
  })

  it("accepts a FAILED record without executionTime and TIMED_OUT or CANCELLED records without either", () => {
    const r = read(
      "f.jsonl",
      jsonl(
        { id: "a", status: "FAILED", delayTime: 10, workerId: "w", submittedAt: T0s },
        { id: "b", status: "TIMED_OUT", workerId: "w", submittedAt: T0s + 1 },
        { id: "c", status: "CANCELLED", workerId: "w", submittedAt: T0s + 2 }
      )
    )
    expect(Array.from(r.delaySeconds)).toEqual([0.01, Number.NaN, Number.NaN])
    expect(Array.from(r.executionSeconds)).toEqual([Number.NaN, Number.NaN, Number.NaN])
  })

  it("accepts delayTime and executionTime up to 7 days (604,800,000 ms)", () => {
    const r = read("max.jsonl", jsonl(done("a", 0, { delayTime: 604_800_000, executionTime: "604800000" })))
    expect(Array.from(r.delaySeconds)).toEqual([604_800])
    expect(Array.from(r.executionSeconds)).toEqual([604_800])
  })

  it("reads fields under the names a log gives them, and ignores the default names then", () => {
    const r = read(
      "renamed.jsonl",
      jsonl(
        { job: "a", state: "COMPLETED", delay_ms: 100, exec_ms: 200, worker: "w", ts: T0, submittedAt: "ignored" },
        { job: "b", state: "COMPLETED", delay_ms: 300, exec_ms: 400, worker: "w", ts: T0 + 1500 }
      ),
      { fields: { id: "job", status: "state", delayTime: "delay_ms", executionTime: "exec_ms", workerId: "worker", submittedAt: "ts" } }
    )
    expect(Array.from(r.submittedSeconds)).toEqual([0, 1.5])
    expect(Array.from(r.delaySeconds)).toEqual([0.1, 0.3])
    expect(Array.from(r.executionSeconds)).toEqual([0.2, 0.4])
    expect(r.notes).toEqual(["ts read as epoch milliseconds"]) // notes speak of the log's own names
    expect(defaultJobFieldNames).toEqual({
      id: "id",
      status: "status",
      delayTime: "delayTime",
      executionTime: "executionTime",
      workerId: "workerId",
      submittedAt: "submittedAt"
    })
  })

  it("takes a webhook payload's fields at the top level only", () => {
    const wrapped = { payload: done("a", 0) }
    expect(problem("hook.jsonl", jsonl(wrapped))).toBe("hook.jsonl:1: submittedAt: missing; expected an ISO-8601 date-time or epoch seconds or milliseconds")
  })

  it("does not take inherited properties for fields", () => {
    // "constructor" is on every object's prototype; a record without it has no such field.
    expect(problem("proto.jsonl", jsonl({ status: "COMPLETED", delayTime: 1, executionTime: 1 }), { fields: { submittedAt: "constructor" } })).toBe(
      "proto.jsonl:1: constructor: missing; expected an ISO-8601 date-time or epoch seconds or milliseconds"
    )
  })
})

describe("readJobRecords: refusals name the file and line", () => {
  const ok = JSON.stringify(done("ok", 0))

  it("a malformed JSON line, at its column, without quoting it", () => {
    // `{"status" 1}`: V8 reports position 10 (0-based) → column 11.
    expect(problem("m1.jsonl", `${ok}\n\n{"status" 1}\n`)).toBe("m1.jsonl:3: invalid JSON at column 11; expected one job record (a JSON object) per line")
    expect(problem("m2.jsonl", `${ok}\n{"status": "COMPLETED", "id": "a secret that must not be echoed"\n`)).not.toContain("secret")
  })

  it("a value that is not an object", () => {
    const expected = "expected a job record (a JSON object with submittedAt and status), got"
    expect(problem("o1.jsonl", `${ok}\n[1,2]\n`)).toBe(`o1.jsonl:2: ${expected} a list`)
    expect(problem("o2.jsonl", "null\n")).toBe(`o2.jsonl:1: ${expected} null`)
    expect(problem("o3.jsonl", "12\n")).toBe(`o3.jsonl:1: ${expected} 12`)
    expect(problem("o4.jsonl", '"a long string of twenty-six"\n')).toBe(`o4.jsonl:1: ${expected} "a long string of twe…"`)
  })

  it("a missing or unreadable submittedAt, quoting at most 20 characters", () => {
    const expected = "expected an ISO-8601 date-time or epoch seconds or milliseconds"
    expect(problem("s1.jsonl", jsonl(done("a", 0), { id: "b", status: "IN_QUEUE" }))).toBe(`s1.jsonl:2: submittedAt: missing; ${expected}`)
    expect(problem("s2.jsonl", jsonl({ id: "b", status: "IN_QUEUE", submittedAt: null }))).toBe(`s2.jsonl:1: submittedAt: missing; ${expected}`)
    expect(problem("s3.jsonl", jsonl({ id: "b", status: "IN_QUEUE", submittedAt: "last Tuesday around noon" }))).toBe(
      `s3.jsonl:1: submittedAt: ${expected}, got "last Tuesday around …"`
    )
    expect(problem("s4.jsonl", jsonl({ id: "b", status: "IN_QUEUE", submittedAt: { s: 1 } }))).toBe(`s4.jsonl:1: submittedAt: ${expected}, got an object`)
    expect(problem("s5.jsonl", jsonl({ status: "IN_QUEUE", ts: "2026-02-30T00:00:00Z" }), { fields: { submittedAt: "ts" } })).toBe(
      `s5.jsonl:1: ts: ${expected}, got "2026-02-30T00:00:00Z"`
    )
  })

  it("dates before 2000 or after 2100 (relative seconds, a wrong unit)", () => {
    const relative = "expected a date from 2000 to 2100 (did you log relative seconds?)"
    expect(problem("d1.jsonl", jsonl({ status: "IN_QUEUE", submittedAt: 12.5 }))).toBe(
      `d1.jsonl:1: submittedAt: 12.5 read as epoch seconds is before 2000; ${relative}`
    )
    expect(problem("d2.jsonl", jsonl({ status: "IN_QUEUE", submittedAt: "1999-12-31T23:59:59Z" }))).toBe(
      `d2.jsonl:1: submittedAt: "1999-12-31T23:59:59Z" read as ISO-8601 is before 2000; ${relative}`
    )
    expect(problem("d3.jsonl", jsonl({ status: "IN_QUEUE", submittedAt: "2101-01-01T00:00:00Z" }))).toBe(
      `d3.jsonl:1: submittedAt: "2101-01-01T00:00:00Z" read as ISO-8601 is after 2100; ${relative}`
    )
    // Microseconds since the epoch read as milliseconds land far after 2100.
    expect(problem("d4.jsonl", jsonl({ status: "IN_QUEUE", submittedAt: T0 * 1000 }))).toBe(
      `d4.jsonl:1: submittedAt: 1767225600000000 read as epoch milliseconds is after 2100; ${relative}`
    )
    expect(
      read("d5.jsonl", jsonl({ status: "IN_QUEUE", submittedAt: "2000-01-01T00:00:00Z" }, { status: "IN_QUEUE", submittedAt: "2100-12-31T23:59:59Z" })).count
    ).toBe(2)
  })

  it("a mix of submittedAt units, naming the first line that differs and the earlier lines' unit", () => {
    expect(problem("u1.jsonl", jsonl(done("a", 0), done("b", 1), { ...done("c", 2), submittedAt: T0 + 2000 }))).toBe(
      "u1.jsonl:3: submittedAt: 1767225602000 is epoch milliseconds, but the earlier lines have epoch seconds; expected one unit in a file"
    )
    expect(problem("u2.jsonl", jsonl({ ...done("a", 0), submittedAt: "2026-01-01T00:00:00Z" }, { ...done("b", 1), submittedAt: String(T0s + 1) }))).toBe(
      'u2.jsonl:2: submittedAt: "1767225601" is epoch seconds, but the earlier lines have ISO-8601; expected one unit in a file'
    )
  })

  it("an unknown status, listing the accepted ones and suggesting the nearest", () => {
    const accepted = "expected one of COMPLETED, FAILED, TIMED_OUT, CANCELLED, IN_QUEUE, IN_PROGRESS (any letter case)"
    expect(problem("st1.jsonl", jsonl(done("a", 0), done("b", 1, { status: "COMPLETD" })))).toBe(
      `st1.jsonl:2: status: ${accepted}, got "COMPLETD"; did you mean COMPLETED?`
    )
    // Letter case is free, other spellings are not.
    expect(problem("st2.jsonl", jsonl(done("a", 0, { status: "Timed Out" })))).toBe(
      `st2.jsonl:1: status: ${accepted}, got "Timed Out"; did you mean TIMED_OUT?`
    )
    expect(problem("st3.jsonl", jsonl(done("a", 0, { status: "SUCCESS" })))).toBe(`st3.jsonl:1: status: ${accepted}, got "SUCCESS"`)
    expect(problem("st4.jsonl", jsonl(done("a", 0, { status: 1 })))).toBe(`st4.jsonl:1: status: ${accepted}, got 1`)
    expect(problem("st5.jsonl", jsonl(done("a", 0, { status: undefined })))).toBe(
      "st5.jsonl:1: status: missing; expected one of COMPLETED, FAILED, TIMED_OUT, CANCELLED, IN_QUEUE, IN_PROGRESS"
    )
  })

  it("delayTime and executionTime that are not finite non-negative milliseconds, or above 7 days", () => {
    const finite = "expected a finite number of milliseconds >= 0, got"
    expect(problem("n1.jsonl", jsonl(done("a", 0, { delayTime: "soon" })))).toBe(`n1.jsonl:1: delayTime: ${finite} "soon"`)
    expect(problem("n2.jsonl", jsonl(done("a", 0, { executionTime: -1 })))).toBe(`n2.jsonl:1: executionTime: ${finite} -1`)
    expect(problem("n3.jsonl", jsonl(done("a", 0, { executionTime: "Infinity" })))).toBe(`n3.jsonl:1: executionTime: ${finite} "Infinity"`)
    expect(problem("n4.jsonl", jsonl(done("a", 0, { delayTime: true })))).toBe(`n4.jsonl:1: delayTime: ${finite} true`)
    expect(problem("n5.jsonl", jsonl(done("a", 0, { delayTime: 604_800_001 })))).toBe(
      "n5.jsonl:1: delayTime: expected at most 604,800,000 (7 days; the unit is milliseconds), got 604800001"
    )
    expect(problem("n6.jsonl", jsonl(done("a", 0, { exec_ms: 1e12 })), { fields: { executionTime: "exec_ms" } })).toBe(
      "n6.jsonl:1: exec_ms: expected at most 604,800,000 (7 days; the unit is milliseconds), got 1000000000000"
    )
  })

  it("a COMPLETED record without delayTime or executionTime, a FAILED one without delayTime", () => {
    expect(problem("r1.jsonl", jsonl(done("a", 0, { executionTime: undefined })))).toBe(
      "r1.jsonl:1: executionTime: missing; a COMPLETED record needs delayTime and executionTime (milliseconds)"
    )
    expect(problem("r2.jsonl", jsonl(done("a", 0, { delayTime: null })))).toBe(
      "r2.jsonl:1: delayTime: missing; a COMPLETED record needs delayTime and executionTime (milliseconds)"
    )
    expect(problem("r3.jsonl", jsonl(done("a", 0), done("b", 1, { status: "FAILED", delayTime: undefined, executionTime: undefined })))).toBe(
      "r3.jsonl:2: delayTime: missing; a FAILED record needs delayTime (milliseconds)"
    )
  })

  it("an id or workerId that is neither a string nor a number", () => {
    expect(problem("i1.jsonl", jsonl(done("a", 0, { id: { x: 1 } })))).toBe("i1.jsonl:1: id: expected a string, got an object")
    expect(problem("i2.jsonl", jsonl(done("a", 0, { workerId: ["w"] })))).toBe("i2.jsonl:1: workerId: expected a string, got a list")
  })

  it("a file without records", () => {
    const none = "no job records; expected JSON objects, one per line, a JSON array of them, or CSV rows under a header"
    expect(problem("e1.jsonl", "")).toBe(`e1.jsonl: ${none}`)
    expect(problem("e2.jsonl", "\n  \n\n")).toBe(`e2.jsonl: ${none}`)
    expect(problem("e3.csv", "submittedAt,status\n")).toBe(`e3.csv: ${none}`)
    expect(problem("e4.json", "[ ]")).toBe(`e4.json: ${none}`)
    expect(problem("e5", "")).toBe(`e5: ${none}`)
  })

  it("a path that is not a regular file, is missing, or has a line over 1 MiB", () => {
    const refused = (path: string) => {
      try {
        readJobRecords(path)
      } catch (e) {
        expect(e).toBeInstanceOf(RecordsProblem)
        return (e as Error).message.replace(`${dir}/`, "")
      }
      throw new Error(`expected ${path} to be refused`)
    }
    mkdirSync(join(dir, "folder.jsonl"))
    expect(refused(join(dir, "folder.jsonl"))).toBe("folder.jsonl: expected a regular file of job records, got a directory")
    expect(refused("/dev/zero")).toBe("/dev/zero: expected a regular file of job records, got a device")
    execFileSync("mkfifo", [join(dir, "jobs.fifo")])
    expect(refused(join(dir, "jobs.fifo"))).toBe("jobs.fifo: expected a regular file of job records, got a FIFO (named pipe)")
    expect(refused(join(dir, "absent.jsonl"))).toBe("absent.jsonl: no such file; expected a file of job records")
    expect(refused(join(dir, `${"n".repeat(300)}.jsonl`))).toBe(`${"n".repeat(300)}.jsonl: cannot be read (ENAMETOOLONG)`)
    write("long.jsonl", `${ok}\n${"x".repeat(2 * 1024 * 1024)}\n`)
    expect(refused(join(dir, "long.jsonl"))).toBe("long.jsonl:2: line longer than 1 MiB; expected one job record per line")
  })

  it(`more than ${maxJobRecords.toLocaleString("en-US")} records, at the first line past the bound`, { timeout: 120_000 }, () => {
    const path = join(dir, "many.csv")
    const fd = openSync(path, "w")
    writeSync(fd, "submittedAt,status\n")
    const block = `${T0s},IN_QUEUE\n`.repeat(100_000)
    for (let i = 0; i < maxJobRecords / 100_000; i++) writeSync(fd, block)
    writeSync(fd, `${T0s},IN_QUEUE\n`)
    closeSync(fd)
    expect(maxJobRecords).toBe(5_000_000)
    expect(() => readJobRecords(path)).toThrow(`${path}:5000002: more than 5,000,000 job records; split the file`)
    rmSync(path)
  })
})

describe("readJobRecords: stated assumptions", () => {
  it("sorts records out of submission order and counts them; ties keep file order", () => {
    // Submitted at 3, 1, 2, 5, 4, 1: the 1, 2, 4 and the second 1 come after a later time.
    const r = read("sort.jsonl", jsonl(...[3, 1, 2, 5, 4, 1].map((s, i) => done(`j${i}`, s, { executionTime: i }))))
    expect(Array.from(r.submittedSeconds)).toEqual([0, 0, 1, 2, 3, 4])
    expect(Array.from(r.executionSeconds)).toEqual([0.001, 0.005, 0.002, 0, 0.004, 0.003]) // the two 1 s ties in file order
    expect(r.originMs).toBe(T0 + 1000)
    expect(r.notes).toEqual(["submittedAt read as epoch seconds", "4 records were out of submission order: sorted"])
    expect(read("sort1.jsonl", jsonl(done("a", 2), done("b", 1))).notes).toEqual([
      "submittedAt read as epoch seconds",
      "1 record was out of submission order: sorted"
    ])
  })

  it("counts records without workerId, and says when none has one", () => {
    const some = read(
      "w1.jsonl",
      jsonl(done("a", 0), done("b", 1, { workerId: undefined }), done("c", 2, { workerId: null }), done("d", 3, { workerId: "w2" }))
    )
    expect(some.notes).toEqual(["submittedAt read as epoch seconds", "2 records name no workerId"])
    expect(workerNames(some)).toEqual(["w1", null, null, "w2"])
    const none = read("w2.jsonl", jsonl(done("a", 0, { workerId: undefined }), done("b", 1, { workerId: undefined })))
    expect(none.notes).toEqual(["submittedAt read as epoch seconds", "no record names a workerId: worker starts cannot be observed"])
    expect(none.workerIds).toEqual([])
    expect(Array.from(none.worker)).toEqual([-1, -1])
    // Counted over the records kept: the only worker named was on a line a later one replaced.
    expect(read("w4.jsonl", jsonl(done("a", 0), done("a", 1, { workerId: undefined }))).notes).toEqual([
      "submittedAt read as epoch seconds",
      "no record names a workerId: worker starts cannot be observed",
      "1 record repeated an earlier id: the later line was kept"
    ])
  })

  it("numbers workers in order of their first record after sorting", () => {
    const r = read("w3.jsonl", jsonl(done("a", 5, { workerId: "late" }), done("b", 1, { workerId: "early" }), done("c", 9, { workerId: 7 })))
    expect(r.workerIds).toEqual(["early", "late", "7"])
    expect(Array.from(r.worker)).toEqual([0, 1, 2])
  })

  it("keeps the later line of a repeated id, in its own place, and counts the repeats", () => {
    const r = read(
      "dup.jsonl",
      jsonl(
        done("a", 0, { status: "IN_PROGRESS", executionTime: undefined, workerId: "w-old" }),
        done("b", 1),
        done("a", 2, { executionTime: 7000, workerId: "w-new" }),
        done("c", 3),
        done("a", 4, { executionTime: 9000, workerId: "w-new" })
      )
    )
    expect(r.count).toBe(3)
    expect(Array.from(r.submittedSeconds)).toEqual([0, 2, 3]) // b, c, the last a; origin at b
    expect(Array.from(r.executionSeconds)).toEqual([2, 2, 9])
    expect(statusNames(r)).toEqual(["COMPLETED", "COMPLETED", "COMPLETED"])
    expect(r.workerIds).toEqual(["w1", "w-new"]) // w-old's only record was replaced
    expect(r.notes).toEqual(["submittedAt read as epoch seconds", "2 records repeated an earlier id: the later line was kept"])
  })

  it("compares ids exactly, across many ids and long or non-ASCII ones", () => {
    const ids = Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? `sync-${i}-é✓` : i % 3 === 1 ? `${"x".repeat(300)}${i}` : `${i}`))
    const lines = [...ids, ...ids.filter((_, i) => i % 7 === 0)].map((id, i) => done(id, i))
    const r = read("many-ids.jsonl", jsonl(...lines))
    expect(r.count).toBe(5000)
    expect(r.notes).toContain(`${Math.ceil(5000 / 7)} records repeated an earlier id: the later line was kept`)
    // Ids whose 32-bit FNV-1a hashes collide are still two jobs.
    expect(read("collide.jsonl", jsonl(done("costarring", 0), done("liquid", 1), done("declinate", 2), done("macallums", 3))).count).toBe(4)
    // A number id and the same digits as a string are one job.
    expect(read("num-id.jsonl", jsonl(done("12", 0), done("x", 1, { id: 12 }))).count).toBe(1)
  })

  it("counts records without id (they cannot be checked for repeats)", () => {
    const r = read("noid.jsonl", jsonl(done("", 0), done("a", 1), done("a", 2, { id: undefined }), done("a", 3, { id: undefined })))
    expect(r.count).toBe(4)
    expect(r.notes).toEqual(["submittedAt read as epoch seconds", "3 records name no id: not checked for repeats"])
  })

  it("states the unit of epoch submittedAt, and ISO-8601 times read as UTC for want of a zone", () => {
    expect(read("ms.jsonl", jsonl(done("a", 0, { submittedAt: T0 }))).notes).toEqual(["submittedAt read as epoch milliseconds"])
    expect(read("s.jsonl", jsonl(done("a", 0, { submittedAt: String(T0s) }))).notes).toEqual(["submittedAt read as epoch seconds"])
    expect(read("iso.jsonl", jsonl(done("a", 0, { submittedAt: "2026-01-01T00:00:00Z" }))).notes).toEqual([])
    const zoneless = read(
      "local.jsonl",
      jsonl(
        done("a", 0, { submittedAt: "2026-01-01T00:00:00" }),
        done("b", 0, { submittedAt: "2026-01-01T01:00:00+01:00" }),
        done("c", 0, { submittedAt: "2026-01-01T00:00:01" })
      )
    )
    expect(zoneless.notes).toEqual(["2 submittedAt values had no time zone: read as UTC"])
    expect(Array.from(zoneless.submittedSeconds)).toEqual([0, 0, 1])
  })

  test.prop(
    [
      fc
        .uniqueArray(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 40 })
        .chain((ms) => fc.tuple(fc.constant(ms), fc.shuffledSubarray(ms, { minLength: ms.length, maxLength: ms.length })))
    ],
    {
      numRuns: 30
    }
  )("any order of the same records parses to the same sorted arrays", ([inOrder, shuffled]) => {
    const record = (offsetMs: number) => done(`j${offsetMs}`, 0, { submittedAt: T0 + offsetMs, executionTime: offsetMs % 1000, workerId: `w${offsetMs % 3}` })
    const sorted = [...inOrder].sort((a, b) => a - b)
    const a = read("p1.jsonl", jsonl(...sorted.map(record)))
    const b = read("p2.jsonl", jsonl(...shuffled.map(record)))
    expect(Array.from(b.submittedSeconds)).toEqual(sorted.map((ms) => (ms - sorted[0]!) / 1000))
    expect(Array.from(b.executionSeconds)).toEqual(sorted.map((ms) => (ms % 1000) / 1000))
    expect(Array.from(b.submittedSeconds)).toEqual(Array.from(a.submittedSeconds))
    expect(b.workerIds.map((w, i) => [w, i])).toEqual(a.workerIds.map((w, i) => [w, i]))
    expect(Array.from(b.worker)).toEqual(Array.from(a.worker))
    let latest = -1
    let outOfOrder = 0
    for (const ms of shuffled) {
      if (ms < latest) outOfOrder++
      else latest = ms
    }
    expect(b.notes).toEqual([
      "submittedAt read as epoch milliseconds",
      ...(outOfOrder > 0 ? [`${outOfOrder} record${outOfOrder === 1 ? " was" : "s were"} out of submission order: sorted`] : [])
    ])
  })

  test.prop([fc.array(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }), { minLength: 1, maxLength: 30 })], { numRuns: 30 })(
    "ISO-8601, epoch milliseconds and epoch seconds encodings of the same instants give identical submittedSeconds",
    (instants) => {
      const file = (name: string, encode: (ms: number) => unknown) =>
        read(name, jsonl(...instants.map((ms, i) => ({ id: String(i), status: "IN_QUEUE", submittedAt: encode(ms) }))))
      const iso = file("e-iso.jsonl", (ms) => new Date(ms).toISOString())
      const ms = file("e-ms.jsonl", (ms) => ms)
      const s = file("e-s.jsonl", (ms) => ms / 1000)
      const sText = file("e-s-text.jsonl", (ms) => String(ms / 1000))
      expect(Array.from(ms.submittedSeconds)).toEqual(Array.from(iso.submittedSeconds))
      expect(Array.from(s.submittedSeconds)).toEqual(Array.from(iso.submittedSeconds))
      expect(Array.from(sText.submittedSeconds)).toEqual(Array.from(iso.submittedSeconds))
      expect([ms.originMs, s.originMs, sText.originMs]).toEqual([iso.originMs, iso.originMs, iso.originMs])
      expect(iso.originMs).toBe(Math.min(...instants))
    }
  )
})

describe("readJobRecords: json arrays", () => {
  const array = `[
  {"id": "a", "status": "COMPLETED", "delayTime": 10, "executionTime": 20, "submittedAt": "2026-01-01T00:00:01Z",
   "output": {"text": "a ] and a }, and \\"a quoted ], }\\"", "list": [1, [2, 3], {"k": "]"}]}},
  {"id": "b", "status": "CANCELLED", "submittedAt": "2026-01-01T00:00:00Z"}
]
`

  it("reads an array of records, whatever brackets and commas their other fields hold", () => {
    const r = read("a.json", array)
    expect(r.format).toBe("json")
    expect(Array.from(r.submittedSeconds)).toEqual([0, 1])
    expect(statusNames(r)).toEqual(["CANCELLED", "COMPLETED"])
    expect(r.notes).toEqual(["1 record was out of submission order: sorted", "no record names a workerId: worker starts cannot be observed"])
    expect(read("bom.json", `\ufeff ${JSON.stringify([done("a", 0)])}`).count).toBe(1)
  })

  it("names the line where the offending element starts, and its element number for malformed JSON", () => {
    const bad = `[\n${JSON.stringify(done("a", 0))},\n\n  ${JSON.stringify(done("b", 1, { status: "DONE" }))}\n]`
    expect(problem("b1.json", bad)).toBe(
      'b1.json:4: status: expected one of COMPLETED, FAILED, TIMED_OUT, CANCELLED, IN_QUEUE, IN_PROGRESS (any letter case), got "DONE"'
    )
    // The syntax error sits on line 5, inside element 2 that starts on line 3.
    expect(problem("b2.json", `[\n${JSON.stringify(done("a", 0))},\n{"id": "b",\n "status": "IN_QUEUE",\n "submittedAt" ${T0}}\n]`)).toBe(
      "b2.json:5: invalid JSON in element 2 of the array; expected a job record (a JSON object)"
    )
    expect(problem("b3.json", "[1]")).toBe("b3.json:1: expected a job record (a JSON object with submittedAt and status), got 1")
    expect(problem("b4.json", `[${JSON.stringify(done("a", 0))},]`)).toBe(
      "b4.json:1: invalid JSON in element 2 of the array; expected a job record (a JSON object)"
    )
    expect(problem("b5.json", `[${JSON.stringify(done("a", 0))}\n}`)).toBe('b5.json:2: expected "," or "]" after element 1 of the array, got "}"')
    expect(problem("b6.json", `[${JSON.stringify(done("a", 0))}`)).toBe('b6.json:1: expected "," or "]" after element 1 of the array, got the end of the file')
    expect(problem("b7.json", `[${JSON.stringify(done("a", 0))}]\n[]`)).toBe('b7.json:2: expected the end of the file after the array\'s closing "]"')
    expect(problem("b8.txt", JSON.stringify(done("a", 0)), { format: "json" })).toBe('b8.txt:1: expected a JSON array of job records ("[" first)')
  })

  it(`refuses an array file over 512 MiB, suggesting JSONL`, () => {
    const path = write("huge.json", "[")
    truncateSync(path, 513 * 1024 * 1024) // sparse: no disk used
    expect(() => readJobRecords(path)).toThrow(
      `${path}: a JSON array of 513 MiB; expected at most 512 MiB in one array: write one record per line (JSONL) instead`
    )
    rmSync(path)
  })
})

describe("readJobRecords: csv", () => {
  it("reads the columns the header names, in any order, quoted or not; an empty cell is absent", () => {
    const r = read(
      "a.csv",
      [
        'status,"submittedAt",delayTime,executionTime,workerId,id,note',
        'COMPLETED,2026-01-01T00:00:00Z,1500,2500,w1,a,"hello, ""world"""',
        "",
        '"FAILED",2026-01-01T00:00:03Z,10,,,b,',
        "in_queue,2026-01-01T00:00:02Z,,,,c"
      ].join("\r\n")
    )
    expect(r.format).toBe("csv")
    expect(Array.from(r.submittedSeconds)).toEqual([0, 2, 3])
    expect(Array.from(r.delaySeconds)).toEqual([1.5, Number.NaN, 0.01])
    expect(Array.from(r.executionSeconds)).toEqual([2.5, Number.NaN, Number.NaN])
    expect(statusNames(r)).toEqual(["COMPLETED", "IN_QUEUE", "FAILED"])
    expect(workerNames(r)).toEqual(["w1", null, null])
    expect(r.notes).toEqual(["1 record was out of submission order: sorted", "2 records name no workerId"])
  })

  it("reads a file without the optional columns", () => {
    const r = read("min.csv", `submittedAt,status\n${T0s},CANCELLED\n${T0s + 1},IN_QUEUE\n`)
    expect(Array.from(r.submittedSeconds)).toEqual([0, 1])
    expect(r.notes).toEqual([
      "submittedAt read as epoch seconds",
      "no record names a workerId: worker starts cannot be observed",
      "2 records name no id: not checked for repeats"
    ])
  })

  it("refuses a header without submittedAt or status, showing up to 10 of its columns", () => {
    expect(problem("h1.csv", "id,ts,status\na,1,COMPLETED\n")).toBe(
      'h1.csv:1: expected a "submittedAt" column in the header row, got the columns "id", "ts", "status"'
    )
    expect(problem("h2.csv", "id,ts,state\n", { fields: { submittedAt: "ts" } })).toBe(
      'h2.csv:1: expected a "status" column in the header row, got the columns "id", "ts", "state"'
    )
    const wide = Array.from({ length: 13 }, (_, i) => `column_number_${i}_of_many`).join(",")
    expect(problem("h3.csv", `${wide}\n`)).toBe(
      `h3.csv:1: expected a "submittedAt" column in the header row, got the columns ${Array.from({ length: 10 }, (_, i) => JSON.stringify(`column_number_${i}_of_many`.slice(0, 20) + "…")).join(", ")} and 3 more`
    )
  })

  it("names the line of a malformed row", () => {
    expect(problem("r.csv", `submittedAt,status,delayTime\n${T0s},IN_QUEUE,\n\n${T0s},FAILED,-5\n`)).toBe(
      'r.csv:4: delayTime: expected a finite number of milliseconds >= 0, got "-5"'
    )
    expect(problem("r2.csv", `submittedAt,status\n${T0s}\n`)).toBe(
      "r2.csv:2: status: missing; expected one of COMPLETED, FAILED, TIMED_OUT, CANCELLED, IN_QUEUE, IN_PROGRESS"
    )
  })
})

describe("readJobRecords: format", () => {
  const record = JSON.stringify(done("a", 0))

  it("goes by the name: .jsonl and .ndjson are JSONL, .csv is CSV, .json is an array if it starts with [", () => {
    expect(read("n.ndjson", `${record}\n`).format).toBe("jsonl")
    expect(read("n.JSONL", `${record}\n`).format).toBe("jsonl")
    expect(read("n.json", `  \n[${record}]`).format).toBe("json")
    expect(read("lines.json", `\n${record}\n`).format).toBe("jsonl")
    // A .csv name wins over content that looks like JSON: its first line is then a header without the columns.
    expect(problem("n.csv", '{"a": 1}\n')).toBe('n.csv:1: expected a "submittedAt" column in the header row, got the columns "{\\"a\\": 1}"')
  })

  it("without a known name, goes by the first character that is not white space", () => {
    expect(read("records", `\ufeff\n\t[${record}]`).format).toBe("json")
    expect(read("records.log", ` ${record}\n`).format).toBe("jsonl")
    expect(read("records.txt", `submittedAt,status\n${T0s},IN_QUEUE\n`).format).toBe("csv")
    // White space past the first 64 KiB read is still skipped.
    expect(read("spaced", `${" ".repeat(70_000)}${record}`).format).toBe("jsonl")
  })

  it("takes an explicit format over the name", () => {
    expect(read("x.json", `submittedAt,status\n${T0s},IN_QUEUE\n`, { format: "csv" }).format).toBe("csv")
    expect(read("x.csv", `${record}\n`, { format: "jsonl" }).count).toBe(1)
  })
})

describe("readJobRecords: a day of records", () => {
  // Throughput is measured by `npm run bench`, not asserted here.
  it("reads 86,400 records (a day at one per second), jittered out of order, sorted and counted", () => {
    const lines = Array.from({ length: 86_400 }, (_, i) =>
      JSON.stringify({
        id: `sync-${i.toString(16)}-u1`,
        status: i % 50 === 0 ? "FAILED" : "COMPLETED",
        delayTime: 800 + (i % 300),
        executionTime: 2000 + (i % 700),
        workerId: `worker-${i % 40}`,
        submittedAt: new Date(T0 + i * 1000 + ((i * 7919) % 3000)).toISOString(),
        output: { text: "a short answer" }
      })
    )
    const r = readJobRecords(write("day.jsonl", lines.join("\n")))
    expect(r.count).toBe(86_400)
    expect(r.workerIds).toHaveLength(40)
    expect(r.submittedSeconds.every((t, i) => i === 0 || t >= r.submittedSeconds[i - 1]!)).toBe(true)
    expect(r.status.filter((s) => s === 1).length).toBe(86_400 / 50)
  })
})
