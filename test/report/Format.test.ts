/** Format: number formatters at their unit boundaries, units chosen after rounding. */
import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import {
  absent,
  formatBucket,
  formatCount,
  formatSeconds,
  formatSecondsCell,
  formatSecondsShort,
  formatShare,
  formatUsd,
  humanDuration,
  formatRelativeError,
  tableUnit,
  tableUnits
} from "../../src/report/Format.ts"

/** A formatted number back to a number ("1,234.5" → 1234.5). */
const parse = (text: string): number => Number(text.replace(/,/g, ""))

describe("formatSeconds", () => {
  it("shows absent, not reached and zero in words", () => {
    expect(formatSeconds(null)).toBe(absent)
    expect(formatSeconds(Number.POSITIVE_INFINITY)).toBe("∞")
    expect(formatSeconds(0)).toBe("0 s")
  })

  it("uses 2 decimals below 10 s, 1 below 2 min, then minutes, then hours from 2 h", () => {
    expect(formatSeconds(0.32)).toBe("0.32 s")
    expect(formatSeconds(0.004)).toBe("0.00 s")
    expect(formatSeconds(9.99)).toBe("9.99 s")
    expect(formatSeconds(10)).toBe("10.0 s")
    expect(formatSeconds(13.6)).toBe("13.6 s")
    expect(formatSeconds(119.9)).toBe("119.9 s")
    expect(formatSeconds(120)).toBe("2.0 min") // 120 / 60
    expect(formatSeconds(150)).toBe("2.5 min")
    expect(formatSeconds(7000)).toBe("116.7 min") // 7000 / 60 = 116.67
    expect(formatSeconds(7200)).toBe("2.0 h")
    expect(formatSeconds(4_444_444)).toBe("1,234.6 h") // 4444444 / 3600 = 1234.57
  })

  test.prop([fc.double({ min: 1e-6, max: 1e8, noNaN: true })])("reads back within half its last digit, in the unit its size calls for", (s) => {
    const text = formatSeconds(s)
    const m = /^([\d,]+\.\d+) (s|min|h)$/.exec(text)
    expect(m).not.toBeNull()
    const [, value, unit] = m!
    // The unit is chosen after rounding: a value never reads as much as the next unit ("120.0 s").
    expect(parse(value!)).toBeLessThan(unit === "h" ? Number.POSITIVE_INFINITY : 120)
    if (unit !== "s") expect(s).toBeGreaterThanOrEqual(unit === "min" ? 119.95 : 7197)
    const size = unit === "s" ? 1 : unit === "min" ? 60 : 3600
    const decimals = value!.split(".")[1]!.length
    expect(Math.abs(parse(value!) * size - s)).toBeLessThanOrEqual(0.5 * 10 ** -decimals * size * (1 + 1e-9))
  })
})

describe("formatUsd, formatCount, formatShare", () => {
  it("gives dollars 4 decimals below $1, cents up to $100, whole dollars from $100", () => {
    expect(formatUsd(null)).toBe(absent)
    expect(formatUsd(0)).toBe("$0.0000")
    expect(formatUsd(0.0137)).toBe("$0.0137")
    expect(formatUsd(0.99)).toBe("$0.9900")
    expect(formatUsd(1)).toBe("$1.00")
    expect(formatUsd(4.56)).toBe("$4.56")
    expect(formatUsd(99.5)).toBe("$99.50")
    expect(formatUsd(100)).toBe("$100")
    expect(formatUsd(1204.4)).toBe("$1,204")
  })

  test.prop([fc.double({ min: 0, max: 1e9, noNaN: true })])("dollars read back within half a cent (or less) of the amount", (x) => {
    const text = formatUsd(x)
    expect(text.startsWith("$")).toBe(true)
    const decimals = text.includes(".") ? text.split(".")[1]!.length : 0
    expect(decimals).toBe(x >= 99.995 ? 0 : x >= 0.99995 ? 2 : 4)
    expect(Math.abs(parse(text.slice(1)) - x)).toBeLessThanOrEqual(0.5 * 10 ** -decimals * (1 + 1e-9) + 1e-12 * x)
  })

  it("rounds counts to whole numbers with thousands separators", () => {
    expect(formatCount(7224)).toBe("7,224")
    expect(formatCount(2.5)).toBe("3")
    expect(formatCount(1_234_567.4)).toBe("1,234,567")
    expect(formatCount(0)).toBe("0")
  })

  it("shows shares as percentages with one decimal", () => {
    expect(formatShare(null)).toBe(absent)
    expect(formatShare(0.125)).toBe("12.5 %")
    expect(formatShare(0.0004)).toBe("0.0 %")
    expect(formatShare(1)).toBe("100.0 %")
  })
})

describe("humanDuration", () => {
  it("picks the largest readable unit: seconds below 2 min, minutes below 1 h, hours below 2 days", () => {
    expect(humanDuration(0.5)).toBe("0.5 s")
    expect(humanDuration(45)).toBe("45 s")
    expect(humanDuration(119)).toBe("119 s")
    expect(humanDuration(120)).toBe("2 min")
    expect(humanDuration(150)).toBe("2.5 min")
    expect(humanDuration(720)).toBe("12 min")
    expect(humanDuration(3600)).toBe("1 h")
    expect(humanDuration(5400)).toBe("1.5 h")
    expect(humanDuration(86400)).toBe("24 h")
    expect(humanDuration(172800)).toBe("2 days")
    expect(humanDuration(30 * 86400)).toBe("30 days")
  })
})

describe("units chosen after rounding", () => {
  it("never shows a value as large as the next unit", () => {
    expect(formatSeconds(9.996)).toBe("10.0 s") // 2 decimals would read 10.00 s
    expect(formatSeconds(119.96)).toBe("2.0 min") // 1 decimal would read 120.0 s
    expect(formatSeconds(7199)).toBe("2.0 h") // 119.98 min would read 120.0 min
    expect(humanDuration(3599)).toBe("1 h") // 59.98 min would read 60.0 min
    expect(humanDuration(119.97)).toBe("2 min")
    expect(formatUsd(99.996)).toBe("$100")
    expect(formatUsd(0.99996)).toBe("$1.00")
    expect(formatSecondsShort(0.9996)).toBe("1 s") // 999.6 ms to 3 digits is 1,000 ms
  })
})

describe("chart and table seconds", () => {
  it("formatSecondsShort: 3 significant digits in ms, s, min or h", () => {
    expect(formatSecondsShort(0.25)).toBe("250 ms")
    expect(formatSecondsShort(1.234)).toBe("1.23 s")
    expect(formatSecondsShort(1000)).toBe("16.7 min")
    expect(formatSecondsShort(10000)).toBe("2.78 h")
  })

  it("formatSecondsCell: no unit; 2 decimals below 10, 1 below 100, whole above; — and ∞", () => {
    expect(formatSecondsCell(0.321)).toBe("0.32")
    expect(formatSecondsCell(13.64)).toBe("13.6")
    expect(formatSecondsCell(99.96)).toBe("100")
    expect(formatSecondsCell(1234.4)).toBe("1,234")
    expect(formatSecondsCell(null)).toBe(absent)
    expect(formatSecondsCell(Number.POSITIVE_INFINITY)).toBe("∞")
  })

  it("formatSecondsCell in a table's unit: the same precision rule, applied to minutes or hours", () => {
    const [, minutes, hours] = tableUnits
    expect(formatSecondsCell(3522, minutes)).toBe("58.7")
    expect(formatSecondsCell(8302, minutes)).toBe("138")
    expect(formatSecondsCell(2, minutes)).toBe("0.03")
    expect(formatSecondsCell(1_000_000, hours)).toBe("278")
    expect(formatSecondsCell(null, hours)).toBe(absent)
  })

  it("tableUnit: the smallest unit in which the table's largest finite value rounds below 10,000", () => {
    expect(tableUnit([0.32, 19]).name).toBe("seconds")
    // the lunch peak: 8,414 s is 2.3 h, still 4 digits in seconds
    expect(tableUnit([2, 8414]).name).toBe("seconds")
    expect(tableUnit([9999.4]).name).toBe("seconds")
    expect(tableUnit([9999.6]).name).toBe("minutes")
    expect(tableUnit([599_969]).name).toBe("minutes") // 9,999.48 min
    expect(tableUnit([600_000]).name).toBe("hours")
    expect(tableUnit([1e9]).name).toBe("hours")
    // absent and unreached values do not count; nothing at all reads in seconds
    expect(tableUnit([null, Number.POSITIVE_INFINITY, 3]).name).toBe("seconds")
    expect(tableUnit([]).name).toBe("seconds")
  })

  it("formatBucket: a chart interval in s, min or h", () => {
    expect(formatBucket(5)).toBe("5 s")
    expect(formatBucket(90)).toBe("1.5 min")
    expect(formatBucket(7200)).toBe("2 h")
  })
})

describe("formatRelativeError", () => {
  it("signs an error, drops the sign when it rounds to zero, and shows none as a dash", () => {
    expect(formatRelativeError(0.125)).toBe("+12.5 %")
    expect(formatRelativeError(-0.03)).toBe("−3.0 %")
    expect(formatRelativeError(0)).toBe("0.0 %")
    expect(formatRelativeError(-0.0004)).toBe("0.0 %")
    expect(formatRelativeError(12.5)).toBe("+1,250.0 %")
    expect(formatRelativeError(null)).toBe("—")
  })
})
