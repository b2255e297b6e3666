/**
 * CostChart: cumulative cost over time, flex and active stacked, with the share of billed worker
 * time spent ready (warm, waiting for a job) on the right axis. The ready share is smoothed, not
 * dropped: it is billed ready time over billed time in coarser intervals than the cost's
 * (`readyShareBuckets`: 24 to 40 of them, e.g. 2 minutes over an hour, 1 hour over a day), because
 * over the cost's 120–200 intervals a scale-to-zero endpoint flips between 0 and 100 % and the
 * line reads as noise. An interval with no billed worker reads 0 %.
 */
import type * as d3 from "d3"
import type { SimResult } from "../sim/SimResult.ts"
import { axes, chartSvg, chartTimeline, type BucketRange, innerHeight, innerWidth, legend, pathOf, rightAxis, stepLine, timeAxis } from "./Chart.ts"
import { palette } from "./Palette.ts"
import { formatBucket } from "./Format.ts"

/** How many intervals the ready-share line is drawn over. */
export const readyShareBuckets: BucketRange = { min: 24, max: 40 }

const cumulative = (xs: ReadonlyArray<number>): Array<number> => {
  let sum = 0
  return xs.map((x) => (sum += x))
}

/** Dollar tick labels with as many decimals as the tick step needs, so no two ticks read alike. */
const usdTicks = (d3module: typeof d3, ticks: ReadonlyArray<number>) => {
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1
  const digits = Math.max(0, d3module.precisionFixed(step))
  return (v: number) => `$${v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })}`
}

export const costChart = (r: SimResult): string => {
  const tl = chartTimeline(r.timeline)
  const duration = r.scenario.durationSeconds
  const active = cumulative(tl.activeUsd)
  const total = cumulative(tl.flexUsd).map((f, i) => f + active[i]!)
  const coarse = chartTimeline(r.timeline, readyShareBuckets)
  const readyShare = coarse.t.map((_, i) => {
    const billed = coarse.running[i]! + coarse.ready[i]! + coarse.initializing[i]!
    return billed > 0 ? coarse.ready[i]! / billed : 0
  })
  const ends = tl.t.map((t) => Math.min(duration, t + tl.bucketSeconds))
  return chartSvg(
    "chart-cost",
    "Cost over time",
    `Cumulative cost in USD at the billing rate of running workers (flex and active stacked; per-second rounding is applied to the totals only), and the share of billed worker time spent ready (warm, waiting for a job) in each interval of ${formatBucket(coarse.bucketSeconds)} (right axis). Overall ${Math.round(r.cost.billedReadyShare * 100)} % of billed time was spent waiting.`,
    (g, d3) => {
      const axis = timeAxis(duration)
      const x = d3.scaleLinear().domain([0, duration]).range([0, innerWidth])
      const y = d3
        .scaleLinear()
        .domain([0, Math.max(1e-6, ...total) * 1.1])
        .nice()
        .range([innerHeight, 0])
      const yShare = d3.scaleLinear().domain([0, 1]).range([innerHeight, 0])
      axes(g, d3, x, y, { xLabel: axis.label, yLabel: "cumulative cost (USD)", xTicks: axis.ticks, xFormat: axis.format, yFormat: usdTicks(d3, y.ticks(5)) })
      rightAxis(g, d3, yShare, "billed time ready", (v) => `${Math.round(v * 100)} %`)
      const band = (lower: ReadonlyArray<number>, upper: ReadonlyArray<number>) =>
        `${pathOf([[x(0), y(0)], ...ends.map((t, i) => [x(t), y(upper[i]!)] as const), ...[...ends].reverse().map((t, i) => [x(t), y(lower[lower.length - 1 - i]!)] as const), [x(0), y(0)]])}Z`
      g.append("path")
        .attr("class", "series series-active")
        .attr("fill", palette.active)
        .attr("fill-opacity", 0.85)
        .attr(
          "d",
          band(
            tl.t.map(() => 0),
            active
          )
        )
      g.append("path").attr("class", "series series-flex").attr("fill", palette.flex).attr("fill-opacity", 0.85).attr("d", band(active, total))
      g.append("path")
        .attr("class", "series series-readyShare")
        .attr("fill", "none")
        .attr("stroke", palette.readyShare)
        .attr("stroke-width", 1.5)
        .attr("d", stepLine(coarse.t, coarse.bucketSeconds, readyShare, x, yShare, duration))
      legend(g, [
        { label: "active", color: palette.active, kind: "area" },
        { label: "flex", color: palette.flex, kind: "area" },
        { label: "ready share", color: palette.readyShare, kind: "line" }
      ])
    }
  )
}
