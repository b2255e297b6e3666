/**
 * SweepPareto: axes fitted to the data (linear or log), every config a point with the front, the
 * verdicts and the recommendation marked, the label kept clear of other points, and a legend.
 */
import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { runMetricNames, type Interval, type RunMetricName } from "../../src/models/Slo.ts"
import { innerHeight, innerWidth } from "../../src/report/Chart.ts"
import { palette } from "../../src/report/Palette.ts"
import { fitAxis, labelPlace, logTicks, paretoChart } from "../../src/report/SweepPareto.ts"
import type { ConfigResult, SweepResult } from "../../src/sim/Sweep.ts"

const inf = Number.POSITIVE_INFINITY
const point = (x: number | null): Interval => ({ mean: x, low: x, high: x })

/** A config's intervals: 1 everywhere (0 for the shares and counts), `over` where given. */
const metrics = (over: Partial<Record<RunMetricName, Interval>>): Readonly<Record<RunMetricName, Interval>> =>
  Object.fromEntries(runMetricNames.map((m) => [m, over[m] ?? point(m.includes(".") || m.startsWith("usd") ? 1 : 0)])) as Record<RunMetricName, Interval>

/** A measured config at (cost per hour, end-to-end p95). */
const measured = (label: string, usd: number, p95: number, meetsAll: boolean, pareto: boolean, settings: Record<string, number> = {}): ConfigResult => ({
  label,
  settings,
  runs: 3,
  metrics: metrics({ usdPerHour: point(usd), "endToEnd.p95": point(p95) }),
  slos: [{ slo: "endToEnd.p95<=6", meets: meetsAll, shortfall: meetsAll ? 0 : p95 - 6 }],
  meetsAll,
  pareto
})

const invalid: ConfigResult = {
  label: "g",
  settings: {},
  runs: 0,
  invalid: "workers.min: expected at most workers.max",
  slos: [],
  meetsAll: false,
  pareto: false
}

// Costs from $3.20 to $6.10/h, far from 0; d is dominated by b; f's p95 is not reached; g is invalid.
const spread: SweepResult = {
  scenario: { name: "api", seed: 1, durationSeconds: 3600 },
  varied: [{ path: "endpoint.scaling.value", values: [1, 2, 3, 4, 5, 6, 7] }],
  replications: 3,
  slos: ["endToEnd.p95<=6"],
  complete: true,
  runsDone: 18,
  runsTotal: 18,
  configs: [
    measured("a", 3.3, 22, false, true),
    measured("b", 4.2, 10, false, true),
    measured("d", 4.5, 11, false, false),
    measured("recommended one", 5.6, 5.3, true, true),
    measured("e", 6.1, 4.6, true, true),
    measured("f", 3.2, inf, false, false),
    invalid
  ],
  recommendation: null,
  message: "m"
}
const withRecommendation: SweepResult = { ...spread, recommendation: { label: "recommended one", endpoint: {} as never } }

/** Every `<tag …>` in the markup as its attributes (and the text up to the next tag). */
const elements = (svg: string, tag: string): Array<Record<string, string> & { readonly text: string }> =>
  [...svg.matchAll(new RegExp(`<${tag}\\s([^>]*)>([^<]*)`, "g"))].map((m) => ({
    ...Object.fromEntries([...m[1]!.matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
    text: m[2]!
  }))

const circles = (svg: string): Array<Record<string, string> & { readonly title: string }> =>
  [...svg.matchAll(/<circle\s([^>]*)><title>([^<]*)<\/title>/g)].map((m) => ({
    ...Object.fromEntries([...m[1]!.matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
    title: m[2]!
  }))

/** The tick labels of an axis group, in order. */
const ticks = (svg: string, axis: string): Array<string> => {
  const group = new RegExp(`<g class="axis ${axis}"[^>]*>(.*?)</g>(?!<g class="tick")`).exec(svg)![1]!
  return [...group.matchAll(/<g class="tick"[^>]*><line[^>]*><\/line><text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!)
}

/** The translate(x, y) of a `transform` attribute. */
const translation = (t: string): [number, number] => {
  const m = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(t)!
  return [Number(m[1]), Number(m[2])]
}

describe("fitAxis", () => {
  it("fits a linear domain to data far from 0, padded 6 % of the span each side", () => {
    const { log, domain } = fitAxis([3.3, 6.1, 4.2])
    expect(log).toBe(false)
    expect(domain[0]).toBeCloseTo(3.3 - 0.168, 9)
    expect(domain[1]).toBeCloseTo(6.1 + 0.168, 9)
  })

  it("goes logarithmic when the data span an order of magnitude, padded in decades", () => {
    const { log, domain } = fitAxis([0.5, 2, 50])
    expect(log).toBe(true)
    expect(Math.log10(domain[0])).toBeCloseTo(Math.log10(0.5) - 0.12, 9)
    expect(Math.log10(domain[1])).toBeCloseTo(Math.log10(50) + 0.12, 9)
    expect(fitAxis([1, 9.9]).log).toBe(false)
    expect(fitAxis([0, 50]).log).toBe(false) // 0 has no logarithm
  })

  it("never goes below 0 for data that does not, and widens a single value by 10 %", () => {
    expect(fitAxis([0, 4]).domain).toEqual([0, 4.24])
    expect(fitAxis([5]).domain).toEqual([4.5, 5.5])
    expect(fitAxis([0]).domain).toEqual([0, 1])
    expect(fitAxis([]).domain).toEqual([0, 1])
    // a span lost in rounding (found by the property below): padded like one value, not by 6 % of 2e-25
    const [lo, hi] = fitAxis([1.0000000000000003e-9, 1e-9]).domain
    expect(hi).toBeGreaterThan(1.0000000000000003e-9 * 1.09)
    expect(lo).toBeLessThan(1e-9 * 0.91)
  })

  test.prop([fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-9, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 30 })])(
    "holds every value strictly inside, and no negative",
    (xs) => {
      const { domain } = fitAxis(xs)
      expect(domain[0]).toBeGreaterThanOrEqual(0)
      for (const x of xs) {
        expect(x).toBeGreaterThanOrEqual(domain[0])
        expect(x).toBeLessThan(domain[1])
      }
    }
  )
})

describe("logTicks", () => {
  it("ticks 1, 2, 5 per decade, or only the decades when that is more than 8", () => {
    expect(logTicks(0.9, 12)).toEqual([1, 2, 5, 10])
    expect(logTicks(0.3, 60)).toEqual([0.5, 1, 2, 5, 10, 20, 50])
    expect(logTicks(0.01, 1000)).toEqual([0.01, 0.1, 1, 10, 100, 1000])
  })
})

describe("paretoChart", () => {
  const svg = paretoChart(withRecommendation, "endToEnd.p95")
  const dots = circles(svg)
  const byLabel = (label: string) => dots.find((d) => d.title.startsWith(`${label}:`))!

  it("draws every config that has figures as exactly one point, including one whose figure is not reached", () => {
    expect(dots.map((d) => d.title.split(":")[0]).sort()).toEqual(["a", "b", "d", "e", "f", "recommended one"])
    expect(svg.match(/<circle/g)).toHaveLength(6) // the legend draws no circles
    expect(byLabel("f").cy).toBe("0")
    expect(byLabel("f").title).toBe("f: $3.200/h, endToEnd.p95 not reached; misses a target")
    expect(svg).toMatch(/<g class="infinity-row">.*<text[^>]*>∞<\/text>/)
    expect(svg).toContain("1 config on the ∞ row: endToEnd.p95 not reached")
  })

  it("fits the cost axis to the data: far from 0, the cheapest and dearest near the edges", () => {
    // x domain [3.2 − 0.174, 6.1 + 0.174] = [3.026, 6.274]: x($) = 632 · ($ − 3.026) / 3.248
    expect(Number(byLabel("f").cx)).toBeCloseTo((632 * 0.174) / 3.248, 1)
    expect(Number(byLabel("e").cx)).toBeCloseTo((632 * 3.074) / 3.248, 1)
    const xTicks = ticks(svg, "x-axis").map(Number)
    expect(Math.min(...xTicks)).toBeGreaterThan(3)
    expect(xTicks).not.toContain(0)
  })

  it("fits the latency axis to the finite figures below the ∞ row", () => {
    // y domain [4.6 − 1.044, 22 + 1.044] onto [196, 22]: the ∞ row keeps the top 22 px
    const y = (s: number) => 196 - (174 * (s - 3.556)) / 19.488
    expect(Number(byLabel("e").cy)).toBeCloseTo(y(4.6), 1)
    expect(Number(byLabel("a").cy)).toBeCloseTo(y(22), 1)
    expect(Math.min(...ticks(svg, "y-axis").map(Number))).toBeGreaterThan(3)
  })

  it("switches to log axes when costs span orders of magnitude", () => {
    const wide: SweepResult = {
      ...spread,
      configs: [measured("a", 0.5, 40, false, true), measured("b", 5, 10, false, true), measured("c", 50, 0.5, true, true)]
    }
    const w = paretoChart(wide, "endToEnd.p95")
    expect(ticks(w, "x-axis")).toEqual(["0.5", "1", "2", "5", "10", "20", "50"])
    expect(ticks(w, "y-axis")).toEqual(["0.5", "1", "2", "5", "10", "20", "50"])
    const xs = circles(w).map((c) => Number(c.cx))
    expect(xs[1]! - xs[0]!).toBeCloseTo(xs[2]! - xs[1]!, 6) // a decade is a decade
  })

  it("joins the front cheapest first and marks each front config with a diamond at its point", () => {
    const at = (label: string) => `${Number(byLabel(label).cx).toFixed(1)},${Number(byLabel(label).cy).toFixed(1)}`
    expect(/class="series series-front"[^>]*\sd="([^"]*)"/.exec(svg)![1]).toBe(`M${["a", "b", "recommended one", "e"].map(at).join("L")}`)
    const diamonds = elements(svg, "path").filter((p) => p.class === "front-mark")
    expect(
      diamonds.map((p) =>
        translation(p.transform!)
          .map((v) => v.toFixed(1))
          .join(",")
      )
    ).toEqual(["a", "b", "recommended one", "e"].map(at))
    expect(byLabel("d").class).toBe("config misses")
  })

  it("fills configs meeting every target and leaves those missing one hollow", () => {
    for (const label of ["recommended one", "e"]) expect(byLabel(label)).toMatchObject({ fill: palette.flex, stroke: palette.flex })
    for (const label of ["a", "b", "d", "f"]) expect(byLabel(label)).toMatchObject({ fill: "#fff", stroke: palette.max })
  })

  it("rings and names the recommended config, drawn last and larger", () => {
    const rec = byLabel("recommended one")
    expect(dots.at(-1)).toBe(rec)
    expect(rec.r).toBe("6")
    expect(rec.class).toBe("config meets front recommended")
    const ring = elements(svg, "path").find((p) => p.class === "recommended-mark")!
    expect(translation(ring.transform!)).toEqual([Number(Number(rec.cx).toFixed(1)), Number(Number(rec.cy).toFixed(1))])
    const label = elements(svg, "text").find((t) => t.class === "recommended-label")!
    expect(label.text).toBe("recommended: recommended one")
    expect(paretoChart(spread, "endToEnd.p95")).not.toContain("recommended-")
  })

  it("has a legend for the front, both verdicts and the recommendation", () => {
    const legend = (s: SweepResult) =>
      [...paretoChart(s, "endToEnd.p95").matchAll(/<g class="legend-item"[^>]*>.*?<text[^>]*>([^<]*)<\/text><\/g>/g)].map((m) => m[1])
    expect(legend(withRecommendation)).toEqual(["Pareto front", "meets every target", "misses a target", "recommended"])
    expect(legend(spread)).toEqual(["Pareto front", "meets every target", "misses a target"])
    expect(legend({ ...spread, slos: [] })).toEqual(["Pareto front", "config"])
  })

  it("keeps every point inside the plot and every attribute finite", () => {
    for (const d of dots) {
      expect(Number(d.cx)).toBeGreaterThanOrEqual(0)
      expect(Number(d.cx)).toBeLessThanOrEqual(innerWidth)
      expect(Number(d.cy)).toBeGreaterThanOrEqual(0)
      expect(Number(d.cy)).toBeLessThanOrEqual(innerHeight)
    }
    expect(svg).not.toMatch(/NaN|Infinity/)
    const lone = paretoChart({ ...spread, configs: [measured("only", 2, 5, true, true)] }, "endToEnd.p95")
    expect(lone).not.toMatch(/NaN|Infinity/)
    expect(circles(lone)).toHaveLength(1)
    const empty = paretoChart({ ...spread, configs: [invalid] }, "endToEnd.p95")
    expect(empty).not.toMatch(/NaN|Infinity/)
    expect(circles(empty)).toHaveLength(0)
  })
})

describe("labelPlace", () => {
  const inBox = (l: ReturnType<typeof labelPlace>, [px, py]: readonly [number, number]) => {
    const w = l.text.length * 8
    const [left, right] = l.anchor === "start" ? [l.x, l.x + w] : [l.x - w, l.x]
    return px >= left - 6 && px <= right + 6 && py >= l.y - 18 && py <= l.y + 10
  }

  it("puts the label beside the point, toward the middle, when nothing is in the way", () => {
    expect(labelPlace([500, 100], [], ["recommended"])).toEqual({ x: 486, y: 86, anchor: "end", leader: false, text: "recommended" })
    expect(labelPlace([100, 100], [], ["recommended"])).toMatchObject({ x: 114, anchor: "start" })
  })

  it("moves clear of other points, with a leader line when it moves far", () => {
    const others = [
      [450, 86],
      [450, 124],
      [550, 86],
      [550, 124]
    ] as const
    const l = labelPlace([500, 100], others, ["recommended"])
    for (const p of others) expect(inBox(l, p)).toBe(false)
    expect(l.leader).toBe(true)
  })

  it("stays inside the plot (or the right margin) near its edges", () => {
    const top = labelPlace([600, 2], [], ["recommended: a long label"])
    expect(top.y).toBeGreaterThan(2)
    expect(top.x - top.text.length * 8).toBeGreaterThanOrEqual(0)
    const right = labelPlace([200, 100], [], ["recommended: a label long enough to run past the right edge of the plot area"])
    expect(right.anchor).toBe("start")
    expect(right.x + right.text.length * 8).toBeGreaterThan(innerWidth) // not inside anywhere: the least bad
  })

  it("falls back to a shorter text when the long one fits nowhere", () => {
    const long = "recommended: a label long enough to run past both edges of the plot area, whichever side"
    expect(labelPlace([316, 100], [], [long, "recommended"]).text).toBe("recommended")
    expect(labelPlace([316, 100], [], ["recommended: short", "recommended"]).text).toBe("recommended: short")
  })
})
