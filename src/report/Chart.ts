/**
 * Chart: what every scalecast chart shares. A chart is a pure function from report data to an SVG
 * string, drawn server-side with d3-node: a fixed frame, a `<title>` and `<desc>`, axes with units,
 * a legend, one colour per worker state everywhere, and time axes whose ticks are round durations
 * (seconds to days) so a 1-minute run and a 30-day run both read well.
 *
 * Invariant: no attribute ever holds NaN or Infinity (`finite` clamps every number drawn).
 */
import { D3Node } from "d3-node"
import type * as d3 from "d3"
import { perTimelineSeries, timelineSeries } from "../sim/Timeline.ts"
import type { SimResult } from "../sim/SimResult.ts"

export const chartWidth = 760
export const chartHeight = 300
export const margin = { top: 56, right: 64, bottom: 48, left: 64 }
export const innerWidth = chartWidth - margin.left - margin.right
export const innerHeight = chartHeight - margin.top - margin.bottom

const styles = `
text { font: 12px system-ui, -apple-system, "Segoe UI", sans-serif; fill: #1f2933; }
.axis path, .axis line { stroke: #9aa5b1; }
.grid line { stroke: #e4e7eb; }
.grid path { stroke: none; }
.chart-title { font-size: 14px; font-weight: 600; }
`

export type G = d3.Selection<SVGGElement, unknown, null, undefined>

/** Clamps a number for drawing: NaN becomes 0, infinities the largest finite value. */
export const finite = (x: number): number => (Number.isNaN(x) ? 0 : Math.max(-Number.MAX_VALUE, Math.min(Number.MAX_VALUE, x)))

/** How much taller a chart grows per legend row beyond the first; its plot keeps its size. */
export const legendRowHeight = 18

/** The chart's full height and the plot's top edge (in SVG units) for a legend of `legendRows` rows. */
export const chartFrame = (legendRows = 1): { readonly height: number; readonly plotTop: number } => ({
  height: chartHeight + (legendRows - 1) * legendRowHeight,
  plotTop: margin.top + (legendRows - 1) * legendRowHeight
})

/** Draws a chart into a fresh SVG and returns its markup; `legendRows` makes room for a taller legend above the plot. */
export const chartSvg = (id: string, title: string, desc: string, draw: (g: G, d3module: typeof d3) => void, legendRows = 1): string => {
  const frame = chartFrame(legendRows)
  const node = new D3Node({ styles })
  const svg = node.createSVG(chartWidth, frame.height, {
    viewBox: `0 0 ${chartWidth} ${frame.height}`,
    role: "img",
    "aria-labelledby": `${id}-title ${id}-desc`,
    id
  })
  svg.append("title").attr("id", `${id}-title`).text(title)
  svg.append("desc").attr("id", `${id}-desc`).text(desc)
  svg.append("text").attr("class", "chart-title").attr("x", margin.left).attr("y", 20).text(title)
  const g = svg.append("g").attr("transform", `translate(${margin.left},${frame.plotTop})`)
  draw(g, node.d3)
  return node.svgString()
}

const niceSteps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800, 1209600, 2592000]

/** A time axis over [0, duration]: round tick steps (at most ~8 ticks) labelled in one unit. */
export const timeAxis = (durationSeconds: number): { ticks: Array<number>; format: (s: number) => string; label: string } => {
  const step = niceSteps.find((s) => durationSeconds / s <= 8) ?? Math.ceil(durationSeconds / 8)
  const [unit, size] =
    durationSeconds <= 180 ? ["s", 1] : durationSeconds <= 3 * 3600 ? ["min", 60] : durationSeconds <= 4 * 86400 ? ["h", 3600] : ["days", 86400]
  const ticks: Array<number> = []
  for (let t = 0; t <= durationSeconds + 1e-9; t += step) ticks.push(t)
  const format = (s: number) => {
    const v = s / size
    return Number.isInteger(v) ? String(v) : v.toFixed(1)
  }
  return { ticks, format, label: `time (${unit})` }
}

/** Left axis, bottom axis, light horizontal grid and axis labels. */
export const axes = (
  g: G,
  d3module: typeof d3,
  x: d3.AxisScale<number>,
  y: d3.AxisScale<number>,
  options: {
    readonly xLabel: string
    readonly yLabel: string
    readonly xTicks?: ReadonlyArray<number>
    readonly xFormat?: (v: number) => string
    readonly yFormat?: (v: number) => string
  }
): void => {
  const yAxis = d3module.axisLeft(y).ticks(5)
  if (options.yFormat) yAxis.tickFormat((v) => options.yFormat!(Number(v)))
  g.append("g")
    .attr("class", "grid")
    .call(
      d3module
        .axisLeft(y)
        .ticks(5)
        .tickSize(-innerWidth)
        .tickFormat(() => "")
    )
  g.append("g").attr("class", "axis y-axis").call(yAxis)
  const xAxis = d3module.axisBottom(x)
  if (options.xTicks) xAxis.tickValues([...options.xTicks])
  if (options.xFormat) xAxis.tickFormat((v) => options.xFormat!(Number(v)))
  g.append("g").attr("class", "axis x-axis").attr("transform", `translate(0,${innerHeight})`).call(xAxis)
  g.append("text")
    .attr("class", "axis-label")
    .attr("x", innerWidth / 2)
    .attr("y", innerHeight + 38)
    .attr("text-anchor", "middle")
    .text(options.xLabel)
  g.append("text")
    .attr("class", "axis-label")
    .attr("transform", `translate(-46,${innerHeight / 2}) rotate(-90)`)
    .attr("text-anchor", "middle")
    .text(options.yLabel)
}

/** A right-hand axis for a second quantity, with its label. */
export const rightAxis = (g: G, d3module: typeof d3, y: d3.AxisScale<number>, label: string, format?: (v: number) => string): void => {
  const axis = d3module.axisRight(y).ticks(5)
  if (format) axis.tickFormat((v) => format(Number(v)))
  g.append("g").attr("class", "axis y2-axis").attr("transform", `translate(${innerWidth},0)`).call(axis)
  g.append("text")
    .attr("class", "axis-label")
    .attr("transform", `translate(${innerWidth + 50},${innerHeight / 2}) rotate(90)`)
    .attr("text-anchor", "middle")
    .text(label)
}

export interface LegendItem {
  readonly label: string
  readonly color: string
  readonly kind: "area" | "line" | "dashed"
}

/** A one-row legend between the title and the plot, left-aligned with the plot. */
export const legend = (g: G, items: ReadonlyArray<LegendItem>): void => {
  const widths = items.map((i) => 32 + i.label.length * 7)
  let x = 0
  const row = g.append("g").attr("class", "legend").attr("transform", "translate(0,-16)")
  items.forEach((item, i) => {
    const entry = row
      .append("g")
      .attr("class", "legend-item")
      .attr("transform", `translate(${finite(x)},0)`)
    if (item.kind === "area") entry.append("rect").attr("x", 0).attr("y", -8).attr("width", 14).attr("height", 10).attr("fill", item.color)
    else
      entry
        .append("line")
        .attr("x1", 0)
        .attr("x2", 16)
        .attr("y1", -3)
        .attr("y2", -3)
        .attr("stroke", item.color)
        .attr("stroke-width", 2)
        .attr("stroke-dasharray", item.kind === "dashed" ? "4 3" : null)
    entry.append("text").attr("x", 20).attr("y", 1).text(item.label)
    x += widths[i]!
  })
}

/** A path's `d` for (x, y) points, with NaN and infinities clamped (0.1 px is finer than a screen). */
export const pathOf = (points: ReadonlyArray<readonly [number, number]>): string =>
  points.length === 0 ? "" : `M${points.map(([x, y]) => `${+finite(x).toFixed(1)},${+finite(y).toFixed(1)}`).join("L")}`

/** Round interval widths a time chart may draw, in seconds: 1 s to 1 week. */
const chartBucketChoices = [1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800]

/** How many intervals a chart draws: between `min` and `max` when it can. */
export interface BucketRange {
  readonly min: number
  readonly max: number
}

/**
 * How many intervals a time chart aims for: at most 200 (about 3 px each) and at least 120, so
 * the steps read as a shape, not a comb.
 */
export const chartBuckets: BucketRange = { min: 120, max: 200 }

/**
 * The interval a chart draws for a timeline of `buckets` buckets of `bucketSeconds` each: the
 * coarsest round width (or the bucket itself) that is a whole number of buckets and leaves between
 * `range.min` and `range.max` intervals; when none does, the fewest whole buckets that leave at
 * most `range.max`. An hour of 5-second buckets is drawn in 30-second intervals (120), a day of
 * 2-minute buckets in 10-minute ones (144); a minute keeps its 1-second buckets (nothing is finer).
 */
export const chartBucketSeconds = (bucketSeconds: number, buckets: number, range: BucketRange = chartBuckets): number => {
  const count = (width: number) => Math.ceil((buckets * bucketSeconds) / width)
  const round = [bucketSeconds, ...chartBucketChoices.filter((w) => w > bucketSeconds && w % bucketSeconds === 0)]
  return round.findLast((w) => count(w) >= range.min && count(w) <= range.max) ?? bucketSeconds * Math.max(1, Math.ceil(buckets / range.max))
}

type Timeline = SimResult["timeline"]

/**
 * The report's timeline re-bucketed for drawing into intervals of `chartBucketSeconds`: time
 * averages are averaged, counts and costs summed. The last interval may be shorter than the
 * others. The report itself keeps its finer buckets.
 */
export const chartTimeline = (tl: Timeline, range: BucketRange = chartBuckets): Timeline => {
  const factor = Math.round(chartBucketSeconds(tl.bucketSeconds, tl.t.length, range) / tl.bucketSeconds)
  if (factor <= 1) return tl
  const n = Math.ceil(tl.t.length / factor)
  const merge = (xs: ReadonlyArray<number>, average: boolean) =>
    Array.from({ length: n }, (_, j) => {
      const part = xs.slice(j * factor, (j + 1) * factor)
      const sum = part.reduce((a, b) => a + b, 0)
      return average ? sum / part.length : sum
    })
  return {
    bucketSeconds: tl.bucketSeconds * factor,
    t: Array.from({ length: n }, (_, j) => tl.t[j * factor]!),
    ...perTimelineSeries((name) => merge(tl[name], timelineSeries[name] === "average"))
  }
}

/** Where the interval starting at `start` ends on the chart: `width` later, or at the run's end. */
const intervalEnd = (start: number, width: number, end: number): number => Math.min(start + width, end)

/**
 * A step-shaped band between `lower` and `upper` for intervals starting at `t`, each `width` wide;
 * the last one stops at `end` (the run's end), not past the plot.
 */
export const stepBand = (
  t: ReadonlyArray<number>,
  width: number,
  lower: ReadonlyArray<number>,
  upper: ReadonlyArray<number>,
  x: (v: number) => number,
  y: (v: number) => number,
  end = Number.POSITIVE_INFINITY
): string => {
  const top: Array<readonly [number, number]> = []
  const bottom: Array<readonly [number, number]> = []
  t.forEach((start, i) => {
    const stop = intervalEnd(start, width, end)
    top.push([x(start), y(upper[i]!)], [x(stop), y(upper[i]!)])
    bottom.push([x(start), y(lower[i]!)], [x(stop), y(lower[i]!)])
  })
  return `${pathOf([...top, ...bottom.reverse()])}Z`
}

/** A step-shaped line through interval values; the last interval stops at `end`. */
export const stepLine = (
  t: ReadonlyArray<number>,
  width: number,
  values: ReadonlyArray<number>,
  x: (v: number) => number,
  y: (v: number) => number,
  end = Number.POSITIVE_INFINITY
): string => pathOf(t.flatMap((start, i) => [[x(start), y(values[i]!)] as const, [x(intervalEnd(start, width, end)), y(values[i]!)] as const]))
