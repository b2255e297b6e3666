/** SweepHeatmap: a cell per combination, its printed value in a colour that contrasts with the cell, ✓ and the colour scale. */
import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { runMetricNames, type Interval, type RunMetricName } from "../../src/models/Slo.ts"
import { contrast, heatmap, inkOn, luminance } from "../../src/report/SweepHeatmap.ts"
import type { ConfigResult, SweepResult } from "../../src/sim/Sweep.ts"

const inf = Number.POSITIVE_INFINITY
const point = (x: number | null): Interval => ({ mean: x, low: x, high: x })

/** A config's intervals: 1 everywhere (0 for the shares and counts), `over` where given. */
const metrics = (over: Partial<Record<RunMetricName, Interval>>): Readonly<Record<RunMetricName, Interval>> =>
  Object.fromEntries(runMetricNames.map((m) => [m, over[m] ?? point(m.includes(".") || m.startsWith("usd") ? 1 : 0)])) as Record<RunMetricName, Interval>

/** A measured config of the 2 × 2 grid at (cost per hour, end-to-end p95). */
const measured = (value: number, max: number, usd: number, p95: number, meetsAll: boolean): ConfigResult => ({
  label: `scaling.value=${value} workers.max=${max}`,
  settings: { "endpoint.scaling.value": value, "endpoint.workers.max": max },
  runs: 3,
  metrics: metrics({ usdPerHour: point(usd), "endToEnd.p95": point(p95) }),
  slos: [{ slo: "endToEnd.p95<=6", meets: meetsAll, shortfall: meetsAll ? 0 : p95 - 6 }],
  meetsAll,
  pareto: meetsAll
})

// A 2 × 2 grid over scaling.value ∈ {1, 2} and workers.max ∈ {2, 4}: $2 meets, $3 meets, $1 misses, one invalid.
const grid: SweepResult = {
  scenario: { name: "api", seed: 1, durationSeconds: 3600 },
  varied: [
    { path: "endpoint.scaling.value", values: [1, 2] },
    { path: "endpoint.workers.max", values: [2, 4] }
  ],
  replications: 3,
  slos: ["endToEnd.p95<=6"],
  complete: true,
  runsDone: 9,
  runsTotal: 9,
  configs: [
    measured(1, 2, 2, 5, true),
    measured(1, 4, 3, 4, true),
    measured(2, 2, 1, inf, false),
    {
      label: "scaling.value=2 workers.max=4",
      settings: { "endpoint.scaling.value": 2, "endpoint.workers.max": 4 },
      runs: 0,
      invalid: "workers.min: expected at most workers.max",
      slos: [],
      meetsAll: false,
      pareto: false
    }
  ],
  recommendation: null,
  message: "m"
}

/** Every `<tag …>` in the markup as its attributes (and the text up to the next tag). */
const elements = (svg: string, tag: string): Array<Record<string, string> & { readonly text: string }> =>
  [...svg.matchAll(new RegExp(`<${tag}\\s([^>]*)>([^<]*)`, "g"))].map((m) => ({
    ...Object.fromEntries([...m[1]!.matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
    text: m[2]!
  }))

/** The tick labels of an axis group, in order. */
const ticks = (svg: string, axis: string): Array<string> => {
  const group = new RegExp(`<g class="axis ${axis}"[^>]*>(.*?)</g>(?!<g class="tick")`).exec(svg)![1]!
  return [...group.matchAll(/<g class="tick"[^>]*><line[^>]*><\/line><text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!)
}

describe("contrast", () => {
  it("measures WCAG luminance and contrast", () => {
    expect(luminance("#ffffff")).toBe(1)
    expect(luminance("#000000")).toBe(0)
    expect(luminance("rgb(119, 119, 119)")).toBeCloseTo(0.184, 3)
    expect(contrast("#ffffff", "#000000")).toBeCloseTo(21, 9)
  })

  it("writes white on dark cells and black on light ones", () => {
    expect(inkOn("#1f6f64")).toBe("#ffffff")
    expect(inkOn("#e6f4f1")).toBe("#000000")
  })

  test.prop([fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }))])(
    "always reaches 4.5 : 1 on any background",
    ([r, g, b]) => {
      const bg = `rgb(${r}, ${g}, ${b})`
      expect(contrast(bg, inkOn(bg))).toBeGreaterThanOrEqual(4.5)
    }
  )
})

describe("heatmap", () => {
  const svg = heatmap(grid)
  const cells = elements(svg, "rect").filter((r) => r.class === undefined)
  const values = elements(svg, "text").filter((t) => t.class === "cell-value")
  /** A cell's label: its text (tspans joined) and its colour from the inline style. */
  const labels = [...svg.matchAll(/<text class="cell-value"[^>]*style="fill:([^;]+);[^"]*">(.*?)<\/text>/g)].map((m) => ({
    ink: m[1]!,
    text: m[2]!.replace(/<[^>]+>/g, "")
  }))

  it("draws a cell per combination, first knob across, second up, and no other rect that reads as a cell", () => {
    expect(cells).toHaveLength(4)
    expect(svg.match(/<rect x=/g)).toHaveLength(4)
    const [v1m2, v1m4, v2m2, v2m4] = cells.map((c) => ({ x: Number(c.x), y: Number(c.y) }))
    expect(v1m2!.x).toBeLessThan(v2m2!.x)
    expect(v1m2!.x).toBe(v1m4!.x)
    expect(v1m2!.y).toBeGreaterThan(v1m4!.y) // workers.max 2 below 4
    expect(v2m4!.x).toBe(v2m2!.x)
  })

  it("shades the cheapest lightest and the dearest darkest, and greys a config without figures", () => {
    // $1 is the low end (#e6f4f1 = 230, 244, 241), $3 the high end (#1f6f64 = 31, 111, 100), $2 halfway
    expect(cells.map((r) => r.fill)).toEqual(["rgb(131, 178, 171)", "rgb(31, 111, 100)", "rgb(230, 244, 241)", "#f0f0f0"])
  })

  it("prints each cell's cost, ✓ where every target is met, and why a cell has none", () => {
    expect(labels.map((l) => l.text)).toEqual(["✓ $2.00", "✓ $3.00", "$1.00", "invalid"])
    expect(svg.match(/>✓</g)).toHaveLength(2)
    expect(values).toHaveLength(4)
  })

  it("writes each value in the colour that contrasts with its cell: light on dark", () => {
    expect(labels.map((l) => l.ink)).toEqual(["#000000", "#ffffff", "#000000", "#52606d"])
    cells.forEach((c, i) => expect(contrast(c.fill!, labels[i]!.ink)).toBeGreaterThanOrEqual(4.5))
    // an inline style, since the chart stylesheet's `text { fill }` beats a fill attribute
    expect(values.every((v) => v.fill === undefined && v.style!.startsWith("fill:"))).toBe(true)
  })

  it("has a colour scale with its unit and range, and a key for ✓", () => {
    const bar = elements(svg, "rect").find((r) => r.class === "color-scale-bar")!
    expect(bar.fill).toBe("url(#chart-heatmap-scale)")
    expect(elements(svg, "stop").map((s) => s["stop-color"])).toEqual(["#e6f4f1", "#1f6f64"])
    const scaleText = [...svg.matchAll(/<g class="color-scale">(.*?)<\/g>/g)][0]![1]!
    expect([...scaleText.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1])).toEqual(["$3.00", "cost per hour (USD)  $1.00"])
    expect(svg).toContain(">✓ meets every target</text>")
    expect(svg).toContain("shaded from $1.00 (light) to $3.00 (dark)")
  })

  it("leaves out ✓ when there are no targets", () => {
    const plain = heatmap({ ...grid, slos: [] })
    expect(plain).not.toContain("✓")
    expect([...plain.matchAll(/<text class="cell-value"[^>]*>(.*?)<\/text>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ""))).toEqual([
      "$2.00",
      "$3.00",
      "$1.00",
      "invalid"
    ])
  })

  it("names both knobs", () => {
    expect(svg).toContain('<title id="chart-heatmap-title">Cost per hour by scaling.value and workers.max</title>')
    const labels = [...svg.matchAll(/class="axis-label"[^>]*>([^<]+)</g)].map((m) => m[1])
    expect(labels).toEqual(["scaling.value", "workers.max"])
    expect(ticks(svg, "x-axis")).toEqual(["1", "2"])
    expect(ticks(svg, "y-axis")).toEqual(["2", "4"])
  })

  it("escapes a varied value that looks like markup", () => {
    const odd: SweepResult = {
      ...grid,
      varied: [
        { path: "platform.dispatch", values: ["random", "<b>x</b>"] },
        { path: "endpoint.gpu.pools", values: [["ADA_24", "AMPERE_24"], ["ADA_24"]] }
      ],
      configs: [{ ...grid.configs[0]!, settings: { "platform.dispatch": "<b>x</b>", "endpoint.gpu.pools": ["ADA_24", "AMPERE_24"] } }]
    }
    const h = heatmap(odd)
    expect(h).not.toContain("<b>")
    expect(h).toContain("&lt;b&gt;x&lt;/b&gt;")
    expect(h).toContain(">ADA_24+AMPERE_24</text>")
    expect(h.match(/<rect x=/g)).toHaveLength(1)
    expect(h).not.toMatch(/NaN|Infinity/)
  })
})
