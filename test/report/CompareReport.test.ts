/** CompareReport: every figure of a and b side by side, the paired difference b − a with its interval, `*` only where it excludes 0. */
import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { runMetricNames, type Interval, type RunMetricName } from "../../src/models/Slo.ts"
import { compareTable } from "../../src/report/CompareReport.ts"
import { unreadableNote } from "../../src/report/Figures.ts"
import { pairedDifferences, summarise, type RunMetrics } from "../../src/sim/Replications.ts"

type Figures = Readonly<Record<RunMetricName, Interval>>

/** One run's figures: `fill` everywhere, `over` where given. */
const run = (over: Partial<Record<RunMetricName, number | null>>, fill = 1): RunMetrics =>
  Object.fromEntries(runMetricNames.map((m) => [m, m in over ? over[m]! : fill])) as RunMetrics

const same = (x: Interval): Figures => Object.fromEntries(runMetricNames.map((m) => [m, x])) as Figures

/** The table row of a metric, split into its cells (cells are separated by two or more spaces). */
const row = (text: string, metric: RunMetricName): Array<string> => {
  const line = text.split("\n").find((l) => l.startsWith(`${metric} `))
  if (line === undefined) throw new Error(`no row for ${metric}`)
  return line.split(/ {2,}/)
}

describe("compareTable", () => {
  // Three paired runs: a's end-to-end p95 is 4, 5, 6 s; b's is one second more in each.
  // a: mean 5, sd 1, half-width t(2) · 1/√3 = 4.303 × 0.57735 = 2.484; b: 6 ± 2.484; b − a = 1, 1, 1: [1, 1], which excludes 0.
  const a = [run({ "endToEnd.p95": 4 }), run({ "endToEnd.p95": 5 }), run({ "endToEnd.p95": 6 })]
  const b = [run({ "endToEnd.p95": 5 }), run({ "endToEnd.p95": 6 }), run({ "endToEnd.p95": 7 })]
  const text = compareTable({ a: "defaults", b: "tuned" }, 3, true, summarise(a), summarise(b), pairedDifferences(a, b))

  it("names a and b, and says how many pairs ran", () => {
    const lines = text.split("\n")
    expect(lines[0]).toBe("a: defaults")
    expect(lines[1]).toBe("b: tuned")
    expect(lines[2]).toBe("3 paired replications on the same seeds; b − a with its 95 % interval")
    expect(lines[4]).toMatch(/^figure +a +b +b − a \[95 % CI\]$/)
  })

  it("shows each side's mean ± half-width and the paired difference with its interval", () => {
    expect(row(text, "endToEnd.p95")).toEqual(["endToEnd.p95", "5.000 ±2.484", "6.000 ±2.484", "1.000 [1.000, 1.000] *"])
    // equal figures: a difference of exactly 0 is not a real difference
    expect(row(text, "usdPerHour")).toEqual(["usdPerHour", "1.0000 ±0.0000", "1.0000 ±0.0000", "0.0000 [0.0000, 0.0000]"])
  })

  it("lists every figure once, in the order targets name them, aligned", () => {
    const lines = text.split("\n")
    const header = lines.findIndex((l) => l.startsWith("figure"))
    const body = lines.slice(header + 1, header + 1 + runMetricNames.length)
    expect(body.map((l) => l.split(" ")[0])).toEqual([...runMetricNames])
    // right-aligned columns end at the same place on every line
    expect(new Set([lines[header]!, ...body].map((l) => l.length)).size).toBe(1)
    expect(text).toContain("* the interval excludes 0: a real difference, not noise.")
    expect(text).not.toContain(unreadableNote)
  })

  it("gives no difference where a figure is absent or not reached, and explains — and ∞", () => {
    const inf = Number.POSITIVE_INFINITY
    const runsA = [run({ "endToEnd.p95": inf, coldStartShare: 0.1 }), run({ "endToEnd.p95": 5, coldStartShare: 0.1 })]
    const runsB = [run({ "endToEnd.p95": 4, coldStartShare: null }), run({ "endToEnd.p95": 4, coldStartShare: 0.2 })]
    const t = compareTable({ a: "x", b: "y" }, 2, true, summarise(runsA), summarise(runsB), pairedDifferences(runsA, runsB))
    expect(row(t, "endToEnd.p95")).toEqual(["endToEnd.p95", "∞", "4.000 ±0.000", "—"])
    expect(row(t, "coldStartShare")).toEqual(["coldStartShare", "10.0 ±0.0", "—", "—"])
    expect(t).toContain(unreadableNote)
  })

  it("says when it was interrupted", () => {
    const t = compareTable({ a: "x", b: "y" }, 2, false, summarise(a.slice(0, 2)), summarise(b.slice(0, 2)), pairedDifferences(a.slice(0, 2), b.slice(0, 2)))
    expect(t.split("\n")[2]).toBe(
      "2 paired replications on the same seeds; b − a with its 95 % interval — INCOMPLETE (interrupted): only the pairs that finished"
    )
  })

  test.prop([fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: 0, max: 4.9, noNaN: true })])(
    "marks * exactly when the difference's interval lies wholly above or below 0",
    (mean, half) => {
      const diff = same({ mean, low: mean - half, high: mean + half })
      const t = compareTable({ a: "x", b: "y" }, 5, true, same({ mean: 1, low: 1, high: 1 }), same({ mean: 1, low: 1, high: 1 }), diff)
      // every bound is below 10 s in size: three decimals
      const expected = `${mean.toFixed(3)} [${(mean - half).toFixed(3)}, ${(mean + half).toFixed(3)}]`
      expect(row(t, "delayTime.mean")[3]).toBe(mean - half > 0 || mean + half < 0 ? `${expected} *` : expected)
    }
  )
})
