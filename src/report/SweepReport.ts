/**
 * SweepReport: a sweep as a table (terminal and Markdown-like text), and as an HTML page with the
 * cost/latency Pareto chart and, when two knobs were varied, a heatmap of cost per hour with the
 * configs that meet every target marked. Pure.
 */
import type { RunMetricName } from "../models/Slo.ts"
import type { ConfigResult, SweepResult } from "../sim/Sweep.ts"
import { axes, chartSvg, finite, innerHeight, innerWidth, legend, palette } from "./Chart.ts"
import { formatInterval, hasUnreadable, unreadableNote } from "./Figures.ts"
import { escapeHtml } from "./Html.ts"
import { alignedTable } from "./Table.ts"

const columns: ReadonlyArray<readonly [string, RunMetricName]> = [
  ["$/h", "usdPerHour"],
  ["$/1k req", "usdPer1000"],
  ["delay p50", "delayTime.p50"],
  ["delay p95", "delayTime.p95"],
  ["delay p99", "delayTime.p99"],
  ["e2e p50", "endToEnd.p50"],
  ["e2e p95", "endToEnd.p95"],
  ["e2e p99", "endToEnd.p99"],
  ["cold %", "coldStartShare"],
  ["flash %", "flashbootShare"],
  ["unfinished %", "unfinishedShare"]
]

/** Whether the latency and cost figures of a config can be drawn (finite). */
const drawable = (c: ConfigResult, metric: RunMetricName): boolean => {
  const m = c.metrics
  return m !== undefined && m.usdPerHour.mean !== null && m[metric].mean !== null && Number.isFinite(m[metric].mean)
}

const verdict = (c: ConfigResult, slos: number): string =>
  c.invalid !== undefined
    ? "invalid"
    : c.runs === 0
      ? "not run"
      : slos === 0
        ? c.pareto
          ? "pareto"
          : ""
        : `${c.meetsAll ? "meets" : "misses"}${c.pareto ? ", pareto" : ""}`

/** The sweep table: one row per config, mean ± half-width of the 95 % interval. */
export const sweepTable = (s: SweepResult): string => {
  const header = ["config", ...columns.map(([h]) => h), "targets"]
  const rows = s.configs.map((c) => [
    c.label,
    ...columns.map(([, key]) => (c.metrics === undefined ? "—" : formatInterval(key, c.metrics[key]))),
    verdict(c, s.slos.length)
  ])
  const unreadable = hasUnreadable(s.configs.flatMap((c) => (c.metrics === undefined ? [] : columns.map(([, key]) => c.metrics![key]))))
  const invalid = s.configs.filter((c) => c.invalid !== undefined).map((c) => `  ${c.label}: ${c.invalid}`)
  return [
    `${s.scenario.name}: ${s.configs.length} configs × ${s.replications} replications (seeds ${s.scenario.seed}–${s.scenario.seed + s.replications - 1}, the same for every config)${s.complete ? "" : ` — INCOMPLETE: ${s.runsDone} of ${s.runsTotal} runs`}`,
    `Figures: mean ±half-width of the 95 % confidence interval; latency in seconds, over every request that arrived.${s.slos.length > 0 ? ` Targets: ${s.slos.join(", ")} (met only if the interval's bound on the wrong side is).` : ""}`,
    "",
    ...alignedTable(header, rows),
    ...(unreadable ? ["", unreadableNote] : []),
    ...(invalid.length > 0 ? ["", "Invalid combinations (not run):", ...invalid] : []),
    "",
    s.message
  ].join("\n")
}

/** Cost per hour against the Pareto metric, every config a point, the front joined. */
export const paretoChart = (s: SweepResult, metric: RunMetricName): string => {
  const points = s.configs.filter((c) => drawable(c, metric))
  const hidden = s.configs.filter((c) => c.metrics !== undefined).length - points.length
  const xs = points.map((c) => c.metrics!.usdPerHour.mean!)
  const ys = points.map((c) => c.metrics![metric].mean!)
  return chartSvg(
    "chart-pareto",
    `Cost vs ${metric}`,
    `Each point is one config: mean cost per hour (x) and mean ${metric} in seconds or as given (y) over ${s.replications} replications. The Pareto front (no config both cheaper and better) is joined; configs meeting every target are filled.${hidden > 0 ? ` ${hidden} config${hidden === 1 ? "" : "s"} not drawn: ${metric} not reached (too many requests did not complete).` : ""}`,
    (g, d3) => {
      const x = d3
        .scaleLinear()
        .domain([Math.min(...xs, 0), Math.max(...xs, 1e-6) * 1.08])
        .nice()
        .range([0, innerWidth])
      const y = d3
        .scaleLinear()
        .domain([0, Math.max(...ys, 1e-6) * 1.1])
        .nice()
        .range([innerHeight, 0])
      axes(g, d3, x, y, { xLabel: "cost per hour (USD)", yLabel: metric.includes(".") ? `${metric} (s)` : metric })
      const front = points.filter((c) => c.pareto).sort((a, b) => a.metrics!.usdPerHour.mean! - b.metrics!.usdPerHour.mean!)
      g.append("path")
        .attr("class", "series series-front")
        .attr("fill", "none")
        .attr("stroke", palette.running)
        .attr("stroke-width", 1.5)
        .attr(
          "d",
          front.length === 0
            ? ""
            : `M${front.map((c) => `${finite(x(c.metrics!.usdPerHour.mean!)).toFixed(1)},${finite(y(c.metrics![metric].mean!)).toFixed(1)}`).join("L")}`
        )
      const dots = g.append("g").attr("class", "series series-configs")
      points.forEach((c) => {
        dots
          .append("circle")
          .attr("cx", finite(x(c.metrics!.usdPerHour.mean!)))
          .attr("cy", finite(y(c.metrics![metric].mean!)))
          .attr("r", c.label === s.recommendation?.label ? 6 : 4)
          .attr("fill", c.meetsAll ? palette.flex : "#fff")
          .attr("stroke", c.meetsAll ? palette.flex : palette.max)
          .append("title")
          .text(`${c.label}: $${c.metrics!.usdPerHour.mean!.toFixed(3)}/h, ${metric} ${c.metrics![metric].mean!.toFixed(2)}`)
      })
      legend(g, [
        { label: "Pareto front", color: palette.running, kind: "line" },
        { label: "meets every target", color: palette.flex, kind: "area" }
      ])
    }
  )
}

/** Cost per hour over two varied knobs; cells meeting every target are marked ✓. */
export const heatmap = (s: SweepResult): string => {
  const [a, b] = s.varied as [SweepResult["varied"][number], SweepResult["varied"][number]]
  const key = (v: unknown) => (Array.isArray(v) ? v.join("+") : String(v))
  const costs = s.configs.map((c) => c.metrics?.usdPerHour.mean ?? Number.NaN).filter((x) => Number.isFinite(x))
  const costOf = (c: ConfigResult) => c.metrics?.usdPerHour.mean ?? undefined
  const lo = Math.min(...costs)
  const hi = Math.max(...costs)
  const name = (p: string) => p.replace(/^endpoint\./, "")
  return chartSvg(
    "chart-heatmap",
    `Cost per hour by ${name(a.path)} and ${name(b.path)}`,
    `A cell per combination of ${name(a.path)} (x) and ${name(b.path)} (y), shaded by mean cost per hour from $${lo.toFixed(3)} (light) to $${hi.toFixed(3)} (dark); ✓ marks configs meeting every target.`,
    (g, d3) => {
      const x = d3.scaleBand<string>().domain(a.values.map(key)).range([0, innerWidth]).padding(0.04)
      const y = d3.scaleBand<string>().domain(b.values.map(key)).range([innerHeight, 0]).padding(0.04)
      const shade = d3
        .scaleLinear<string>()
        .domain([lo, hi === lo ? lo + 1 : hi])
        .range(["#e6f4f1", "#1f6f64"])
      g.append("g").attr("class", "axis x-axis").attr("transform", `translate(0,${innerHeight})`).call(d3.axisBottom(x))
      g.append("g").attr("class", "axis y-axis").call(d3.axisLeft(y))
      g.append("text")
        .attr("class", "axis-label")
        .attr("x", innerWidth / 2)
        .attr("y", innerHeight + 38)
        .attr("text-anchor", "middle")
        .text(name(a.path))
      g.append("text")
        .attr("class", "axis-label")
        .attr("transform", `translate(-46,${innerHeight / 2}) rotate(-90)`)
        .attr("text-anchor", "middle")
        .text(name(b.path))
      const cells = g.append("g").attr("class", "series series-cells")
      for (const c of s.configs) {
        const cx = x(key(c.settings[a.path]))
        const cy = y(key(c.settings[b.path]))
        if (cx === undefined || cy === undefined) continue
        const cost = costOf(c)
        cells
          .append("rect")
          .attr("x", cx)
          .attr("y", cy)
          .attr("width", x.bandwidth())
          .attr("height", y.bandwidth())
          .attr("fill", cost === undefined ? "#f0f0f0" : shade(cost))
        if (c.meetsAll)
          cells
            .append("text")
            .attr("x", cx + x.bandwidth() / 2)
            .attr("y", cy + y.bandwidth() / 2 + 4)
            .attr("text-anchor", "middle")
            .attr("fill", "#fff")
            .text("✓")
      }
    }
  )
}

/** The sweep as a self-contained HTML page. */
export const sweepHtml = (s: SweepResult, metric: RunMetricName): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(`scalecast sweep: ${s.scenario.name}`)}</title>
<style>body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#1f2933;background:#f5f7fa}main{max-width:1100px;margin:0 auto;padding:24px}
.answer{font-size:17px;padding:12px 16px;background:#fff;border-left:4px solid ${palette.running}}figure{background:#fff;padding:8px;border-radius:6px;margin:16px 0}
figure svg{display:block;width:100%;height:auto}pre{background:#fff;padding:12px;overflow-x:auto;font-size:12px;border-radius:6px}</style></head>
<body><main><h1>${escapeHtml(s.scenario.name)}: sweep</h1>
<p class="answer">${escapeHtml(s.message)}</p>
<figure>${paretoChart(s, metric)}</figure>
${s.varied.length === 2 ? `<figure>${heatmap(s)}</figure>` : ""}
<h2>Configs</h2>
<pre>${escapeHtml(sweepTable(s))}</pre>
${s.recommendation === null ? "" : `<h2>Recommended endpoint config (v2)</h2><pre>${escapeHtml(JSON.stringify(s.recommendation.endpoint, null, 2))}</pre>`}
</main></body></html>
`
