/**
 * SweepPareto: the sweep's cost/latency chart. Every measured config is a point at its mean cost per
 * hour (x) and mean latency figure (y), on axes fitted to the data (logarithmic when the data span
 * an order of magnitude); a config whose figure is not reached sits on an "∞" row along the top. The
 * front is joined and its configs marked with diamonds, configs meeting every target are filled and
 * those missing one hollow, the recommended config is ringed and named, and a legend says so.
 *
 * Invariant: each drawn config is exactly one `<circle>`; the legend and the marks draw paths.
 */
import type * as d3 from "d3"
import type { RunMetricName } from "../models/Slo.ts"
import type { ConfigResult, SweepResult } from "../sim/Sweep.ts"
import { chartSvg, finite, innerHeight, innerWidth, margin, type G } from "./Chart.ts"
import { palette } from "./Palette.ts"

/**
 * The axis domain for these values: their range padded by `pad` of its span on each side, on a log
 * scale (padded in decades) when all are positive and the largest is at least 10 × the smallest. A
 * linear domain never goes below 0 for data that does not, and a single value (or a span lost in
 * rounding) gets ±10 %.
 */
export const fitAxis = (values: ReadonlyArray<number>, pad = 0.06): { readonly log: boolean; readonly domain: readonly [number, number] } => {
  if (values.length === 0) return { log: false, domain: [0, 1] }
  const lo = Math.min(...values)
  const hi = Math.max(...values)
  if (lo > 0 && hi / lo >= 10) {
    const [a, b] = [Math.log10(lo), Math.log10(hi)]
    return { log: true, domain: [10 ** (a - (b - a) * pad), 10 ** (b + (b - a) * pad)] }
  }
  // A span lost in floating point (1e-9 and 1.0000000000000003e-9) is padded like a single value:
  // its own padding would round away and leave the largest value on the edge.
  const margin = hi - lo > Math.abs(hi) * 1e-9 ? (hi - lo) * pad : hi !== 0 ? Math.abs(hi) * 0.1 : 1
  return { log: false, domain: [lo >= 0 ? Math.max(0, lo - margin) : lo - margin, hi + margin] }
}

/** Ticks for a log axis over [lo, hi]: 1, 2, 5 per decade, or only powers of ten when that is too many. */
export const logTicks = (lo: number, hi: number): Array<number> => {
  let ticks: Array<number> = []
  for (const mantissas of [[1, 2, 5], [1]]) {
    ticks = []
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++)
      for (const m of mantissas) {
        const t = +(m * 10 ** e).toPrecision(12)
        if (t >= lo && t <= hi) ticks.push(t)
      }
    if (ticks.length <= 8) break
  }
  return ticks
}

interface FittedScale {
  readonly at: (v: number) => number
  readonly axis: d3.AxisScale<number>
  readonly ticks: ReadonlyArray<number>
  readonly format: (v: number) => string
}

const fittedScale = (d3m: typeof d3, values: ReadonlyArray<number>, range: readonly [number, number]): FittedScale => {
  const { log, domain } = fitAxis(values)
  if (log) {
    const s = d3m.scaleLog().domain(domain).range(range)
    return { at: s, axis: s, ticks: logTicks(domain[0], domain[1]), format: (v) => String(+v.toPrecision(3)) }
  }
  const s = d3m.scaleLinear().domain(domain).range(range)
  const format = s.tickFormat(6)
  return { at: s, axis: s, ticks: s.ticks(6), format: (v) => format(v) }
}

/** Grid, both axes with the given ticks, and axis labels (the classes every scalecast chart uses). */
const drawAxes = (g: G, d3m: typeof d3, x: FittedScale, y: FittedScale, xLabel: string, yLabel: string): void => {
  g.append("g")
    .attr("class", "grid")
    .call(
      d3m
        .axisLeft(y.axis)
        .tickValues([...y.ticks])
        .tickSize(-innerWidth)
        .tickFormat(() => "")
    )
  g.append("g")
    .attr("class", "axis y-axis")
    .call(
      d3m
        .axisLeft(y.axis)
        .tickValues([...y.ticks])
        .tickFormat((v) => y.format(Number(v)))
    )
  g.append("g")
    .attr("class", "axis x-axis")
    .attr("transform", `translate(0,${innerHeight})`)
    .call(
      d3m
        .axisBottom(x.axis)
        .tickValues([...x.ticks])
        .tickFormat((v) => x.format(Number(v)))
    )
  g.append("text")
    .attr("class", "axis-label")
    .attr("x", innerWidth / 2)
    .attr("y", innerHeight + 38)
    .attr("text-anchor", "middle")
    .text(xLabel)
  g.append("text")
    .attr("class", "axis-label")
    .attr("transform", `translate(-46,${innerHeight / 2}) rotate(-90)`)
    .attr("text-anchor", "middle")
    .text(yLabel)
}

/** How each kind of Pareto point looks; the legend draws the same marks. */
const marks = {
  meets: { fill: palette.flex, stroke: palette.flex },
  misses: { fill: "#fff", stroke: palette.max },
  front: palette.running,
  recommended: "#1f2933"
} as const

/** A d3 symbol's path centred on (cx, cy), outlined, not filled. */
const outline = (parent: G, d3m: typeof d3, type: d3.SymbolType, size: number, cx: number, cy: number, color: string, cls: string) =>
  parent
    .append("path")
    .attr("class", cls)
    .attr("transform", `translate(${finite(cx).toFixed(1)},${finite(cy).toFixed(1)})`)
    .attr("d", d3m.symbol().type(type).size(size)()!)
    .attr("fill", "none")
    .attr("stroke", color)
    .attr("stroke-width", 1.5)

/** The estimated width of bold 12 px chart text, per character (wide fonts included). */
const labelCharWidth = 8

/**
 * Where the recommended config's label goes: beside the point (left or right), at the first of a
 * few heights above or below it whose box stays inside the plot (or the right margin) and covers
 * the fewest other points; a label moved away from the point gets a leader line. The first of
 * `texts` that fits somewhere is used, else the last.
 */
export const labelPlace = (
  [cx, cy]: readonly [number, number],
  others: ReadonlyArray<readonly [number, number]>,
  texts: ReadonlyArray<string>
): { readonly x: number; readonly y: number; readonly anchor: "start" | "end"; readonly leader: boolean; readonly text: string } => {
  const candidates = texts.flatMap((text, preference) =>
    [-14, 24, -38, 48, -62, 72, -86].flatMap((dy) =>
      (cx <= innerWidth / 2 ? (["start", "end"] as const) : (["end", "start"] as const)).map((anchor) => {
        const x = anchor === "start" ? cx + 14 : cx - 14
        const width = text.length * labelCharWidth
        const [left, right, top, bottom] = [anchor === "start" ? x : x - width, anchor === "start" ? x + width : x, cy + dy - 12, cy + dy + 4]
        const inside = left >= 0 && right <= innerWidth + margin.right - 8 && top >= 0 && bottom <= innerHeight
        const covered = others.filter(([px, py]) => px >= left - 6 && px <= right + 6 && py >= top - 6 && py <= bottom + 6).length
        const score = (inside ? 0 : 1e7) + preference * 1e5 + covered * 1000 + Math.abs(dy)
        return { x: finite(x), y: finite(cy + dy), anchor, leader: Math.abs(dy) > 24, text, score }
      })
    )
  )
  const { score: _, ...best } = candidates.reduce((a, b) => (b.score < a.score ? b : a))
  return best
}

/** The y of the row where configs whose figure is not reached sit, above the finite range. */
const infinityRowY = 0
const infinityGap = 22

/** Cost per hour against the Pareto metric: every measured config a point, the front joined and marked. */
export const paretoChart = (s: SweepResult, metric: RunMetricName): string => {
  const points = s.configs.filter((c) => c.metrics !== undefined && c.metrics.usdPerHour.mean !== null && Number.isFinite(c.metrics.usdPerHour.mean))
  const costOf = (c: ConfigResult) => c.metrics!.usdPerHour.mean!
  const figureOf = (c: ConfigResult): number | undefined => {
    const v = c.metrics![metric].mean
    return v !== null && Number.isFinite(v) ? v : undefined
  }
  const unreached = points.filter((c) => figureOf(c) === undefined).length
  const unpriced = s.configs.filter((c) => c.metrics !== undefined).length - points.length
  const unit = metric.includes(".") ? " s" : ""
  const targets = s.slos.length > 0
  const recommended = s.recommendation?.label
  return chartSvg(
    "chart-pareto",
    `Cost vs ${metric}`,
    `Each point is one config: mean cost per hour (x) and mean ${metric}${unit === "" ? "" : " in seconds"} (y) over ${s.replications} replications, on axes fitted to the data. The Pareto front (no config both cheaper and better) is joined and marked with diamonds; ${targets ? "configs meeting every target are filled, those missing one hollow; " : ""}the recommended config is ringed and named.${unreached > 0 ? ` ${unreached} config${unreached === 1 ? "" : "s"} on the ∞ row: ${metric} not reached (too many requests did not complete).` : ""}${unpriced > 0 ? ` ${unpriced} config${unpriced === 1 ? "" : "s"} not drawn: no cost figure.` : ""}`,
    (g, d3m) => {
      const finiteFigures = points.flatMap((c) => figureOf(c) ?? [])
      const top = unreached > 0 ? infinityGap : 0
      const x = fittedScale(d3m, points.map(costOf), [0, innerWidth])
      const y = fittedScale(d3m, finiteFigures, [innerHeight, top])
      drawAxes(g, d3m, x, y, "cost per hour (USD)", unit === "" ? metric : `${metric} (s)`)
      if (unreached > 0) {
        const row = g.append("g").attr("class", "infinity-row")
        row
          .append("line")
          .attr("x1", 0)
          .attr("x2", innerWidth)
          .attr("y1", infinityRowY)
          .attr("y2", infinityRowY)
          .attr("stroke", "#e4e7eb")
          .attr("stroke-dasharray", "4 3")
        row
          .append("text")
          .attr("x", -9)
          .attr("y", infinityRowY + 4)
          .attr("text-anchor", "end")
          .text("∞")
      }
      const at = (c: ConfigResult): readonly [number, number] => {
        const v = figureOf(c)
        return [finite(x.at(costOf(c))), v === undefined ? infinityRowY : finite(y.at(v))]
      }
      const front = points.filter((c) => c.pareto && figureOf(c) !== undefined).sort((a, b) => costOf(a) - costOf(b))
      g.append("path")
        .attr("class", "series series-front")
        .attr("fill", "none")
        .attr("stroke", marks.front)
        .attr("stroke-width", 1.5)
        .attr("d", front.length === 0 ? "" : `M${front.map((c) => at(c).map((v) => v.toFixed(1))).join("L")}`)
      const frontMarks = g.append("g").attr("class", "series series-front-marks")
      for (const c of front) outline(frontMarks, d3m, d3m.symbolDiamond2, 110, ...at(c), marks.front, "front-mark")
      const dots = g.append("g").attr("class", "series series-configs")
      // The recommended config last, so no other point covers it.
      for (const c of [...points.filter((c) => c.label !== recommended), ...points.filter((c) => c.label === recommended)]) {
        const [cx, cy] = at(c)
        const look = c.meetsAll ? marks.meets : marks.misses
        const v = figureOf(c)
        const facts = [
          targets ? (c.meetsAll ? "meets every target" : "misses a target") : "",
          c.pareto ? "on the Pareto front" : "",
          c.label === recommended ? "recommended" : ""
        ].filter((f) => f !== "")
        dots
          .append("circle")
          .attr("class", `config ${c.meetsAll ? "meets" : "misses"}${c.pareto ? " front" : ""}${c.label === recommended ? " recommended" : ""}`)
          .attr("cx", cx)
          .attr("cy", cy)
          .attr("r", c.label === recommended ? 6 : 4.5)
          .attr("fill", look.fill)
          .attr("stroke", look.stroke)
          .attr("stroke-width", 1.5)
          .append("title")
          .text(
            `${c.label}: $${costOf(c).toFixed(3)}/h, ${metric} ${v === undefined ? "not reached" : `${v.toFixed(2)}${unit}`}${facts.length > 0 ? `; ${facts.join(", ")}` : ""}`
          )
        if (c.label === recommended) {
          outline(dots, d3m, d3m.symbolCircle, 520, cx, cy, marks.recommended, "recommended-mark")
          const label = labelPlace([cx, cy], points.filter((p) => p !== c).map(at), [`recommended: ${c.label}`, "recommended"])
          if (label.leader)
            dots
              .append("line")
              .attr("class", "recommended-leader")
              .attr("x1", cx)
              .attr("y1", cy + (label.y < cy ? -11 : 11))
              .attr("x2", cx)
              .attr("y2", label.y + (label.y < cy ? 4 : -12))
              .attr("stroke", marks.recommended)
          dots
            .append("text")
            .attr("class", "recommended-label")
            .attr("x", label.x)
            .attr("y", label.y)
            .attr("text-anchor", label.anchor)
            .attr("stroke", "#fff")
            .attr("stroke-width", 3)
            .attr("paint-order", "stroke")
            .attr("style", "font-weight:600")
            .text(label.text)
        }
      }
      const items: Array<{ readonly label: string; readonly draw: (entry: G) => void }> = [
        {
          label: "Pareto front",
          draw: (e) => {
            e.append("line").attr("x1", 0).attr("x2", 22).attr("y1", -4).attr("y2", -4).attr("stroke", marks.front).attr("stroke-width", 1.5)
            outline(e, d3m, d3m.symbolDiamond2, 80, 11, -4, marks.front, "legend-mark")
          }
        },
        {
          label: targets ? "meets every target" : "config",
          draw: (e) =>
            e.append("path").attr("transform", "translate(11,-4)").attr("d", d3m.symbol().type(d3m.symbolCircle).size(64)()!).attr("fill", marks.meets.fill)
        },
        ...(targets
          ? [
              {
                label: "misses a target",
                draw: (e: G) => {
                  outline(e, d3m, d3m.symbolCircle, 64, 11, -4, marks.misses.stroke, "legend-mark")
                }
              }
            ]
          : []),
        ...(recommended === undefined
          ? []
          : [
              {
                label: "recommended",
                draw: (e: G) => {
                  outline(e, d3m, d3m.symbolCircle, 240, 11, -4, marks.recommended, "legend-mark")
                }
              }
            ])
      ]
      const row = g.append("g").attr("class", "legend").attr("transform", "translate(0,-16)")
      let offset = 0
      for (const item of items) {
        const entry = row.append("g").attr("class", "legend-item").attr("transform", `translate(${offset},0)`)
        item.draw(entry)
        entry.append("text").attr("x", 28).attr("y", 0).text(item.label)
        offset += 44 + Math.round(item.label.length * 6.6)
      }
    }
  )
}
