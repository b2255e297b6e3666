/** LatencyChart: cumulative delayTime and end-to-end curves on a log axis, p50/p95/p99 marks, and the empty case. */
import { fc, test } from "@fast-check/vitest"
import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { innerHeight, innerWidth } from "../../src/report/Chart.ts"
import { latencyChart } from "../../src/report/LatencyChart.ts"
import { simulate } from "../../src/sim/simulate.ts"
import type { LatencySummary, SimResult } from "../../src/sim/SimResult.ts"
import { RunPodModels } from "../../src/models/Models.ts"

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
const marks = (svg: string) =>
  [...svg.matchAll(/<g class="marker marker-(p\d+)"><line x1="([^"]+)"[^>]*><\/line><text[^>]*>([^<]*)<\/text><\/g>/g)].map((m) => ({
    name: m[1],
    x: Number(m[2]),
    label: m[3]
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

  it("marks end-to-end p50, p95 and p99 left to right with readable units", () => {
    const m = marks(svg)
    expect(m.map((k) => k.name)).toEqual(["p50", "p95", "p99"])
    expect(m.map((k) => k.label)).toEqual(["p50 100 ms", "p95 5 s", "p99 2.5 min"])
    // x(5) = 632 · log10(5000) / 4.0792 = 573.1; p99 (150 s) is beyond the axis and clamped to its right edge
    expect(m[0]!.x).toBeCloseTo(309.86, 1)
    expect(m[1]!.x).toBeCloseTo(573.09, 1)
    expect(m[2]!.x).toBe(innerWidth)
  })

  it("labels the log axis at powers of ten, the floor as ≤ 1 ms, and the share axis in percent", () => {
    expect(xTickLabels(svg)).toEqual(["≤ 1 ms", "10 ms", "100 ms", "1 s", "10 s"])
    expect(svg).toMatch(/class="axis-label"[^>]*>seconds \(log scale\)</)
    expect(svg).toMatch(/class="axis-label"[^>]*>share of requests</)
    expect(svg).toMatch(/<text[^>]*>100 %<\/text>/)
  })

  it("describes the marks in words", () => {
    expect(svg).toMatch(/<desc[^>]*>[^<]*End-to-end p50 100 ms, p95 5 s, p99 2\.5 min\.<\/desc>/)
  })
})

describe("latencyChart on a simulated run", () => {
  it("puts every end-to-end quantile at 2 s and names the completed requests", () => {
    const svg = latencyChart(base)
    const e2e = points(pathD(svg, "endToEnd"))
    expect(e2e).toHaveLength(base.latency.quantiles.p.length + 1)
    expect(new Set(e2e.slice(1).map(([x]) => x)).size).toBe(1)
    expect(marks(svg).map((k) => k.label)).toEqual(["p50 2 s", "p95 2 s", "p99 2 s"])
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
    expect(svg).toContain(">no request completed</text>")
    expect(svg).toContain("No request completed, so there is no latency distribution to draw.")
  })
})

describe("latencyChart on any distribution", () => {
  const increasing = fc.array(fc.double({ min: 0, max: 1e5, noNaN: true }), { minLength: 3, maxLength: 12 }).map((xs) => [...xs].sort((a, b) => a - b))
  test.prop([increasing, increasing], { numRuns: 15 })("curves rise left to right inside the plot, and the marks are in order", (delay, e2eRaw) => {
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
    const xs = marks(svg).map((k) => k.x)
    expect(xs).toHaveLength(3)
    expect(xs[0]).toBeLessThanOrEqual(xs[1]!)
    expect(xs[1]).toBeLessThanOrEqual(xs[2]!)
  })
})
