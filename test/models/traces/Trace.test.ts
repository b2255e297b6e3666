import { Effect } from "effect"
import { execFileSync } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { beforeAll, describe, expect, it } from "vitest"
import { arrivalProcess } from "../../../src/models/Arrivals.ts"
import { prepareTrace, type PreparedTrace, type TraceArrivals } from "../../../src/models/traces/Trace.ts"
import { simulate } from "../../../src/sim/simulate.ts"
import { Rng } from "../../../src/sim/Rng.ts"
import { runInChild } from "./child.ts"
import { RunPodModels } from "../../../src/models/Models.ts"

const fixtures = fileURLToPath(new URL("../../fixtures/traces/", import.meta.url))
let dir: string
const write = (name: string, text: string | Buffer) => {
  writeFileSync(join(dir, name), text)
  return name
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "scalecast-trace-"))
})

const prepared = (a: Omit<TraceArrivals, "type">, baseDir = dir): PreparedTrace => {
  const r = prepareTrace({ type: "trace", ...a }, baseDir, "workload.arrivals")
  if ("problems" in r) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join("\n"))
  return r.trace
}
const problems = (a: Omit<TraceArrivals, "type">, baseDir = dir) => {
  const r = prepareTrace({ type: "trace", ...a }, baseDir, "workload.arrivals")
  return "problems" in r ? r.problems.map((p) => `${p.path}: ${p.message}`) : []
}
/** `problems`, run in a child process killed after 10 s: for inputs that could block or loop a reader. */
const problemsInChild = (a: Omit<TraceArrivals, "type">, baseDir = dir): Array<string> => {
  const trace = fileURLToPath(new URL("../../../src/models/traces/Trace.ts", import.meta.url))
  const out = runInChild(`
    import { prepareTrace } from ${JSON.stringify(trace)}
    const r = prepareTrace(${JSON.stringify({ type: "trace", ...a })}, ${JSON.stringify(baseDir)}, "workload.arrivals")
    console.log(JSON.stringify("problems" in r ? r.problems.map((p) => p.path + ": " + p.message) : []))`)
  return JSON.parse(out) as Array<string>
}

/** Every (time, execution) the replay produces. */
const replay = (t: PreparedTrace, seed = 1): Array<readonly [number, number]> => {
  const rng = new Rng(seed, 1)
  const u = () => rng.next()
  const p = arrivalProcess(t)
  const out: Array<readonly [number, number]> = []
  for (let time = p.next(0, u); time < Number.POSITIVE_INFINITY; time = p.next(time, u)) out.push([time, p.lastExecutionSeconds])
  return out
}

describe("CSV and JSONL traces", () => {
  it("replay a hand-written trace's arrival times and execution times exactly", () => {
    write("t.csv", "timestamp,executionSeconds,user\n0,1.5,a\n0.25,,b\n0.25,2,c\n10,0.5,d\n")
    const t = prepared({ path: "t.csv" })
    expect(t).toMatchObject({ format: "csv", requests: 4 })
    const out = replay(t)
    expect(out.map(([time]) => time)).toEqual([0, 0.25, 0.25, 10])
    expect(out.map(([, e]) => e)).toEqual([1.5, Number.NaN, 2, 0.5])
  })

  it("read JSONL with ISO-8601 date-times relative to the first", () => {
    write(
      "t.jsonl",
      '{"timestamp":"2026-11-23T10:00:00Z","executionSeconds":1}\n{"timestamp":"2026-11-23T10:00:02.5Z"}\n\n{"timestamp":"2026-11-23T10:01:00Z","other":true}\n'
    )
    expect(replay(prepared({ path: "t.jsonl" })).map(([t]) => t)).toEqual([0, 2.5, 60])
  })

  it("apply a window, a time scale and a rate multiplier", () => {
    write("w.csv", "timestamp\n1\n5\n10\n20\n30\n")
    expect(replay(prepared({ path: "w.csv", fromSeconds: 5, toSeconds: 30, timeScale: 0.5 })).map(([t]) => t)).toEqual([0, 2.5, 7.5])
    expect(replay(prepared({ path: "w.csv", rateMultiplier: 2 })).map(([t]) => t)).toEqual([1, 1, 5, 5, 10, 10, 20, 20, 30, 30])
    const thinned = replay(prepared({ path: "w.csv", rateMultiplier: 0 }))
    expect(thinned).toEqual([])
  })

  it("refuse unsorted timestamps with the first offending line, unless sort: true", () => {
    write("u.csv", "timestamp\n1\n3\n2\n4\n")
    expect(problems({ path: "u.csv" })).toEqual(["workload.arrivals: u.csv:4:1: timestamps out of order (2 after 3); sort the file or set sort: true"])
    expect(replay(prepared({ path: "u.csv", sort: true })).map(([t]) => t)).toEqual([1, 2, 3, 4])
  })

  it("name the file, line and column of a malformed value", () => {
    write("bad.csv", "user,timestamp,executionSeconds\na,1,2\nb,soon,1\n")
    expect(problems({ path: "bad.csv" })).toEqual(['workload.arrivals: bad.csv:3:3: timestamp: expected seconds or an ISO-8601 date-time, got "soon"'])
    write("bad2.csv", "timestamp,executionSeconds\n1,2\n2,-1\n")
    expect(problems({ path: "bad2.csv" })).toEqual(['workload.arrivals: bad2.csv:3:3: executionSeconds: expected a finite number >= 0, got "-1"'])
    write("nohead.csv", "1\n2\n")
    expect(problems({ path: "nohead.csv" })[0]).toMatch(/nohead\.csv:1:1: expected a header row with a "timestamp" column/)
    write("bad.jsonl", '{"timestamp": 1}\n{"timestamp": 2,\n')
    expect(problems({ path: "bad.jsonl" })).toEqual(["workload.arrivals: bad.jsonl:2:17: invalid JSON: expected double-quoted property name"])
    write("after.jsonl", '{"timestamp": 1}\n{"timestamp": 2} 3\n')
    expect(problems({ path: "after.jsonl" })).toEqual(["workload.arrivals: after.jsonl:2:18: invalid JSON: unexpected non-whitespace character after JSON"])
    expect(problems({ path: "missing.csv" })[0]).toMatch(/^workload\.arrivals\.path: expected a trace file, got ".*missing\.csv", which does not exist$/)
  })
})

describe("Azure Functions traces", () => {
  it("2019: the busiest function by default, its minute counts spread inside each minute", () => {
    const t = prepared({ path: "azure2019-invocations.csv" }, fixtures)
    expect(t.format).toBe("azure2019")
    expect(t.functions.map((f) => f.hash)).toEqual(["f-busy"])
    expect(t.requests).toBe(6 * 10 + 3 * 24 - 3) // minutes 0–9 give 6 each (minute 0 is one of them), then 3 at every hour
    const out = replay(t)
    expect(out).toHaveLength(t.requests)
    for (let m = 0; m < 10; m++) expect(out.filter(([time]) => time >= m * 60 && time < m * 60 + 60)).toHaveLength(6)
    expect(out.filter(([time]) => time >= 3600 && time < 3660)).toHaveLength(3)
    expect(out.every(([, e]) => Number.isNaN(e))).toBe(true) // no durations file given
  })

  it("2019: top N, functions and apps choose rows; durations come from the percentile file", () => {
    expect(prepared({ path: "azure2019-invocations.csv", top: 2 }, fixtures).functions.map((f) => f.hash)).toEqual(["f-busy", "f-mid"])
    expect(prepared({ path: "azure2019-invocations.csv", functions: ["f-rare"] }, fixtures).requests).toBe(1)
    expect(prepared({ path: "azure2019-invocations.csv", apps: ["app-b"] }, fixtures).functions.map((f) => f.hash)).toEqual(["f-mid"])
    const t = prepared({ path: "azure2019-invocations.csv", top: 2, durationsPath: "azure2019-durations.csv" }, fixtures)
    const out = replay(t)
    const mid = out.filter(([, e]) => e === 1) // f-mid's durations are all 1000 ms
    expect(mid).toHaveLength(20)
    for (const [, e] of out) expect(e >= 0.1 && e <= 2).toBe(true) // within f-busy's p0–p100 or f-mid's 1 s
  })

  it("2019: Poisson spread keeps each arrival in its minute; the same seed replays identically", () => {
    const t = prepared({ path: "azure2019-invocations.csv", spread: "poisson", toSeconds: 600 }, fixtures)
    const a = replay(t, 7)
    expect(a).toEqual(replay(t, 7))
    expect(a.every(([time]) => time < 600)).toBe(true)
    expect(Math.abs(a.length - 60)).toBeLessThan(4 * Math.sqrt(60))
  })

  it("2019: a malformed count names its line and column", () => {
    const [problem] = problems({ path: "azure2019-malformed.csv", top: 3 }, fixtures)
    expect(problem).toMatch(/^workload\.arrivals: azure2019-malformed\.csv:3:\d+: minute 3: expected a count \(an integer from 0 to 2\^53 - 1\), got "-3"$/)
  })

  it("2021: arrival = end − duration, sorted, durations replayed", () => {
    const t = prepared({ path: "azure2021.csv" }, fixtures)
    expect(t.format).toBe("azure2021")
    expect(replay(t)).toEqual([
      [8, 3],
      [10, 0.5],
      [12, 0.25],
      [19, 1]
    ])
    expect(replay(prepared({ path: "azure2021.csv", apps: ["a2"] }, fixtures))).toEqual([[12, 0.25]])
    expect(problems({ path: "azure2021-malformed.csv" }, fixtures)).toEqual([
      'workload.arrivals: azure2021-malformed.csv:4:13: duration: expected a number of seconds >= 0, got "abc"'
    ])
  })
})

describe("a trace in a scenario", () => {
  it("replaces the execution-time distribution with the recorded times, resolved against the scenario's folder", async () => {
    write("s.csv", "timestamp,executionSeconds\n0,2\n100,2\n200,2\n")
    const r = await Effect.runPromise(
      simulate(
        {
          name: "t",
          durationSeconds: 300,
          endpoint: { name: "e", image: "i", gpu: { pools: ["ADA_24"] }, workers: { min: 1, max: 1 } },
          workload: { arrivals: { type: "trace", path: "s.csv" }, executionSeconds: 99 }
        },
        { baseDir: dir }
      ).pipe(Effect.provide(RunPodModels))
    )
    expect(r.requests.arrived).toBe(3)
    expect(r.latency.executionTime.max).toBe(2)
    expect(r.workload.arrivals).toBe("trace s.csv (csv, 3 requests)")
  })
})

describe("hostile trace files", () => {
  const azure2019Header = `HashOwner,HashApp,HashFunction,Trigger,${Array.from({ length: 1440 }, (_, m) => m + 1).join(",")}\n`
  /** An Azure 2019 row: the given minute counts (1-based minute → count), zero elsewhere. */
  const azure2019Row = (fn: string, counts: Record<number, number | string>) =>
    `o,app,${fn},http,${Array.from({ length: 1440 }, (_, m) => counts[m + 1] ?? 0).join(",")}\n`

  it("refuses a device as the trace or the durations file, before opening it", { timeout: 30_000 }, () => {
    expect(problemsInChild({ path: "/dev/zero" })).toEqual([
      'workload.arrivals.path: expected a trace file (a regular file), got "/dev/zero", which is a device'
    ])
    expect(problemsInChild({ path: "azure2019-invocations.csv", durationsPath: "/dev/zero" }, fixtures)).toEqual([
      'workload.arrivals.durationsPath: expected a trace file (a regular file), got "/dev/zero", which is a device'
    ])
  })

  it("refuses a FIFO without waiting for a writer", { timeout: 30_000 }, () => {
    execFileSync("mkfifo", [join(dir, "trace.fifo")])
    expect(problemsInChild({ path: "trace.fifo" })).toEqual([
      `workload.arrivals.path: expected a trace file (a regular file), got ${JSON.stringify(join(dir, "trace.fifo"))}, which is a FIFO (named pipe)`
    ])
  })

  it("refuses a line longer than 1 MiB with its file and line, in bounded memory", { timeout: 10_000 }, () => {
    write("one-line.jsonl", `{"timestamp": 0, "pad": "${"x".repeat(2 * 1024 * 1024)}"}\n`)
    expect(problems({ path: "one-line.jsonl" })).toEqual(["workload.arrivals: one-line.jsonl:1:1: line longer than 1 MiB; expected one request per line"])
    write("third.csv", `timestamp\n1\n${"2".repeat(1024 * 1024 + 1)}\n3\n`)
    expect(problems({ path: "third.csv" })).toEqual(["workload.arrivals: third.csv:3:1: line longer than 1 MiB; expected one request per line"])
    write("nul.csv", Buffer.alloc(3 * 1024 * 1024, 0).toString()) // what /dev/zero would give, as a regular file
    expect(problems({ path: "nul.csv" })).toEqual(["workload.arrivals: nul.csv:1:1: line longer than 1 MiB; expected one request per line"])
  })

  it("never quotes the file's lines: a password file as a csv trace", () => {
    write("passwd", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n")
    const [message] = problems({ path: "passwd", format: "csv" })
    expect(message).toBe('workload.arrivals: passwd:1:1: expected a header row with a "timestamp" column (comma-separated), got a header without one')
    expect(message).not.toMatch(/root:/)
    const [azure] = problems({ path: "passwd", format: "azure2021" })
    expect(azure).toBe("workload.arrivals: passwd:1:1: expected the Azure 2021 header app,func,end_timestamp,duration, got a header without end_timestamp")
  })

  it("shows at most 20 characters of a bad cell, and no more than a kind for a JSON value", () => {
    write("longcell.csv", `timestamp\n${"y".repeat(500)}\n`)
    expect(problems({ path: "longcell.csv" })).toEqual([
      `workload.arrivals: longcell.csv:2:1: timestamp: expected seconds or an ISO-8601 date-time, got "${"y".repeat(20)}…"`
    ])
    write("secret.jsonl", '{"timestamp": 1}\n{"timestamp": 2, "token": hunter2hunter2}\n')
    expect(problems({ path: "secret.jsonl" })).toEqual(["workload.arrivals: secret.jsonl:2:1: invalid JSON: unexpected token 'h'"])
    write("comma.jsonl", '{"timestamp": 1,}\n')
    expect(problems({ path: "comma.jsonl" })).toEqual(["workload.arrivals: comma.jsonl:1:17: invalid JSON: expected double-quoted property name"])
    // A value nested 200,000 deep: quoting it would overflow JSON.stringify's stack.
    write("deep.jsonl", `{"timestamp": ${"[".repeat(200_000)}${"]".repeat(200_000)}}\n`)
    expect(problems({ path: "deep.jsonl" })).toEqual(["workload.arrivals: deep.jsonl:1:2: timestamp: expected seconds or an ISO-8601 date-time, got a list"])
  })

  it("Azure 2019: a billion invocations in a minute are refused up front, not allocated", { timeout: 5000 }, () => {
    write("billion.csv", azure2019Header + azure2019Row("f-huge", { 2: 1_000_000_000, 3: 5 }) + azure2019Row("f-small", { 1: 7, 2: 6, 1440: 4 }))
    expect(problems({ path: "billion.csv", top: 2 })).toEqual([
      "workload.arrivals.path: expected at most 1,000,000 invocations in a minute across the chosen functions (scalecast spreads each minute in memory), got 1,000,000,006 in minute 2 of billion.csv"
    ])
    expect(prepared({ path: "billion.csv", functions: ["f-small"] }).requests).toBe(17) // the other row alone is fine
  })

  it("Azure 2019: requests total the chosen rows in the window", () => {
    write(
      "counts.csv",
      azure2019Header + azure2019Row("f-big", { 2: 999_990, 3: 5 }) + azure2019Row("f-small", { 1: 7, 2: 6, 1440: 4 }) + azure2019Row("f-none", {})
    )
    expect(prepared({ path: "counts.csv", top: 2 }).requests).toBe(999_990 + 5 + 7 + 6 + 4)
    expect(prepared({ path: "counts.csv", top: 1 }).requests).toBe(999_995)
    expect(prepared({ path: "counts.csv", functions: ["f-small"], fromSeconds: 60, toSeconds: 120 }).requests).toBe(6) // minute 2 only
    expect(prepared({ path: "counts.csv", functions: ["f-small"], fromSeconds: 30, toSeconds: 90 }).requests).toBe(7) // half of minute 1 (3.5) and of minute 2 (3): 6.5, rounded
  })

  it("Azure 2019: a count that is not a safe integer names its line and column", () => {
    write("e300.csv", azure2019Header + azure2019Row("f", { 3: "1e300" }))
    expect(problems({ path: "e300.csv" })).toEqual([
      'workload.arrivals: e300.csv:2:18: minute 3: expected a count (an integer from 0 to 2^53 - 1), got "1e300"'
    ])
    write("unsafe.csv", azure2019Header + azure2019Row("f", { 1: "9007199254740993" }))
    expect(problems({ path: "unsafe.csv" })[0]).toMatch(/^workload\.arrivals: unsafe\.csv:2:14: minute 1: expected a count/)
  })

  it("Azure 2019: top N keeps the N busiest rows, ties in file order, however many rows there are", () => {
    const totals = [3, 9, 1, 9, 5, 7, 2, 8]
    write("many.csv", azure2019Header + totals.map((n, i) => azure2019Row(`f${i}`, { 1: n })).join(""))
    expect(prepared({ path: "many.csv", top: 3 }).functions.map((f) => f.hash)).toEqual(["f1", "f3", "f7"])
    expect(prepared({ path: "many.csv", top: 100 }).functions).toHaveLength(totals.length)
  })

  it("requests is the number the replay produces in the window, for every format", () => {
    write("r.csv", "timestamp\n1\n5\n10\n20\n30\n")
    write("r.jsonl", '{"timestamp":1}\n{"timestamp":5}\n{"timestamp":10}\n{"timestamp":20}\n{"timestamp":30}\n')
    for (const path of ["r.csv", "r.jsonl"]) {
      const t = prepared({ path, fromSeconds: 5, toSeconds: 30 })
      expect(t.requests).toBe(3)
      expect(replay(t)).toHaveLength(3)
    }
    const azure2021 = prepared({ path: "azure2021.csv", fromSeconds: 9, toSeconds: 19 }, fixtures)
    expect(azure2021.requests).toBe(2) // arrivals 10 and 12; 8 and 19 are outside
    expect(replay(azure2021)).toHaveLength(2)
    expect(prepared({ path: "azure2021.csv", apps: ["a2"] }, fixtures).requests).toBe(1)
    const azure2019 = prepared({ path: "azure2019-invocations.csv", fromSeconds: 120, toSeconds: 3660 }, fixtures)
    expect(azure2019.requests).toBe(replay(azure2019).length)
  })
})
