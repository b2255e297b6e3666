/**
 * Distribution: how a random duration (execution time, cold start, FlashBoot start) is described in
 * a scenario, and how it is sampled. A plain number is a constant. Lognormal is given the way people
 * measure latency, by its median and p95.
 *
 * Invariant: every sample is finite and >= 0.
 */
import { Schema } from "effect"
import { NumberAbove, NumberAtLeast } from "./fields.ts"

const Constant = Schema.Struct({ type: Schema.Literal("constant"), value: NumberAtLeast(0) })
const Exponential = Schema.Struct({ type: Schema.Literal("exponential"), mean: NumberAbove(0) })
const Lognormal = Schema.Struct({ type: Schema.Literal("lognormal"), median: NumberAbove(0), p95: NumberAbove(0) }).check(
  Schema.makeFilter((d) => d.p95 >= d.median || { path: ["p95"], issue: `expected a p95 >= the median (${d.median}), got ${d.p95}` })
)
const Uniform = Schema.Struct({ type: Schema.Literal("uniform"), min: NumberAtLeast(0), max: NumberAtLeast(0) }).check(
  Schema.makeFilter((d) => d.max >= d.min || { path: ["max"], issue: `expected a max >= the min (${d.min}), got ${d.max}` })
)
const Empirical = Schema.Struct({
  type: Schema.Literal("empirical"),
  samples: Schema.Array(NumberAtLeast(0)).check(Schema.isMinLength(1, { expected: "at least one sample" }))
})

const Percentiles = Schema.Struct({
  type: Schema.Literal("percentiles"),
  points: Schema.Array(
    Schema.Struct({ percent: NumberAtLeast(0).check(Schema.isLessThanOrEqualTo(100, { expected: "a number from 0 to 100" })), seconds: NumberAtLeast(0) })
  )
    .check(Schema.isMinLength(2, { expected: "at least two points" }))
    .check(
      Schema.makeFilter((ps) => {
        const i = ps.findIndex((p, k) => k > 0 && (p.percent <= ps[k - 1]!.percent || p.seconds < ps[k - 1]!.seconds))
        return (
          i < 0 || {
            path: [i],
            issue: `expected percents increasing and seconds non-decreasing, got ${JSON.stringify(ps[i])} after ${JSON.stringify(ps[i - 1])}`
          }
        )
      })
    )
})

/** A distribution of seconds as written in a scenario. */
export const Distribution = Schema.Union([NumberAtLeast(0), Constant, Exponential, Lognormal, Uniform, Empirical, Percentiles]).annotate({
  expected: 'a number of seconds or {type: "constant" | "exponential" | "lognormal" | "uniform" | "empirical" | "percentiles", …}'
})
export type Distribution = typeof Distribution.Type

/** z of the standard normal's 95th percentile. */
const Z95 = 1.6448536269514722

/** A sampler: draws one value from uniforms supplied by `uniform()` (each in (0, 1)). */
export type Sampler = (uniform: () => number) => number

/** A distribution given by percentiles: (percent, seconds) points, increasing. */
export type PercentilePoints = ReadonlyArray<readonly [percent: number, seconds: number]>

/** Samples a percentile table: linear between points, the first and last points clamp the tails. */
export const percentileSampler = (points: PercentilePoints): Sampler => {
  const percents = Float64Array.from(points, (p) => p[0])
  const seconds = Float64Array.from(points, (p) => p[1])
  const n = points.length
  return (uniform) => {
    const p = uniform() * 100
    if (p <= percents[0]!) return seconds[0]!
    for (let i = 1; i < n; i++) {
      const p1 = percents[i]!
      if (p <= p1) {
        const p0 = percents[i - 1]!
        const v0 = seconds[i - 1]!
        return v0 + ((p - p0) / (p1 - p0)) * (seconds[i]! - v0)
      }
    }
    return seconds[n - 1]!
  }
}

const toPoints = (d: { readonly points: ReadonlyArray<{ readonly percent: number; readonly seconds: number }> }): PercentilePoints =>
  d.points.map((p) => [p.percent, p.seconds] as const)

/**
 * Compiles a distribution into a sampler.
 * NOTE (performance): samplers run once or twice per request; each keeps its parameters as plain
 * numbers and arrays rather than reading the decoded scenario object.
 */
export const sampler = (d: Distribution): Sampler => {
  if (typeof d === "number") return () => d
  switch (d.type) {
    case "constant": {
      const value = d.value
      return () => value
    }
    case "exponential": {
      const mean = d.mean
      return (u) => -mean * Math.log(u())
    }
    case "lognormal": {
      const mu = Math.log(d.median)
      const sigma = Math.log(d.p95 / d.median) / Z95
      // Box–Muller, one normal per draw so a draw always consumes exactly two uniforms.
      return (u) => Math.exp(mu + sigma * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()))
    }
    case "uniform": {
      const { min, max } = d
      return (u) => min + (max - min) * u()
    }
    case "empirical": {
      const samples = Float64Array.from(d.samples)
      return (u) => samples[Math.floor(u() * samples.length)]!
    }
    case "percentiles":
      return percentileSampler(toPoints(d))
  }
}

/** The distribution's mean (exact). */
export const meanOf = (d: Distribution): number => {
  if (typeof d === "number") return d
  switch (d.type) {
    case "constant":
      return d.value
    case "exponential":
      return d.mean
    case "lognormal": {
      const sigma = Math.log(d.p95 / d.median) / Z95
      return d.median * Math.exp((sigma * sigma) / 2)
    }
    case "uniform":
      return (d.min + d.max) / 2
    case "empirical":
      return d.samples.reduce((a, b) => a + b, 0) / d.samples.length
    case "percentiles": {
      // The mean of the piecewise-linear quantile function, with the clamped tails.
      const ps = toPoints(d)
      let area = ps[0]![0] * ps[0]![1] + (100 - ps[ps.length - 1]![0]) * ps[ps.length - 1]![1]
      for (let i = 1; i < ps.length; i++) area += ((ps[i]![0] - ps[i - 1]![0]) * (ps[i]![1] + ps[i - 1]![1])) / 2
      return area / 100
    }
  }
}

/**
 * A value that `draws` samples practically never exceed (the quantile 1 − 1/(100 · draws), bounded
 * above for the lognormal); bounded distributions give their maximum. May be +Infinity (a lognormal
 * whose tail overflows). For estimating how long a run can last, not for sampling.
 */
export const upperBoundOf = (d: Distribution, draws: number): number => {
  const n = Math.max(1, draws) * 100
  if (typeof d === "number") return d
  switch (d.type) {
    case "constant":
      return d.value
    case "exponential":
      return d.mean * Math.log(n)
    case "lognormal": {
      // sqrt(2 ln n) is above the standard normal's 1 − 1/n quantile for every n >= 2.
      const sigma = Math.log(d.p95 / d.median) / Z95
      return d.median * Math.exp(sigma * Math.sqrt(2 * Math.log(n)))
    }
    case "uniform":
      return d.max
    case "empirical":
      return d.samples.reduce((a, b) => (b > a ? b : a), 0)
    case "percentiles":
      return d.points[d.points.length - 1]!.seconds
  }
}

/** A short human description, e.g. "lognormal (median 20 s, p95 60 s)". */
export const describeDistribution = (d: Distribution): string => {
  if (typeof d === "number") return `${d} s`
  switch (d.type) {
    case "constant":
      return `${d.value} s`
    case "exponential":
      return `exponential (mean ${d.mean} s)`
    case "lognormal":
      return `lognormal (median ${d.median} s, p95 ${d.p95} s)`
    case "uniform":
      return `uniform (${d.min}–${d.max} s)`
    case "empirical":
      return `empirical (${d.samples.length} samples)`
    case "percentiles":
      return `from percentiles (${d.points.map((p) => `p${p.percent} ${p.seconds} s`).join(", ")})`
  }
}
