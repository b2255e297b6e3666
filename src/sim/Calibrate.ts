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
 *      every candidate: common random numbers), each round's candidates together on the run pool's
 *      threads, and minimises the distance to the records (CalibrationDistance.ts).
 * Intervals for start parameters join a bootstrap of the direct estimate (resampling the workers'
 * first delays, applied as ratios around the fitted value: the sampling spread) and a profile
 * (Profile.ts: what the records cannot tell apart), so a parameter the records barely constrain gets
 * a wide interval and a note, not a precise-looking number. Deterministic for a seed.
 */
import { Effect, Schema } from "effect"
import type { JobRecords } from "../models/records/JobRecords.ts"
import type { Scenario } from "../models/Scenario.ts"
import { replayScenario, sliceJobs } from "./Backtest.ts"
import { distance, fitErrors, meanErrors, observedOf, type FitErrors } from "./CalibrationDistance.ts"
import { fitDailyPattern, type DailyPattern } from "./DailyPattern.ts"
import { nearestRank, percentileInterval } from "./JobFigures.ts"
import { Rng } from "./Rng.ts"
import { pooledNoise, profileCandidates, profileRange, sampleSd } from "./Profile.ts"
import { directStarts, withStarts, type StartParameters } from "./StartModel.ts"
import type { PoolOutcome, RunTask } from "./RunPool.ts"
import { round } from "./SimResult.ts"

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

const executionPercents = [0, 1, 5, 10, 25, 50, 75, 90, 95, 99, 100]

// ---- The search ------------------------------------------------------------------------------

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
    const noise = pooledNoise(spread, score)
    const profileCoords = profileCandidates(coords, active, flashboot)
    const profile = yield* evaluate(profileCoords.map((p) => fromCoords(p.c)))
    const fitsWithin = (k: number) => profileRange(profileCoords, profile.scores, score, score + noise, k)
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
