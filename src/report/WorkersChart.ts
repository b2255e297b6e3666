/**
 * WorkersChart: workers over time, stacked by state (running, idle, initializing, throttled), with
 * the queue length (right axis) and `workers.max` as lines. One path per series, whatever the run's
 * length: the report's timeline has at most 720 buckets.
 */
import type { SimResult } from "../sim/SimResult.ts"
import { axes, chartSvg, finite, innerHeight, innerWidth, legend, palette, pathOf, rightAxis, timeAxis , chartTimeline } from "./Chart.ts"

/** Step-shaped band between `lower` and `upper` for buckets starting at `t`, each `width` wide. */
export const stepBand = (t: ReadonlyArray<number>, width: number, lower: ReadonlyArray<number>, upper: ReadonlyArray<number>, x: (v: number) => number, y: (v: number) => number): string => {
  const top: Array<readonly [number, number]> = []
  const bottom: Array<readonly [number, number]> = []
  t.forEach((start, i) => {
    top.push([x(start), y(upper[i]!)], [x(start + width), y(upper[i]!)])
    bottom.push([x(start), y(lower[i]!)], [x(start + width), y(lower[i]!)])
  })
  return `${pathOf([...top, ...bottom.reverse()])}Z`
}

/** Step-shaped line through bucket values. */
export const stepLine = (t: ReadonlyArray<number>, width: number, values: ReadonlyArray<number>, x: (v: number) => number, y: (v: number) => number): string =>
  pathOf(t.flatMap((start, i) => [[x(start), y(values[i]!)] as const, [x(start + width), y(values[i]!)] as const]))

export const workersChart = (r: SimResult): string => {
  const tl = chartTimeline(r.timeline)
  const duration = r.scenario.durationSeconds
  const max = (r.endpoint.workers as { max: number }).max
  const states = [
    { key: "running", label: "running", color: palette.running },
    { key: "idle", label: "idle", color: palette.idle },
    { key: "initializing", label: "initializing", color: palette.initializing },
    { key: "throttled", label: "throttled", color: palette.throttled }
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
    `Workers by state (running, idle, initializing, throttled) stacked, averaged over ${tl.bucketSeconds}-second intervals, with the queue length on the right axis and workers.max (${max}) as a dashed line. Peak ${r.workers.peak} workers, mean ${r.workers.mean}.`,
    (g, d3) => {
      const axis = timeAxis(duration)
      const x = d3.scaleLinear().domain([0, duration]).range([0, innerWidth])
      const y = d3.scaleLinear().domain([0, top * 1.1]).nice().range([innerHeight, 0])
      const yq = d3.scaleLinear().domain([0, queueTop * 1.1]).nice().range([innerHeight, 0])
      axes(g, d3, x, y, { xLabel: axis.label, yLabel: "workers", xTicks: axis.ticks, xFormat: axis.format })
      rightAxis(g, d3, yq, "queued requests")
      states.forEach((s, k) => {
        const lower = k === 0 ? tl.t.map(() => 0) : stacked[k - 1]!
        g.append("path").attr("class", `series series-${s.key}`).attr("fill", s.color).attr("fill-opacity", 0.85).attr("d", stepBand(tl.t, tl.bucketSeconds, lower, stacked[k]!, x, y))
      })
      g.append("path").attr("class", "series series-queued").attr("fill", "none").attr("stroke", palette.queued).attr("stroke-width", 1.5).attr("d", stepLine(tl.t, tl.bucketSeconds, tl.queued, x, yq))
      g.append("line").attr("class", "series series-max").attr("x1", 0).attr("x2", innerWidth).attr("y1", finite(y(max))).attr("y2", finite(y(max))).attr("stroke", palette.max).attr("stroke-dasharray", "6 4")
      legend(g, [...states.map((s) => ({ label: s.label, color: s.color, kind: "area" as const })), { label: "queued", color: palette.queued, kind: "line" }, { label: "workers.max", color: palette.max, kind: "dashed" }])
    }
  )
}
