/** CostChart: cumulative cost with active under flex, the ready share per interval on the right axis, coordinates in the plot. */
import { fc, test } from "@fast-check/vitest"
import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { innerHeight, innerWidth } from "../../src/report/Chart.ts"
import { palette } from "../../src/report/Palette.ts"
import { costChart } from "../../src/report/CostChart.ts"
import { simulate } from "../../src/sim/simulate.ts"
import type { SimResult } from "../../src/sim/SimResult.ts"
import { RunPodModels } from "../../src/models/Models.ts"

let base: SimResult
beforeAll(async () => {
  base = await Effect.runPromise(
    simulate({
      name: "tiny",
      durationSeconds: 100,
      endpoint: { name: "e", image: "i", gpu: { pools: ["ADA_24"] }, workers: { min: 1, max: 2 } },
      workload: { arrivals: { type: "list", atSeconds: [10, 20] }, executionSeconds: 2 },
      platform: { pools: { ADA_24: { flexPerSecondUsd: 0.002, activePerSecondUsd: 0.001 } } }
    }).pipe(Effect.provide(RunPodModels))
  )
})

interface Money {
  readonly flexUsd: ReadonlyArray<number>
  readonly activeUsd: ReadonlyArray<number>
  readonly running: ReadonlyArray<number>
  readonly ready: ReadonlyArray<number>
  readonly initializing: ReadonlyArray<number>
}

const withTimeline = (m: Money, durationSeconds: number, bucketSeconds = 1, billedReadyShare = 0.25): SimResult => {
  const n = m.flexUsd.length
  const zeros = Array.from({ length: n }, () => 0)
  return {
    ...base,
    scenario: { ...base.scenario, durationSeconds },
    cost: { ...base.cost, billedReadyShare },
    timeline: {
      bucketSeconds,
      t: Array.from({ length: n }, (_, i) => i * bucketSeconds),
      throttled: zeros,
      retained: zeros,
      queued: zeros,
      arrivals: zeros,
      completed: zeros,
      coldStarts: zeros,
      flashStarts: zeros,
      ...m
    }
  }
}

const pathD = (svg: string, key: string): string => new RegExp(`class="series series-${key}"[^>]*\\sd="([^"]*)"`).exec(svg)![1]!
const points = (d: string): Array<[number, number]> =>
  d
    .replace(/^M/, "")
    .replace(/Z$/, "")
    .split("L")
    .map((p) => p.split(",").map(Number) as [number, number])
const tickLabels = (svg: string, axis: string): Array<string> => {
  const start = svg.indexOf(`class="axis ${axis}"`)
  const rest = svg.slice(start)
  return [...rest.slice(0, rest.search(/<text class="axis-label"|<g class="axis /)).matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!)
}

describe("costChart on a hand-made timeline", () => {
  // Two 1-second buckets: flex $1 then $2, active $0.50 then $0.50. Cumulative active 0.5, 1; total 1.5, 4.
  // y domain [0, 4 × 1.1] made nice: [0, 4.5]; y(v) = 196 · (1 − v / 4.5); x(t) = 316 t.
  // y(0.5) = 174.2, y(1) = 152.4, y(1.5) = 130.7, y(4) = 21.8.
  // Billed workers: running 1, 1; ready 1, 0; initializing 0, 1 → ready share 1/2, then 0.
  let svg: string
  beforeAll(() => {
    svg = costChart(withTimeline({ flexUsd: [1, 2], activeUsd: [0.5, 0.5], running: [1, 1], ready: [1, 0], initializing: [0, 1] }, 2))
  })

  it("stacks cumulative flex cost on cumulative active cost, from (0, 0) at each interval's end", () => {
    expect(pathD(svg, "active")).toBe("M0,196L316,174.2L632,152.4L632,196L316,196L0,196Z")
    expect(pathD(svg, "flex")).toBe("M0,196L316,130.7L632,21.8L632,152.4L316,174.2L0,196Z")
  })

  it("draws the share of billed time spent ready per interval on a 0–100 % axis", () => {
    // y = 196 · (1 − share): 98 for 50 %, 196 for 0 %
    expect(pathD(svg, "readyShare")).toBe("M0,98L316,98L316,196L632,196")
    expect(tickLabels(svg, "y2-axis")).toEqual(["0 %", "20 %", "40 %", "60 %", "80 %", "100 %"])
  })

  it("labels the cost axis in dollars and reports the overall ready share", () => {
    expect(tickLabels(svg, "y-axis")).toEqual(["$0", "$1", "$2", "$3", "$4"]) // whole-dollar steps need no cents
    expect(svg).toMatch(/class="axis-label"[^>]*>cumulative cost \(USD\)</)
    expect(svg).toMatch(/class="axis-label"[^>]*>billed time ready</)
    expect(svg).toMatch(/<desc[^>]*>[^<]*in each interval of 1 s \(right axis\)\. Overall 25 % of billed time was spent waiting\.<\/desc>/)
  })

  it("gives small costs as many decimals as their tick step, so no two ticks read alike", () => {
    // $0.021 in all: ticks every $0.005 (0, 0.005 … 0.025) need 3 decimals; two decimals would repeat $0.01.
    const small = costChart(withTimeline({ flexUsd: [0.01, 0.011], activeUsd: [0, 0], running: [1, 1], ready: [0, 0], initializing: [0, 0] }, 2))
    const labels = tickLabels(small, "y-axis")
    expect(labels).toEqual(["$0.000", "$0.005", "$0.010", "$0.015", "$0.020"])
    expect(new Set(labels).size).toBe(labels.length)
  })

  it("uses the shared colours, active below flex in the legend too", () => {
    expect(svg).toMatch(new RegExp(`class="series series-active" fill="${palette.active}"`))
    expect(svg).toMatch(new RegExp(`class="series series-flex" fill="${palette.flex}"`))
    const legend = [...svg.matchAll(/<g class="legend-item"[^>]*>.*?<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1])
    expect(legend).toEqual(["active", "flex", "ready share"])
  })
})

describe("costChart's ready share", () => {
  it("is smoothed over 2-minute intervals on an hour of 5-second buckets, where it flickers between 0 and 100 %", () => {
    // one billed worker, alternately ready and running every 5 s: per bucket 0 % or 100 % ready, 50 % over any 2 minutes
    const n = 720
    const alternate = (phase: number) => Array.from({ length: n }, (_, i) => (i + phase) % 2)
    const zeros = Array.from({ length: n }, () => 0)
    const svg = costChart(
      withTimeline({ flexUsd: zeros.map(() => 0.01), activeUsd: zeros, running: alternate(0), ready: alternate(1), initializing: zeros }, 3600, 5)
    )
    const share = points(pathD(svg, "readyShare"))
    // 30 intervals of 2 min, two points each, all at 50 % (y = 196 / 2), while the cost is drawn in 120 intervals of 30 s
    expect(share).toHaveLength(2 * 30)
    expect(new Set(share.map(([, y]) => y))).toEqual(new Set([98]))
    expect(share.map(([x]) => x).slice(0, 3)).toEqual([0, +(innerWidth / 30).toFixed(1), +(innerWidth / 30).toFixed(1)])
    expect(points(pathD(svg, "flex"))).toHaveLength(2 * (120 + 1))
    expect(svg).toMatch(/in each interval of 2 min \(right axis\)/)
  })

  it("is hourly over a day of 2-minute buckets", () => {
    const n = 720
    const ones = Array.from({ length: n }, () => 1)
    const zeros = Array.from({ length: n }, () => 0)
    // ready share 1/3 in every bucket: running, ready and initializing one each
    const svg = costChart(withTimeline({ flexUsd: ones, activeUsd: zeros, running: ones, ready: ones, initializing: ones }, 86_400, 120))
    const share = points(pathD(svg, "readyShare"))
    expect(share).toHaveLength(2 * 24)
    expect(new Set(share.map(([, y]) => y))).toEqual(new Set([+(innerHeight * (2 / 3)).toFixed(1)]))
    expect(svg).toMatch(/in each interval of 1 h \(right axis\)/)
  })
})

describe("costChart on any timeline", () => {
  it("ends a shorter last interval at the end of the run, not past it", () => {
    // buckets start at 0, 1, 2 s; the run ends at 2.5 s, so the last cost point is at x(2.5) = the plot's right edge
    const svg = costChart(withTimeline({ flexUsd: [1, 1, 1], activeUsd: [0, 0, 0], running: [1, 1, 1], ready: [0, 0, 0], initializing: [0, 0, 0] }, 2.5))
    for (const key of ["active", "flex"]) expect(Math.max(...points(pathD(svg, key)).map(([x]) => x))).toBe(innerWidth)
  })

  const money = fc.integer({ min: 1, max: 25 }).chain((n) => {
    const cents = fc.array(
      fc.integer({ min: 0, max: 500 }).map((c) => c / 100),
      { minLength: n, maxLength: n }
    )
    const workers = fc.array(fc.integer({ min: 0, max: 8 }), { minLength: n, maxLength: n })
    return fc.record({ flexUsd: cents, activeUsd: cents, running: workers, ready: workers, initializing: workers })
  })

  test.prop([money], { numRuns: 15 })("cost only rises, flex sits on active, heights follow the cumulative total, everything inside the plot", (m) => {
    const n = m.flexUsd.length
    const svg = costChart(withTimeline(m, n))
    const active = points(pathD(svg, "active"))
    const flex = points(pathD(svg, "flex"))
    // the upper edges: (0, 0) then one point per interval end
    const activeTop = active.slice(0, n + 1)
    const flexTop = flex.slice(0, n + 1)
    const flexBottom = flex.slice(n + 1).reverse()
    expect(flexBottom).toEqual(activeTop)
    for (const edge of [activeTop, flexTop]) edge.forEach(([, y], i) => i > 0 && expect(y).toBeLessThanOrEqual(edge[i - 1]![1]))
    flexTop.forEach(([, y], i) => expect(y).toBeLessThanOrEqual(activeTop[i]![1]))
    for (const [x, y] of [...active, ...flex, ...points(pathD(svg, "readyShare"))]) {
      expect(x).toBeGreaterThanOrEqual(0)
      expect(x).toBeLessThanOrEqual(innerWidth)
      expect(y).toBeGreaterThanOrEqual(0)
      expect(y).toBeLessThanOrEqual(innerHeight)
    }
    // heights above the x axis are proportional to the cumulative total (a linear scale from $0), to within two roundings to 0.1 px
    let sum = 0
    const cumulative = m.flexUsd.map((f, i) => (sum += f + m.activeUsd[i]!))
    const grandTotal = cumulative.at(-1)!
    const top = innerHeight - flexTop.at(-1)![1]
    if (grandTotal > 0) cumulative.forEach((c, i) => expect(Math.abs(innerHeight - flexTop[i + 1]![1] - (top * c) / grandTotal)).toBeLessThanOrEqual(0.1))
  })
})
