/** SweepReport: the sweep table's intervals and verdicts, and the escaped HTML page with its charts and configs table (the charts are tested in SweepCharts.test.ts). */
import { describe, expect, it } from "vitest"
import type { EndpointConfig } from "../../src/models/EndpointConfig.ts"
import { runMetricNames, type Interval, type RunMetricName } from "../../src/models/Slo.ts"
import { unreadableNote } from "../../src/report/Figures.ts"
import { escapeHtml } from "../../src/report/HtmlPage.ts"
import { configsTable, sweepHtml, sweepTable } from "../../src/report/SweepReport.ts"
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

describe("sweepHtml", () => {
  it("escapes the scenario name, the message and the labels", () => {
    const name = "<script>alert(1)</script>"
    const html = sweepHtml({ ...sweep, scenario: { ...sweep.scenario, name }, message: `No config meets <all> & more` }, "endToEnd.p95")
    expect(html).not.toContain("<script")
    expect(html).toContain(`<h1>${escapeHtml(name)}: sweep</h1>`)
    expect(html).toContain(`<p class="answer">No config meets &lt;all&gt; &amp; more</p>`)
  })

  it("shows the Pareto chart, the heatmap for two knobs, the configs table and the recommended config", () => {
    const html = sweepHtml(sweep, "endToEnd.p95")
    expect(html).toContain('id="chart-pareto"')
    expect(html).toContain('id="chart-heatmap"')
    expect(html).toContain(configsTable(sweep))
    expect(html).not.toContain("<pre>api:") // the table is a table, not a text block
    const pre = [...html.matchAll(/<pre>([^<]*)<\/pre>/g)].map((m) => m[1]!.replace(/&quot;/g, '"'))
    expect(pre).toHaveLength(1)
    expect(JSON.parse(pre[0]!)).toEqual(configs[0]!.endpoint)
  })

  it("says what ran, explains — and ∞, and lists the invalid combinations", () => {
    const html = sweepHtml(sweep, "endToEnd.p95")
    expect(html).toContain('<p class="note">api: 4 configs × 3 replications (seeds 1–3, the same for every config)</p>')
    expect(html).toContain(escapeHtml(unreadableNote))
    expect(html).toContain("<li>scaling.value=2 workers.max=4: workers.min: expected at most workers.max</li>")
  })

  it("fits a phone: a viewport, charts and table that scroll inside their frames, never the page", () => {
    const html = sweepHtml(sweep, "endToEnd.p95")
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">')
    expect(html).toContain(".table-scroll{overflow-x:auto")
    expect(html).toContain("figure{background:#fff;padding:8px;border-radius:6px;margin:16px 0;overflow-x:auto}")
    expect(html).toMatch(/<div class="table-scroll"[^>]*><table class="configs">/)
  })

  it("leaves out the heatmap for one knob and the config when nothing is recommended", () => {
    const html = sweepHtml({ ...sweep, varied: [sweep.varied[0]!], recommendation: null }, "endToEnd.p95")
    expect(html).toContain('id="chart-pareto"')
    expect(html).not.toContain('id="chart-heatmap"')
    expect(html).not.toContain("Recommended endpoint config")
  })
})

describe("configsTable", () => {
  const html = configsTable(sweep)
  const header = [...html.matchAll(/<th scope="col"[^>]*>([^<]*)<\/th>/g)].map((m) => m[1])
  const rows = [...html.matchAll(/<tr( class="([^"]*)")? title="([^"]*)">(.*?)<\/tr>/g)].map((m) => ({
    cls: m[2] ?? "",
    label: m[3]!,
    cells: [...m[4]!.matchAll(/<t([hd])[^>]*>(.*?)<\/t[hd]>/g)].map((c) => c[2]!.replace(/<span class="pm">/g, " ").replace(/<[^>]+>/g, ""))
  }))
  const row = (label: string) => rows.find((r) => r.label === label)!

  it("has a header row: a column per knob, the targets, and a column per figure", () => {
    expect(header).toEqual(["scaling.value", "workers.max", "targets", ...columns.slice(0, -1)])
  })

  it("has one row per config, in order, each with a cell per column", () => {
    expect(rows.map((r) => r.label)).toEqual(configs.map((c) => c.label))
    for (const r of rows) expect(r.cells).toHaveLength(header.length)
    expect(row("scaling.value=1 workers.max=2").cells.slice(0, 2)).toEqual(["1", "2"])
  })

  it("shows each figure as its mean with the half-width beneath; — and ∞ alone", () => {
    const a = row("scaling.value=1 workers.max=2").cells
    expect(a[3 + columns.indexOf("$/h")]).toBe("2.0000 ±0.1000")
    expect(a[3 + columns.indexOf("e2e p95")]).toBe("5.000 ±0.500")
    expect(a[3 + columns.indexOf("cold %")]).toBe("5.0 ±1.0")
    expect(row("scaling.value=2 workers.max=2").cells[3 + columns.indexOf("e2e p95")]).toBe("∞")
    expect(row("scaling.value=2 workers.max=4").cells.slice(3)).toEqual(Array.from({ length: columns.length - 1 }, () => "—"))
  })

  it("marks meets and misses, the front, and highlights the recommended row alone", () => {
    expect(rows.map((r) => r.cls)).toEqual(["meets front recommended", "meets front", "misses", "invalid"])
    expect(rows.map((r) => r.cells[2])).toEqual(["✓ meets Pareto ★ recommended", "✓ meets Pareto", "✗ misses", "invalid"])
    expect(html.match(/class="[^"]*\brecommended\b[^"]*" title=/g)).toHaveLength(1)
    const noRecommendation = configsTable({ ...sweep, recommendation: null })
    expect(noRecommendation).not.toContain("recommended")
  })

  it("names the targets missed when there are several, and leaves out meets/misses when there are none", () => {
    const two = configsTable({
      ...sweep,
      slos: ["endToEnd.p95<=6", "failed=0"],
      configs: [
        {
          ...configs[2]!,
          slos: [
            { slo: "endToEnd.p95<=6", meets: false, shortfall: inf },
            { slo: "failed=0", meets: true, shortfall: 0 }
          ]
        }
      ]
    })
    expect(two).toContain('<span class="verdict misses">✗ misses endToEnd.p95&lt;=6</span>')
    const none = configsTable({ ...sweep, slos: [] })
    expect(none).not.toMatch(/meets|misses/)
    expect(none).toContain('<th scope="col" class="verdict">front</th>')
  })

  it("right-aligns the numbers and left-aligns the knobs and verdicts", () => {
    const css = sweepHtml(sweep, "endToEnd.p95")
    expect(css).toContain(".configs td{text-align:right;")
    expect(css).toContain(".configs th.knob,.configs th[scope=row],.configs .verdict{text-align:left;")
    expect(html).toMatch(/<th scope="row">1<\/th><th scope="row">2<\/th><td class="verdict">.*?<\/td><td>2\.0000<span class="pm">±0\.1000<\/span><\/td>/)
  })

  it("escapes knob values and labels", () => {
    const odd = configsTable({
      ...sweep,
      varied: [{ path: "platform.dispatch", values: ["<b>x</b>"] }],
      configs: [{ ...configs[0]!, label: "platform.dispatch=<b>x</b>", settings: { "platform.dispatch": "<b>x</b>" } }]
    })
    expect(odd).not.toContain("<b>")
    expect(odd).toContain('<th scope="row">&lt;b&gt;x&lt;/b&gt;</th>')
  })
})
