/**
 * WorkersChart: workers over time, stacked by state (running, ready, initializing, throttled, in
 * RunPod's words), the scaled-down workers whose FlashBoot state is kept (RunPod's "idle", not
 * billed) in a pale band on top, and the queue length (right axis) and `workers.max` as lines. One
 * path per series, whatever the run's length: the report's timeline is averaged into round
 * intervals (`chartTimeline`: 120 to 200 of them, so the bands read as a shape, not a comb), and
 * the description states the interval drawn.
 */
import type { SimResult } from "../sim/SimResult.ts"
import { axes, chartSvg, chartTimeline, finite, innerHeight, innerWidth, legend, rightAxis, stepBand, stepLine, timeAxis } from "./Chart.ts"
import { palette } from "./Palette.ts"
import { formatBucket } from "./Format.ts"

export const workersChart = (r: SimResult): string => {
  const tl = chartTimeline(r.timeline)
  const duration = r.scenario.durationSeconds
  const max = r.endpoint.workers.max
  const states = [
    { key: "running", label: "running", color: palette.running },
    { key: "ready", label: "ready", color: palette.ready },
    { key: "initializing", label: "initializing", color: palette.initializing },
    { key: "throttled", label: "throttled", color: palette.throttled },
    { key: "retained", label: "idle (resumable)", color: palette.retained }
  ] as const
  const stacked = states.reduce<Array<Array<number>>>((acc, s, k) => {
    acc.push(tl[s.key].map((v, i) => v + (k === 0 ? 0 : acc[k - 1]![i]!)))
    return acc
  }, [])
  const top = Math.max(max, ...stacked[stacked.length - 1]!, 1)
  const queueTop = Math.max(1, ...tl.queued)
  return chartSvg(
    "chart-workers",
    "Workers over time",
    `Workers by state, stacked and averaged over intervals of ${formatBucket(tl.bucketSeconds)}: running (executing a job), ready (warm, waiting for a job, billed), initializing (starting, billed), throttled (waiting for a GPU, not billed), and on top idle (resumable): scaled down with the FlashBoot state kept, not billed (RunPod's /health "idle"). The queue length is on the right axis and workers.max (${max}) a dashed line. Peak ${r.workers.peak} workers, mean ${r.workers.mean}.`,
    (g, d3) => {
      const axis = timeAxis(duration)
      const x = d3.scaleLinear().domain([0, duration]).range([0, innerWidth])
      const y = d3
        .scaleLinear()
        .domain([0, top * 1.1])
        .nice()
        .range([innerHeight, 0])
      const yq = d3
        .scaleLinear()
        .domain([0, queueTop * 1.1])
        .nice()
        .range([innerHeight, 0])
      axes(g, d3, x, y, { xLabel: axis.label, yLabel: "workers", xTicks: axis.ticks, xFormat: axis.format })
      rightAxis(g, d3, yq, "queued requests")
      states.forEach((s, k) => {
        const lower = k === 0 ? tl.t.map(() => 0) : stacked[k - 1]!
        g.append("path")
          .attr("class", `series series-${s.key}`)
          .attr("fill", s.color)
          .attr("fill-opacity", 0.85)
          .attr("d", stepBand(tl.t, tl.bucketSeconds, lower, stacked[k]!, x, y, duration))
      })
      g.append("path")
        .attr("class", "series series-queued")
        .attr("fill", "none")
        .attr("stroke", palette.queued)
        .attr("stroke-width", 1.5)
        .attr("d", stepLine(tl.t, tl.bucketSeconds, tl.queued, x, yq, duration))
      g.append("line")
        .attr("class", "series series-max")
        .attr("x1", 0)
        .attr("x2", innerWidth)
        .attr("y1", finite(y(max)))
        .attr("y2", finite(y(max)))
        .attr("stroke", palette.max)
        .attr("stroke-dasharray", "6 4")
      legend(g, [
        ...states.map((s) => ({ label: s.label, color: s.color, kind: "area" as const })),
        { label: "queued", color: palette.queued, kind: "line" },
        { label: "workers.max", color: palette.max, kind: "dashed" }
      ])
    }
  )
}
