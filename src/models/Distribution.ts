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

/** A distribution of seconds as written in a scenario. */
export const Distribution = Schema.Union([NumberAtLeast(0), Constant, Exponential, Lognormal, Uniform, Empirical]).annotate({
  expected: 'a number of seconds or {type: "constant" | "exponential" | "lognormal" | "uniform" | "empirical", …}'
})
export type Distribution = typeof Distribution.Type

/** z of the standard normal's 95th percentile. */
const Z95 = 1.6448536269514722

/** A sampler: draws one value from uniforms supplied by `uniform()` (each in (0, 1)). */
export type Sampler = (uniform: () => number) => number

/** Compiles a distribution into a sampler. */
export const sampler = (d: Distribution): Sampler => {
  if (typeof d === "number") return () => d
  switch (d.type) {
    case "constant":
      return () => d.value
    case "exponential":
      return (u) => -d.mean * Math.log(u())
    case "lognormal": {
      const mu = Math.log(d.median)
      const sigma = Math.log(d.p95 / d.median) / Z95
      // Box–Muller, one normal per draw so a draw always consumes exactly two uniforms.
      return (u) => Math.exp(mu + sigma * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()))
    }
    case "uniform":
      return (u) => d.min + (d.max - d.min) * u()
    case "empirical": {
      const samples = Float64Array.from(d.samples)
      return (u) => samples[Math.floor(u() * samples.length)]!
    }
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
  }
}
