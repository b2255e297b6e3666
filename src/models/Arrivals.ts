/**
 * Arrivals: when requests reach the endpoint. A scenario names an arrival process
 * (`workload.arrivals`); `arrivalProcess` turns it into a generator of arrival times driven by its
 * own random stream.
 *
 * Invariant: arrival times never decrease; Poisson gaps are drawn exactly (no discretised rate).
 */
import { Schema } from "effect"
import { NumberAbove, NumberAtLeast } from "./fields.ts"

export const Poisson = Schema.Struct({ type: Schema.Literal("poisson"), ratePerSecond: NumberAbove(0) })

/** Requests at listed times (seconds, non-decreasing): for exact, hand-checkable scenarios. */
export const ArrivalList = Schema.Struct({
  type: Schema.Literal("list"),
  atSeconds: Schema.Array(NumberAtLeast(0)).check(
    Schema.makeFilter((xs) => {
      const i = xs.findIndex((x, k) => k > 0 && x < xs[k - 1]!)
      return i < 0 || { path: [i], issue: `expected times in non-decreasing order, got ${xs[i]} after ${xs[i - 1]}` }
    })
  )
})

/** An arrival process as written in a scenario. */
export const Arrivals = Schema.Union([Poisson, ArrivalList]).annotate({ expected: '{type: "poisson", ratePerSecond} or {type: "list", atSeconds}' })
export type Arrivals = typeof Arrivals.Type

/** Draws successive arrival times. */
export interface ArrivalProcess {
  /** The next arrival at or after `now` (seconds), from uniforms `uniform()` in (0, 1); +Infinity when none. */
  next(now: number, uniform: () => number): number
  /** The mean rate at time `t`, in requests per second (for reports and sizing). */
  rateAt(t: number): number
}

/** A fresh generator for one run (list processes keep their position). */
export const arrivalProcess = (a: Arrivals): ArrivalProcess => {
  if (a.type === "list") {
    let next = 0
    const rate = a.atSeconds.length / Math.max(1, a.atSeconds[a.atSeconds.length - 1] ?? 1)
    return {
      next: () => (next < a.atSeconds.length ? a.atSeconds[next++]! : Number.POSITIVE_INFINITY),
      rateAt: () => rate
    }
  }
  const mean = 1 / a.ratePerSecond
  return {
    next: (now, u) => now - mean * Math.log(u()),
    rateAt: () => a.ratePerSecond
  }
}

/** A short human description, e.g. "Poisson, 2 requests/s". */
export const describeArrivals = (a: Arrivals): string =>
  a.type === "poisson" ? `Poisson, ${a.ratePerSecond} requests/s` : `${a.atSeconds.length} requests at listed times`
