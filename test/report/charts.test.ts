import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { chartBuckets } from "../../src/report/Chart.ts"
import { coldStartChart } from "../../src/report/ColdStartChart.ts"
import { costChart } from "../../src/report/CostChart.ts"
import { htmlReport } from "../../src/report/Html.ts"
import { latencyChart } from "../../src/report/LatencyChart.ts"
import { markdownReport } from "../../src/report/Markdown.ts"
import { textSummary, useColor, wrap } from "../../src/report/TextSummary.ts"
import { workersChart } from "../../src/report/WorkersChart.ts"
import { simulate } from "../../src/sim/simulate.ts"
import type { SimResult } from "../../src/sim/SimResult.ts"
import { RunPodModels } from "../../src/models/Models.ts"

const scenario = (durationSeconds: number, ratePerSecond: number, extra: Record<string, unknown> = {}) => ({
  name: `run of ${durationSeconds} s`,
  durationSeconds,
  endpoint: { name: "charts", image: "i", gpu: { pools: ["ADA_24"] }, workers: { min: 1, max: 4 }, flashboot: "FLASHBOOT" },
  workload: { arrivals: { type: "poisson", ratePerSecond }, executionSeconds: { type: "lognormal", median: 2, p95: 6 } },
  ...extra
})

let hour: SimResult
let month: SimResult
let minute: SimResult
let empty: SimResult

beforeAll(async () => {
  ;[hour, month, minute, empty] = await Promise.all([
    Effect.runPromise(simulate(scenario(3600, 1)).pipe(Effect.provide(RunPodModels))),
    Effect.runPromise(simulate(scenario(30 * 86400, 0.5)).pipe(Effect.provide(RunPodModels))),
    Effect.runPromise(simulate(scenario(60, 3)).pipe(Effect.provide(RunPodModels))),
    Effect.runPromise(
      simulate(scenario(600, 1, { workload: { arrivals: { type: "list", atSeconds: [] }, executionSeconds: 1 } })).pipe(Effect.provide(RunPodModels))
    )
  ])
})

const charts = [
  { name: "workers", draw: workersChart, series: ["running", "ready", "initializing", "throttled", "retained", "queued", "max"], yLabel: "workers" },
  { name: "latency", draw: latencyChart, series: ["delayTime", "endToEnd"], yLabel: "share of requests" },
  { name: "cost", draw: costChart, series: ["active", "flex", "readyShare"], yLabel: "cumulative cost (USD)" },
  { name: "cold starts", draw: coldStartChart, series: ["coldStarts", "flashStarts"], yLabel: "starts per" }
] as const

const attributes = (svg: string) => [...svg.matchAll(/\s([a-zA-Z:-]+)="([^"]*)"/g)].map((m) => m[2]!)

describe("charts", () => {
  for (const chart of charts) {
    it(`${chart.name}: title, description, labelled axes, one element per series, finite attributes`, () => {
      for (const r of [hour, month, minute, empty]) {
        const svg = chart.draw(r)
        expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/)
        expect(svg).toMatch(/<title id="[^"]+">[^<]+<\/title>/)
        expect(svg).toMatch(/<desc id="[^"]+">[^<]{40,}<\/desc>/)
        const series = [...svg.matchAll(/class="series series-([a-zA-Z]+)"/g)].map((m) => m[1])
        expect(series).toEqual(chart.series)
        const labels = [...svg.matchAll(/class="axis-label"[^>]*>([^<]+)</g)].map((m) => m[1]!)
        expect(labels.length).toBeGreaterThanOrEqual(2)
        expect(labels.some((l) => l.startsWith(chart.yLabel))).toBe(true)
        expect(labels.every((l) => /\(|share|workers|requests|ready|starts/.test(l))).toBe(true)
        for (const value of attributes(svg)) expect(value).not.toMatch(/NaN|Infinity/)
      }
    })
  }

  it("time axes use one round unit and at most 9 ticks, from a minute to a month", () => {
    const ticks = (r: SimResult) => [...workersChart(r).matchAll(/<g class="tick"[^>]*><line[^>]*><\/line><text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1])
    const xLabel = (r: SimResult) => /class="axis-label"[^>]*>(time \([a-z]+\))</.exec(workersChart(r))![1]
    expect(xLabel(minute)).toBe("time (s)")
    expect(xLabel(hour)).toBe("time (min)")
    expect(xLabel(month)).toBe("time (days)")
    const monthTicks = ticks(month)
    expect(monthTicks).toEqual(expect.arrayContaining(["0", "7", "14", "21", "28"]))
  })

  it("downsamples a long run's timeline to a bounded number of points", () => {
    expect(month.timeline.t.length).toBeLessThanOrEqual(720)
    const svg = workersChart(month)
    const running = /class="series series-running"[^>]*d="([^"]+)"/.exec(svg)![1]!
    // A step band has 4 points per interval (2 along the top, 2 along the bottom).
    expect(running.split("L").length).toBeLessThanOrEqual(4 * chartBuckets.max + 1)
    // 5 bands and a line, ≤ 4 points of ≤ 12 characters per interval each: ≈ 60 KB, not megabytes.
    expect(svg.length).toBeLessThan(6 * 4 * chartBuckets.max * 12 + 5_000)
  })

  it("states the interval it draws, and draws that many steps: 1 s for a minute, 30 s for an hour, 6 h for a month", () => {
    for (const [r, interval, count] of [
      [minute, "1 s", 60],
      [hour, "30 s", 120],
      [month, "6 h", 120]
    ] as const) {
      const svg = workersChart(r)
      expect(svg).toMatch(new RegExp(`<desc[^>]*>Workers by state, stacked and averaged over intervals of ${interval}:`))
      const running = /class="series series-running"[^>]*d="([^"]+)"/.exec(svg)![1]!
      // a step band: 2 points per interval along the top, 2 along the bottom
      expect(running.split("L").length).toBe(4 * count)
      expect(coldStartChart(r)).toMatch(new RegExp(`class="axis-label"[^>]*>starts per ${interval}<`))
    }
  })
})

describe("HTML, Markdown and terminal reports", () => {
  it("the HTML page is self-contained: inline CSS and SVG, no script, nothing from the network", () => {
    const html = htmlReport(hour)
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i)
    const urls = [...html.matchAll(/https?:\/\/[^\s"')<]+/g)].map((m) => m[0])
    expect(new Set(urls)).toEqual(new Set(["http://www.w3.org/2000/svg"]))
    expect(html.match(/<figure class="chart"><svg/g)).toHaveLength(4)
    expect(html).toContain("<table>")
    expect(html).toContain(`p95 end-to-end`)
    expect(html).toContain("&quot;pools&quot;") // the endpoint config, escaped
  })

  it("escapes what a user wrote", () => {
    const html = htmlReport({ ...hour, scenario: { ...hour.scenario, name: "<b>a & b</b>" } })
    expect(html).toContain("&lt;b&gt;a &amp; b&lt;/b&gt;")
    expect(html).not.toContain("<b>a & b</b>")
  })

  it("Markdown carries the same facts as tables", () => {
    const md = markdownReport(hour)
    expect(md).toMatch(/^# run of 3600 s/)
    expect(md).toContain("| delayTime |")
    expect(md).toContain("|:---|---:|---:|---:|---:|---:|---:|") // the percentile table, numbers right-aligned
    expect(md).toContain("```json")
    expect(md).toContain("| Cold start |")
  })

  it("the terminal summary fits 80 columns and is coloured only when asked", () => {
    const plain = textSummary(hour)
    expect(plain).not.toMatch(/\x1b\[/)
    for (const line of plain.split("\n")) expect(line.length).toBeLessThanOrEqual(80)
    const coloured = textSummary(hour, { color: true })
    expect(coloured).toMatch(/\x1b\[1m/)
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, "")).toBe(plain)
    expect(useColor({ isTTY: true }, {})).toBe(true)
    expect(useColor({ isTTY: true }, { NO_COLOR: "1" })).toBe(false)
    expect(useColor({ isTTY: false }, {})).toBe(false)
    expect(useColor({}, {})).toBe(false)
  })

  it("the terminal summary wraps long lines under their label instead of cutting words", () => {
    const busy: SimResult = {
      ...hour,
      scenario: { ...hour.scenario, name: `a scenario with a very long name that goes on ${"and on ".repeat(12)}` },
      requests: {
        ...hour.requests,
        arrived: 19_949_741_000,
        completed: 9_000_000_000,
        failed: 1_000_000,
        expired: 999_741_000,
        rejected: 9_949_741_000,
        inSystemAtEnd: 1_234_567
      }
    }
    const text = textSummary(busy)
    for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(80)
    expect(text).not.toContain("…")
    const words = text.replace(/\s+/g, " ")
    expect(words).toContain("9,949,741,000 rejected, 1,234,567 still in the system at the end")
    expect(words).toContain(`${"and on ".repeat(12).trim()}`)
    expect(text).toMatch(/^Requests {2}19,949,741,000 arrived: .*\n {10}\S/m) // continued under the label column
  })

  it("never breaks a line between a number and its unit", () => {
    const line = `Starts    56 cold, 242 FlashBoot; 0.0 % of requests waited for a cold start, 1.1 % for a FlashBoot resume`
    expect(line.indexOf("1.1 %")).toBeLessThan(80)
    expect(line.indexOf("1.1 %") + 5).toBeGreaterThan(80) // the plain cut would fall inside "1.1 %"
    expect(wrap(line).join("\n")).toContain("1.1 % for")
  })

  it("says no request completed instead of showing 0 s, in every format", () => {
    const none: SimResult = {
      ...empty,
      requests: { ...empty.requests, arrived: 10, failed: 10, unfinishedShare: 1 }
    }
    expect(textSummary(none)).toMatch(/^ {2}end-to-end +— +— +— +— +— +—$/m)
    expect(textSummary(none)).toContain("(no request completed: no latency figures)")
    const html = htmlReport(none)
    expect(html).toContain("no request completed (10 arrived)")
    expect(html).not.toMatch(/p95 end-to-end 0 s/)
    expect(markdownReport(none)).toContain("| End-to-end p95 | — | no request completed |")
  })

  it("stacks the workers chart: each state's band starts where the one below ends", () => {
    const svg = workersChart(hour)
    const band = (key: string) => {
      const d =
        new RegExp(`class="series series-${key}"[^>]*? d="([^"]+)"`).exec(svg)?.[1] ??
        new RegExp(`d="([^"]+)"[^>]*?class="series series-${key}"`).exec(svg)?.[1]
      const points = [...(d ?? "").matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const)
      const half = points.length / 2
      return { top: points.slice(0, half), bottom: points.slice(half).reverse() }
    }
    const running = band("running")
    const ready = band("ready")
    expect(running.top.length).toBeGreaterThan(10)
    expect(ready.bottom).toEqual(running.top) // ready sits on running, not on the axis
    expect(ready.top.some(([, y], i) => y < running.top[i]![1])).toBe(true) // and has height somewhere
    expect(band("initializing").bottom).toEqual(ready.top)
    expect(band("retained").bottom).toEqual(band("throttled").top) // scaled-down workers on top
  })
})
