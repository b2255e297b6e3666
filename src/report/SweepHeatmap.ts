/**
 * SweepHeatmap: cost per hour over two varied knobs, a cell per combination shaded on a colour scale
 * the chart shows with its unit, each cell's cost printed in whichever of black or white contrasts
 * more with the cell, and ✓ on the configs meeting every target.
 *
 * Invariants: each config is exactly one cell `<rect x=…>` (the scale bar's rect starts with its
 * class); text colours are inline styles, because the chart stylesheet's `text { fill }` rule beats
 * a `fill` attribute.
 */
import type { ConfigResult, SweepResult } from "../sim/Sweep.ts"
import { chartSvg, innerHeight, innerWidth } from "./Chart.ts"

/** A colour's WCAG relative luminance, from `#rrggbb` or `rgb(r, g, b)`. */
export const luminance = (color: string): number => {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color)
  const rgb = hex !== null ? hex.slice(1).map((h) => parseInt(h, 16)) : (/^rgb\((\d+), ?(\d+), ?(\d+)\)$/.exec(color)?.slice(1).map(Number) ?? [0, 0, 0])
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** The WCAG contrast ratio of two colours (1 to 21). */
export const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

/** The text colour for a background: white or black, whichever contrasts more (at least 4.58 : 1). */
export const inkOn = (background: string): string => (contrast(background, "#ffffff") >= contrast(background, "#000000") ? "#ffffff" : "#000000")

/** Dollars to three significant figures, at most two decimals above $1. */
const usd = (x: number): string => `$${x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toPrecision(2)}`

const emptyCell = "#f0f0f0"
const scaleColors = ["#e6f4f1", "#1f6f64"] as const

/** Cost per hour over two varied knobs: each cell shaded and labelled with its cost; ✓ where every target is met. */
export const heatmap = (s: SweepResult): string => {
  const [a, b] = s.varied as [SweepResult["varied"][number], SweepResult["varied"][number]]
  const key = (v: unknown) => (Array.isArray(v) ? v.join("+") : String(v))
  const costOf = (c: ConfigResult) => {
    const v = c.metrics?.usdPerHour.mean
    return v !== null && v !== undefined && Number.isFinite(v) ? v : undefined
  }
  const costs = s.configs.flatMap((c) => costOf(c) ?? [])
  const lo = costs.length === 0 ? 0 : Math.min(...costs)
  const hi = costs.length === 0 ? 1 : Math.max(...costs)
  const name = (p: string) => p.replace(/^endpoint\./, "")
  const targets = s.slos.length > 0
  return chartSvg(
    "chart-heatmap",
    `Cost per hour by ${name(a.path)} and ${name(b.path)}`,
    `A cell per combination of ${name(a.path)} (x) and ${name(b.path)} (y), labelled with its mean cost per hour in USD and shaded from ${usd(lo)} (light) to ${usd(hi)} (dark)${targets ? "; ✓ marks configs meeting every target" : ""}.`,
    (g, d3m) => {
      const x = d3m.scaleBand<string>().domain(a.values.map(key)).range([0, innerWidth]).padding(0.04)
      const y = d3m.scaleBand<string>().domain(b.values.map(key)).range([innerHeight, 0]).padding(0.04)
      const shade = d3m
        .scaleLinear<string>()
        .domain([lo, hi === lo ? lo + 1 : hi])
        .range([...scaleColors])
      g.append("g").attr("class", "axis x-axis").attr("transform", `translate(0,${innerHeight})`).call(d3m.axisBottom(x))
      g.append("g").attr("class", "axis y-axis").call(d3m.axisLeft(y))
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
      const [bw, bh] = [x.bandwidth(), y.bandwidth()]
      const cells = g.append("g").attr("class", "series series-cells")
      for (const c of s.configs) {
        const cx = x(key(c.settings[a.path]))
        const cy = y(key(c.settings[b.path]))
        if (cx === undefined || cy === undefined) continue
        const cost = costOf(c)
        const fill = cost === undefined ? emptyCell : shade(cost)
        const value = cost !== undefined ? usd(cost) : c.invalid !== undefined ? "invalid" : c.runs === 0 ? "not run" : "—"
        const check = targets && c.meetsAll
        cells
          .append("rect")
          .attr("x", cx)
          .attr("y", cy)
          .attr("width", bw)
          .attr("height", bh)
          .attr("fill", fill)
          .append("title")
          .text(`${c.label}: ${cost === undefined ? value : `${usd(cost)}/h`}${targets ? (c.meetsAll ? ", meets every target" : ", misses a target") : ""}`)
        const size = Math.max(7, Math.min(13, bh * 0.45, bw / ((value.length + (check ? 2 : 0)) * 0.62)))
        const text = cells
          .append("text")
          .attr("class", "cell-value")
          .attr("x", cx + bw / 2)
          .attr("y", cy + bh / 2 + size * 0.35)
          .attr("text-anchor", "middle")
          .attr("style", `fill:${cost === undefined ? "#52606d" : inkOn(fill)};font-size:${size.toFixed(1)}px;font-weight:600`)
        if (check) text.append("tspan").attr("class", "check").text("✓")
        text.append("tspan").text(check ? ` ${value}` : value)
      }
      // The legend row: ✓ on the left, the colour scale with its unit on the right.
      const row = g.append("g").attr("class", "legend").attr("transform", "translate(0,-16)")
      if (targets) row.append("text").attr("class", "legend-item").attr("x", 0).attr("y", 0).text("✓ meets every target")
      const gradient = g.append("defs").append("linearGradient").attr("id", "chart-heatmap-scale")
      gradient.append("stop").attr("offset", "0").attr("stop-color", scaleColors[0])
      gradient.append("stop").attr("offset", "1").attr("stop-color", scaleColors[1])
      const barWidth = 140
      const hiText = usd(hi)
      const barEnd = innerWidth - hiText.length * 7 - 6
      const scale = row.append("g").attr("class", "color-scale")
      scale
        .append("text")
        .attr("x", barEnd + 6)
        .attr("y", 0)
        .text(hiText)
      scale
        .append("rect")
        .attr("class", "color-scale-bar")
        .attr("x", barEnd - barWidth)
        .attr("y", -10)
        .attr("width", barWidth)
        .attr("height", 12)
        .attr("fill", "url(#chart-heatmap-scale)")
        .attr("stroke", "#9aa5b1")
        .attr("stroke-width", 0.5)
      scale
        .append("text")
        .attr("x", barEnd - barWidth - 6)
        .attr("y", 0)
        .attr("text-anchor", "end")
        .text(`cost per hour (USD)  ${usd(lo)}`)
    }
  )
}
