/**
 * LatencyChart: the distribution of delayTime and end-to-end latency as cumulative curves on a log
 * time axis, with end-to-end p50, p95 and p99 marked. Requests that did not wait at all sit at the
 * axis' left edge (labelled "≤ 1 ms" when that is the floor).
 */
import type { SimResult } from "../sim/SimResult.ts"
import { formatSecondsShort } from "./Format.ts"
import { axes, chartSvg, finite, innerHeight, innerWidth, legend, palette, pathOf } from "./Chart.ts"

const floorSeconds = 0.001

export const latencyChart = (r: SimResult): string => {
  const q = r.latency.quantiles
  const e2e = r.latency.endToEnd
  const hi = Math.max(floorSeconds * 10, e2e.max ?? 0, r.latency.delayTime.max ?? 0) * 1.2
  const marks =
    e2e.p50 === null || e2e.p95 === null || e2e.p99 === null
      ? []
      : ([
          ["p50", e2e.p50],
          ["p95", e2e.p95],
          ["p99", e2e.p99]
        ] as const)
  return chartSvg(
    "chart-latency",
    "Latency distribution",
    marks.length === 0
      ? "No request completed, so there is no latency distribution to draw."
      : `Share of completed requests (${r.requests.completed}) at or below each delayTime and end-to-end latency, on a logarithmic time axis. End-to-end p50 ${formatSecondsShort(marks[0]![1])}, p95 ${formatSecondsShort(marks[1]![1])}, p99 ${formatSecondsShort(marks[2]![1])}.`,
    (g, d3) => {
      const x = d3.scaleLog().domain([floorSeconds, hi]).range([0, innerWidth]).clamp(true)
      const y = d3.scaleLinear().domain([0, 1]).range([innerHeight, 0])
      const ticks = x.ticks(6).filter((t) => Math.log10(t) % 1 === 0)
      axes(g, d3, x, y, {
        xLabel: "seconds (log scale)",
        yLabel: "share of requests",
        xTicks: ticks,
        xFormat: (v) => (v === floorSeconds ? "≤ 1 ms" : formatSecondsShort(v)),
        yFormat: (v) => `${Math.round(v * 100)} %`
      })
      const curve = (values: ReadonlyArray<number>) =>
        values.length === 0 ? "" : pathOf([[x(floorSeconds), y(0)], ...values.map((v, i) => [x(Math.max(floorSeconds, v)), y(q.p[i]! / 100)] as const)])
      g.append("path")
        .attr("class", "series series-delayTime")
        .attr("fill", "none")
        .attr("stroke", palette.delayTime)
        .attr("stroke-width", 2)
        .attr("d", curve(q.delayTime))
      g.append("path")
        .attr("class", "series series-endToEnd")
        .attr("fill", "none")
        .attr("stroke", palette.endToEnd)
        .attr("stroke-width", 2)
        .attr("d", curve(q.endToEnd))
      if (marks.length === 0)
        g.append("text")
          .attr("class", "no-data")
          .attr("x", innerWidth / 2)
          .attr("y", innerHeight / 2)
          .attr("text-anchor", "middle")
          .text("no request completed")
      marks.forEach(([name, value], i) => {
        const px = finite(x(Math.max(floorSeconds, value)))
        const mark = g.append("g").attr("class", `marker marker-${name}`)
        mark.append("line").attr("x1", px).attr("x2", px).attr("y1", 0).attr("y2", innerHeight).attr("stroke", palette.max).attr("stroke-dasharray", "2 3")
        mark
          .append("text")
          .attr("x", px + 3)
          .attr("y", 12 + i * 14)
          .text(`${name} ${formatSecondsShort(value)}`)
      })
      legend(g, [
        { label: "delayTime", color: palette.delayTime, kind: "line" },
        { label: "end-to-end", color: palette.endToEnd, kind: "line" }
      ])
    }
  )
}
