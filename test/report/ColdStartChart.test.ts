/** ColdStartChart: cold starts with FlashBoot resumes stacked on top, per interval, with the interval named in the right unit. */
import { fc, test } from "@fast-check/vitest"
import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { innerHeight, innerWidth } from "../../src/report/Chart.ts"
import { palette } from "../../src/report/Palette.ts"
import { coldStartChart } from "../../src/report/ColdStartChart.ts"
import { simulate } from "../../src/sim/simulate.ts"
import type { SimResult } from "../../src/sim/SimResult.ts"
import { RunPodModels } from "../../src/models/Models.ts"

// Scale to zero with a 5 s cold start: the first request cold-starts a worker, which times out before the second.
let base: SimResult
beforeAll(async () => {
  base = await Effect.runPromise(
    simulate({
      name: "tiny",
      durationSeconds: 100,
      endpoint: { name: "e", image: "i", gpu: { pools: ["ADA_24"] }, workers: { min: 0, max: 2 } },
      workload: { arrivals: { type: "list", atSeconds: [10, 60] }, executionSeconds: 2 },
      platform: { coldStartSeconds: 5 }
    }).pipe(Effect.provide(RunPodModels))
  )
})

const withStarts = (
  coldStarts: ReadonlyArray<number>,
  flashStarts: ReadonlyArray<number>,
  bucketSeconds: number,
  counts = { count: 3, flashboot: 4 }
): SimResult => {
  const n = coldStarts.length
  const zeros = Array.from({ length: n }, () => 0)
  return {
    ...base,
    scenario: { ...base.scenario, durationSeconds: n * bucketSeconds },
    coldStarts: { ...base.coldStarts, ...counts, coldStartShare: 0.5, flashbootShare: 0.25 },
    timeline: {
      bucketSeconds,
      t: Array.from({ length: n }, (_, i) => i * bucketSeconds),
      running: zeros,
      ready: zeros,
      initializing: zeros,
      throttled: zeros,
      retained: zeros,
      queued: zeros,
      arrivals: zeros,
      completed: zeros,
      coldStarts,
      flashStarts,
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
const edges = (d: string) => {
  const p = points(d)
  return { top: p.slice(0, p.length / 2), bottom: p.slice(p.length / 2).reverse() }
}
const axisLabels = (svg: string): Array<string> => [...svg.matchAll(/class="axis-label"[^>]*>([^<]+)</g)].map((m) => m[1]!)
const yTicks = (svg: string): Array<number> => {
  const start = svg.indexOf('class="axis y-axis"')
  return [...svg.slice(start, svg.indexOf('class="axis x-axis"')).matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => Number(m[1]))
}

describe("coldStartChart on a hand-made timeline", () => {
  // Three 1-minute intervals: cold 2, 0, 1; FlashBoot 1, 3, 0; together 3, 3, 1.
  // y domain [0, 3.3] made nice: [0, 3.5]; y(v) = 196 − 56 v; x(t) = 632 t / 180: x(60) = 210.7, x(120) = 421.3.
  let svg: string
  beforeAll(() => {
    svg = coldStartChart(withStarts([2, 0, 1], [1, 3, 0], 60))
  })

  it("draws cold starts from the axis and FlashBoot resumes on top of them", () => {
    expect(pathD(svg, "coldStarts")).toBe("M0,84L210.7,84L210.7,196L421.3,196L421.3,140L632,140L632,196L421.3,196L421.3,196L210.7,196L210.7,196L0,196Z")
    const flash = edges(pathD(svg, "flashStarts"))
    expect(flash.bottom).toEqual(edges(pathD(svg, "coldStarts")).top)
    expect(flash.top.map(([, y]) => y)).toEqual([28, 28, 28, 28, 140, 140])
  })

  it("names the interval in the axis label and the description", () => {
    expect(axisLabels(svg)).toEqual(["time (s)", "starts per 1 min"])
    expect(svg).toMatch(
      /<desc[^>]*>Worker starts per 1 min: 3 full cold starts and 4 FlashBoot resumes in all; 50\.0 % of requests waited for a cold start, 25\.0 % for a FlashBoot resume\.<\/desc>/
    )
  })

  it("uses the shared colours and legend", () => {
    expect(svg).toMatch(new RegExp(`class="series series-coldStarts" fill="${palette.coldStart}"`))
    expect(svg).toMatch(new RegExp(`class="series series-flashStarts" fill="${palette.flashStart}"`))
    expect([...svg.matchAll(/<g class="legend-item"[^>]*>.*?<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1])).toEqual(["cold start", "FlashBoot"])
  })
})

describe("coldStartChart's interval unit", () => {
  it("says seconds below a minute, minutes below an hour, then hours", () => {
    const label = (bucket: number) => axisLabels(coldStartChart(withStarts([1, 0], [0, 1], bucket)))[1]
    expect(label(1)).toBe("starts per 1 s")
    expect(label(30)).toBe("starts per 30 s")
    expect(label(60)).toBe("starts per 1 min")
    expect(label(90)).toBe("starts per 1.5 min")
    expect(label(3600)).toBe("starts per 1 h")
    expect(label(7200)).toBe("starts per 2 h")
  })

  it("counts starts per merged interval on a long timeline", () => {
    // an hour of 5-second buckets with one cold start each → drawn as 120 intervals of 30 s with 6 starts each
    const n = 720
    const svg = coldStartChart(
      withStarts(
        Array.from({ length: n }, () => 1),
        Array.from({ length: n }, () => 0),
        5
      )
    )
    expect(axisLabels(svg)[1]).toBe("starts per 30 s")
    expect(svg).toMatch(/<desc[^>]*>Worker starts per 30 s:/)
    const cold = edges(pathD(svg, "coldStarts"))
    expect(cold.top).toHaveLength(2 * 120)
    // every interval has the same height: 6 starts, on a y axis that reaches at least 6
    expect(new Set(cold.top.map(([, y]) => y)).size).toBe(1)
    expect(Math.max(...yTicks(svg))).toBeGreaterThanOrEqual(6)
  })
})

describe("coldStartChart on a simulated run", () => {
  it("shows the run's cold starts, none of them FlashBoot", () => {
    const svg = coldStartChart(base)
    expect(base.coldStarts.count).toBeGreaterThanOrEqual(1)
    expect(svg).toContain(`Worker starts per 1 s: ${base.coldStarts.count} full cold starts and 0 FlashBoot resumes in all`)
    const cold = edges(pathD(svg, "coldStarts"))
    // the first request (at 10 s) starts the first worker: the band rises in the bucket starting at 10 s
    const firstRise = cold.top.findIndex(([, y]) => y < innerHeight)
    expect(cold.top[firstRise]![0]).toBeCloseTo((10 / 100) * innerWidth, 1)
    // no FlashBoot: the top band has no height
    const flash = edges(pathD(svg, "flashStarts"))
    expect(flash.top).toEqual(flash.bottom)
  })
})

describe("coldStartChart on any counts", () => {
  const counts = fc
    .integer({ min: 1, max: 30 })
    .chain((n) => fc.tuple(fc.array(fc.nat(20), { minLength: n, maxLength: n }), fc.array(fc.nat(20), { minLength: n, maxLength: n })))
  test.prop([counts], { numRuns: 15 })("heights are proportional to the counts, stacked, inside the plot", ([cold, flash]) => {
    const svg = coldStartChart(withStarts(cold, flash, 60))
    const c = edges(pathD(svg, "coldStarts"))
    const f = edges(pathD(svg, "flashStarts"))
    expect(f.bottom).toEqual(c.top)
    for (const [x, y] of [...c.top, ...c.bottom, ...f.top]) {
      expect(x).toBeGreaterThanOrEqual(0)
      expect(x).toBeLessThanOrEqual(innerWidth)
      expect(y).toBeGreaterThanOrEqual(0)
      expect(y).toBeLessThanOrEqual(innerHeight)
    }
    // pixels per start, from the tallest stack; each step matches its count within two roundings to 0.1 px
    const both = cold.map((k, i) => k + flash[i]!)
    const tallest = Math.max(...both)
    if (tallest === 0) return
    const perStart = (innerHeight - Math.min(...f.top.map(([, y]) => y))) / tallest
    cold.forEach((k, i) => expect(Math.abs(innerHeight - c.top[2 * i]![1] - k * perStart)).toBeLessThanOrEqual(0.11))
    both.forEach((k, i) => expect(Math.abs(innerHeight - f.top[2 * i]![1] - k * perStart)).toBeLessThanOrEqual(0.11))
  })
})
