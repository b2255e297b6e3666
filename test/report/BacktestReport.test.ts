/**
 * BacktestReport: the comparison table (rows, signed percentage errors, absent figures), the text
 * and Markdown reports, the two overlay charts and the HTML page, from backtests built by hand.
 */
import { describe, expect, it } from "vitest"
import { backtestHtml, backtestMarkdown, backtestText, comparisonRows, delayCdfChart, healthChart } from "../../src/report/BacktestReport.ts"
import { innerHeight, innerWidth } from "../../src/report/Chart.ts"
import type { Backtest, HealthComparison } from "../../src/sim/Backtest.ts"
import type { JobFigures } from "../../src/sim/JobFigures.ts"
import { quantilePercents } from "../../src/sim/SimResult.ts"

const requests = (over: Partial<JobFigures["requests"]>): JobFigures["requests"] => ({
  total: 0,
  completed: 0,
  failed: 0,
  timedOut: 0,
  cancelled: 0,
  inQueue: 0,
  inProgress: 0,
  ...over
})

const observed: JobFigures = {
  requests: requests({ total: 1234, completed: 1200, cancelled: 34 }),
  delayTime: { mean: 1.6, p50: 1.2, p90: 3.4, p95: 4, p99: 12.5 },
  executionTime: { mean: 2, p50: 2, p90: 2, p95: 2, p99: 2 },
  endToEnd: { mean: 3.6, p50: 3.2, p90: 5.4, p95: 6, p99: 14.5 },
  workerStarts: 5
}

const predicted: JobFigures = {
  requests: requests({ total: 1200, completed: 1199, failed: 1 }),
  delayTime: { mean: 1.8, p50: 1.164, p90: 3.4, p95: 4, p99: 31.25 },
  executionTime: { mean: 2, p50: 2, p90: 2, p95: 2, p99: 2 },
  endToEnd: { mean: 3.8, p50: 3.164, p90: 5.4, p95: 6, p99: null },
  workerStarts: 4
}

const health: HealthComparison = {
  atSeconds: [0, 30, 60],
  observedWorkers: [2, 1, 3],
  predictedWorkers: [1, 1, 2],
  observedInQueue: [4, 0, 1],
  predictedInQueue: [0, 0, 1],
  workersMeanAbsoluteError: 0.6667,
  inQueueMeanAbsoluteError: 1.3333,
  pollsOutside: 0
}

/** Increasing delays, one per quantile percent. */
const curve = (scale: number) => quantilePercents.map((p) => (scale * (p + 1)) / 100)

const base: Backtest = {
  scenario: "tiny",
  seed: 42,
  observed,
  predicted,
  error: {
    delayTime: { mean: 0.125, p50: -0.03, p90: null, p95: 0, p99: 1.5 },
    endToEnd: { mean: 0.0556, p50: -0.0113, p90: 0, p95: 0, p99: null },
    workerStarts: -0.2,
    delayTimeKs: 0.125,
    firstDelayKs: 0.5
  },
  delayQuantiles: { percents: quantilePercents, observed: curve(1), predicted: curve(2) },
  health: null,
  replayed: 1200,
  notes: ["34 cancelled jobs that never ran were not replayed (scalecast does not model cancellation)", "submittedAt read as epoch seconds"]
}

const withHealth: Backtest = { ...base, health }

describe("comparisonRows", () => {
  it("lists all requests, the statuses nonzero on either side, delayTime, end-to-end and worker starts", () => {
    expect(comparisonRows(base)).toEqual([
      ["requests (all)", "1,234", "1,200", "—"],
      ["requests completed", "1,200", "1,199", "—"],
      ["requests failed", "0", "1", "—"], // predicted only
      ["requests cancelled", "34", "0", "—"], // observed only
      ["delayTime mean", "1.60", "1.80", "+12.5 %"],
      ["delayTime p50", "1.20", "1.16", "−3.0 %"],
      ["delayTime p90", "3.40", "3.40", "—"],
      ["delayTime p95", "4.00", "4.00", "0.0 %"],
      ["delayTime p99", "12.5", "31.3", "+150.0 %"],
      ["end-to-end mean", "3.60", "3.80", "+5.6 %"],
      ["end-to-end p50", "3.20", "3.16", "−1.1 %"],
      ["end-to-end p90", "5.40", "5.40", "0.0 %"],
      ["end-to-end p95", "6.00", "6.00", "0.0 %"],
      ["end-to-end p99", "14.5", "—", "—"],
      ["worker starts", "5", "4", "−20.0 %"]
    ])
  })

  it("shows no status rows when both sides are zero, and — for absent worker starts", () => {
    const b: Backtest = {
      ...base,
      observed: { ...observed, requests: requests({ total: 3, completed: 3 }), workerStarts: null },
      predicted: { ...predicted, requests: requests({ total: 3, completed: 3 }), workerStarts: 2 },
      error: { ...base.error, workerStarts: null, firstDelayKs: null }
    }
    const rows = comparisonRows(b)
    expect(rows.filter((r) => r[0]!.startsWith("requests")).map((r) => r[0])).toEqual(["requests (all)", "requests completed"])
    expect(rows[rows.length - 1]).toEqual(["worker starts", "—", "2", "—"])
    expect(rows.length).toBe(2 + 5 + 5 + 1)
  })
})

describe("backtestText", () => {
  it("has the header line, the aligned table, the KS sentences and the notes", () => {
    const text = backtestText(base)
    const lines = text.split("\n")
    expect(lines[0]).toBe("Backtest of tiny on 1,200 recorded jobs (seed 42)")
    expect(lines[1]).toBe("")
    expect(lines[2]).toMatch(/^figure\s+observed\s+predicted\s+error$/)
    expect(lines).toContain("delayTime distributions differ by 0.125 (Kolmogorov–Smirnov distance: 0 = identical, 1 = disjoint)")
    expect(lines).toContain("workers' first delays (where starts show) differ by 0.500 (KS)")
    expect(text).not.toContain("health polls")
    expect(lines.slice(-3)).toEqual([
      "Notes:",
      "  34 cancelled jobs that never ran were not replayed (scalecast does not model cancellation)",
      "  submittedAt read as epoch seconds"
    ])
    // One table line per row, after the header; the error column right-aligned to the same end.
    const table = lines.slice(2, 2 + 1 + comparisonRows(base).length)
    expect(table[5]).toMatch(/^delayTime mean\s+1\.60\s+1\.80\s+\+12\.5 %$/)
    expect(
      new Set(
        table
          .slice(1)
          .filter((l) => l.endsWith("%"))
          .map((l) => l.length)
      ).size
    ).toBe(1)
  })

  it("adds the health sentence with polls, and no first-delay sentence or notes when absent", () => {
    const text = backtestText({ ...withHealth, error: { ...base.error, firstDelayKs: null }, notes: [] })
    expect(text).toContain("health polls: workers off by 0.67 on average, queue by 1.33 (3 polls)")
    expect(text).not.toContain("first delays")
    expect(text).not.toContain("Notes:")
    expect(text.endsWith("(3 polls)")).toBe(true)
  })
})

/** A table row's cells, outer pipes dropped. */
const cells = (line: string): Array<string> =>
  line
    .slice(1, -1)
    .split("|")
    .map((c) => c.trim())

describe("backtestMarkdown", () => {
  it("is a title, a well-formed table (header, separator, one row per comparison row), distances and notes", () => {
    const md = backtestMarkdown(withHealth)
    const lines = md.split("\n")
    expect(lines[0]).toBe("# Backtest: tiny")
    expect(lines[2]).toBe("1,200 recorded jobs replayed through the scenario's endpoint (seed 42). Error = (predicted − observed) / observed.")
    const table = lines.filter((l) => l.startsWith("|"))
    const rows = comparisonRows(withHealth)
    expect(table.length).toBe(2 + rows.length)
    // The table is contiguous.
    const first = lines.indexOf(table[0]!)
    expect(lines.slice(first, first + table.length)).toEqual(table)
    expect(table[0]).toBe("| figure | observed | predicted | error |")
    expect(table[1]).toBe("|---|---:|---:|---:|")
    for (const line of table) {
      expect(line.startsWith("|") && line.endsWith("|")).toBe(true)
      expect(cells(line).length).toBe(4)
    }
    expect(table.slice(2).map(cells)).toEqual(rows)
    expect(lines).toContain("- delayTime distributions differ by 0.125 (Kolmogorov–Smirnov distance: 0 = identical, 1 = disjoint)")
    expect(lines).toContain("- health polls: workers off by 0.67 on average, queue by 1.33 (3 polls)")
    expect(lines).toContain("## Notes")
    expect(lines).toContain("- submittedAt read as epoch seconds")
    expect(md.endsWith("\n")).toBe(true)
  })

  it("has no notes section without notes", () => {
    expect(backtestMarkdown({ ...base, notes: [] })).not.toContain("## Notes")
  })
})

const pathD = (svg: string, key: string): string => new RegExp(`class="series series-${key}"[^>]*\\sd="([^"]*)"`).exec(svg)![1]!
const points = (d: string): Array<[number, number]> =>
  d === ""
    ? []
    : d
        .replace(/^M/, "")
        .split("L")
        .map((p) => p.split(",").map(Number) as [number, number])

describe("delayCdfChart", () => {
  it("draws the observed and predicted curves from (≤ 1 ms, 0 %) up to 100 %", () => {
    const svg = delayCdfChart(base)
    expect(svg).toContain('id="chart-delay-cdf"')
    for (const key of ["observed", "predicted"]) {
      const p = points(pathD(svg, key))
      expect(p.length).toBe(quantilePercents.length + 1)
      expect(p[0]).toEqual([0, innerHeight])
      expect(p[p.length - 1]![1]).toBe(0)
      // A CDF: never falls (y grows downward), never goes left.
      for (let i = 1; i < p.length; i++) {
        expect(p[i]![0]).toBeGreaterThanOrEqual(p[i - 1]![0])
        expect(p[i]![1]).toBeLessThanOrEqual(p[i - 1]![1])
      }
    }
    // The predicted delays are twice the observed: its curve lies to the right at every share.
    const o = points(pathD(svg, "observed"))
    const pr = points(pathD(svg, "predicted"))
    expect(pr[pr.length - 1]![0]).toBeGreaterThan(o[o.length - 1]![0])
    expect(svg).toContain("Observed p95 4.00, predicted 4.00.")
  })

  it("leaves a side's path empty when nothing completed there", () => {
    const svg = delayCdfChart({ ...base, delayQuantiles: { ...base.delayQuantiles, predicted: [] } })
    expect(pathD(svg, "observed")).not.toBe("")
    expect(pathD(svg, "predicted")).toBe("")
  })
})

describe("healthChart", () => {
  it("draws observed and predicted workers at each poll", () => {
    const svg = healthChart(withHealth)
    expect(svg).toContain('id="chart-health"')
    expect(svg).toContain("at each of 3 health polls")
    expect(svg).toContain("Mean absolute difference 0.67 workers.")
    // x over [0, 60 s]; y over [0, 3 × 1.15].
    const y = (v: number) => +(innerHeight - (v / 3.45) * innerHeight).toFixed(1)
    const x = [0, +(innerWidth / 2).toFixed(1), innerWidth]
    expect(points(pathD(svg, "observed"))).toEqual([
      [x[0], y(2)],
      [x[1], y(1)],
      [x[2], y(3)]
    ])
    expect(points(pathD(svg, "predicted"))).toEqual([
      [x[0], y(1)],
      [x[1], y(1)],
      [x[2], y(2)]
    ])
  })
})

describe("backtestHtml", () => {
  it("holds the delayTime chart, and the health chart only with polls", () => {
    const without = backtestHtml(base)
    expect(without).toMatch(/^<!doctype html>/)
    expect(without).toContain('id="chart-delay-cdf"')
    expect(without).not.toContain("chart-health")
    const page = backtestHtml(withHealth)
    expect(page).toContain('id="chart-delay-cdf"')
    expect(page).toContain('id="chart-health"')
    expect(pathD(page, "observed")).not.toBe("")
    expect(pathD(page, "predicted")).not.toBe("")
    expect(page).toContain("<h2>Notes</h2>")
    expect(page).toContain('<th scope="row">delayTime mean</th><td>1.60</td><td>1.80</td><td>+12.5 %</td>')
  })

  it("escapes the scenario name and the notes", () => {
    const page = backtestHtml({ ...withHealth, scenario: "<script>alert(1)</script>", notes: ['a <b>bold</b> & "quoted" note'] })
    expect(page).not.toMatch(/<script/i)
    expect(page).toContain("<title>scalecast backtest: &lt;script&gt;alert(1)&lt;/script&gt;</title>")
    expect(page).toContain("<h1>Backtest: &lt;script&gt;alert(1)&lt;/script&gt;</h1>")
    expect(page).toContain("<li>a &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; note</li>")
    expect(page).not.toContain("<b>")
  })

  it("has no notes section without notes", () => {
    expect(backtestHtml({ ...base, notes: [] })).not.toContain("<h2>Notes</h2>")
  })
})
