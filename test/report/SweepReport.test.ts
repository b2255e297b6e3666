/** SweepReport: the sweep table's intervals and verdicts, the Pareto chart and heatmap geometry, and the escaped HTML page. */
import { describe, expect, it } from "vitest"
import type { EndpointConfig } from "../../src/models/EndpointConfig.ts"
import { runMetricNames, type Interval, type RunMetricName } from "../../src/models/Slo.ts"
import { innerHeight, innerWidth, palette } from "../../src/report/Chart.ts"
import { unreadableNote } from "../../src/report/Figures.ts"
import { escapeHtml } from "../../src/report/Html.ts"
import { heatmap, paretoChart, sweepHtml, sweepTable } from "../../src/report/SweepReport.ts"
import type { ConfigResult, SweepResult } from "../../src/sim/Sweep.ts"

const inf = Number.POSITIVE_INFINITY
const point = (x: number | null): Interval => ({ mean: x, low: x, high: x })
const pm = (mean: number, half: number): Interval => ({ mean, low: mean - half, high: mean + half })

/** A config's intervals: 1 everywhere (0 for the shares and counts), `over` where given. */
const metrics = (over: Partial<Record<RunMetricName, Interval>>): Readonly<Record<RunMetricName, Interval>> =>
  Object.fromEntries(runMetricNames.map((m) => [m, over[m] ?? point(m.includes(".") || m.startsWith("usd") ? 1 : 0)])) as Record<RunMetricName, Interval>

const endpoint = (value: number, max: number): EndpointConfig => ({
  name: "api",
  image: "i",
  gpu: { pools: ["ADA_24"], count: 1 },
  workers: { min: 0, max },
  scaling: { type: "QUEUE_DELAY", value, idleTimeout: 5 },
  timeout: 300000,
  flashboot: "OFF",
  dataCenterIds: [],
  networkVolumes: []
})

// A 2 × 2 grid over scaling.value ∈ {1, 2} and workers.max ∈ {2, 4}, target endToEnd.p95<=6:
//   value 1, max 2: $2.00 ± 0.10/h, p95 5 s ± 0.5: meets, on the front, recommended
//   value 1, max 4: $3.00/h, p95 4 s: meets, on the front
//   value 2, max 2: $1.00/h, p95 not reached: misses
//   value 2, max 4: invalid, not run
const configs: ReadonlyArray<ConfigResult> = [
  {
    label: "scaling.value=1 workers.max=2",
    settings: { "endpoint.scaling.value": 1, "endpoint.workers.max": 2 },
    runs: 3,
    metrics: metrics({ usdPerHour: pm(2, 0.1), "endToEnd.p95": pm(5, 0.5), coldStartShare: pm(0.05, 0.01) }),
    slos: [{ slo: "endToEnd.p95<=6", meets: true, shortfall: 0 }],
    meetsAll: true,
    pareto: true,
    endpoint: endpoint(1, 2)
  },
  {
    label: "scaling.value=1 workers.max=4",
    settings: { "endpoint.scaling.value": 1, "endpoint.workers.max": 4 },
    runs: 3,
    metrics: metrics({ usdPerHour: point(3), "endToEnd.p95": point(4) }),
    slos: [{ slo: "endToEnd.p95<=6", meets: true, shortfall: 0 }],
    meetsAll: true,
    pareto: true,
    endpoint: endpoint(1, 4)
  },
  {
    label: "scaling.value=2 workers.max=2",
    settings: { "endpoint.scaling.value": 2, "endpoint.workers.max": 2 },
    runs: 3,
    metrics: metrics({ usdPerHour: point(1), "endToEnd.p95": point(inf), "endToEnd.p99": point(inf), unfinishedShare: pm(0.2, 0.05) }),
    slos: [{ slo: "endToEnd.p95<=6", meets: false, shortfall: inf }],
    meetsAll: false,
    pareto: false,
    endpoint: endpoint(2, 2)
  },
  {
    label: "scaling.value=2 workers.max=4",
    settings: { "endpoint.scaling.value": 2, "endpoint.workers.max": 4 },
    runs: 0,
    invalid: "workers.min: expected at most workers.max",
    slos: [],
    meetsAll: false,
    pareto: false
  }
]

const sweep: SweepResult = {
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
  configs,
  recommendation: { label: configs[0]!.label, endpoint: configs[0]!.endpoint! },
  message: "Recommended: scaling.value=1 workers.max=2 at $2.1000/h, the cheapest of 2 configs meeting endToEnd.p95<=6."
}

/** The table's data rows by config label, split into cells. */
const tableRows = (text: string): Map<string, Array<string>> => {
  const lines = text.split("\n")
  const header = lines.findIndex((l) => l.startsWith("config "))
  const rows = new Map<string, Array<string>>()
  for (const line of lines.slice(header + 1)) {
    if (line === "") break
    const label = configs.find((c) => line.startsWith(`${c.label} `) || line === c.label)?.label
    if (label !== undefined) rows.set(label, line.slice(label.length).trim().split(/ {2,}/))
  }
  return rows
}

const columns = ["$/h", "$/1k req", "delay p50", "delay p95", "delay p99", "e2e p50", "e2e p95", "e2e p99", "cold %", "flash %", "unfinished %", "targets"]

describe("sweepTable", () => {
  const text = sweepTable(sweep)

  it("says what ran on which seeds, and how targets are judged", () => {
    const lines = text.split("\n")
    expect(lines[0]).toBe("api: 4 configs × 3 replications (seeds 1–3, the same for every config)")
    expect(lines[1]).toContain("Targets: endToEnd.p95<=6 (met only if the interval's bound on the wrong side is).")
    expect(lines.at(-1)).toBe(sweep.message)
  })

  it("has a column per figure and one for the verdict", () => {
    const header = text.split("\n").find((l) => l.startsWith("config "))!
    expect(header.replace(/^config\s+/, "").split(/ {2,}/)).toEqual(columns)
  })

  it("shows each figure as mean ± half-width in the column's unit, and the verdicts", () => {
    const rows = tableRows(text)
    const a = rows.get("scaling.value=1 workers.max=2")!
    expect(a).toHaveLength(columns.length)
    expect(a[columns.indexOf("$/h")]).toBe("2.0000 ±0.1000")
    expect(a[columns.indexOf("e2e p95")]).toBe("5.000 ±0.500")
    expect(a[columns.indexOf("cold %")]).toBe("5.0 ±1.0")
    expect(a.at(-1)).toBe("meets, pareto")
    expect(rows.get("scaling.value=1 workers.max=4")!.at(-1)).toBe("meets, pareto")
    const c = rows.get("scaling.value=2 workers.max=2")!
    expect(c[columns.indexOf("e2e p95")]).toBe("∞")
    expect(c[columns.indexOf("unfinished %")]).toBe("20.0 ±5.0")
    expect(c.at(-1)).toBe("misses")
    expect(rows.get("scaling.value=2 workers.max=4")).toEqual([...Array.from({ length: columns.length - 1 }, () => "—"), "invalid"])
  })

  it("explains — and ∞, and lists the invalid combinations", () => {
    expect(text).toContain(unreadableNote)
    expect(text).toContain("Invalid combinations (not run):\n  scaling.value=2 workers.max=4: workers.min: expected at most workers.max")
  })

  it("marks only the front when there is no target, and configs that did not run", () => {
    const noTargets: SweepResult = {
      ...sweep,
      slos: [],
      configs: [
        { ...configs[0]!, slos: [] },
        { ...configs[1]!, slos: [], pareto: false },
        { label: configs[2]!.label, settings: configs[2]!.settings, runs: 0, slos: [], meetsAll: false, pareto: false }
      ]
    }
    const t = sweepTable(noTargets)
    const rows = tableRows(t)
    expect(rows.get("scaling.value=1 workers.max=2")!.at(-1)).toBe("pareto")
    // no verdict at all: the trailing empty cell is trimmed away
    expect(rows.get("scaling.value=1 workers.max=4")).toHaveLength(columns.length - 1)
    expect(rows.get("scaling.value=2 workers.max=2")!.at(-1)).toBe("not run")
    expect(t).not.toContain("Targets:")
    expect(t).not.toContain(unreadableNote)
  })

  it("says when it was interrupted", () => {
    const t = sweepTable({ ...sweep, complete: false, runsDone: 7 })
    expect(t.split("\n")[0]).toBe("api: 4 configs × 3 replications (seeds 1–3, the same for every config) — INCOMPLETE: 7 of 9 runs")
  })
})

describe("paretoChart", () => {
  // Drawn: the two configs with a reached p95 ($2, 5 s) and ($3, 4 s); the $1 one is not reached.
  // x domain [0, 3 × 1.08 = 3.24] made nice: [0, 3.5], x($) = 632 · $ / 3.5: x(2) = 361.1, x(3) = 541.7.
  // y domain [0, 5 × 1.1 = 5.5] (already nice), y(s) = 196 · (1 − s / 5.5): y(5) = 17.8, y(4) = 53.5.
  const svg = paretoChart(sweep, "endToEnd.p95")
  const circles = [...svg.matchAll(/<circle cx="([^"]+)" cy="([^"]+)" r="([^"]+)" fill="([^"]+)" stroke="[^"]+"><title>([^<]*)<\/title><\/circle>/g)].map(
    (m) => ({
      cx: Number(m[1]),
      cy: Number(m[2]),
      r: Number(m[3]),
      fill: m[4],
      title: m[5]
    })
  )

  it("draws a point per config whose figure is reached, the recommended one larger", () => {
    expect(circles).toHaveLength(2)
    expect(circles[0]!.cx).toBeCloseTo(361.14, 1)
    expect(circles[0]!.cy).toBeCloseTo(17.82, 1)
    expect(circles[1]!.cx).toBeCloseTo(541.71, 1)
    expect(circles[1]!.cy).toBeCloseTo(53.45, 1)
    expect(circles.map((c) => c.r)).toEqual([6, 4])
    expect(circles.map((c) => c.fill)).toEqual([palette.flex, palette.flex])
    expect(circles[0]!.title).toBe("scaling.value=1 workers.max=2: $2.000/h, endToEnd.p95 5.00")
  })

  it("joins the front cheapest first", () => {
    expect(/class="series series-front"[^>]*\sd="([^"]*)"/.exec(svg)![1]).toBe("M361.1,17.8L541.7,53.5")
  })

  it("labels its axes and says which configs it leaves out", () => {
    expect(svg).toMatch(/class="axis-label"[^>]*>cost per hour \(USD\)</)
    expect(svg).toMatch(/class="axis-label"[^>]*>endToEnd\.p95 \(s\)</)
    expect(svg).toContain("1 config not drawn: endToEnd.p95 not reached")
    expect(svg).toContain("over 3 replications")
  })

  it("keeps every point inside the plot, and draws a config that misses as an open circle", () => {
    const missing: SweepResult = { ...sweep, configs: [configs[0]!, { ...configs[1]!, meetsAll: false }], recommendation: null }
    const c = [...paretoChart(missing, "endToEnd.p95").matchAll(/<circle cx="([^"]+)" cy="([^"]+)" r="([^"]+)" fill="([^"]+)"/g)]
    expect(c.map((m) => m[4])).toEqual([palette.flex, "#fff"])
    expect(c.map((m) => Number(m[3]))).toEqual([4, 4])
    for (const m of circles) {
      expect(m.cx).toBeGreaterThanOrEqual(0)
      expect(m.cx).toBeLessThanOrEqual(innerWidth)
      expect(m.cy).toBeGreaterThanOrEqual(0)
      expect(m.cy).toBeLessThanOrEqual(innerHeight)
    }
  })
})

describe("heatmap", () => {
  const svg = heatmap(sweep)
  const rects = [...svg.matchAll(/<rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)" fill="([^"]+)"><\/rect>/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    fill: m[5]
  }))

  it("draws a cell per combination: first knob across, second up", () => {
    expect(rects).toHaveLength(4)
    const [v1m2, v1m4, v2m2, v2m4] = rects
    expect(v1m2!.x).toBeLessThan(v2m2!.x)
    expect(v1m2!.x).toBe(v1m4!.x)
    expect(v1m2!.y).toBeGreaterThan(v1m4!.y) // workers.max 2 below 4
    expect(v2m4!.x).toBe(v2m2!.x)
  })

  it("shades the cheapest lightest and the dearest darkest, and greys a config without figures", () => {
    // $1 is the low end (#e6f4f1 = 230, 244, 241), $3 the high end (#1f6f64 = 31, 111, 100),
    // $2 halfway: (130.5, 177.5, 170.5) rounded
    expect(rects.map((r) => r.fill)).toEqual(["rgb(131, 178, 171)", "rgb(31, 111, 100)", "rgb(230, 244, 241)", "#f0f0f0"])
    expect(svg).toContain("from $1.000 (light) to $3.000 (dark)")
  })

  it("ticks the configs meeting every target and names both knobs", () => {
    expect(svg.match(/>✓<\/text>/g)).toHaveLength(2)
    expect(svg).toContain('<title id="chart-heatmap-title">Cost per hour by scaling.value and workers.max</title>')
    const labels = [...svg.matchAll(/class="axis-label"[^>]*>([^<]+)</g)].map((m) => m[1])
    expect(labels).toEqual(["scaling.value", "workers.max"])
    const ticks = [...svg.matchAll(/<g class="tick"[^>]*><line[^>]*><\/line><text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1])
    expect(ticks).toEqual(["1", "2", "2", "4"])
  })

  it("escapes a varied value that looks like markup", () => {
    const odd: SweepResult = {
      ...sweep,
      varied: [
        { path: "platform.dispatch", values: ["random", "<b>x</b>"] },
        { path: "endpoint.gpu.pools", values: [["ADA_24", "AMPERE_24"], ["ADA_24"]] }
      ],
      configs: [{ ...configs[0]!, settings: { "platform.dispatch": "<b>x</b>", "endpoint.gpu.pools": ["ADA_24", "AMPERE_24"] } }]
    }
    const h = heatmap(odd)
    expect(h).not.toContain("<b>")
    expect(h).toContain("&lt;b&gt;x&lt;/b&gt;")
    expect(h).toContain(">ADA_24+AMPERE_24</text>")
    expect(h.match(/<rect /g)).toHaveLength(1)
  })
})

describe("sweepHtml", () => {
  it("escapes the scenario name, the message and the labels", () => {
    const name = "<script>alert(1)</script>"
    const html = sweepHtml({ ...sweep, scenario: { ...sweep.scenario, name }, message: `No config meets <all> & more` }, "endToEnd.p95")
    expect(html).not.toContain("<script")
    expect(html).toContain(`<h1>${escapeHtml(name)}: sweep</h1>`)
    expect(html).toContain(`<p class="answer">No config meets &lt;all&gt; &amp; more</p>`)
  })

  it("shows the Pareto chart, the heatmap for two knobs, the table and the recommended config", () => {
    const html = sweepHtml(sweep, "endToEnd.p95")
    expect(html).toContain('id="chart-pareto"')
    expect(html).toContain('id="chart-heatmap"')
    const pre = [...html.matchAll(/<pre>([^<]*)<\/pre>/g)].map((m) =>
      m[1]!
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&amp;/g, "&")
    )
    expect(pre[0]).toBe(sweepTable(sweep))
    expect(JSON.parse(pre[1]!)).toEqual(configs[0]!.endpoint)
  })

  it("leaves out the heatmap for one knob and the config when nothing is recommended", () => {
    const html = sweepHtml({ ...sweep, varied: [sweep.varied[0]!], recommendation: null }, "endToEnd.p95")
    expect(html).toContain('id="chart-pareto"')
    expect(html).not.toContain('id="chart-heatmap"')
    expect(html).not.toContain("Recommended endpoint config")
  })
})
