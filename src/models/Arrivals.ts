/**
 * Arrivals: when requests reach the endpoint (`workload.arrivals`). Models: `poisson` (constant
 * rate), `list` (given times), `piecewise` (step changes), `diurnal` (a daily cycle with optional
 * weekday factors), `bursts` (a base rate plus listed or random bursts) and `trace` (recorded
 * requests; see traces/Trace.ts; backtests replay recorded jobs, records/RecordedArrivals.ts).
 * Synthetic rates can be scaled with `rateMultiplier` ("what if traffic doubles"). `arrivalProcess`
 * turns a model into a generator driven by its own random stream.
 *
 * Invariant: arrival times never decrease; non-homogeneous processes are generated exactly (step
 * rates segment by segment, smooth rates by thinning), never by approximating the rate.
 */
import { Schema } from "effect"
import type { ArrivalProcess } from "./ArrivalProcess.ts"
import { listedBurstsProcess, randomBurstsProcess } from "./arrivals/Bursts.ts"
import { diurnalProcess } from "./arrivals/Diurnal.ts"
import { piecewiseProcess } from "./arrivals/Piecewise.ts"
import { NumberAbove, NumberAtLeast } from "./fields.ts"
import { recordedProcess, type RecordedArrivals } from "./records/RecordedArrivals.ts"
import { TraceArrivals, type PreparedTrace } from "./traces/Trace.ts"
import { traceProcess } from "./traces/TraceReplay.ts"

const rateMultiplier = Schema.optionalKey(NumberAtLeast(0))

export const Poisson = Schema.Struct({ type: Schema.Literal("poisson"), ratePerSecond: NumberAbove(0), rateMultiplier })

const nonDecreasing = <T>(key: (x: T) => number, what: string) =>
  Schema.makeFilter<ReadonlyArray<T>>((xs) => {
    const i = xs.findIndex((x, k) => k > 0 && key(x) < key(xs[k - 1]!))
    return i < 0 || { path: [i], issue: `expected ${what} in non-decreasing order, got ${key(xs[i]!)} after ${key(xs[i - 1]!)}` }
  })

/** Requests at listed times (seconds, non-decreasing): for exact, hand-checkable scenarios. */
export const ArrivalList = Schema.Struct({
  type: Schema.Literal("list"),
  atSeconds: Schema.Array(NumberAtLeast(0)).check(nonDecreasing((x: number) => x, "times"))
})

export const Piecewise = Schema.Struct({
  type: Schema.Literal("piecewise"),
  segments: Schema.Array(Schema.Struct({ fromSeconds: NumberAtLeast(0), ratePerSecond: NumberAtLeast(0) }))
    .check(Schema.isMinLength(1, { expected: "at least one segment" }))
    .check(nonDecreasing((s: { readonly fromSeconds: number }) => s.fromSeconds, "segments")),
  rateMultiplier
})

export const Diurnal = Schema.Struct({
  type: Schema.Literal("diurnal"),
  meanRatePerSecond: NumberAbove(0),
  amplitude: Schema.Number.check(
    Schema.isGreaterThanOrEqualTo(0, { expected: "a number from 0 to 1" }),
    Schema.isLessThanOrEqualTo(1, { expected: "a number from 0 to 1" })
  ),
  periodSeconds: Schema.optionalKey(NumberAbove(0)),
  phaseSeconds: Schema.optionalKey(NumberAtLeast(0)),
  weekdayFactors: Schema.optionalKey(
    Schema.Array(NumberAtLeast(0)).check(
      Schema.isMinLength(7, { expected: "7 factors, day 0 first" }),
      Schema.isMaxLength(7, { expected: "7 factors, day 0 first" })
    )
  ),
  rateMultiplier
})

export const Bursts = Schema.Struct({
  type: Schema.Literal("bursts"),
  baseRatePerSecond: NumberAtLeast(0),
  bursts: Schema.optionalKey(Schema.Array(Schema.Struct({ atSeconds: NumberAtLeast(0), durationSeconds: NumberAbove(0), ratePerSecond: NumberAtLeast(0) }))),
  random: Schema.optionalKey(Schema.Struct({ ratePerSecond: NumberAtLeast(0), meanBurstSeconds: NumberAtLeast(0.001), meanGapSeconds: NumberAtLeast(0.001) })),
  rateMultiplier
}).check(
  Schema.makeFilter(
    (b) =>
      (b.bursts === undefined) !== (b.random === undefined) || {
        path: ["bursts"],
        issue: "expected either bursts (a list) or random (a Markov-modulated process), not both or neither"
      }
  )
)

/** An arrival process as written in a scenario. */
export const Arrivals = Schema.Union([Poisson, ArrivalList, Piecewise, Diurnal, Bursts, TraceArrivals]).annotate({
  expected: '{type: "poisson" | "list" | "piecewise" | "diurnal" | "bursts" | "trace", …}'
})
export type Arrivals = typeof Arrivals.Type

/** Arrivals ready to run: synthetic models as written, traces checked and resolved, or recorded jobs (backtest). */
export type ResolvedArrivals = Exclude<Arrivals, { readonly type: "trace" }> | PreparedTrace | RecordedArrivals

/** A fresh generator for one run. */
export const arrivalProcess = (a: ResolvedArrivals): ArrivalProcess => {
  const m = "rateMultiplier" in a ? (a.rateMultiplier ?? 1) : 1
  switch (a.type) {
    case "trace":
      return traceProcess(a)
    case "recorded":
      return recordedProcess(a)
    case "list": {
      let next = 0
      return {
        lastExecutionSeconds: Number.NaN,
        next: () => (next < a.atSeconds.length ? a.atSeconds[next++]! : Number.POSITIVE_INFINITY),
        meanRate: (duration) => a.atSeconds.filter((t) => t < duration).length / duration,
        rateAt: () => Number.NaN
      }
    }
    case "poisson":
      return piecewiseProcess([{ fromSeconds: 0, ratePerSecond: a.ratePerSecond * m }])
    case "piecewise":
      return piecewiseProcess(a.segments.map((s) => ({ fromSeconds: s.fromSeconds, ratePerSecond: s.ratePerSecond * m })))
    case "diurnal":
      return diurnalProcess({
        meanRatePerSecond: a.meanRatePerSecond * m,
        amplitude: a.amplitude,
        periodSeconds: a.periodSeconds ?? 86400,
        phaseSeconds: a.phaseSeconds ?? 0,
        weekdayFactors: a.weekdayFactors
      })
    case "bursts":
      return a.random !== undefined
        ? randomBurstsProcess(a.baseRatePerSecond * m, { ...a.random, ratePerSecond: a.random.ratePerSecond * m })
        : listedBurstsProcess(
            a.baseRatePerSecond * m,
            (a.bursts ?? []).map((b) => ({ ...b, ratePerSecond: b.ratePerSecond * m }))
          )
  }
}

const times = (m: number | undefined) => (m === undefined || m === 1 ? "" : `, rates ×${m}`)

/** A short human description, e.g. "Poisson, 2 requests/s". */
export const describeArrivals = (a: ResolvedArrivals): string => {
  switch (a.type) {
    case "poisson":
      return `Poisson, ${a.ratePerSecond} requests/s${times(a.rateMultiplier)}`
    case "list":
      return `${a.atSeconds.length} requests at listed times`
    case "piecewise":
      return `piecewise Poisson, ${a.segments.length} rate steps from ${a.segments.reduce((m, s) => Math.min(m, s.ratePerSecond), Infinity)} to ${a.segments.reduce((m, s) => Math.max(m, s.ratePerSecond), 0)} requests/s${times(a.rateMultiplier)}`
    case "diurnal":
      return `daily cycle, mean ${a.meanRatePerSecond} requests/s ±${Math.round(a.amplitude * 100)} %${a.weekdayFactors ? ", weekday factors" : ""}${times(a.rateMultiplier)}`
    case "bursts":
      return a.random !== undefined
        ? `${a.baseRatePerSecond} requests/s with random bursts of +${a.random.ratePerSecond}/s (mean ${a.random.meanBurstSeconds} s every ${a.random.meanGapSeconds} s)${times(a.rateMultiplier)}`
        : `${a.baseRatePerSecond} requests/s with ${a.bursts?.length ?? 0} burst${a.bursts?.length === 1 ? "" : "s"}${times(a.rateMultiplier)}`
    case "recorded":
      return `${a.submittedSeconds.length.toLocaleString("en-US")} recorded jobs`
    case "trace":
      // Azure 2019 minutes spread as a Poisson process draw their counts: the file's count is their mean.
      return `trace ${a.path.split("/").pop()} (${a.format}, ${a.format === "azure2019" && a.spread === "poisson" ? "about " : ""}${a.requests.toLocaleString("en-US")} requests${a.timeScale !== 1 ? `, time ×${a.timeScale}` : ""}${a.rateMultiplier !== 1 ? `, rate ×${a.rateMultiplier}` : ""})`
  }
}
