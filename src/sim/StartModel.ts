/**
 * StartModel: the start model calibrate fits (cold-start and FlashBoot start lognormals, hosts per
 * pool), how its parameters go into a scenario, and their direct estimates from job records, which
 * seed the search. A worker's
 * first delayTime is its start time plus whatever its first job waited before the start began
 * (queue delay, the scaler's tick), or less when that job arrived during the start. Their logs
 * form two clusters when FlashBoot is on, resumes and cold starts: a two-component normal mixture
 * (EM) splits them into two lognormal start distributions and the share that resumed.
 */
import type { Distribution } from "../models/Distribution.ts"
import { platformDefaults } from "../models/Platform.ts"
import type { Scenario } from "../models/Scenario.ts"
import { nearestRank } from "./JobFigures.ts"
import { round } from "./SimResult.ts"

/** Start parameters a run is given. */
export interface StartParameters {
  readonly coldMedian: number
  readonly coldP95: number
  readonly flashMedian: number
  readonly flashP95: number
  readonly hosts: number
}

/** z of the standard normal's 95th percentile. */
const Z95 = 1.6448536269514722

interface Mixture {
  /** Weight of the fast component (FlashBoot resumes). */
  readonly fastShare: number
  readonly fast: { readonly mu: number; readonly sigma: number }
  readonly slow: { readonly mu: number; readonly sigma: number }
}

const normalPdf = (x: number, mu: number, sigma: number) => Math.exp(-0.5 * ((x - mu) / sigma) ** 2) / sigma

/** A one- or two-component normal mixture of `xs` (log seconds) by EM; `two` false: one component. */
export const fitMixture = (xs: Float64Array, two: boolean): Mixture => {
  const n = xs.length
  const sorted = Float64Array.from(xs).sort()
  const mean = xs.reduce((s, x) => s + x, 0) / Math.max(1, n)
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, n - 1)) || 0.1
  if (!two || n < 4) return { fastShare: 0, fast: { mu: mean, sigma: Math.max(0.05, sd) }, slow: { mu: mean, sigma: Math.max(0.05, sd) } }
  let w = 0.5
  let m1 = nearestRank(sorted, 10)
  let m2 = nearestRank(sorted, 90)
  let s1 = Math.max(0.05, sd / 2)
  let s2 = s1
  const r = new Float64Array(n)
  for (let iter = 0; iter < 200; iter++) {
    let sw = 0
    for (let i = 0; i < n; i++) {
      const a = w * normalPdf(xs[i]!, m1, s1)
      const b = (1 - w) * normalPdf(xs[i]!, m2, s2)
      r[i] = a + b > 0 ? a / (a + b) : xs[i]! < (m1 + m2) / 2 ? 1 : 0
      sw += r[i]!
    }
    const n1 = Math.max(1e-9, sw)
    const n2 = Math.max(1e-9, n - sw)
    let a1 = 0
    let a2 = 0
    for (let i = 0; i < n; i++) {
      a1 += r[i]! * xs[i]!
      a2 += (1 - r[i]!) * xs[i]!
    }
    const nm1 = a1 / n1
    const nm2 = a2 / n2
    let v1 = 0
    let v2 = 0
    for (let i = 0; i < n; i++) {
      v1 += r[i]! * (xs[i]! - nm1) ** 2
      v2 += (1 - r[i]!) * (xs[i]! - nm2) ** 2
    }
    const done = Math.abs(nm1 - m1) + Math.abs(nm2 - m2) < 1e-9
    w = sw / n
    m1 = nm1
    m2 = nm2
    s1 = Math.max(0.05, Math.sqrt(v1 / n1))
    s2 = Math.max(0.05, Math.sqrt(v2 / n2))
    if (done) break
  }
  const fast = { mu: m1, sigma: s1 }
  const slow = { mu: m2, sigma: s2 }
  return m1 <= m2 ? { fastShare: w, fast, slow } : { fastShare: 1 - w, fast: slow, slow: fast }
}

/** A worker's first delay shorter than this found it already up: it says nothing about its start. */
const minStartSeconds = 0.05

/** Start parameters read straight off the workers' first delays. */
export const directStarts = (first: Float64Array, flashboot: boolean, hosts: number): StartParameters & { readonly resumeShare: number } => {
  const logs = Float64Array.from(
    first.filter((d) => d >= minStartSeconds),
    Math.log
  )
  const { coldStartSeconds: cold0, flashStartSeconds: flash0 } = platformDefaults
  if (logs.length === 0) return { coldMedian: cold0.median, coldP95: cold0.p95, flashMedian: flash0.median, flashP95: flash0.p95, hosts, resumeShare: 0 }
  const m = fitMixture(logs, flashboot)
  const at = (c: { readonly mu: number; readonly sigma: number }) => ({ median: Math.exp(c.mu), p95: Math.exp(c.mu + Z95 * c.sigma) })
  const cold = at(m.slow)
  const flash = flashboot ? at(m.fast) : flash0
  return { coldMedian: cold.median, coldP95: cold.p95, flashMedian: flash.median, flashP95: flash.p95, hosts, resumeShare: m.fastShare }
}

export const lognormal = (median: number, p95: number): Distribution => ({ type: "lognormal", median: round(median, 4), p95: round(Math.max(p95, median), 4) })

/** The scenario with these start parameters. */
export const withStarts = (scenario: Scenario, p: StartParameters): Scenario => ({
  ...scenario,
  platform: {
    ...scenario.platform,
    coldStartSeconds: lognormal(p.coldMedian, p.coldP95),
    flashboot: { ...scenario.platform.flashboot, startSeconds: lognormal(p.flashMedian, p.flashP95), hosts: p.hosts }
  }
})
