/** HealthPolls: lines recorded by polling GET /v2/{endpoint}/health, into sorted columns; every refusal and every stated assumption. */
import { fc, test } from "@fast-check/vitest"
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { healthJobFields, healthWorkerFields, readHealthPolls, type HealthPolls } from "../../../src/models/records/HealthPolls.ts"
import { RecordsProblem } from "../../../src/models/records/RecordsFile.ts"

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "scalecast-healthpolls-"))
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

const read = (name: string, text: string): HealthPolls => {
  writeFileSync(join(dir, name), text)
  return readHealthPolls(join(dir, name))
}

/** The message of the RecordsProblem reading `text` throws, with the temporary folder left out of the path. */
const problem = (name: string, text: string): string => {
  try {
    read(name, text)
  } catch (e) {
    expect(e).toBeInstanceOf(RecordsProblem)
    return (e as Error).message.replace(`${dir}/`, "")
  }
  throw new Error(`expected ${name} to be refused`)
}

/** 2026-01-01T00:00:00Z. */
const T0 = Date.UTC(2026, 0, 1)
const jobs = { completed: 10, failed: 1, inProgress: 2, inQueue: 3, retried: 0 }
const workers = { idle: 4, initializing: 1, ready: 2, running: 2, throttled: 0, unhealthy: 0 }
const poll = (at: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ at, jobs, workers, ...extra })
const lines = (...ls: ReadonlyArray<string>) => ls.join("\n") + "\n"
const column = (values: Float64Array) => Array.from(values)

describe("readHealthPolls", () => {
  it("reads each poll's time and counters into columns, skipping blank lines and unknown fields", () => {
    const h = read(
      "a.jsonl",
      lines(
        poll("2026-01-01T00:00:00Z"),
        "",
        poll("2026-01-01T00:00:05Z", {
          jobs: { completed: 11, failed: 1, inProgress: 3, inQueue: 0, retried: 2, extra: 9 },
          workers: { idle: 3, initializing: 0, ready: 1, running: 5, throttled: 1, unhealthy: 1 },
          endpoint: "abc"
        })
      )
    )
    expect(h.path).toBe(join(dir, "a.jsonl"))
    expect(h.count).toBe(2)
    expect(column(h.atMs)).toEqual([T0, T0 + 5000])
    expect(Object.keys(h.jobs)).toEqual([...healthJobFields])
    expect(Object.keys(h.workers)).toEqual([...healthWorkerFields])
    expect(column(h.jobs.completed)).toEqual([10, 11])
    expect(column(h.jobs.failed)).toEqual([1, 1])
    expect(column(h.jobs.inProgress)).toEqual([2, 3])
    expect(column(h.jobs.inQueue)).toEqual([3, 0])
    expect(column(h.jobs.retried)).toEqual([0, 2])
    expect(column(h.workers.idle)).toEqual([4, 3])
    expect(column(h.workers.initializing)).toEqual([1, 0])
    expect(column(h.workers.ready)).toEqual([2, 1])
    expect(column(h.workers.running)).toEqual([2, 5])
    expect(column(h.workers.throttled)).toEqual([0, 1])
    expect(column(h.workers.unhealthy)).toEqual([0, 1])
    expect(h.notes).toEqual([])
  })

  it("reads a counter missing from a poll as 0, and says how many polls lacked it", () => {
    const { retried: _, ...noRetried } = jobs
    const { throttled: __, unhealthy: ___, ...fewWorkers } = workers
    const h = read("missing.jsonl", lines(poll(T0, { jobs: noRetried }), poll(T0 + 1000, { jobs: noRetried, workers: fewWorkers }), poll(T0 + 2000)))
    expect(column(h.jobs.retried)).toEqual([0, 0, 0])
    expect(column(h.workers.throttled)).toEqual([0, 0, 0])
    expect(column(h.workers.running)).toEqual([2, 2, 2])
    expect(h.notes).toEqual([
      "at read as epoch milliseconds",
      "jobs.retried missing from 2 polls: read as 0",
      "workers.throttled missing from 1 poll: read as 0",
      "workers.unhealthy missing from 1 poll: read as 0"
    ])
  })

  it("sorts polls out of time order and counts them; polls at the same time are all kept, in file order", () => {
    const h = read(
      "sort.jsonl",
      lines(
        poll(T0 / 1000 + 10, { jobs: { ...jobs, inQueue: 1 } }),
        poll(T0 / 1000 + 5, { jobs: { ...jobs, inQueue: 2 } }),
        poll(T0 / 1000 + 10, { jobs: { ...jobs, inQueue: 3 } }),
        poll(T0 / 1000 + 5, { jobs: { ...jobs, inQueue: 4 } })
      )
    )
    expect(column(h.atMs)).toEqual([T0 + 5000, T0 + 5000, T0 + 10_000, T0 + 10_000])
    expect(column(h.jobs.inQueue)).toEqual([2, 4, 1, 3])
    expect(h.notes).toEqual(["at read as epoch seconds", "2 polls were out of time order: sorted"])
    expect(read("sort1.jsonl", lines(poll(T0 + 1), poll(T0))).notes).toEqual(["at read as epoch milliseconds", "1 poll was out of time order: sorted"])
  })

  it("states ISO-8601 times read as UTC for want of a zone", () => {
    expect(read("local.jsonl", lines(poll("2026-01-01T00:00:00"), poll("2026-01-01T00:00:01Z"))).notes).toEqual(["1 at value had no time zone: read as UTC"])
  })

  test.prop(
    [
      fc
        .uniqueArray(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 30 })
        .chain((ms) => fc.tuple(fc.constant(ms), fc.shuffledSubarray(ms, { minLength: ms.length, maxLength: ms.length })))
    ],
    {
      numRuns: 30
    }
  )("any order of the same polls parses to the same sorted columns", ([offsets, shuffled]) => {
    const file = (name: string, order: ReadonlyArray<number>) =>
      read(name, lines(...order.map((ms) => poll(T0 + ms, { workers: { ...workers, running: ms % 17 }, jobs: { ...jobs, inQueue: ms % 5 } }))))
    const sorted = [...offsets].sort((a, b) => a - b)
    const h = file("p.jsonl", shuffled)
    expect(column(h.atMs)).toEqual(sorted.map((ms) => T0 + ms))
    expect(column(h.workers.running)).toEqual(sorted.map((ms) => ms % 17))
    expect(column(h.jobs.inQueue)).toEqual(sorted.map((ms) => ms % 5))
    expect(column(file("q.jsonl", sorted).atMs)).toEqual(column(h.atMs))
  })
})

describe("readHealthPolls: refusals name the file and line", () => {
  it("a malformed line or a value that is not an object", () => {
    // `{"at": 1,` ends after 9 characters, where V8 expects a property name: column 10.
    expect(problem("m1.jsonl", lines(poll(T0), '{"at": 1,'))).toBe("m1.jsonl:2: invalid JSON at column 10; expected one health poll (a JSON object) per line")
    // V8 names no position for an unexpected token: no column then.
    expect(problem("m4.jsonl", lines('{"at":}'))).toBe("m4.jsonl:1: invalid JSON; expected one health poll (a JSON object) per line")
    expect(problem("m2.jsonl", lines(poll(T0), "", "[1]"))).toBe("m2.jsonl:3: expected a health poll (a JSON object with at, jobs and workers), got a list")
    expect(problem("m3.jsonl", "null\n")).toBe("m3.jsonl:1: expected a health poll (a JSON object with at, jobs and workers), got null")
  })

  it("a missing or unreadable at, quoting at most 20 characters", () => {
    const expected = "expected an ISO-8601 date-time or epoch seconds or milliseconds"
    expect(problem("t1.jsonl", lines(JSON.stringify({ jobs, workers })))).toBe(`t1.jsonl:1: at: missing; ${expected}`)
    expect(problem("t2.jsonl", lines(poll(T0), poll("around lunch time on Friday")))).toBe(`t2.jsonl:2: at: ${expected}, got "around lunch time on…"`)
  })

  it("dates before 2000 or after 2100, and a mix of units", () => {
    expect(problem("d1.jsonl", lines(poll(30)))).toBe(
      "d1.jsonl:1: at: 30 read as epoch seconds is before 2000; expected a date from 2000 to 2100 (did you log relative seconds?)"
    )
    expect(problem("d2.jsonl", lines(poll(T0), poll(T0 / 1000 + 1)))).toBe(
      "d2.jsonl:2: at: 1767225601 is epoch seconds, but the earlier lines have epoch milliseconds; expected one unit in a file"
    )
  })

  it("a missing jobs or workers object, or one that is not an object", () => {
    expect(problem("o1.jsonl", lines(JSON.stringify({ at: T0, workers })))).toBe(
      "o1.jsonl:1: jobs: missing; expected the jobs object of GET /health ({completed, failed, inProgress, inQueue, retried})"
    )
    expect(problem("o2.jsonl", lines(poll(T0), JSON.stringify({ at: T0, jobs })))).toBe(
      "o2.jsonl:2: workers: missing; expected the workers object of GET /health ({idle, initializing, ready, running, throttled, unhealthy})"
    )
    expect(problem("o3.jsonl", lines(poll(T0, { jobs: [1, 2] })))).toBe(
      "o3.jsonl:1: jobs: got a list; expected the jobs object of GET /health ({completed, failed, inProgress, inQueue, retried})"
    )
    expect(problem("o4.jsonl", lines(poll(T0, { workers: null })))).toBe(
      "o4.jsonl:1: workers: got null; expected the workers object of GET /health ({idle, initializing, ready, running, throttled, unhealthy})"
    )
  })

  it("a counter that is not an integer >= 0", () => {
    const count = "expected a count (an integer >= 0), got"
    expect(problem("c1.jsonl", lines(poll(T0, { jobs: { ...jobs, inQueue: -1 } })))).toBe(`c1.jsonl:1: jobs.inQueue: ${count} -1`)
    expect(problem("c2.jsonl", lines(poll(T0, { workers: { ...workers, running: 1.5 } })))).toBe(`c2.jsonl:1: workers.running: ${count} 1.5`)
    expect(problem("c3.jsonl", lines(poll(T0, { workers: { ...workers, idle: "3" } })))).toBe(`c3.jsonl:1: workers.idle: ${count} "3"`)
    expect(problem("c4.jsonl", lines(poll(T0, { jobs: { ...jobs, failed: null } })))).toBe(`c4.jsonl:1: jobs.failed: ${count} null`)
    expect(problem("c5.jsonl", lines(poll(T0, { jobs: { ...jobs, retried: { n: 1 } } })))).toBe(`c5.jsonl:1: jobs.retried: ${count} an object`)
  })

  it("a file without polls, or a path that is not a regular file", () => {
    const none = "no health polls; expected one JSON object per line with at, jobs and workers"
    expect(problem("e1.jsonl", "")).toBe(`e1.jsonl: ${none}`)
    expect(problem("e2.jsonl", "\n \n")).toBe(`e2.jsonl: ${none}`)
    mkdirSync(join(dir, "polls"))
    expect(() => readHealthPolls(join(dir, "polls"))).toThrow(`${join(dir, "polls")}: expected a regular file of health polls, got a directory`)
    expect(() => readHealthPolls("/dev/null")).toThrow("/dev/null: expected a regular file of health polls, got a device")
    expect(() => readHealthPolls(join(dir, "absent"))).toThrow(`${join(dir, "absent")}: no such file; expected a file of health polls`)
  })
})
