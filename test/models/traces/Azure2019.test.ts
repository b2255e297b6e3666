/** Azure2019: choosing functions from an invocation file, attaching duration percentiles, spreading each minute's count inside the minute. */
import { fc, test } from "@fast-check/vitest"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { azure2019Requests, prepareAzure2019, type Azure2019Function, type Azure2019Selection } from "../../../src/models/traces/Azure2019.ts"
import { TraceProblem } from "../../../src/models/traces/TraceRows.ts"
import { Rng } from "../../../src/sim/Rng.ts"

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "scalecast-azure2019-"))
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

const header = ["HashOwner", "HashApp", "HashFunction", "Trigger", ...Array.from({ length: 1440 }, (_, m) => String(m + 1))].join(",")

/** A function row: counts given by 0-based minute, every other minute 0. */
interface FnRow {
  readonly app: string
  readonly fn: string
  readonly counts?: Readonly<Record<number, number | string>>
}
const rowLine = (r: FnRow): string => ["owner", r.app, r.fn, "http", ...Array.from({ length: 1440 }, (_, m) => String(r.counts?.[m] ?? 0))].join(",")

const write = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text)
  return name
}
const invocations = (name: string, fns: ReadonlyArray<FnRow>): string => write(name, [header, ...fns.map(rowLine)].join("\n") + "\n")

const prepare = (name: string, a: Azure2019Selection, durations?: string) =>
  prepareAzure2019(name, join(dir, name), { ...a, durationsPath: durations }, durations === undefined ? undefined : join(dir, durations))

const problem = (f: () => unknown): string => {
  try {
    f()
  } catch (e) {
    expect(e).toBeInstanceOf(TraceProblem)
    return (e as Error).message
  }
  throw new Error("expected a TraceProblem")
}

// Totals: f-a 10, f-b 30, f-c 20, f-d 0.
const fns: ReadonlyArray<FnRow> = [
  { app: "A", fn: "f-a", counts: { 0: 4, 2: 6 } },
  { app: "B", fn: "f-b", counts: { 1: 30 } },
  { app: "A", fn: "f-c", counts: { 0: 20 } },
  { app: "C", fn: "f-d" }
]

describe("prepareAzure2019: choosing functions", () => {
  beforeAll(() => {
    invocations("inv.csv", fns)
  })
  const hashes = (a: Azure2019Selection) => prepare("inv.csv", a).map((f) => f.hash)

  it("takes the busiest function by default, and the top N busiest first", () => {
    expect(hashes({})).toEqual(["f-b"])
    expect(hashes({ top: 2 })).toEqual(["f-b", "f-c"])
    expect(hashes({ top: 3 })).toEqual(["f-b", "f-c", "f-a"])
    expect(hashes({ top: 10 })).toEqual(["f-b", "f-c", "f-a", "f-d"])
  })

  it("takes the named functions or apps in file order, with their per-minute counts", () => {
    const chosen = prepare("inv.csv", { functions: ["f-c", "f-a"] })
    expect(chosen.map((f) => f.hash)).toEqual(["f-a", "f-c"])
    expect(chosen[0]!.counts).toHaveLength(1440)
    expect(chosen[0]!.counts.slice(0, 4)).toEqual([4, 0, 6, 0])
    expect(chosen[0]!.counts.reduce((s, n) => s + n, 0)).toBe(10)
    expect(chosen.map((f) => f.durations)).toEqual([null, null])
    expect(hashes({ apps: ["A"] })).toEqual(["f-a", "f-c"])
    expect(hashes({ apps: ["A", "C"] })).toEqual(["f-a", "f-c", "f-d"])
    expect(hashes({ apps: ["A"], functions: ["f-c", "f-b"] })).toEqual(["f-c"]) // both must match
    // A list of functions overrides top.
    expect(hashes({ functions: ["f-d"], top: 1 })).toEqual(["f-d"])
  })

  it("refuses a selection that matches nothing", () => {
    expect(problem(() => prepare("inv.csv", { functions: ["zz"] }))).toBe('inv.csv:1:1: no function matches functions ["zz"]')
    expect(problem(() => prepare("inv.csv", { apps: ["Q"] }))).toBe('inv.csv:1:1: no function matches apps ["Q"]')
    // Only the header: nothing to choose from, whatever the selection.
    invocations("empty.csv", [])
    expect(problem(() => prepare("empty.csv", {}))).toBe("empty.csv:1:1: the file has no function rows, only its header")
    expect(problem(() => prepare("empty.csv", { top: 3 }))).toBe("empty.csv:1:1: the file has no function rows, only its header")
  })

  it("names the line and column of a bad count cell, only in a chosen row", () => {
    // "owner,A,f-bad,http," is 19 characters; each earlier minute cell is "0," (2): minute 3 starts at column 20 + 2·2 = 24.
    for (const bad of ["x", "1.5", "-1", ""]) {
      invocations("bad.csv", [fns[0]!, { app: "A", fn: "f-bad", counts: { 2: bad } }])
      expect(problem(() => prepare("bad.csv", {}))).toBe(`bad.csv:3:24: minute 3: expected a count (an integer from 0 to 2^53 - 1), got ${JSON.stringify(bad)}`)
      expect(prepare("bad.csv", { functions: ["f-a"] }).map((f) => f.hash)).toEqual(["f-a"])
    }
    // A row cut short: the column just past its end ("owner,A,f-short,http,1,2" is 24 characters → 25).
    write("short.csv", `${header}\nowner,A,f-short,http,1,2\n`)
    expect(problem(() => prepare("short.csv", {}))).toBe('short.csv:2:25: minute 3: expected a count (an integer from 0 to 2^53 - 1), got ""')
  })

  it("refuses a file that is empty or lacks the minute columns", () => {
    write("empty.csv", "")
    expect(problem(() => prepare("empty.csv", {}))).toBe("empty.csv:1:1: the file is empty; expected the Azure 2019 header")
    write("head.csv", "HashOwner,HashApp,HashFunction,Trigger,1,2,3\nowner,A,f,http,1,2,3\n")
    expect(problem(() => prepare("head.csv", {}))).toBe("head.csv:1:1: expected the Azure 2019 header HashOwner,HashApp,HashFunction,Trigger,1,…,1440")
  })

  test.prop([fc.array(fc.nat({ max: 50 }), { minLength: 1, maxLength: 9 }), fc.integer({ min: 1, max: 9 })], { numRuns: 25 })(
    "top N holds the N largest totals, busiest first",
    (totals, top) => {
      const name = invocations(
        "prop.csv",
        totals.map((n, i) => ({ app: "A", fn: `f${i}`, counts: { [i * 7]: n } }))
      )
      const chosen = prepare(name, { top })
      const expected = [...totals].sort((a, b) => b - a).slice(0, top)
      expect(chosen.map((f) => f.counts.reduce((s, n) => s + n, 0))).toEqual(expected)
      // Each chosen function is a distinct row of the file.
      expect(new Set(chosen.map((f) => f.hash)).size).toBe(chosen.length)
    }
  )
})

describe("prepareAzure2019: durations", () => {
  const durationsHeader =
    "HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100"

  it("attaches each chosen function's percentiles, milliseconds as seconds", () => {
    invocations("inv.csv", fns)
    write(
      "dur.csv",
      [
        durationsHeader,
        "owner,B,f-b,900,30,100,10000,100,200,500,1000,2000,5000,10000",
        "owner,Z,f-other,1,1,1,1,9,8,7,6,5,4,3", // not chosen: never checked
        "owner,A,f-a,50,10,1,80,1,2,5,25,50,75,80"
      ].join("\n") + "\n"
    )
    const chosen = prepare("inv.csv", { top: 3 }, "dur.csv")
    expect(chosen.map((f) => f.hash)).toEqual(["f-b", "f-c", "f-a"])
    expect(chosen[0]!.durations).toEqual([
      [0, 0.1],
      [1, 0.2],
      [25, 0.5],
      [50, 1],
      [75, 2],
      [99, 5],
      [100, 10]
    ])
    expect(chosen[1]!.durations).toBeNull() // f-c has no row in the durations file
    expect(chosen[2]!.durations).toEqual([
      [0, 0.001],
      [1, 0.002],
      [25, 0.005],
      [50, 0.025],
      [75, 0.05],
      [99, 0.075],
      [100, 0.08]
    ])
  })

  it("names the durations file, line and column of a decreasing percentile", () => {
    invocations("inv.csv", fns)
    // "owner,B,f-b,900,30,100,10000,100,200,500," is 41 characters: percentile_Average_50 starts at column 42.
    write("dur2.csv", `${durationsHeader}\nowner,B,f-b,900,30,100,10000,100,200,500,400,2000,5000,10000\n`)
    expect(problem(() => prepare("inv.csv", {}, "dur2.csv"))).toBe(
      'dur2.csv:2:42: percentile_Average_50: expected milliseconds >= the previous percentile (500), got "400"'
    )
    write("dur3.csv", "HashFunction,percentile_Average_0\n")
    expect(problem(() => prepare("inv.csv", {}, "dur3.csv"))).toMatch(/^dur3\.csv:1:1: expected a header with HashFunction and percentile_Average_0, /)
  })
})

/** Every request `azure2019Requests` yields, with the stream `u`. */
const drain = (fs: ReadonlyArray<Azure2019Function>, spread: "uniform" | "poisson", from: number, to: number, u: () => number) => {
  const next = azure2019Requests(fs, spread, from, to)
  const out: Array<readonly [number, number]> = []
  for (let r = next(u); r !== undefined; r = next(u)) out.push(r)
  expect(next(u)).toBeUndefined() // stays finished
  return out
}
const fn = (hash: string, counts: Readonly<Record<number, number>>, durations: Azure2019Function["durations"] = null): Azure2019Function => ({
  hash,
  counts: Array.from({ length: 1440 }, (_, m) => counts[m] ?? 0),
  durations
})
const seeded = (seed: number) => {
  const rng = new Rng(seed, 1)
  return () => rng.next()
}

describe("azure2019Requests", () => {
  const f1 = fn("f1", { 0: 2, 2: 3, 1439: 1 })
  const f2 = fn("f2", { 0: 1, 1: 2 }, [
    [0, 0.1],
    [50, 1],
    [100, 2]
  ])

  it("uniform with a constant draw of 0.5 puts every invocation at its minute's middle", () => {
    const out = drain([f1, f2], "uniform", 0, Number.POSITIVE_INFINITY, () => 0.5)
    // Minute 0: 2 + 1 at 30 s; minute 1: 2 at 90 s; minute 2: 3 at 150 s; minute 1439 (the last): 1 at 86370 s.
    expect(out.map(([t]) => t)).toEqual([30, 30, 30, 90, 90, 150, 150, 150, 86370])
    // f2's draws of 0.5 land on its 50th percentile, 1 s; f1 has no durations.
    expect(out.filter(([, e]) => !Number.isNaN(e)).map(([, e]) => e)).toEqual([1, 1, 1])
  })

  it("yields only the minutes of the window [fromSeconds, toSeconds)", () => {
    const at = (from: number, to: number) => drain([f1, f2], "uniform", from, to, () => 0.5).map(([t]) => t)
    expect(at(60, 120)).toEqual([90, 90]) // minute 1 only
    expect(at(60, 121)).toEqual([90, 90, 150, 150, 150]) // minute 2 starts at 120 < 121
    expect(at(120, 86400)).toEqual([150, 150, 150, 86370])
    expect(at(0, 60)).toEqual([30, 30, 30])
    expect(at(86400, Number.POSITIVE_INFINITY)).toEqual([]) // past the day's 1440 minutes
  })

  test.prop([fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 6 }), fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 6 }), fc.integer()], {
    numRuns: 40
  })("uniform: each minute's count arrives inside that minute, in time order", (a, b, seed) => {
    const fa = fn("a", Object.fromEntries(a.map((n, m) => [m, n])))
    const fb = fn("b", Object.fromEntries(b.map((n, m) => [m, n])))
    const times = drain([fa, fb], "uniform", 0, Number.POSITIVE_INFINITY, seeded(seed)).map(([t]) => t)
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!)
    for (let m = 0; m < 6; m++) expect(times.filter((t) => t >= m * 60 && t < m * 60 + 60)).toHaveLength((a[m] ?? 0) + (b[m] ?? 0))
    expect(times).toHaveLength(a.reduce((s, n) => s + n, 0) + b.reduce((s, n) => s + n, 0))
  })

  it("poisson: counts near each minute's count, inside the minute, in time order", () => {
    // 100 invocations in each of minutes 0–99, none after. Each minute's count is Poisson(100), σ = 10;
    // the total is Poisson(10 000), σ = 100. Bounds at 6σ per minute and 5σ in total.
    const f = fn("p", Object.fromEntries(Array.from({ length: 100 }, (_, m) => [m, 100])))
    for (const seed of [1, 2, 3]) {
      const times = drain([f], "poisson", 0, Number.POSITIVE_INFINITY, seeded(seed)).map(([t]) => t)
      for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!)
      expect(times.every((t) => t >= 0 && t < 6000)).toBe(true)
      expect(Math.abs(times.length - 10_000)).toBeLessThanOrEqual(500)
      const perMinute = Array.from({ length: 100 }, () => 0)
      for (const t of times) perMinute[Math.floor(t / 60)]!++
      for (const n of perMinute) expect(Math.abs(n - 100)).toBeLessThanOrEqual(60)
    }
  })

  it("poisson: a minute with no invocations stays empty", () => {
    const f = fn("p", { 1: 5 })
    const times = drain([f], "poisson", 0, 180, seeded(7)).map(([t]) => t)
    expect(times.every((t) => t >= 60 && t < 120)).toBe(true)
  })
})
