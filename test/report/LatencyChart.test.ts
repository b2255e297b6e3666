/**
 * LatencyChart: cumulative delayTime and end-to-end curves on a log axis, p50/p95/p99 marked on
 * both, their values in a legend table whose labels never overlap or leave the chart, round
 * exact ticks, and the empty case.
 */
import { fc, test } from "@fast-check/vitest"
import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { chartFrame, chartWidth, innerHeight, innerWidth, margin } from "../../src/report/Chart.ts"
import { latencyChart, latencyTickLabel, latencyTicks, minTickGapPx, percentileLegendLayout, type LabelBox } from "../../src/report/LatencyChart.ts"
import { simulate } from "../../src/sim/simulate.ts"
import type { LatencySummary, SimResult } from "../../src/sim/SimResult.ts"
import { RunPodModels } from "../../src/models/Models.ts"
import { lunchDefault, lunchTuned } from "../../scenarios/lunch-peak.ts"
import { quickstart } from "../../scenarios/quickstart.ts"

// Two 2-second requests served at once by a warm active worker: every end-to-end latency is 2 s, every delayTime 0.
let base: SimResult
beforeAll(async () => {
  base = await Effect.runPromise(
    simulate({
      name: "tiny",
      durationSeconds: 100,
      endpoint: { name: "e", image: "i", gpu: { pools: ["ADA_24"] }, workers: { min: 1, max: 2 } },
      workload: { arrivals: { type: "list", atSeconds: [10, 20] }, executionSeconds: 2 }
    }).pipe(Effect.provide(RunPodModels))
  )
})

const summary = (over: Partial<LatencySummary>): LatencySummary => ({ mean: 1, p50: 1, p90: 1, p95: 1, p99: 1, max: 1, ...over })

/** The run with hand-made quantile functions and summaries. */
const withLatency = (
  p: ReadonlyArray<number>,
  delayTime: ReadonlyArray<number>,
  endToEnd: ReadonlyArray<number>,
  e2e: Partial<LatencySummary>,
  delayMax: number
): SimResult => ({
  ...base,
  latency: {
    ...base.latency,
    delayTime: summary({ max: delayMax }),
    endToEnd: summary(e2e),
    quantiles: { p, delayTime, endToEnd, executionTime: endToEnd }
  }
})

const pathD = (svg: string, key: string): string => new RegExp(`class="series series-${key}"[^>]*\\sd="([^"]*)"`).exec(svg)![1]!
const points = (d: string): Array<[number, number]> =>
  d === ""
    ? []
    : d
        .replace(/^M/, "")
        .split("L")
        .map((p) => p.split(",").map(Number) as [number, number])
const xTickLabels = (svg: string): Array<string> => {
  const start = svg.indexOf('class="axis x-axis"')
  const end = svg.indexOf('class="axis-label"', start)
  return [...svg.slice(start, end).matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!)
}
/** The percentile markers on the curves: series, percentile and centre, in document order. */
const marks = (svg: string) =>
  [...svg.matchAll(/<path class="marker marker-(\w+)-(p\d+)" transform="translate\(([^,]+),([^)]+)\)"/g)].map((m) => ({
    series: m[1]!,
    name: m[2]!,
    x: Number(m[3]),
    y: Number(m[4])
  }))
/** The legend table's texts with their positions (plot coordinates), row by row. */
const legendTexts = (svg: string) =>
  [...svg.matchAll(/<text class="(legend-name|percentile-label)" x="([^"]+)" y="([^"]+)">([^<]*)<\/text>/g)].map((m) => ({
    kind: m[1]!,
    x: Number(m[2]),
    y: Number(m[3]),
    text: m[4]!
  }))

describe("latencyChart on hand-made quantiles", () => {
  // Half the requests at or below 0.1 s end to end, all at or below 10 s; delayTime 0 then 1 s.
  // The axis runs from 1 ms to 1.2 × the largest maximum (10 s) = 12 s, so
  // x(v) = 632 · log10(v / 0.001) / log10(12 / 0.001), with log10(12000) = 4.0792:
  // x(0.1) = 632 · 2 / 4.0792 = 309.9, x(1) = 632 · 3 / 4.0792 = 464.8, x(10) = 632 · 4 / 4.0792 = 619.7;
  // y(share) = 196 · (1 − share).
  let svg: string
  beforeAll(() => {
    svg = latencyChart(withLatency([50, 100], [0, 1], [0.1, 10], { p50: 0.1, p95: 5, p99: 150, max: 10 }, 1))
  })

  it("draws each cumulative curve from the axis' left edge at 0 % to its quantiles", () => {
    expect(pathD(svg, "endToEnd")).toBe("M0,196L309.9,98L619.7,0")
    // a delayTime of 0 sits at the 1 ms floor, the left edge
    expect(pathD(svg, "delayTime")).toBe("M0,196L0,98L464.8,0")
  })

  it("marks p50, p95 and p99 on both curves, where each curve reaches 50, 95 and 99 %", () => {
    const m = marks(svg)
    // end-to-end first, delayTime's wider rings drawn over them
    expect(m.map((k) => `${k.series} ${k.name}`)).toEqual(["endToEnd p50", "endToEnd p95", "endToEnd p99", "delayTime p50", "delayTime p95", "delayTime p99"])
    // x(5) = 632 · log10(5000) / 4.0792 = 573.1; p99 (150 s) is beyond the axis and clamped to its right edge
    expect(m.slice(0, 3).map((k) => k.x)).toEqual([309.9, 573.1, innerWidth])
    // delayTime's percentiles are all 1 s: x(1) = 464.8
    expect(m.slice(3).map((k) => k.x)).toEqual([464.8, 464.8, 464.8])
    // y = 196 · (1 − share): 98, 9.8, 2
    for (const series of [m.slice(0, 3), m.slice(3)]) expect(series.map((k) => k.y)).toEqual([98, 9.8, 2])
  })

  it("tabulates the values in the legend, one row per curve, with readable units", () => {
    const texts = legendTexts(svg)
    expect(texts.map((t) => t.text)).toEqual(["delayTime", "p50 1 s", "p95 1 s", "p99 1 s", "end-to-end", "p50 100 ms", "p95 5 s", "p99 2.5 min"])
    // two rows, the second just above the plot; columns aligned from one row to the next
    expect(texts.slice(0, 4).every((t) => t.y === texts[0]!.y)).toBe(true)
    expect(texts.slice(4).every((t) => t.y === -16)).toBe(true)
    expect(texts.slice(0, 4).map((t) => t.x)).toEqual(texts.slice(4).map((t) => t.x))
  })

  it("ticks the log axis at round durations, the floor as ≤ 1 ms, and the share axis in percent", () => {
    expect(xTickLabels(svg)).toEqual(["≤ 1 ms", "10 ms", "100 ms", "1 s", "10 s"])
    expect(svg).toMatch(/class="axis-label"[^>]*>seconds \(log scale\)</)
    expect(svg).toMatch(/class="axis-label"[^>]*>share of requests</)
    expect(svg).toMatch(/<text[^>]*>100 %<\/text>/)
  })

  it("describes the marks of both curves in words", () => {
    expect(svg).toMatch(/<desc[^>]*>[^<]*delayTime p50 1 s, p95 1 s, p99 1 s; end-to-end p50 100 ms, p95 5 s, p99 2\.5 min\.<\/desc>/)
  })
})

describe("latencyChart's log axis", () => {
  /** A tick label read back in seconds. */
  const seconds = (label: string): number => {
    const [value, unit] = label.split(" ")
    return Number(value) * { ms: 0.001, s: 1, min: 60, h: 3600, day: 86_400, days: 86_400 }[unit!]!
  }
  const round = [
    0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 21600, 43200, 86400, 172800,
    604800, 2592000
  ]

  it("ticks a 2.8-hour axis at 1 min, 10 min and 1 h, never at 16.7 min or 2.78 h", () => {
    // the lunch peak's axis: 1 ms to 1.2 × 8,414 s
    const ticks = latencyTicks(1.2 * 8414)
    expect(ticks.map(latencyTickLabel)).toEqual(["≤ 1 ms", "10 ms", "100 ms", "1 s", "10 s", "1 min", "10 min", "1 h"])
  })

  it("adds halves, doubles and fifths only where there is room", () => {
    // 1 ms to 3 s: 3.48 decades over 632 px, 182 px per decade: 2 s and 0.5 s are only 55 px from 1 s, 5 ms from 10 ms, so only the decades fit
    expect(latencyTicks(3).map(latencyTickLabel)).toEqual(["≤ 1 ms", "10 ms", "100 ms", "1 s"])
    // 1 ms to 25 ms: 1.4 decades, 452 px per decade: 2 ms, 5 ms, 10 ms and 20 ms all fit
    expect(latencyTicks(0.025).map(latencyTickLabel)).toEqual(["≤ 1 ms", "2 ms", "5 ms", "10 ms", "20 ms"])
    expect(latencyTickLabel(86_400)).toBe("1 day")
    expect(latencyTickLabel(604_800)).toBe("7 days")
  })

  test.prop([fc.double({ min: 0.012, max: 1e7, noNaN: true })])(
    "every tick is a round duration its label states exactly, ascending, never crowding its neighbour",
    (hi) => {
      const ticks = latencyTicks(hi)
      expect(ticks[0]).toBe(0.001)
      expect(ticks.length).toBeGreaterThanOrEqual(2)
      const at = (s: number) => (innerWidth * Math.log(s / 0.001)) / Math.log(hi / 0.001)
      ticks.forEach((t, i) => {
        expect(round).toContain(t)
        expect(t).toBeLessThanOrEqual(hi)
        if (i > 0) {
          expect(t).toBeGreaterThan(ticks[i - 1]!)
          expect(at(t) - at(ticks[i - 1]!)).toBeGreaterThanOrEqual(minTickGapPx)
          expect(seconds(latencyTickLabel(t))).toBeCloseTo(t, 12)
          expect(latencyTickLabel(t)).toMatch(/^\d+ (ms|s|min|h|days?)$/)
        }
      })
    }
  )
})

describe("latencyChart's legend table", () => {
  const frame = chartFrame(2)
  /** A box in the chart's own coordinates (the plot group is shifted by the margins). */
  const absolute = (b: LabelBox) => ({ ...b, x: b.x + margin.left, y: b.y + frame.plotTop })
  const overlap = (a: LabelBox, b: LabelBox) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
  /** The title's box: 14 px semibold, about 8.5 px per character, baseline at y = 20. */
  const title = { text: "Latency distribution", x: margin.left, y: 6, width: 8.5 * "Latency distribution".length, height: 18 }

  const expectReadable = (boxes: ReadonlyArray<LabelBox>) => {
    const all = boxes.map(absolute)
    for (const b of all) {
      expect(b.x, b.text).toBeGreaterThanOrEqual(0)
      expect(b.y, b.text).toBeGreaterThanOrEqual(0)
      expect(b.x + b.width, b.text).toBeLessThanOrEqual(chartWidth)
      expect(b.y + b.height, b.text).toBeLessThanOrEqual(frame.plotTop) // above the plot: never over a curve
      expect(overlap(b, title), b.text).toBe(false)
    }
    all.forEach((a, i) => all.slice(i + 1).forEach((b) => expect(overlap(a, b), `${a.text} / ${b.text}`).toBe(false)))
  }

  let runs: Array<SimResult>
  beforeAll(async () => {
    runs = await Promise.all([quickstart, lunchDefault, lunchTuned].map((s) => Effect.runPromise(simulate(s).pipe(Effect.provide(RunPodModels)))))
  })

  it("keeps every label apart and inside the chart for the quickstart and lunch-peak runs, as drawn", () => {
    for (const r of runs) {
      const svg = latencyChart(r)
      const texts = legendTexts(svg)
      // 2 names and 3 percentiles each: delayTime is marked too
      expect(texts.filter((t) => t.kind === "percentile-label").map((t) => t.text.split(" ")[0])).toEqual(["p50", "p95", "p99", "p50", "p95", "p99"])
      const layout = percentileLegendLayout([
        { label: texts[0]!.text, cells: texts.slice(1, 4).map((t) => t.text) },
        { label: texts[4]!.text, cells: texts.slice(5, 8).map((t) => t.text) }
      ])
      // the chart draws the texts where the layout put them
      expect(texts.map((t) => [t.text, t.x, t.y])).toEqual(layout.boxes.map((b) => [b.text, b.x, b.y + 11]))
      expectReadable(layout.boxes)
      expect(marks(svg)).toHaveLength(6)
    }
    // the lunch peak's percentiles coincide (p95 2.31 h, p99 2.33 h on both curves) and still read apart
    expect(legendTexts(latencyChart(runs[1]!)).map((t) => t.text)).toEqual(expect.arrayContaining(["p95 2.31 h", "p99 2.33 h"]))
  })

  const cell = fc.constantFrom("p50 0 ms", "p50 317 ms", "p95 8.91 s", "p99 58.7 min", "p99 2.33 h", "p95 1,000 h", "p50 278000 h")
  test.prop([fc.array(cell, { minLength: 3, maxLength: 3 }), fc.array(cell, { minLength: 3, maxLength: 3 })])(
    "lays out any percentile values without overlap, inside the chart",
    (a, b) => {
      expectReadable(
        percentileLegendLayout([
          { label: "delayTime", cells: a },
          { label: "end-to-end", cells: b }
        ]).boxes
      )
    }
  )
})

describe("latencyChart on a simulated run", () => {
  it("puts every end-to-end quantile at 2 s and names the completed requests", () => {
    const svg = latencyChart(base)
    const e2e = points(pathD(svg, "endToEnd"))
    expect(e2e).toHaveLength(base.latency.quantiles.p.length + 1)
    expect(new Set(e2e.slice(1).map(([x]) => x)).size).toBe(1)
    expect(legendTexts(svg).map((t) => t.text)).toEqual(["delayTime", "p50 0 ms", "p95 0 ms", "p99 0 ms", "end-to-end", "p50 2 s", "p95 2 s", "p99 2 s"])
    expect(svg).toContain(`Share of completed requests (${base.requests.completed})`)
    // all delayTimes are 0: the whole curve is on the left edge
    expect(points(pathD(svg, "delayTime")).every(([x]) => x === 0)).toBe(true)
  })

  it("says there is nothing to draw when no request completed", () => {
    const nothing = { mean: null, p50: null, p90: null, p95: null, p99: null, max: null }
    const empty: SimResult = {
      ...base,
      requests: { ...base.requests, completed: 0 },
      latency: { delayTime: nothing, executionTime: nothing, endToEnd: nothing, quantiles: { p: [], delayTime: [], executionTime: [], endToEnd: [] } }
    }
    const svg = latencyChart(empty)
    expect(pathD(svg, "endToEnd")).toBe("")
    expect(pathD(svg, "delayTime")).toBe("")
    expect(marks(svg)).toEqual([])
    expect(legendTexts(svg).map((t) => t.text)).toEqual(["delayTime", "end-to-end"])
    expect(svg).toContain(">no request completed</text>")
    expect(svg).toContain("No request completed, so there is no latency distribution to draw.")
  })
})

describe("latencyChart on any distribution", () => {
  const increasing = fc.array(fc.double({ min: 0, max: 1e5, noNaN: true }), { minLength: 3, maxLength: 12 }).map((xs) => [...xs].sort((a, b) => a - b))
  test.prop([increasing, increasing], { numRuns: 15 })("curves rise left to right inside the plot, and each curve's marks are in order", (delay, e2eRaw) => {
    const n = Math.min(delay.length, e2eRaw.length)
    const p = Array.from({ length: n }, (_, i) => ((i + 1) / n) * 100)
    const d = delay.slice(0, n)
    const e = e2eRaw.slice(0, n)
    const at = (q: number) => e[Math.min(n - 1, Math.ceil((q / 100) * n) - 1)]!
    const svg = latencyChart(withLatency(p, d, e, { p50: at(50), p95: at(95), p99: at(99), max: e[n - 1]! }, d[n - 1]!))
    for (const key of ["delayTime", "endToEnd"]) {
      const pts = points(pathD(svg, key))
      expect(pts).toHaveLength(n + 1)
      pts.forEach(([x, y], i) => {
        expect(x).toBeGreaterThanOrEqual(0)
        expect(x).toBeLessThanOrEqual(innerWidth)
        expect(y).toBeGreaterThanOrEqual(0)
        expect(y).toBeLessThanOrEqual(innerHeight)
        if (i > 0) {
          expect(x).toBeGreaterThanOrEqual(pts[i - 1]![0])
          expect(y).toBeLessThanOrEqual(pts[i - 1]![1])
        }
      })
      expect(pts.at(-1)![1]).toBe(0) // 100 % at the top
    }
    for (const series of ["delayTime", "endToEnd"]) {
      const m = marks(svg).filter((k) => k.series === series)
      expect(m).toHaveLength(3)
      for (const k of m) {
        expect(k.x).toBeGreaterThanOrEqual(0)
        expect(k.x).toBeLessThanOrEqual(innerWidth)
      }
      expect(m[0]!.x).toBeLessThanOrEqual(m[1]!.x)
      expect(m[1]!.x).toBeLessThanOrEqual(m[2]!.x)
    }
  })
})
