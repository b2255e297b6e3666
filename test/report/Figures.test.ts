/** Figures: a target figure and its interval in the metric's unit, "—" when absent and "∞" when not reached. */
import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { runMetricNames } from "../../src/models/Slo.ts"
import { formatFigure, formatInterval, hasUnreadable, unreadableNote } from "../../src/report/Figures.ts"

describe("formatFigure", () => {
  it("writes seconds with 3 decimals below 10 s, 2 below 100 s, then 1", () => {
    expect(formatFigure("endToEnd.p95", 4.12)).toBe("4.120 s")
    expect(formatFigure("endToEnd.p95", 9.9994)).toBe("9.999 s")
    expect(formatFigure("delayTime.mean", 10)).toBe("10.00 s")
    expect(formatFigure("delayTime.mean", 99.994)).toBe("99.99 s")
    expect(formatFigure("executionTime.max", 100)).toBe("100.0 s")
    expect(formatFigure("executionTime.max", 1234.56)).toBe("1234.6 s")
    expect(formatFigure("endToEnd.p95", 4.12, false)).toBe("4.120")
  })

  it("writes dollars with 4 decimals, shares as percentages, counts with one decimal (a mean over replications)", () => {
    expect(formatFigure("usdPerHour", 0.456)).toBe("$0.4560")
    expect(formatFigure("usdPer1000", 12.3)).toBe("$12.3000")
    expect(formatFigure("usdPerHour", 0.456, false)).toBe("0.4560")
    expect(formatFigure("coldStartShare", 0.032)).toBe("3.2 %")
    expect(formatFigure("unfinishedShare", 1)).toBe("100.0 %")
    expect(formatFigure("flashbootShare", 0.032, false)).toBe("3.2")
    expect(formatFigure("failed", 0)).toBe("0.0")
    expect(formatFigure("rejected", 2.5)).toBe("2.5")
    expect(formatFigure("expired", 3, false)).toBe("3.0")
  })

  it("writes — for an absent figure and ∞ for one not reached, whatever the metric", () => {
    for (const m of runMetricNames) {
      expect(formatFigure(m, null)).toBe("—")
      expect(formatFigure(m, Number.POSITIVE_INFINITY)).toBe("∞")
    }
  })

  test.prop([fc.constantFrom(...runMetricNames), fc.double({ min: 0, max: 1e6, noNaN: true })])(
    "a finite figure reads back within half its last digit",
    (m, x) => {
      const text = formatFigure(m, x)
      const number = Number(text.replace(/^\$/, "").replace(/ (s|%)$/, ""))
      expect(Number.isFinite(number)).toBe(true)
      const decimals = text.replace(/ (s|%)$/, "").split(".")[1]!.length
      const scale = m.endsWith("Share") ? 100 : 1
      expect(Math.abs(number - x * scale)).toBeLessThanOrEqual(0.5 * 10 ** -decimals * (1 + 1e-9) + 1e-12 * x * scale)
    }
  )
})

describe("formatInterval", () => {
  it("gives the mean and the half-width of the interval, without units by default", () => {
    // 4.12 ± (4.43 − 4.12 = 0.31)
    expect(formatInterval("endToEnd.p95", { mean: 4.12, low: 3.81, high: 4.43 })).toBe("4.120 ±0.310")
    expect(formatInterval("endToEnd.p95", { mean: 4.12, low: 3.81, high: 4.43 }, true)).toBe("4.120 s ±0.310 s")
    expect(formatInterval("usdPerHour", { mean: 1.5, low: 1.4, high: 1.6 })).toBe("1.5000 ±0.1000")
    // a share of 5 % ± 1 %
    expect(formatInterval("coldStartShare", { mean: 0.05, low: 0.04, high: 0.06 })).toBe("5.0 ±1.0")
    // one replication: a zero-width interval
    expect(formatInterval("failed", { mean: 2, low: 2, high: 2 })).toBe("2.0 ±0.0")
  })

  it("gives — or ∞ alone, with no half-width", () => {
    expect(formatInterval("endToEnd.p95", { mean: null, low: null, high: null })).toBe("—")
    const inf = Number.POSITIVE_INFINITY
    expect(formatInterval("endToEnd.p95", { mean: inf, low: inf, high: inf })).toBe("∞")
  })
})

describe("hasUnreadable and the footnote", () => {
  it("flags intervals that read — or ∞, and only those", () => {
    const ok = { mean: 1, low: 0.5, high: 1.5 }
    expect(hasUnreadable([])).toBe(false)
    expect(hasUnreadable([ok, ok])).toBe(false)
    expect(hasUnreadable([ok, { mean: null, low: null, high: null }])).toBe(true)
    expect(hasUnreadable([{ mean: Number.POSITIVE_INFINITY, low: Number.POSITIVE_INFINITY, high: Number.POSITIVE_INFINITY }, ok])).toBe(true)
  })

  it("explains both symbols", () => {
    expect(unreadableNote).toMatch(/^— no request completed; ∞ not reached/)
    expect(unreadableNote).toContain("(100 − p) %")
  })
})
