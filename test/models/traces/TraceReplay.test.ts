/** TraceReplay: a prepared trace replayed as an arrival process: window shift, time scale, rate multiplier, sorting, execution times, mean rate. */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { azure2019Requests } from "../../../src/models/traces/Azure2019.ts"
import { prepareTrace, type PreparedTrace, type TraceArrivals } from "../../../src/models/traces/Trace.ts"
import { traceProcess } from "../../../src/models/traces/TraceReplay.ts"
import { Rng } from "../../../src/sim/Rng.ts"

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "scalecast-tracereplay-"))
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

const prepared = (name: string, text: string, a: Omit<TraceArrivals, "type" | "path"> = {}): PreparedTrace => {
  writeFileSync(join(dir, name), text)
  const r = prepareTrace({ type: "trace", path: name, ...a }, dir, "workload.arrivals")
  if ("problems" in r) throw new Error(r.problems.map((p) => p.message).join("\n"))
  return r.trace
}

/** Draws cycling through `values`. */
const cycle = (...values: ReadonlyArray<number>) => {
  let i = 0
  return () => values[i++ % values.length]!
}
const seeded = (seed: number) => {
  const rng = new Rng(seed, 1)
  return () => rng.next()
}
const noDraws = () => {
  throw new Error("drew from the arrival stream")
}

/** Every (time, lastExecutionSeconds) the process yields until +Infinity. */
const replay = (t: PreparedTrace, u: () => number = noDraws): Array<readonly [number, number]> => {
  const p = traceProcess(t)
  const out: Array<readonly [number, number]> = []
  for (let time = p.next(0, u); time < Number.POSITIVE_INFINITY; time = p.next(time, u)) out.push([time, p.lastExecutionSeconds])
  expect(p.next(Number.POSITIVE_INFINITY, u)).toBe(Number.POSITIVE_INFINITY) // stays finished
  return out
}
const times = (out: ReadonlyArray<readonly [number, number]>) => out.map(([t]) => t)
const execs = (out: ReadonlyArray<readonly [number, number]>) => out.map(([, e]) => e)

const csv = "timestamp,executionSeconds\n1,0.5\n5,1\n10,\n20,2\n30,3\n"

describe("traceProcess: csv and jsonl", () => {
  it("replays every row with its execution time, drawing nothing at rate multiplier 1", () => {
    const out = replay(prepared("a.csv", csv))
    expect(times(out)).toEqual([1, 5, 10, 20, 30])
    expect(execs(out)).toEqual([0.5, 1, Number.NaN, 2, 3])
  })

  it("shifts the window to start at 0 and scales it by timeScale", () => {
    // Window [5, 30): rows 5, 10, 20 → (t − 5) · 2 = 0, 10, 30.
    const out = replay(prepared("a.csv", csv, { fromSeconds: 5, toSeconds: 30, timeScale: 2 }))
    expect(times(out)).toEqual([0, 10, 30])
    expect(execs(out)).toEqual([1, Number.NaN, 2])
    // Window [2, ∞) at half speed: (5 − 2) · 0.5 = 1.5, 4, 9, 14.
    expect(times(replay(prepared("a.csv", csv, { fromSeconds: 2, timeScale: 0.5 })))).toEqual([1.5, 4, 9, 14])
  })

  it("returns +Infinity at the window's end, before the file's end", () => {
    const p = traceProcess(prepared("a.csv", csv, { toSeconds: 10 }))
    expect(p.next(0, noDraws)).toBe(1)
    expect(p.next(1, noDraws)).toBe(5)
    expect(p.lastExecutionSeconds).toBe(1)
    expect(p.next(5, noDraws)).toBe(Number.POSITIVE_INFINITY) // the row at 10 is outside [0, 10)
    expect(p.next(5, noDraws)).toBe(Number.POSITIVE_INFINITY)
  })

  it("rate multiplier 2 repeats each request twice at the same time, with its execution time", () => {
    const out = replay(prepared("a.csv", csv, { rateMultiplier: 2 }), cycle(0.5))
    expect(times(out)).toEqual([1, 1, 5, 5, 10, 10, 20, 20, 30, 30])
    expect(execs(out)).toEqual([0.5, 0.5, 1, 1, Number.NaN, Number.NaN, 2, 2, 3, 3])
  })

  it("rate multiplier 0.5 keeps a request when its draw is below 0.5", () => {
    // Draws 0.1, 0.9, 0.4, 0.6, 0.1: kept, dropped, kept, dropped, kept.
    const out = replay(prepared("a.csv", csv, { rateMultiplier: 0.5 }), cycle(0.1, 0.9, 0.4, 0.6))
    expect(times(out)).toEqual([1, 10, 30])
    expect(execs(out)).toEqual([0.5, Number.NaN, 3])
  })

  it("rate multiplier 1.5 replays a request twice when its draw is below 0.5, else once", () => {
    // Draws 0.2, 0.8, 0.2, 0.8, 0.2: 2, 1, 2, 1, 2 copies.
    expect(times(replay(prepared("a.csv", csv, { rateMultiplier: 1.5 }), cycle(0.2, 0.8)))).toEqual([1, 1, 5, 10, 10, 20, 30, 30])
  })

  it("sort: true replays an unsorted file in time order, ties in file order", () => {
    const out = replay(prepared("u.csv", "timestamp,executionSeconds\n3,30\n1,10\n2,20\n1,11\n0.5,5\n", { sort: true }))
    expect(times(out)).toEqual([0.5, 1, 1, 2, 3])
    expect(execs(out)).toEqual([5, 10, 11, 20, 30])
    // With a window [1, 3): rows 1, 2, 1 → sorted 1, 1, 2 → shifted 0, 0, 1.
    const windowed = replay(prepared("u.csv", "timestamp,executionSeconds\n3,30\n1,10\n2,20\n1,11\n0.5,5\n", { sort: true, fromSeconds: 1, toSeconds: 3 }))
    expect(times(windowed)).toEqual([0, 0, 1])
    expect(execs(windowed)).toEqual([10, 11, 20])
  })

  it("replays ISO-8601 jsonl timestamps relative to the file's first", () => {
    const jsonl = '{"timestamp":"2026-11-23T10:00:00Z","executionSeconds":1}\n{"timestamp":"2026-11-23T10:00:02.5Z"}\n{"timestamp":"2026-11-23T10:01:00Z"}\n'
    expect(replay(prepared("a.jsonl", jsonl))).toEqual([
      [0, 1],
      [2.5, Number.NaN],
      [60, Number.NaN]
    ])
    // Sorted and windowed from 2 s: 2.5 − 2 = 0.5, 60 − 2 = 58.
    expect(times(replay(prepared("a.jsonl", jsonl, { sort: true, fromSeconds: 2 })))).toEqual([0.5, 58])
  })

  it("gives a fresh replay per process", () => {
    const t = prepared("a.csv", csv)
    const first = traceProcess(t)
    expect(first.next(0, noDraws)).toBe(1)
    expect(first.next(1, noDraws)).toBe(5)
    expect(times(replay(t))).toEqual([1, 5, 10, 20, 30])
  })
})

describe("traceProcess: Azure traces", () => {
  it("azure2021 replays arrival = end − duration in time order, filtered by app", () => {
    const text = "app,func,end_timestamp,duration\na,f,10,4\na,f,7,6\nb,g,9,1\n"
    // Arrivals 10 − 4 = 6, 7 − 6 = 1, 9 − 1 = 8.
    expect(replay(prepared("az21.csv", text))).toEqual([
      [1, 6],
      [6, 4],
      [8, 1]
    ])
    expect(times(replay(prepared("az21.csv", text, { apps: ["a"] })))).toEqual([1, 6])
    expect(times(replay(prepared("az21.csv", text, { functions: ["g"], fromSeconds: 2 })))).toEqual([6])
  })

  it("azure2019 replays exactly the window's part of the spread minutes, shifted to start at 0", () => {
    const header = ["HashOwner", "HashApp", "HashFunction", "Trigger", ...Array.from({ length: 1440 }, (_, m) => String(m + 1))].join(",")
    const counts = Array.from({ length: 1440 }, (_, m) => (m < 4 ? 20 : 0))
    const t = prepared("az19.csv", `${header}\no,A,f,http,${counts.join(",")}\n`, { fromSeconds: 90, toSeconds: 150 })
    // The same draws through azure2019Requests: minutes 1 and 2 spread, then cut to [90, 150).
    const u = seeded(5)
    const next = azure2019Requests(t.functions, "uniform", 90, 150)
    const expected: Array<number> = []
    for (let r = next(u); r !== undefined; r = next(u)) if (r[0] >= 90 && r[0] < 150) expected.push(r[0] - 90)
    const out = times(replay(t, seeded(5)))
    expect(out).toEqual(expected)
    expect(out.length).toBeGreaterThan(0)
    expect(out.every((x) => x >= 0 && x < 60)).toBe(true)
  })
})

describe("open files", () => {
  // /proc/self/fd lists this process's open files (Linux, where CI runs); elsewhere there is nothing to count.
  it.skipIf(!existsSync("/proc/self/fd"))("a replay cut short by the run's horizon or the window lets go of its file", () => {
    const t = prepared("long.csv", "timestamp\n1\n2\n3\n100\n200\n", { toSeconds: 50 })
    const open = () => readdirSync("/proc/self/fd").length
    const before = open()
    for (let k = 0; k < 50; k++) {
      const byWindow = traceProcess(t)
      for (let time = byWindow.next(0, noDraws, 1000); time < Number.POSITIVE_INFINITY; time = byWindow.next(time, noDraws, 1000));
      const byHorizon = traceProcess(t)
      expect([byHorizon.next(0, noDraws, 2), byHorizon.next(1, noDraws, 2)]).toEqual([1, 2]) // 2 is at the horizon: the run asks no more
    }
    expect(open()).toBe(before)
  })

  it.skipIf(!existsSync("/proc/self/fd"))("a replay made only for its mean rate (plan, the work budget) opens no file", () => {
    const t = prepared("rate.csv", "timestamp\n1\n2\n")
    const before = readdirSync("/proc/self/fd").length
    for (let k = 0; k < 20; k++) expect(traceProcess(t).meanRate(10)).toBe(0.2)
    expect(readdirSync("/proc/self/fd").length).toBe(before)
  })
})

describe("meanRate", () => {
  it("is the window's requests times the rate multiplier over the duration", () => {
    // 5 rows, all before 60 s, × 2 over 100 s = 0.1 per second.
    expect(traceProcess(prepared("a.csv", csv, { rateMultiplier: 2 })).meanRate(100)).toBe(0.1)
    // Window [5, 30): 3 rows, replayed within [0, 25) ⊂ [0, 30): 3 / 30 = 0.1.
    expect(traceProcess(prepared("a.csv", csv, { fromSeconds: 5, toSeconds: 30 })).meanRate(30)).toBe(0.1)
    expect(traceProcess(prepared("a.csv", csv)).rateAt(3)).toBeNaN()
  })
})
