/** WorkersChart: worker states stacked in order (idle-resumable on top), queue and workers.max lines, step shapes, coordinates in the plot. */
import { fc, test } from "@fast-check/vitest"
import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { innerHeight, innerWidth } from "../../src/report/Chart.ts"
import { palette } from "../../src/report/Palette.ts"
import { workersChart } from "../../src/report/WorkersChart.ts"
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
      workload: { arrivals: { type: "list", atSeconds: [10, 20] }, executionSeconds: 2 }
    }).pipe(Effect.provide(RunPodModels))
  )
})

const states = ["running", "ready", "initializing", "throttled", "retained"] as const

interface Series {
  readonly running: ReadonlyArray<number>
  readonly ready: ReadonlyArray<number>
  readonly initializing: ReadonlyArray<number>
  readonly throttled: ReadonlyArray<number>
  readonly retained: ReadonlyArray<number>
  readonly queued: ReadonlyArray<number>
}

/** The tiny run with a hand-made timeline of 1-second buckets over `durationSeconds`, and workers.max. */
const withTimeline = (s: Series, durationSeconds: number, max: number, bucketSeconds = 1): SimResult => {
  const n = s.running.length
  const zeros = Array.from({ length: n }, () => 0)
  return {
    ...base,
    scenario: { ...base.scenario, durationSeconds },
    endpoint: { ...base.endpoint, workers: { min: 0, max } },
    timeline: {
      bucketSeconds,
      t: Array.from({ length: n }, (_, i) => i * bucketSeconds),
      ...s,
      arrivals: zeros,
      completed: zeros,
      coldStarts: zeros,
      flashStarts: zeros,
      flexUsd: zeros,
      activeUsd: zeros
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

/** A step band's upper edge (left to right) and lower edge (left to right). */
const edges = (d: string) => {
  const p = points(d)
  return { top: p.slice(0, p.length / 2), bottom: p.slice(p.length / 2).reverse() }
}

const yTickLabels = (svg: string): Array<number> => {
  const start = svg.indexOf('class="axis y-axis"')
  const end = svg.indexOf('class="axis x-axis"')
  return [...svg.slice(start, end).matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => Number(m[1]))
}

describe("workersChart on a hand-made timeline", () => {
  // 4 one-second buckets, workers.max 3. Stacked totals: 2, 3, 2, 2, so the top is max(3, 3, 1) = 3,
  // the y domain [0, 3.3] made nice: [0, 3.5]; y(v) = 196 · (1 − v / 3.5) = 196 − 56 v; x(t) = 632 t / 4 = 158 t.
  const series: Series = {
    running: [1, 2, 0, 0],
    ready: [0, 1, 1, 0],
    initializing: [1, 0, 0, 0],
    throttled: [0, 0, 0, 1],
    retained: [0, 0, 1, 1],
    queued: [2, 0, 0, 0]
  }
  let svg: string
  beforeAll(() => {
    svg = workersChart(withTimeline(series, 4, 3))
  })

  it("stacks the states bottom to top: running, ready, initializing, throttled, idle (resumable)", () => {
    expect(pathD(svg, "running")).toBe(
      "M0,140L158,140L158,84L316,84L316,196L474,196L474,196L632,196L632,196L474,196L474,196L316,196L316,196L158,196L158,196L0,196Z"
    )
    // ready sits on running: running + ready = 1, 3, 1, 0 → y 140, 28, 140, 196
    expect(edges(pathD(svg, "ready")).top.map(([, y]) => y)).toEqual([140, 140, 28, 28, 140, 140, 196, 196])
    expect(edges(pathD(svg, "ready")).bottom).toEqual(edges(pathD(svg, "running")).top)
    for (let k = 1; k < states.length; k++) expect(edges(pathD(svg, states[k]!)).bottom).toEqual(edges(pathD(svg, states[k - 1]!)).top)
    // the top band ends at the totals 2, 3, 2, 2 → y 84, 28, 84, 84
    expect(edges(pathD(svg, "retained")).top.map(([, y]) => y)).toEqual([84, 84, 28, 28, 84, 84, 84, 84])
  })

  it("draws workers.max as a dashed line at y(3) = 28 and the queue on its own axis", () => {
    expect(svg).toMatch(/class="series series-max" x1="0" x2="632" y1="28(\.0+\d*)?" y2="28(\.0+\d*)?"[^>]*stroke-dasharray="6 4"/)
    const queue = points(pathD(svg, "queued"))
    // queue 2 in the first second, then 0 (the bottom of the plot)
    expect(queue.map(([x]) => x)).toEqual([0, 158, 158, 316, 316, 474, 474, 632])
    expect(queue.slice(2).every(([, y]) => y === innerHeight)).toBe(true)
    expect(queue[0]![1]).toBeLessThan(innerHeight / 2)
  })

  it("labels time in seconds and shows y ticks up to at least the highest stack", () => {
    expect(svg).toMatch(/class="axis-label"[^>]*>time \(s\)</)
    const ticks = yTickLabels(svg)
    expect(ticks[0]).toBe(0)
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(3)
  })

  it("uses the shared colours and a legend in stacking order", () => {
    for (const s of states) expect(svg).toMatch(new RegExp(`class="series series-${s}" fill="${palette[s]}"`))
    const legend = [...svg.matchAll(/<g class="legend-item"[^>]*>.*?<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1])
    expect(legend).toEqual(["running", "ready", "initializing", "throttled", "idle (resumable)", "queued", "workers.max"])
    expect(svg).toMatch(/<desc[^>]*>[^<]*averaged over intervals of 1 s:[^<]*workers\.max \(3\)/)
  })
})

describe("workersChart on any timeline", () => {
  const value = fc.integer({ min: 0, max: 400 }).map((v) => v / 20)
  const series = fc.integer({ min: 1, max: 30 }).chain((n) =>
    fc.record({
      running: fc.array(value, { minLength: n, maxLength: n }),
      ready: fc.array(value, { minLength: n, maxLength: n }),
      initializing: fc.array(value, { minLength: n, maxLength: n }),
      throttled: fc.array(value, { minLength: n, maxLength: n }),
      retained: fc.array(value, { minLength: n, maxLength: n }),
      queued: fc.array(value, { minLength: n, maxLength: n })
    })
  )

  test.prop([series, fc.integer({ min: 0, max: 40 }), fc.constantFrom(1, 10, 60)], { numRuns: 12 })(
    "stacks every band on the one below, keeps every point inside the plot, y ticks reaching the peak within one step",
    (s, max, bucket) => {
      const n = s.running.length
      const svg = workersChart(withTimeline(s, n * bucket, max, bucket))
      for (let k = 0; k < states.length; k++) {
        const band = edges(pathD(svg, states[k]!))
        expect(band.top).toHaveLength(2 * n)
        if (k > 0) expect(band.bottom).toEqual(edges(pathD(svg, states[k - 1]!)).top)
        // a band never goes below its base (SVG y grows downwards)
        band.top.forEach(([, y], i) => expect(y).toBeLessThanOrEqual(band.bottom[i]![1]))
      }
      for (const key of [...states, "queued"]) {
        for (const [x, y] of points(pathD(svg, key))) {
          expect(x).toBeGreaterThanOrEqual(0)
          expect(x).toBeLessThanOrEqual(innerWidth)
          expect(y).toBeGreaterThanOrEqual(0)
          expect(y).toBeLessThanOrEqual(innerHeight)
        }
      }
      const peak = Math.max(max, ...s.running.map((_, i) => states.reduce((a, st) => a + s[st][i]!, 0)))
      const ticks = yTickLabels(svg)
      const step = ticks[1]! - ticks[0]!
      expect(ticks[0]).toBe(0)
      expect(Math.max(...ticks) + step).toBeGreaterThanOrEqual(peak)
    }
  )
})

describe("workersChart on a long run", () => {
  it("averages a day's 720 two-minute buckets into 144 intervals of 10 minutes, and says so", () => {
    const n = 720
    const alternating = Array.from({ length: n }, (_, i) => i % 2) // 0, 1, 0, 1 …: a comb at the report's resolution
    const ones = Array.from({ length: n }, () => 1)
    const svg = workersChart(
      withTimeline({ running: alternating, ready: ones, initializing: ones, throttled: ones, retained: ones, queued: ones }, n * 120, 10, 120)
    )
    const running = edges(pathD(svg, "running")).top
    expect(running).toHaveLength(2 * 144)
    // every 10-minute interval averages 5 buckets: 0.4 or 0.6 running, never the comb's 0 and 1
    const heights = new Set(running.map(([, y]) => +(innerHeight - y).toFixed(1)))
    expect(heights.size).toBe(2)
    expect(svg).toMatch(/averaged over intervals of 10 min:/)
    expect(svg).toMatch(/class="axis-label"[^>]*>time \(h\)</)
  })
})
