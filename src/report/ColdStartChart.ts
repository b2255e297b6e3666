/**
 * ColdStartChart: worker starts per interval over time, full cold starts and FlashBoot resumes
 * stacked.
 */
import type { SimResult } from "../sim/SimResult.ts"
import { axes, chartSvg, chartTimeline, innerHeight, innerWidth, legend, stepBand, timeAxis } from "./Chart.ts"
import { palette } from "./Palette.ts"
import { startWaits } from "./Facts.ts"
import { formatBucket } from "./Format.ts"

export const coldStartChart = (r: SimResult): string => {
  const tl = chartTimeline(r.timeline)
  const duration = r.scenario.durationSeconds
  const both = tl.coldStarts.map((c, i) => c + tl.flashStarts[i]!)
  const per = formatBucket(tl.bucketSeconds)
  return chartSvg(
    "chart-coldstarts",
    "Worker starts over time",
    `Worker starts per ${per}: ${r.coldStarts.count} full cold starts and ${r.coldStarts.flashboot} FlashBoot resumes in all; ${startWaits(r)}.`,
    (g, d3) => {
      const axis = timeAxis(duration)
      const x = d3.scaleLinear().domain([0, duration]).range([0, innerWidth])
      const y = d3
        .scaleLinear()
        .domain([0, Math.max(1, ...both) * 1.1])
        .nice()
        .range([innerHeight, 0])
      axes(g, d3, x, y, { xLabel: axis.label, yLabel: `starts per ${per}`, xTicks: axis.ticks, xFormat: axis.format })
      g.append("path")
        .attr("class", "series series-coldStarts")
        .attr("fill", palette.coldStart)
        .attr("fill-opacity", 0.85)
        .attr(
          "d",
          stepBand(
            tl.t,
            tl.bucketSeconds,
            tl.t.map(() => 0),
            tl.coldStarts,
            x,
            y,
            duration
          )
        )
      g.append("path")
        .attr("class", "series series-flashStarts")
        .attr("fill", palette.flashStart)
        .attr("fill-opacity", 0.85)
        .attr("d", stepBand(tl.t, tl.bucketSeconds, tl.coldStarts, both, x, y, duration))
      legend(g, [
        { label: "cold start", color: palette.coldStart, kind: "area" },
        { label: "FlashBoot", color: palette.flashStart, kind: "area" }
      ])
    }
  )
}
