/**
 * LatencyChart: the distribution of delayTime and end-to-end latency as cumulative curves on a log
 * time axis. Every curve drawn has its p50, p95 and p99 marked on it (a circle, a square, a
 * triangle in the curve's colour; wider rings for delayTime, so both show where they coincide),
 * and the values stand in a legend table above the plot, one row per curve and one column per
 * percentile: percentiles close together (or equal) can then never make their labels collide,
 * cover the curves or run past the chart's edge. The axis ticks at round durations (10 ms, 1 s,
 * 10 s, 1 min, 10 min, 1 h, 1 day …) chosen so their labels never crowd, each label exact;
 * requests that did not wait at all sit at the left edge, "≤ 1 ms".
 */
import type * as d3 from "d3"
import type { LatencySummary, SimResult } from "../sim/SimResult.ts"
import { formatSecondsShort } from "./Format.ts"
import { axes, chartSvg, finite, innerHeight, innerWidth, legendRowHeight, pathOf } from "./Chart.ts"
import { palette } from "./Palette.ts"

const floorSeconds = 0.001

/** Round durations the axis may tick at, most wanted first: whole units and decades, then halves, fifths and doubles. */
const tickPreference = [
  1, 60, 3600, 86400, 0.01, 0.1, 10, 600, 604800, 30, 1800, 43200, 21600, 172800, 2592000, 5, 300, 7200, 2, 120, 14400, 20, 1200, 0.5, 0.05, 0.005, 0.2, 0.02,
  0.002
]

/** The fewest pixels between two neighbouring ticks: a label such as "100 ms" is about 40 px wide, and 10 ticks fill the axis. */
export const minTickGapPx = 64

/**
 * The ticks of a log axis from 1 ms to `hiSeconds` drawn `widthPx` wide: the 1 ms floor, then round
 * durations in order of preference, each kept only when it is at least `minTickGapPx` from every
 * tick already kept. Ascending.
 */
export const latencyTicks = (hiSeconds: number, widthPx = innerWidth): Array<number> => {
  const at = (s: number) => (widthPx * Math.log(s / floorSeconds)) / Math.log(hiSeconds / floorSeconds)
  const ticks = [floorSeconds]
  for (const s of tickPreference) if (s <= hiSeconds && ticks.every((t) => Math.abs(at(t) - at(s)) >= minTickGapPx)) ticks.push(s)
  return ticks.sort((a, b) => a - b)
}

/** A tick's label, exact for every round duration the axis ticks at: "≤ 1 ms", "500 ms", "2 s", "10 min", "6 h", "1 day", "7 days". */
export const latencyTickLabel = (s: number): string =>
  s === floorSeconds
    ? "≤ 1 ms"
    : s < 1
      ? `${Math.round(s * 1000)} ms`
      : s < 60
        ? `${s} s`
        : s < 3600
          ? `${s / 60} min`
          : s < 86400
            ? `${s / 3600} h`
            : `${s / 86400} ${s === 86400 ? "day" : "days"}`

const percentiles = [
  { name: "p50", share: 0.5, symbol: "circle" },
  { name: "p95", share: 0.95, symbol: "square" },
  { name: "p99", share: 0.99, symbol: "triangle" }
] as const

/** A marker's outline centred on (0, 0), `r` px from the centre to its side. */
const symbolPath = (symbol: (typeof percentiles)[number]["symbol"], r: number): string =>
  symbol === "circle"
    ? `M${r},0A${r},${r} 0 1,1 ${-r},0A${r},${r} 0 1,1 ${r},0Z`
    : symbol === "square"
      ? `M${-r},${-r}L${r},${-r}L${r},${r}L${-r},${r}Z`
      : `M0,${-1.2 * r}L${1.1 * r},${0.8 * r}L${-1.1 * r},${0.8 * r}Z`

/** Estimated width of 12 px chart text per character (generous, so estimated boxes hold the rendered text). */
const charWidthPx = 7

/** Where a legend cell's text starts, right of its marker. */
const cellTextOffset = 16

/** A text's estimated box, in the plot group's coordinates. */
export interface LabelBox {
  readonly text: string
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

/**
 * Where the legend table's texts go, in the plot group's coordinates: one row per curve (its line
 * swatch and name, then one cell per percentile: the percentile's symbol and "p95 8.91 s"), rows
 * `legendRowHeight` apart ending just above the plot, columns as wide as their longest text.
 */
export const percentileLegendLayout = (
  rows: ReadonlyArray<{ readonly label: string; readonly cells: ReadonlyArray<string> }>
): {
  readonly baselines: ReadonlyArray<number>
  readonly nameX: number
  readonly cellX: ReadonlyArray<number>
  readonly boxes: ReadonlyArray<LabelBox>
} => {
  const baselines = rows.map((_, k) => -16 - (rows.length - 1 - k) * legendRowHeight)
  const box = (text: string, x: number, baseline: number): LabelBox => ({ text, x, y: baseline - 11, width: text.length * charWidthPx, height: 14 })
  const nameX = 20
  const columns = Math.max(0, ...rows.map((r) => r.cells.length))
  const cellX: Array<number> = []
  let x = nameX + Math.max(0, ...rows.map((r) => r.label.length)) * charWidthPx + 20
  for (let c = 0; c < columns; c++) {
    cellX.push(x)
    x += cellTextOffset + Math.max(0, ...rows.map((r) => (r.cells[c] ?? "").length)) * charWidthPx + 18
  }
  const boxes = rows.flatMap((r, k) => [box(r.label, nameX, baselines[k]!), ...r.cells.map((cell, c) => box(cell, cellX[c]! + cellTextOffset, baselines[k]!))])
  return { baselines, nameX, cellX, boxes }
}

export const latencyChart = (r: SimResult): string => {
  const q = r.latency.quantiles
  const hi = Math.max(floorSeconds * 10, r.latency.endToEnd.max ?? 0, r.latency.delayTime.max ?? 0) * 1.2
  const marked = (l: LatencySummary) => (l.p50 === null || l.p95 === null || l.p99 === null ? [] : [l.p50, l.p95, l.p99])
  const series = [
    { key: "delayTime", label: "delayTime", color: palette.delayTime, quantiles: q.delayTime, values: marked(r.latency.delayTime), hollow: true },
    { key: "endToEnd", label: "end-to-end", color: palette.endToEnd, quantiles: q.endToEnd, values: marked(r.latency.endToEnd), hollow: false }
  ] as const
  // delayTime's markers are wider rings around end-to-end's solid ones: where the two are equal (a long queue), both show.
  const marker = (s: (typeof series)[number], symbol: (typeof percentiles)[number]["symbol"], mark: d3.Selection<SVGPathElement, unknown, null, undefined>) =>
    mark
      .attr("d", symbolPath(symbol, s.hollow ? 5.5 : 3.5))
      .attr("fill", s.hollow ? "none" : s.color)
      .attr("stroke", s.color)
      .attr("stroke-width", 1.5)
  const cells = (values: ReadonlyArray<number>) => values.map((v, i) => `${percentiles[i]!.name} ${formatSecondsShort(v)}`)
  const layout = percentileLegendLayout(series.map((s) => ({ label: s.label, cells: cells(s.values) })))
  const drawn = series.some((s) => s.values.length > 0)
  return chartSvg(
    "chart-latency",
    "Latency distribution",
    drawn
      ? `Share of completed requests (${r.requests.completed}) at or below each delayTime and end-to-end latency, on a logarithmic time axis, with p50, p95 and p99 marked on each curve (circle, square, triangle). ${series
          .map((s) => `${s.label} ${cells(s.values).join(", ")}`)
          .join("; ")}.`
      : "No request completed, so there is no latency distribution to draw.",
    (g, d3) => {
      const x = d3.scaleLog().domain([floorSeconds, hi]).range([0, innerWidth]).clamp(true)
      const y = d3.scaleLinear().domain([0, 1]).range([innerHeight, 0])
      axes(g, d3, x, y, {
        xLabel: "seconds (log scale)",
        yLabel: "share of requests",
        xTicks: latencyTicks(hi),
        xFormat: latencyTickLabel,
        yFormat: (v) => `${Math.round(v * 100)} %`
      })
      const curve = (values: ReadonlyArray<number>) =>
        values.length === 0 ? "" : pathOf([[x(floorSeconds), y(0)], ...values.map((v, i) => [x(Math.max(floorSeconds, v)), y(q.p[i]! / 100)] as const)])
      for (const s of series)
        g.append("path")
          .attr("class", `series series-${s.key}`)
          .attr("fill", "none")
          .attr("stroke", s.color)
          .attr("stroke-width", 2)
          .attr("d", curve(s.quantiles))
      if (!drawn)
        g.append("text")
          .attr("class", "no-data")
          .attr("x", innerWidth / 2)
          .attr("y", innerHeight / 2)
          .attr("text-anchor", "middle")
          .text("no request completed")
      for (const s of [...series].reverse())
        s.values.forEach((v, i) => {
          const p = percentiles[i]!
          marker(
            s,
            p.symbol,
            g
              .append("path")
              .attr("class", `marker marker-${s.key}-${p.name}`)
              .attr("transform", `translate(${+finite(x(Math.max(floorSeconds, v))).toFixed(1)},${+finite(y(p.share)).toFixed(1)})`)
          )
        })
      const table = g.append("g").attr("class", "legend percentile-legend")
      series.forEach((s, k) => {
        const baseline = layout.baselines[k]!
        table
          .append("line")
          .attr("x1", 0)
          .attr("x2", 16)
          .attr("y1", baseline - 4)
          .attr("y2", baseline - 4)
          .attr("stroke", s.color)
          .attr("stroke-width", 2)
        table.append("text").attr("class", "legend-name").attr("x", layout.nameX).attr("y", baseline).text(s.label)
        cells(s.values).forEach((cell, i) => {
          const cx = layout.cellX[i]!
          marker(s, percentiles[i]!.symbol, table.append("path").attr("transform", `translate(${cx + 6},${baseline - 4})`))
          table
            .append("text")
            .attr("class", "percentile-label")
            .attr("x", cx + cellTextOffset)
            .attr("y", baseline)
            .text(cell)
        })
      })
    },
    series.length
  )
}
