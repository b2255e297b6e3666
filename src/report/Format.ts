/**
 * Format: how scalecast writes numbers for people, in every report (terminal, Markdown, HTML,
 * charts, tables): seconds in the unit that keeps them readable, dollars, counts, shares, durations.
 * The unit is chosen after rounding, so 119.96 s reads "2.0 min", never "120.0 s". An absent figure
 * (nothing to compute it from) reads "—", a figure not reached (targets count unfinished requests
 * as infinitely late) "∞". Pure.
 */

/** What an absent figure (nothing to compute it from, e.g. no request completed) shows as. */
export const absent = "—"

/** What a figure that is not reached (+Infinity) shows as. */
export const notReached = "∞"

/** Fixed decimals with thousands separators: fixed(1234.5, 1) = "1,234.5". */
export const fixed = (n: number, digits: number): string => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })

/** A whole number with thousands separators: "7,224". */
export const formatCount = (n: number): string => Math.round(n).toLocaleString("en-US")

const roundTo = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits

/**
 * `x` in the first unit whose rounded value stays below the unit's limit. Each tier is
 * [limit, divisor, decimals, unit]; `decimals` is a number of decimals or "3sig" (3 significant).
 */
const inUnits = (x: number, tiers: ReadonlyArray<readonly [number, number, number | "3sig", string]>): string => {
  for (const [limit, divisor, decimals, unit] of tiers) {
    const v = decimals === "3sig" ? +(x / divisor).toPrecision(3) : roundTo(x / divisor, decimals)
    if (Math.abs(v * divisor) < limit) return `${decimals === "3sig" ? String(v) : fixed(v, decimals)}${unit}`
  }
  return String(x)
}

/** Seconds with sensible precision: "0.32 s", "13.6 s", "2.5 min", "3.1 h"; "—" when absent, "∞" when not reached. */
export const formatSeconds = (s: number | null): string =>
  s === null
    ? absent
    : s === Number.POSITIVE_INFINITY
      ? notReached
      : s === 0
        ? "0 s"
        : inUnits(s, [
            [10, 1, 2, " s"],
            [120, 1, 1, " s"],
            [7200, 60, 1, " min"],
            [Number.POSITIVE_INFINITY, 3600, 1, " h"]
          ])

/** Seconds to 3 significant digits, for chart labels and ticks: "250 ms", "1.2 s", "16.7 min". */
export const formatSecondsShort = (s: number): string =>
  inUnits(s, [
    [1, 0.001, "3sig", " ms"],
    [120, 1, "3sig", " s"],
    [7200, 60, "3sig", " min"],
    [Number.POSITIVE_INFINITY, 3600, "3sig", " h"]
  ])

/** A unit a whole table of durations is written in: its name for the title, its symbol, its length in seconds. */
export interface TableUnit {
  readonly name: "seconds" | "minutes" | "hours"
  readonly symbol: "s" | "min" | "h"
  readonly seconds: number
}

export const tableUnits: ReadonlyArray<TableUnit> = [
  { name: "seconds", symbol: "s", seconds: 1 },
  { name: "minutes", symbol: "min", seconds: 60 },
  { name: "hours", symbol: "h", seconds: 3600 }
]

/**
 * The one unit for a table of durations, chosen from its largest finite value: the smallest unit
 * in which that value rounds below 10,000 (seconds up to 2.8 h, minutes up to 6.9 days, then
 * hours), so no cell needs more than 4 integer digits and the small values keep their decimals.
 */
export const tableUnit = (seconds: ReadonlyArray<number | null>): TableUnit => {
  const largest = Math.max(0, ...seconds.filter((s): s is number => s !== null && Number.isFinite(s)))
  return tableUnits.find((u) => Math.round(largest / u.seconds) < 10_000) ?? tableUnits[tableUnits.length - 1]!
}

/**
 * Seconds as a table cell in `unit` (seconds unless given), without the unit: "0.32", "13.6",
 * "250"; 2 decimals below 10, 1 below 100, whole numbers above; "—" when absent, "∞" when not reached.
 */
export const formatSecondsCell = (s: number | null, unit: TableUnit = tableUnits[0]!): string =>
  s === null
    ? absent
    : s === Number.POSITIVE_INFINITY
      ? notReached
      : inUnits(s, [
          [10 * unit.seconds, unit.seconds, 2, ""],
          [100 * unit.seconds, unit.seconds, 1, ""],
          [Number.POSITIVE_INFINITY, unit.seconds, 0, ""]
        ])

/** US dollars: "$0.0137", "$4.56", "$1,204"; "—" when absent. */
export const formatUsd = (x: number | null): string =>
  x === null
    ? absent
    : `$${inUnits(x, [
        [1, 1, 4, ""],
        [100, 1, 2, ""],
        [Number.POSITIVE_INFINITY, 1, 0, ""]
      ])}`

/** A share as a percentage: "12.5 %"; "—" when absent. */
export const formatShare = (share: number | null): string => (share === null ? absent : `${fixed(share * 100, 1)} %`)

/** A duration in the largest unit that keeps it readable: "45 s", "12 min", "1 h", "1.5 h", "30 days". */
export const humanDuration = (seconds: number): string => {
  for (const [limit, divisor, unit] of [
    [120, 1, "s"],
    [3600, 60, "min"],
    [172800, 3600, "h"],
    [Number.POSITIVE_INFINITY, 86400, "days"]
  ] as const) {
    const v = roundTo(seconds / divisor, 1)
    if (v * divisor < limit) return `${fixed(v, Number.isInteger(v) ? 0 : 1)} ${unit}`
  }
  return `${seconds} s`
}

/** A chart interval's width: "1 s", "1.5 min", "2 h". */
export const formatBucket = (seconds: number): string =>
  seconds >= 3600 ? `${+(seconds / 3600).toPrecision(3)} h` : seconds >= 60 ? `${+(seconds / 60).toPrecision(3)} min` : `${seconds} s`

/** A signed relative error as a percentage, "+12.5 %" / "−3.0 %" ("0.0 %" when it rounds to zero); "—" when there is none. */
export const formatRelativeError = (e: number | null): string => {
  if (e === null) return absent
  const text = fixed(Math.abs(e) * 100, 1)
  return Number(text.replace(/,/g, "")) === 0 ? "0.0 %" : `${e > 0 ? "+" : "−"}${text} %`
}
