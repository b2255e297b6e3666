/** Chart: the shared frame, time axes with round ticks, clamped path coordinates, legends and timeline merging. */
import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import {
  axes,
  chartBucketSeconds,
  chartBuckets,
  chartFrame,
  chartHeight,
  chartSvg,
  chartTimeline,
  chartWidth,
  finite,
  innerHeight,
  innerWidth,
  legend,
  legendRowHeight,
  margin,
  pathOf,
  rightAxis,
  stepBand,
  stepLine,
  timeAxis
} from "../../src/report/Chart.ts"
import { palette } from "../../src/report/Palette.ts"
import { timelineBucketSeconds } from "../../src/sim/Timeline.ts"
import type { SimResult } from "../../src/sim/SimResult.ts"

type Timeline = SimResult["timeline"]

/** A timeline of `n` buckets where every series is `f(i)`. */
const timeline = (n: number, bucketSeconds: number, f: (i: number) => number): Timeline => {
  const s = Array.from({ length: n }, (_, i) => f(i))
  return {
    bucketSeconds,
    t: Array.from({ length: n }, (_, i) => i * bucketSeconds),
    running: s,
    ready: s,
    initializing: s,
    throttled: s,
    retained: s,
    queued: s,
    arrivals: s,
    completed: s,
    coldStarts: s,
    flashStarts: s,
    flexUsd: s,
    activeUsd: s
  }
}

/** Tick labels of one axis group (`x-axis`, `y-axis`, `y2-axis`), in document order. */
const tickLabels = (svg: string, axis: string): Array<string> => {
  const start = svg.indexOf(`class="axis ${axis}"`)
  if (start < 0) return []
  const rest = svg.slice(start)
  const end = rest.search(/<text class="axis-label"|<g class="axis /)
  return [...rest.slice(0, end < 0 ? undefined : end).matchAll(/<g class="tick"[^>]*><line[^>]*><\/line><text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!)
}

describe("frame", () => {
  it("the plot area is the chart less its margins", () => {
    expect(innerWidth).toBe(chartWidth - margin.left - margin.right)
    expect(innerHeight).toBe(chartHeight - margin.top - margin.bottom)
    expect(innerWidth).toBeGreaterThan(0)
    expect(innerHeight).toBeGreaterThan(0)
  })

  it("gives every worker state its own colour", () => {
    const states = [palette.running, palette.ready, palette.initializing, palette.throttled, palette.retained]
    expect(new Set(states).size).toBe(states.length)
    expect(palette.flex).not.toBe(palette.active)
    expect(palette.coldStart).not.toBe(palette.flashStart)
    expect(palette.delayTime).not.toBe(palette.endToEnd)
  })

  it("draws an accessible SVG: title and desc referenced by aria-labelledby, the title shown above the plot", () => {
    const svg = chartSvg("chart-x", "Workers over time", "A description of the chart.", () => undefined)
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/)
    expect(svg).toContain(`viewBox="0 0 ${chartWidth} ${chartHeight}"`)
    expect(svg).toContain('role="img"')
    expect(svg).toContain('aria-labelledby="chart-x-title chart-x-desc"')
    expect(svg).toContain('<title id="chart-x-title">Workers over time</title>')
    expect(svg).toContain('<desc id="chart-x-desc">A description of the chart.</desc>')
    expect(svg).toMatch(/<text class="chart-title"[^>]*>Workers over time<\/text>/)
    // the plot group is shifted by the margins
    expect(svg).toContain(`<g transform="translate(${margin.left},${margin.top})">`)
  })

  it("grows by a legend row's height per extra legend row, moving the plot down and keeping its size", () => {
    expect(chartFrame()).toEqual({ height: chartHeight, plotTop: margin.top })
    expect(chartFrame(2)).toEqual({ height: chartHeight + legendRowHeight, plotTop: margin.top + legendRowHeight })
    const svg = chartSvg("c", "t", "d", () => undefined, 2)
    expect(svg).toContain(`viewBox="0 0 ${chartWidth} ${chartHeight + legendRowHeight}"`)
    expect(svg).toContain(`<g transform="translate(${margin.left},${margin.top + legendRowHeight})">`)
  })

  it("escapes text in the title and description", () => {
    const svg = chartSvg("c", "</title><script>alert(1)</script>", 'a & b "quoted"', () => undefined)
    expect(svg).not.toContain("<script")
    expect(svg).toContain("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;")
    expect(svg).toContain("a &amp; b")
    expect(svg.match(/<title/g)).toHaveLength(1)
  })
})

describe("finite and pathOf", () => {
  it("clamps NaN to 0 and infinities to the largest finite values", () => {
    expect(finite(Number.NaN)).toBe(0)
    expect(finite(Number.POSITIVE_INFINITY)).toBe(Number.MAX_VALUE)
    expect(finite(Number.NEGATIVE_INFINITY)).toBe(-Number.MAX_VALUE)
  })

  test.prop([fc.double({ noNaN: true, noDefaultInfinity: true })])("leaves finite numbers alone", (x) => {
    expect(finite(x)).toBe(x)
  })

  it("writes points rounded to 0.1 px, with no -0, NaN or Infinity", () => {
    expect(pathOf([])).toBe("")
    expect(pathOf([[1, 2]])).toBe("M1,2")
    // 3.14159 → 3.1, 4.06 → 4.1, -0.04 → -0.0 → 0
    expect(
      pathOf([
        [0, 0],
        [3.14159, 4.06],
        [-0.04, 10]
      ])
    ).toBe("M0,0L3.1,4.1L0,10")
    expect(pathOf([[Number.NaN, Number.POSITIVE_INFINITY]])).toBe(`M0,${Number.MAX_VALUE}`)
  })

  test.prop([fc.array(fc.tuple(fc.double(), fc.double()), { minLength: 1, maxLength: 20 })])(
    "any points give one M and a finite number per coordinate",
    (points) => {
      const d = pathOf(points)
      expect(d.startsWith("M")).toBe(true)
      const pairs = d.slice(1).split("L")
      expect(pairs).toHaveLength(points.length)
      for (const pair of pairs) {
        const xy = pair.split(",").map(Number)
        expect(xy).toHaveLength(2)
        for (const v of xy) expect(Number.isFinite(v)).toBe(true)
      }
    }
  )
})

describe("timeAxis", () => {
  it("labels short runs in seconds with round steps", () => {
    // 60 s: steps 1, 2, 5 give more than 8 intervals; 10 gives 6 → 0, 10, …, 60
    const a = timeAxis(60)
    expect(a.label).toBe("time (s)")
    expect(a.ticks).toEqual([0, 10, 20, 30, 40, 50, 60])
    expect(a.ticks.map(a.format)).toEqual(["0", "10", "20", "30", "40", "50", "60"])
    // 180 s is the last duration labelled in seconds: 180 / 30 = 6 intervals
    expect(timeAxis(180).label).toBe("time (s)")
    expect(timeAxis(180).ticks).toEqual([0, 30, 60, 90, 120, 150, 180])
  })

  it("switches to minutes above 3 minutes and to hours above 3 hours", () => {
    // 181 s: step 30 s = 0.5 min; 181 itself is not a tick
    const m = timeAxis(181)
    expect(m.label).toBe("time (min)")
    expect(m.ticks.map(m.format)).toEqual(["0", "0.5", "1", "1.5", "2", "2.5", "3"])
    // 1 h: 3600 / 600 = 6 intervals of 10 min
    const hour = timeAxis(3600)
    expect(hour.label).toBe("time (min)")
    expect(hour.ticks.map(hour.format)).toEqual(["0", "10", "20", "30", "40", "50", "60"])
    // 3 h is still minutes (step 1800 s = 30 min); one second more is hours
    expect(timeAxis(3 * 3600).label).toBe("time (min)")
    expect(timeAxis(3 * 3600).ticks.map(timeAxis(3 * 3600).format)).toEqual(["0", "30", "60", "90", "120", "150", "180"])
    const h = timeAxis(3 * 3600 + 1)
    expect(h.label).toBe("time (h)")
    expect(h.ticks.map(h.format)).toEqual(["0", "0.5", "1", "1.5", "2", "2.5", "3"])
  })

  it("switches to days above 4 days", () => {
    // 4 days: 345600 / 43200 = 8 intervals of 12 h
    const fourDays = timeAxis(4 * 86400)
    expect(fourDays.label).toBe("time (h)")
    expect(fourDays.ticks.map(fourDays.format)).toEqual(["0", "12", "24", "36", "48", "60", "72", "84", "96"])
    // 30 days: 2 days would be 15 intervals, 1 week 4.3 → 0, 7, 14, 21, 28
    const month = timeAxis(30 * 86400)
    expect(month.label).toBe("time (days)")
    expect(month.ticks.map(month.format)).toEqual(["0", "7", "14", "21", "28"])
    // 400 days: beyond the largest round step (30 days: 13.3 intervals) → ceil(400 days / 8) = 50 days
    const long = timeAxis(400 * 86400)
    expect(long.label).toBe("time (days)")
    expect(long.ticks.map(long.format)).toEqual(["0", "50", "100", "150", "200", "250", "300", "350", "400"])
  })

  test.prop([fc.double({ min: 1, max: 1e9, noNaN: true })])("ticks start at 0, are evenly spaced, at most 9, and reach within one step of the end", (d) => {
    const a = timeAxis(d)
    expect(a.ticks[0]).toBe(0)
    expect(a.ticks.length).toBeGreaterThanOrEqual(2)
    expect(a.ticks.length).toBeLessThanOrEqual(9)
    const step = a.ticks[1]! - a.ticks[0]!
    a.ticks.forEach((t, i) => expect(t).toBeCloseTo(i * step, 6))
    const last = a.ticks[a.ticks.length - 1]!
    expect(last).toBeLessThanOrEqual(d + 1e-9)
    expect(last + step).toBeGreaterThan(d)
    // one unit for the whole axis, and each label reads back as its tick (to 0.05 of the unit)
    const size = { "time (s)": 1, "time (min)": 60, "time (h)": 3600, "time (days)": 86400 }[a.label]
    expect(size).toBeDefined()
    for (const t of a.ticks) expect(Math.abs(Number(a.format(t)) * size! - t)).toBeLessThanOrEqual(0.05 * size! + 1e-9)
  })
})

describe("axes, rightAxis and legend", () => {
  it("draws formatted ticks at the given values and both axis labels", () => {
    const svg = chartSvg("c", "t", "d", (g, d3) => {
      const x = d3.scaleLinear().domain([0, 120]).range([0, innerWidth])
      const y = d3.scaleLinear().domain([0, 10]).range([innerHeight, 0])
      axes(g, d3, x, y, { xLabel: "time (min)", yLabel: "workers", xTicks: [0, 60, 120], xFormat: (v) => `${v / 60}m`, yFormat: (v) => `${v}w` })
    })
    expect(tickLabels(svg, "x-axis")).toEqual(["0m", "1m", "2m"])
    const y = tickLabels(svg, "y-axis")
    // d3's 5 ticks over [0, 10]: step 2
    expect(y).toEqual(["0w", "2w", "4w", "6w", "8w", "10w"])
    const labels = [...svg.matchAll(/class="axis-label"[^>]*>([^<]+)</g)].map((m) => m[1])
    expect(labels).toEqual(["time (min)", "workers"])
  })

  it("puts the right axis at the plot's right edge with its own label and format", () => {
    const svg = chartSvg("c", "t", "d", (g, d3) => {
      rightAxis(g, d3, d3.scaleLinear().domain([0, 1]).range([innerHeight, 0]), "billed time ready", (v) => `${Math.round(v * 100)} %`)
    })
    expect(svg).toContain(`class="axis y2-axis" transform="translate(${innerWidth},0)"`)
    expect(tickLabels(svg, "y2-axis")).toEqual(["0 %", "20 %", "40 %", "60 %", "80 %", "100 %"])
    expect(svg).toMatch(/class="axis-label"[^>]*>billed time ready</)
  })

  it("lays the legend out in one row, in order, each entry after the previous one's label", () => {
    const svg = chartSvg("c", "t", "d", (g) =>
      legend(g, [
        { label: "ab", color: "#111111", kind: "area" },
        { label: "cdef", color: "#222222", kind: "line" },
        { label: "x", color: "#333333", kind: "dashed" }
      ])
    )
    const items = [...svg.matchAll(/<g class="legend-item" transform="translate\(([\d.]+),0\)">(.*?)<\/g>/g)]
    // widths: 32 + 7 per character: "ab" 46, "cdef" 60 → x = 0, 46, 106
    expect(items.map((m) => Number(m[1]))).toEqual([0, 46, 106])
    expect(items.map((m) => /<text[^>]*>([^<]*)<\/text>/.exec(m[2]!)![1])).toEqual(["ab", "cdef", "x"])
    expect(items[0]![2]).toMatch(/<rect[^>]*fill="#111111"/)
    expect(items[1]![2]).toMatch(/<line[^>]*stroke="#222222"/)
    expect(items[1]![2]).not.toContain("stroke-dasharray")
    expect(items[2]![2]).toMatch(/<line[^>]*stroke-dasharray="4 3"/)
  })
})

describe("chartBucketSeconds", () => {
  /** The interval drawn for a run of `durationSeconds`, from the report's own timeline bucket. */
  const drawn = (durationSeconds: number) => {
    const bucket = timelineBucketSeconds(durationSeconds)
    const width = chartBucketSeconds(bucket, Math.ceil(durationSeconds / bucket))
    return { bucket, width, intervals: Math.ceil(durationSeconds / width) }
  }

  it("keeps a minute's 1-second buckets: there is nothing finer to draw", () => {
    expect(drawn(60)).toEqual({ bucket: 1, width: 1, intervals: 60 })
  })

  it("draws an hour of 5-second buckets in 30-second intervals, not as a comb of 720 (or 240) steps", () => {
    // 20 s would leave 180 intervals, 30 s 120 (the coarsest at or above 120), 60 s only 60
    expect(drawn(3600)).toEqual({ bucket: 5, width: 30, intervals: 120 })
  })

  it("draws a day of 2-minute buckets in 10-minute intervals", () => {
    // 5 min would leave 288 intervals (over 200), 10 min 144, 15 min 96 (under 120)
    expect(drawn(86_400)).toEqual({ bucket: 120, width: 600, intervals: 144 })
  })

  it("lands between 120 and 200 intervals for runs from 2 hours to a month, on a round width", () => {
    const round = [10, 15, 20, 30, 60, 120, 180, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400]
    for (const d of [2 * 3600, 3 * 3600, 6 * 3600, 86_400, 7 * 86_400, 30 * 86_400]) {
      const { bucket, width, intervals } = drawn(d)
      expect(round, `${d} s`).toContain(width)
      expect(width % bucket, `${d} s`).toBe(0)
      expect(intervals, `${d} s`).toBeGreaterThanOrEqual(chartBuckets.min)
      expect(intervals, `${d} s`).toBeLessThanOrEqual(chartBuckets.max)
    }
    // a week of 15-minute buckets: 1 h (168 intervals), not 2 h (84)
    expect(drawn(7 * 86_400).width).toBe(3600)
  })

  it("never splits a bucket: without a round width in range, the fewest whole buckets that fit", () => {
    // 3,000 buckets of 7 s: no round width below a week is a multiple of 7 → ceil(3000 / 200) = 15 buckets, 105 s (200 intervals)
    expect(chartBucketSeconds(7, 3000)).toBe(105)
    // 350 buckets of 20 s (7,000 s): 30 s leaves 234, 60 s 117 → 2 buckets, 40 s (175)
    expect(chartBucketSeconds(20, 350)).toBe(40)
    // fewer buckets than the chart's intervals: kept as they are, even off the round widths
    expect(chartBucketSeconds(90, 2)).toBe(90)
    expect(chartBucketSeconds(1, 0)).toBe(1)
  })

  it("takes its range: the cost chart's ready share uses fewer, coarser intervals", () => {
    expect(chartBucketSeconds(5, 720, { min: 24, max: 40 })).toBe(120)
    expect(chartBucketSeconds(120, 720, { min: 24, max: 40 })).toBe(3600)
  })
})

describe("chartTimeline", () => {
  it("keeps a timeline of at most the chart's intervals as it is", () => {
    const tl = timeline(chartBuckets.max, 1, (i) => i)
    expect(chartTimeline(tl)).toBe(tl)
  })

  it("averages an hour's 720 five-second buckets into 120 of 30 s: averages averaged, counts summed", () => {
    const tl = timeline(720, 5, (i) => i)
    const m = chartTimeline(tl)
    expect(m.bucketSeconds).toBe(30)
    expect(m.t).toHaveLength(120)
    expect(m.t.slice(0, 3)).toEqual([0, 30, 60])
    // running (a time average): mean of 0…5, of 6…11, …
    expect(m.running.slice(0, 3)).toEqual([2.5, 8.5, 14.5])
    expect(m.queued[119]).toBe(716.5)
    // arrivals (a count): 0 + … + 5 = 15, 6 + … + 11 = 51
    expect(m.arrivals.slice(0, 2)).toEqual([15, 51])
    expect(m.flexUsd.slice(0, 2)).toEqual([15, 51])
  })

  it("makes the last interval shorter when the buckets do not divide evenly", () => {
    // 201 buckets of 10 s: 10 s leaves 201 (over 200), 20 s 101 intervals, 30 s 67 → 20 s; the last holds bucket 200 alone
    const m = chartTimeline(timeline(201, 10, (i) => i))
    expect(m.bucketSeconds).toBe(20)
    expect(m.t).toHaveLength(101)
    expect(m.running[100]).toBe(200)
    expect(m.arrivals[100]).toBe(200)
  })

  test.prop([fc.integer({ min: 1, max: 3000 }), fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 50 })])(
    "never exceeds the chart's intervals, keeps every count and the time-weighted area of every average",
    (n, pattern) => {
      const tl = timeline(n, 1, (i) => pattern[i % pattern.length]!)
      const m = chartTimeline(tl)
      expect(m.t.length).toBeLessThanOrEqual(chartBuckets.max)
      // never more than halved below the limit: at least min(n, max / 2) intervals
      expect(m.t.length).toBeGreaterThanOrEqual(Math.min(n, chartBuckets.max / 2))
      expect(m.t[0]).toBe(0)
      const factor = m.bucketSeconds / tl.bucketSeconds
      expect(Number.isInteger(factor)).toBe(true)
      const sum = (xs: ReadonlyArray<number>) => xs.reduce((a, b) => a + b, 0)
      for (const key of ["arrivals", "completed", "coldStarts", "flashStarts", "flexUsd", "activeUsd"] as const) expect(sum(m[key])).toBe(sum(tl[key]))
      for (const key of ["running", "ready", "initializing", "throttled", "retained", "queued"] as const) {
        // each merged value covers `factor` buckets, the last one what is left
        const area = m[key].reduce((a, v, j) => a + v * Math.min(factor, n - j * factor), 0)
        expect(area).toBeCloseTo(sum(tl[key]), 6)
      }
    }
  )
})

describe("step shapes", () => {
  it("draws a band as the upper steps left to right, then the lower steps back", () => {
    // buckets [0, 1) and [1, 2): upper 2 then 3, lower 0 then 1
    expect(
      stepBand(
        [0, 1],
        1,
        [0, 1],
        [2, 3],
        (v) => v,
        (v) => v
      )
    ).toBe("M0,2L1,2L1,3L2,3L2,1L1,1L1,0L0,0Z")
    // scales are applied: x doubled, y flipped around 10
    expect(
      stepBand(
        [0],
        5,
        [1],
        [4],
        (v) => 2 * v,
        (v) => 10 - v
      )
    ).toBe("M0,6L10,6L10,9L0,9Z")
  })

  it("draws a line as a flat step per bucket", () => {
    expect(
      stepLine(
        [0, 10, 20],
        10,
        [1, 3, 2],
        (v) => v,
        (v) => v
      )
    ).toBe("M0,1L10,1L10,3L20,3L20,2L30,2")
    expect(
      stepLine(
        [],
        10,
        [],
        (v) => v,
        (v) => v
      )
    ).toBe("")
  })

  it("stops the last interval at the run's end, not a whole interval later (off the plot)", () => {
    // A 25-second run in 10-second intervals: the last interval is [20, 25), not [20, 30).
    expect(
      stepLine(
        [0, 10, 20],
        10,
        [1, 3, 2],
        (v) => v,
        (v) => v,
        25
      )
    ).toBe("M0,1L10,1L10,3L20,3L20,2L25,2")
    expect(
      stepBand(
        [0, 10, 20],
        10,
        [0, 0, 0],
        [1, 1, 1],
        (v) => v,
        (v) => v,
        25
      )
    ).toBe("M0,1L10,1L10,1L20,1L20,1L25,1L25,0L20,0L20,0L10,0L10,0L0,0Z")
  })
})
