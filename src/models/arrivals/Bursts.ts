/**
 * Bursts: a base rate plus bursts on top of it, either listed (each a rate added during
 * [atSeconds, atSeconds + durationSeconds)) or random: a two-state Markov-modulated Poisson
 * process whose bursts and gaps last exponential times with the given means. Both are generated
 * exactly: the rate is constant between state changes.
 */
import type { ArrivalProcess } from "../ArrivalProcess.ts"
import { piecewiseProcess, type RateStep } from "./Piecewise.ts"

export interface ListedBurst {
  readonly atSeconds: number
  readonly durationSeconds: number
  readonly ratePerSecond: number
}

/** The step rate of a base rate plus listed bursts (overlapping bursts add up). */
export const burstSteps = (base: number, bursts: ReadonlyArray<ListedBurst>): Array<RateStep> => {
  const edges = [...new Set([0, ...bursts.flatMap((b) => [b.atSeconds, b.atSeconds + b.durationSeconds])])].sort((a, b) => a - b)
  return edges.map((t) => ({
    fromSeconds: t,
    ratePerSecond: base + bursts.filter((b) => b.atSeconds <= t && t < b.atSeconds + b.durationSeconds).reduce((s, b) => s + b.ratePerSecond, 0)
  }))
}

export const listedBurstsProcess = (base: number, bursts: ReadonlyArray<ListedBurst>): ArrivalProcess => piecewiseProcess(burstSteps(base, bursts))

export interface RandomBursts {
  readonly ratePerSecond: number
  readonly meanBurstSeconds: number
  readonly meanGapSeconds: number
}

/** The MMPP: starts in a gap; switching times come from the same stream as the arrivals. */
export const randomBurstsProcess = (base: number, r: RandomBursts): ArrivalProcess => {
  let inBurst = false
  let stateEnd = Number.NaN
  const share = r.meanBurstSeconds / (r.meanBurstSeconds + r.meanGapSeconds)
  return {
    lastExecutionSeconds: Number.NaN,
    next: (now, u, horizon = Number.POSITIVE_INFINITY) => {
      if (base <= 0 && r.ratePerSecond <= 0) return Number.POSITIVE_INFINITY
      if (Number.isNaN(stateEnd)) stateEnd = -r.meanGapSeconds * Math.log(u())
      let t = now
      while (t < horizon) {
        const rate = base + (inBurst ? r.ratePerSecond : 0)
        if (rate > 0) {
          const candidate = t - Math.log(u()) / rate
          if (candidate < stateEnd) return candidate
        }
        t = stateEnd
        inBurst = !inBurst
        stateEnd = t - (inBurst ? r.meanBurstSeconds : r.meanGapSeconds) * Math.log(u())
      }
      return Number.POSITIVE_INFINITY
    },
    meanRate: () => base + r.ratePerSecond * share,
    rateAt: () => base + r.ratePerSecond * share
  }
}
