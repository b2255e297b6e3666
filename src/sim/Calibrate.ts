/**
 * Calibrate: fits what a user's RunPod job records can identify (runpod-model.md section 9): the
 * cold-start and FlashBoot start distributions (lognormal, median and p95), the FlashBoot host
 * count that makes resumes miss (`platform.flashboot.hosts`), and the execution-time distribution.
 *
 * Execution times are recorded per job, so they are read off directly (a percentile table, with
 * distribution-free order-statistic intervals). Start times are not recorded: a worker's first job
 * waited for its start, but also for the queue and the scaler. So starts are fitted by simulation:
 *   1. direct estimates seed the search: each worker's first delayTime, a two-component lognormal
 *      mixture (EM) splitting FlashBoot resumes from cold starts;
 *   2. a pattern search replays the recorded jobs under candidate parameters (the same seeds for
 *      every candidate: common random numbers) and minimises the distance between simulated and
 *      recorded figures: the mean |ln| gap of delayTime percentiles (p5 … p99) + the same for the
 *      workers' first delays + |ln(simulated starts / recorded starts)|. Log percentiles weigh the
 *      tail, where start times show, as much as the median (a KS distance barely sees it). Each
 *      round's candidates run together on the run pool's threads.
 * Intervals for start parameters join two things: a bootstrap of the direct estimate (resampling
 * the workers' first delays, applied as ratios around the fitted value: the sampling spread) and a
 * profile (each parameter moved alone from the fit, keeping the values whose distance stays within
 * the simulation noise of the best: what the records cannot tell apart). A parameter the records
 * barely constrain gets a wide interval and a note, not a precise-looking number. Deterministic
 * for a seed.
 */
import { Effect, Schema } from "effect"
import type { Distribution } from "../models/Distribution.ts"
import type { JobRecords } from "../models/records/JobRecords.ts"
import type { Scenario } from "../models/Scenario.ts"
import { compareJobs, replayScenario } from "./Backtest.ts"
import { fitDailyPattern, type DailyPattern } from "./DailyPattern.ts"
import { completedDelays, firstDelays, jobFigures, nearestRank } from "./JobFigures.ts"
import { Rng } from "./Rng.ts"
import type { PoolOutcome, RunTask } from "./RunPool.ts"
import { round } from "./SimResult.ts"

/** Start parameters a run is given. */
export interface StartParameters {
  readonly coldMedian: number
  readonly coldP95: number
  readonly flashMedian: number
  readonly flashP95: number
  readonly hosts: number
}

/** A fitted value and its 95 % interval. */
export interface Estimate {
  readonly value: number
  readonly interval: readonly [number, number]
}

export interface CalibrationOptions {
  /** Replications (seeds) per candidate; more smooths the objective, costs runs. */
  readonly replications: number
  /** Bootstrap resamples for the start intervals. */
  readonly bootstrap: number
  /** Share of the records, the latest, held out of the fit and backtested after it (0: none). */
  readonly holdout: number
  /** The most search rounds. */
  readonly maxRounds: number
}

export const calibrationDefaults: CalibrationOptions = { replications: 2, bootstrap: 200, holdout: 0, maxRounds: 24 }

/** The errors of a backtest that a calibration reports. */
export interface FitErrors {
  readonly delayTimeP95: number | null
  readonly delayTimeP99: number | null
  readonly workerStarts: number | null
  readonly delayTimeKs: number
  readonly firstDelayKs: number | null
}

export interface Calibration {
  readonly records: number
  readonly trainingRecords: number
  readonly coldStartSeconds: { readonly median: Estimate; readonly p95: Estimate }
  /** Null when the endpoint's FlashBoot is off (nothing to fit). */
  readonly flashboot: {
    readonly startSeconds: { readonly median: Estimate; readonly p95: Estimate }
    readonly hosts: number
    /** Host counts that fit within the simulation noise of the best. */
    readonly hostsRange: readonly [number, number]
    /** Share of workers' first starts the records show as FlashBoot resumes (direct estimate). */
    readonly resumeShare: Estimate
  } | null
  /** The recorded traffic: the trace the scenario replays, and its daily cycle for extrapolating (null under a day of records). */
  readonly traffic: {
    readonly spanSeconds: number
    readonly meanRatePerSecond: number
    readonly daily: DailyPattern | null
  }
  readonly executionSeconds: {
    readonly points: ReadonlyArray<{ readonly percent: number; readonly seconds: number }>
    readonly median: Estimate
    readonly p95: Estimate
  }
  readonly search: {
    readonly evaluations: number
    readonly rounds: number
    /** The distance (see `distance`) of the scenario as given, one seed; 0 = the records' own figures. */
    readonly objectiveBefore: number
    /** The distance of the fit, mean over the seeds. */
    readonly objectiveAfter: number
    /** Where the search started: the direct estimates, with the host count and cold-start scale the first round chose. */
    readonly start: StartParameters
  }
  /** The backtest on the training records: calibrated against the scenario as given. */
  readonly fit: { readonly calibrated: FitErrors; readonly given: FitErrors }
  /** The backtest on the held-out records (all records replayed, figures over the held-out ones, mean over the seeds). */
  readonly holdout: { readonly records: number; readonly fromSeconds: number; readonly calibrated: FitErrors; readonly given: FitErrors } | null
  readonly notes: ReadonlyArray<string>
}

/** Runs a batch of tasks (on the run pool, with progress and Ctrl-C, in the caller's hands). */
export type RunBatch<E, R> = (tasks: ReadonlyArray<RunTask>) => Effect.Effect<PoolOutcome, E, R>

/** A batch did not finish (Ctrl-C): calibration stops. */
export class CalibrationStopped extends Schema.TaggedError<CalibrationStopped>()("CalibrationStopped", { message: Schema.String }) {}

const Z95 = 1.6448536269514722
const executionPercents = [0, 1, 5, 10, 25, 50, 75, 90, 95, 99, 100]

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

/** Jobs submitted in [from, to) seconds, with times from `from`. */
export const sliceJobs = (jobs: JobRecords, fromSeconds: number, toSeconds: number): JobRecords => {
  let a = 0
  while (a < jobs.count && jobs.submittedSeconds[a]! < fromSeconds) a++
  let b = a
  while (b < jobs.count && jobs.submittedSeconds[b]! < toSeconds) b++
  const used = new Map<number, number>()
  const worker = Int32Array.from(jobs.worker.subarray(a, b), (w) => {
    if (w < 0) return -1
    let k = used.get(w)
    if (k === undefined) used.set(w, (k = used.size))
    return k
  })
  const ids = Array.from<string>({ length: used.size })
  for (const [w, k] of used) ids[k] = jobs.workerIds[w]!
  return {
    ...jobs,
    originMs: jobs.originMs + fromSeconds * 1000,
    count: b - a,
    submittedSeconds: jobs.submittedSeconds.slice(a, b).map((t) => t - fromSeconds),
    delaySeconds: jobs.delaySeconds.slice(a, b),
    executionSeconds: jobs.executionSeconds.slice(a, b),
    status: jobs.status.slice(a, b),
    worker,
    workerIds: ids
  }
}

// ---- Direct estimates ------------------------------------------------------------------------

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
const directStarts = (first: Float64Array, flashboot: boolean, hosts: number): StartParameters & { readonly resumeShare: number } => {
  const logs = Float64Array.from(
    first.filter((d) => d >= minStartSeconds),
    Math.log
  )
  if (logs.length === 0) return { coldMedian: 20, coldP95: 60, flashMedian: 1, flashP95: 2.3, hosts, resumeShare: 0 }
  const m = fitMixture(logs, flashboot)
  const at = (c: { readonly mu: number; readonly sigma: number }) => ({ median: Math.exp(c.mu), p95: Math.exp(c.mu + Z95 * c.sigma) })
  const cold = at(m.slow)
  const flash = flashboot ? at(m.fast) : { median: 1, p95: 2.3 }
  return { coldMedian: cold.median, coldP95: cold.p95, flashMedian: flash.median, flashP95: flash.p95, hosts, resumeShare: m.fastShare }
}

const sampleSd = (xs: ReadonlyArray<number>): number => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length
  return Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / Math.max(1, xs.length - 1))
}

/** A distribution-free 95 % interval of the p-th percentile of sorted values (order statistics). */
const percentileInterval = (sorted: Float64Array, p: number): Estimate => {
  const n = sorted.length
  const q = p / 100
  const half = 1.96 * Math.sqrt(n * q * (1 - q))
  const at = (rank: number) => sorted[Math.min(n - 1, Math.max(0, Math.round(rank) - 1))]!
  return { value: round(nearestRank(sorted, p), 6), interval: [round(at(n * q - half), 6), round(at(n * q + half + 1), 6)] }
}

// ---- The search ------------------------------------------------------------------------------

/** What a candidate's runs are compared with. */
interface Observed {
  readonly delays: Float64Array
  readonly first: Float64Array
  readonly starts: number | null
}

const observedOf = (jobs: JobRecords): Observed => ({ delays: completedDelays(jobs), first: firstDelays(jobs), starts: jobFigures(jobs).workerStarts })

/** Percentiles the distance compares. */
const distancePercents = [5, 10, 25, 50, 75, 90, 95, 99]
/** Seconds added before taking logs, so a delay of 0 compares with a short one sensibly. */
const logOffsetSeconds = 1

/** Mean |ln| ratio of two sorted samples' percentiles: scale-free, and as sensitive in the tail as at the median. */
const logQuantileGap = (a: Float64Array, b: Float64Array): number => {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : 1
  let sum = 0
  for (const p of distancePercents) sum += Math.abs(Math.log((logOffsetSeconds + nearestRank(a, p)) / (logOffsetSeconds + nearestRank(b, p))))
  return sum / distancePercents.length
}

/**
 * The distance between a run's job records and the observed ones (0 = same figures): the log
 * percentile gap of delayTime, and with worker ids, of the workers' first delays plus the log ratio
 * of worker starts.
 */
export const distance = (observed: Observed, predicted: JobRecords): number => {
  let d = logQuantileGap(observed.delays, completedDelays(predicted))
  if (observed.starts !== null && observed.starts > 0) {
    const starts = Math.max(1, jobFigures(predicted).workerStarts ?? 0)
    d += logQuantileGap(observed.first, firstDelays(predicted)) + Math.abs(Math.log(starts / observed.starts))
  }
  return d
}

const fitErrors = (observed: JobRecords, predicted: JobRecords): FitErrors => {
  const c = compareJobs(observed, predicted)
  return {
    delayTimeP95: c.error.delayTime.p95,
    delayTimeP99: c.error.delayTime.p99,
    workerStarts: c.error.workerStarts,
    delayTimeKs: c.error.delayTimeKs,
    firstDelayKs: c.error.firstDelayKs
  }
}

/** The mean of each error over several runs (null when any run has none). */
const meanErrors = (runs: ReadonlyArray<FitErrors>): FitErrors => {
  const mean = (pick: (e: FitErrors) => number | null): number | null => {
    const xs = runs.map(pick)
    return xs.some((x) => x === null) ? null : round((xs as Array<number>).reduce((a, b) => a + b, 0) / xs.length, 4)
  }
  return {
    delayTimeP95: mean((e) => e.delayTimeP95),
    delayTimeP99: mean((e) => e.delayTimeP99),
    workerStarts: mean((e) => e.workerStarts),
    delayTimeKs: mean((e) => e.delayTimeKs)!,
    firstDelayKs: mean((e) => e.firstDelayKs)
  }
}

/** Coordinates of the search: log medians, log spreads (ln p95/median), hosts. */
const toCoords = (p: StartParameters): Array<number> => [
  Math.log(p.coldMedian),
  Math.log(p.coldP95 / p.coldMedian),
  Math.log(p.flashMedian),
  Math.log(p.flashP95 / p.flashMedian),
  p.hosts
]
const fromCoords = (c: ReadonlyArray<number>): StartParameters => ({
  coldMedian: Math.exp(c[0]!),
  coldP95: Math.exp(c[0]! + Math.max(0.01, c[1]!)),
  flashMedian: Math.exp(c[2]!),
  flashP95: Math.exp(c[2]! + Math.max(0.01, c[3]!)),
  hosts: Math.max(1, Math.round(c[4]!))
})

/**
 * Calibrates `scenario`'s start model on `jobs`. `runBatch` runs tasks (the caller decides threads,
 * progress and Ctrl-C: an incomplete batch stops the calibration with `CalibrationStopped`).
 */
export const calibrate = <E, R>(
  scenario: Scenario,
  jobs: JobRecords,
  runBatch: RunBatch<E, R>,
  options: CalibrationOptions = calibrationDefaults
): Effect.Effect<Calibration, E | CalibrationStopped, R> =>
  Effect.gen(function* () {
    const flashboot = scenario.endpoint.flashboot !== "OFF"
    const split = options.holdout > 0 && jobs.count > 1 ? jobs.submittedSeconds[Math.floor(jobs.count * (1 - options.holdout))]! : Number.POSITIVE_INFINITY
    const training = Number.isFinite(split) ? sliceJobs(jobs, 0, split) : jobs
    const observed = observedOf(training)
    const replay = replayScenario(scenario, training)
    const seeds = Array.from({ length: options.replications }, (_, i) => scenario.seed + i)

    /** Runs candidates (each on every seed) and returns their distances and the first seed's records. */
    let evaluations = 0
    /** Each candidate's spread of distances over the seeds: how far one run's distance moves by chance. */
    const spread: Array<number> = []
    const evaluate = (candidates: ReadonlyArray<StartParameters>, extra: ReadonlyArray<RunTask> = []) =>
      Effect.gen(function* () {
        const tasks = [...candidates.flatMap((p) => seeds.map((seed) => ({ scenario: withStarts(replay, p), seed, logJobs: true }))), ...extra]
        const outcome = yield* runBatch(tasks)
        if (!outcome.complete) return yield* Effect.fail(new CalibrationStopped({ message: "calibration interrupted" }))
        evaluations += candidates.length
        const records = (i: number) => outcome.jobs[i]!
        const perSeed = candidates.map((_, c) => seeds.map((_seed, k) => distance(observed, records(c * seeds.length + k))))
        if (seeds.length >= 2) for (const ds of perSeed) spread.push(sampleSd(ds))
        return {
          perSeed,
          scores: perSeed.map((ds) => ds.reduce((a, b) => a + b, 0) / ds.length),
          records: candidates.map((_, c) => records(c * seeds.length)),
          extra: extra.map((_, i) => records(candidates.length * seeds.length + i))
        }
      })

    // 1. Direct estimates. A worker's first delay understates a cold start whenever its first job
    //    arrived after the start began, so the first round also tries longer cold starts, with every
    //    host count, and runs the scenario as given.
    const start = directStarts(observed.first, flashboot, scenario.platform.flashboot.hosts)
    const hostGrid = flashboot ? [1, 2, 3, 4, 6, 8, 12, 16, 24, 32] : [1]
    const coldFactors = [1, 2, 4]
    const grid = hostGrid.flatMap((hosts) => coldFactors.map((f) => ({ ...start, coldMedian: start.coldMedian * f, coldP95: start.coldP95 * f, hosts })))
    const first = yield* evaluate(grid, [{ scenario: replay, seed: scenario.seed, logJobs: true }])
    let best = first.scores.indexOf(Math.min(...first.scores))
    const seed = grid[best]!
    let coords = toCoords(seed)
    let score = first.scores[best]!
    let bestRecords = first.records[best]!
    const givenRecords = first.extra[0]!
    const objectiveBefore = distance(observed, givenRecords)

    // 2. Pattern search: every coordinate up and down at once, move to the best, else halve the steps.
    const steps = [0.4, 0.3, 0.4, 0.3, 1]
    const active = flashboot ? [0, 1, 2, 3, 4] : [0, 1]
    let rounds = 1
    while (rounds < options.maxRounds && active.some((k) => k < 4 && steps[k]! >= 0.02)) {
      rounds++
      const candidates: Array<Array<number>> = []
      for (const k of active) {
        for (const sign of [1, -1]) {
          const c = [...coords]
          c[k] = k === 4 ? Math.max(1, c[k]! + sign * Math.max(1, Math.round(steps[k]! * c[k]! * 0.25))) : c[k]! + sign * steps[k]!
          if (k === 4 && c[k] === coords[k]) continue
          if (k === 1 || k === 3) c[k] = Math.max(0.01, c[k]!)
          candidates.push(c)
        }
      }
      const round_ = yield* evaluate(candidates.map(fromCoords))
      // Every coordinate whose move helped, moved together: the search follows a ridge (a longer cold
      // start with more hosts) that no single-coordinate move improves along.
      const together = [...coords]
      const improved = new Set<number>()
      candidates.forEach((c, i) => {
        if (round_.scores[i]! >= score - 1e-9) return
        const k = c.findIndex((x, j) => x !== coords[j])
        const previous = candidates.findIndex((d, j) => j !== i && d.findIndex((x, m) => x !== coords[m]) === k && round_.scores[j]! < round_.scores[i]!)
        if (previous >= 0) return
        together[k] = c[k]!
        improved.add(k)
      })
      const combined = improved.size >= 2 ? yield* evaluate([fromCoords(together)]) : undefined
      best = round_.scores.indexOf(Math.min(...round_.scores))
      if (combined !== undefined && combined.scores[0]! < Math.min(score, round_.scores[best]!) - 1e-9) {
        for (const k of improved) if (k < 4) steps[k]! *= 1.5
        coords = together
        score = combined.scores[0]!
        bestRecords = combined.records[0]!
      } else if (round_.scores[best]! < score - 1e-9) {
        // A move in one coordinate: keep going that way, a little further.
        const moved = coords.findIndex((c, k) => c !== candidates[best]![k])
        if (moved >= 0 && moved < 4) steps[moved]! *= 1.5
        coords = candidates[best]!
        score = round_.scores[best]!
        bestRecords = round_.records[best]!
      } else for (let k = 0; k < 4; k++) steps[k]! /= 2
    }
    const fitted = fromCoords(coords)

    // 3. Profiles: each coordinate moved alone from the fit; the values whose distance stays within
    //    the simulation noise of the best fit as well.
    // The records are one draw: a candidate within two standard deviations of one run's distance
    // (pooled over every candidate's seeds) cannot be told from the best by them.
    const pooledSd = spread.length === 0 ? 0 : Math.sqrt(spread.reduce((a, x) => a + x * x, 0) / spread.length)
    const noise = Math.max(0.01, spread.length > 0 ? 2 * pooledSd : 0.1 * score)
    const offsets = [-1, -0.5, -0.2, -0.1, 0.1, 0.2, 0.5, 1]
    const hostSteps = [...new Set([Math.max(1, Math.round(fitted.hosts / 2)), fitted.hosts - 1, fitted.hosts + 1, fitted.hosts * 2])].filter(
      (h) => h >= 1 && h !== fitted.hosts
    )
    const profileCoords = [
      ...active
        .filter((k) => k < 4)
        // A spread cannot go below its floor: offsets past it would repeat the floor's point.
        .flatMap((k) =>
          offsets.filter((o) => !(k === 1 || k === 3) || coords[k]! + o >= 0.01).map((o) => ({ k, o, c: coords.map((x, j) => (j === k ? x + o : x)) }))
        ),
      ...(flashboot ? hostSteps.map((h) => ({ k: 4, o: h - fitted.hosts, c: coords.map((x, j) => (j === 4 ? h : x)) })) : [])
    ]
    const profile = yield* evaluate(profileCoords.map((p) => fromCoords(p.c)))
    const threshold = score + noise
    /**
     * The offsets around 0 that fit within the noise: on each side, walking out from the fit, up to
     * where the distance crosses the threshold (linear between the points tried; whole steps for the
     * host count); `open` when it never crossed within the range tried.
     */
    const fitsWithin = (k: number): { readonly lo: number; readonly hi: number; readonly open: boolean } => {
      const points = profileCoords.flatMap((p, i) => (p.k === k ? [{ o: p.o, d: profile.scores[i]! }] : []))
      const bound = (side: number): { readonly at: number; readonly open: boolean } => {
        const walk = points.filter((p) => Math.sign(p.o) === side).sort((x, y) => Math.abs(x.o) - Math.abs(y.o))
        let o = 0
        let d = score
        for (const p of walk) {
          if (p.d > threshold) return { at: k === 4 ? o : o + ((p.o - o) * (threshold - d)) / (p.d - d), open: false }
          o = p.o
          d = p.d
        }
        return { at: o, open: walk.length > 0 }
      }
      const lo = bound(-1)
      const hi = bound(1)
      return { lo: lo.at, hi: hi.at, open: lo.open || hi.open }
    }
    const loose: Array<string> = []
    const profiled = (name: string, k: number, at: (offset: number) => number): readonly [number, number] => {
      const f = fitsWithin(k)
      const range = [at(f.lo), at(f.hi)] as const
      if (f.open)
        loose.push(
          `the records barely constrain the ${name}: from ${round(range[0], 3)} to ${round(range[1], 3)} fit as well as the best (the widest range tried)`
        )
      return range
    }
    const coldMedianRange = profiled("cold start median", 0, (o) => Math.exp(coords[0]! + o))
    const coldP95Range = profiled("cold start p95", 1, (o) => Math.exp(coords[0]! + Math.max(0.01, coords[1]! + o)))
    const flashMedianRange = flashboot ? profiled("FlashBoot start median", 2, (o) => Math.exp(coords[2]! + o)) : ([0, 0] as const)
    const flashP95Range = flashboot ? profiled("FlashBoot start p95", 3, (o) => Math.exp(coords[2]! + Math.max(0.01, coords[3]! + o))) : ([0, 0] as const)
    const hostsFit = flashboot ? fitsWithin(4) : { lo: 0, hi: 0, open: false }

    // 4. Intervals: bootstrap the direct estimate, applied as ratios around the fitted value, widened
    //    to the profile's range.
    const rng = new Rng(scenario.seed, 0x63616c)
    const boot = Array.from({ length: options.bootstrap }, () => {
      const sample = Float64Array.from(observed.first, () => observed.first[rng.below(observed.first.length)]!)
      return directStarts(sample, flashboot, 1)
    })
    const ratioInterval = (
      value: number,
      pick: (p: StartParameters & { readonly resumeShare: number }) => number,
      direct: number,
      range: readonly [number, number]
    ): Estimate => {
      const ratios = Float64Array.from(boot, (b) => pick(b) / direct).sort()
      const lo = boot.length === 0 || direct <= 0 ? value : value * nearestRank(ratios, 2.5)
      const hi = boot.length === 0 || direct <= 0 ? value : value * nearestRank(ratios, 97.5)
      return { value: round(value, 4), interval: [round(Math.min(lo, range[0]), 4), round(Math.max(hi, range[1]), 4)] }
    }
    const shares = Float64Array.from(boot, (b) => b.resumeShare).sort()

    // 5. Traffic and executions, straight from the records.
    const span = jobs.count === 0 ? 0 : jobs.submittedSeconds[jobs.count - 1]!
    const daily = fitDailyPattern(jobs.submittedSeconds)
    const executions = Float64Array.from(Array.from({ length: training.count }, (_, i) => training.executionSeconds[i]!).filter((x) => !Number.isNaN(x))).sort()

    // 6. The held-out records: every record replayed with the fitted and with the given model (so
    //    the held-out share starts from the workers and FlashBoot states the earlier jobs left), the
    //    figures compared over the held-out jobs only, averaged over the seeds.
    let holdout: Calibration["holdout"] = null
    if (Number.isFinite(split)) {
      const later = sliceJobs(jobs, split, Number.POSITIVE_INFINITY)
      const replayAll = replayScenario(scenario, jobs)
      const outcome = yield* runBatch([
        ...seeds.map((seed) => ({ scenario: withStarts(replayAll, fitted), seed, logJobs: true })),
        ...seeds.map((seed) => ({ scenario: replayAll, seed, logJobs: true }))
      ])
      if (!outcome.complete) return yield* Effect.fail(new CalibrationStopped({ message: "calibration interrupted" }))
      const errorsOf = (from: number) => meanErrors(seeds.map((_, k) => fitErrors(later, sliceJobs(outcome.jobs[from + k]!, split, Number.POSITIVE_INFINITY))))
      holdout = { records: later.count, fromSeconds: round(split, 3), calibrated: errorsOf(0), given: errorsOf(seeds.length) }
    }

    return {
      records: jobs.count,
      trainingRecords: training.count,
      coldStartSeconds: {
        median: ratioInterval(fitted.coldMedian, (b) => b.coldMedian, start.coldMedian, coldMedianRange),
        p95: ratioInterval(fitted.coldP95, (b) => b.coldP95, start.coldP95, coldP95Range)
      },
      flashboot: flashboot
        ? {
            startSeconds: {
              median: ratioInterval(fitted.flashMedian, (b) => b.flashMedian, start.flashMedian, flashMedianRange),
              p95: ratioInterval(fitted.flashP95, (b) => b.flashP95, start.flashP95, flashP95Range)
            },
            hosts: fitted.hosts,
            hostsRange: [fitted.hosts + hostsFit.lo, fitted.hosts + hostsFit.hi],
            resumeShare: {
              value: round(start.resumeShare, 4),
              interval:
                shares.length === 0
                  ? [round(start.resumeShare, 4), round(start.resumeShare, 4)]
                  : [round(nearestRank(shares, 2.5), 4), round(nearestRank(shares, 97.5), 4)]
            }
          }
        : null,
      traffic: {
        spanSeconds: round(span, 3),
        meanRatePerSecond: round(span > 0 ? jobs.count / span : 0, 6),
        daily:
          daily === null
            ? null
            : { meanRatePerSecond: round(daily.meanRatePerSecond, 6), amplitude: round(daily.amplitude, 4), phaseSeconds: round(daily.phaseSeconds, 1) }
      },
      executionSeconds: {
        points: executions.length === 0 ? [] : executionPercents.map((percent) => ({ percent, seconds: round(nearestRank(executions, percent), 6) })),
        median: executions.length === 0 ? { value: 0, interval: [0, 0] } : percentileInterval(executions, 50),
        p95: executions.length === 0 ? { value: 0, interval: [0, 0] } : percentileInterval(executions, 95)
      },
      search: {
        evaluations,
        rounds,
        objectiveBefore: round(objectiveBefore, 4),
        objectiveAfter: round(score, 4),
        start: {
          coldMedian: round(seed.coldMedian, 4),
          coldP95: round(seed.coldP95, 4),
          flashMedian: round(seed.flashMedian, 4),
          flashP95: round(seed.flashP95, 4),
          hosts: seed.hosts
        }
      },
      fit: { calibrated: fitErrors(training, bestRecords), given: fitErrors(training, givenRecords) },
      holdout,
      notes: [
        ...jobs.notes,
        ...(observed.starts === null ? ["the records name no workerId: starts are fitted from delayTime alone, and worker starts cannot be compared"] : []),
        ...loose,
        ...(observed.first.length < 30 && observed.starts !== null
          ? [
              `only ${observed.first.length === 1 ? "1 worker start" : `${observed.first.length} worker starts`} in the records: start parameters are loosely determined (see the intervals)`
            ]
          : [])
      ]
    }
  })
