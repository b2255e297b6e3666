/**
 * Backtest: a scenario's prediction beside what RunPod recorded. The recorded jobs are replayed
 * through the scenario's endpoint and platform (each at its submission time, with its recorded
 * executionTime; the scenario's own workload only supplies execution times for jobs that recorded
 * none), the run's job log is summarised exactly like the records (JobFigures), and the two are set
 * side by side: requests by status, delayTime and end-to-end, worker starts, relative errors, and
 * Kolmogorov–Smirnov distances between the delayTime distributions (all completed jobs, and each
 * worker's first job, where starts show). With `/health` polls, the recorded worker and queue counts
 * are set against the run's timeline at each poll's time.
 *
 * What is not replayed (and said so): cancelled jobs that never ran (scalecast has no cancellation).
 */
import { Effect } from "effect"
import type { Models } from "../models/Models.ts"
import { recordedArrivals } from "../models/records/RecordedArrivals.ts"
import { jobStatuses, type JobRecords } from "../models/records/JobRecords.ts"
import type { HealthPolls } from "../models/records/HealthPolls.ts"
import type { Scenario } from "../models/Scenario.ts"
import { completedDelays, firstDelays, jobFigures, ksDistance, type JobFigures, type LatencyFigures } from "./JobFigures.ts"
import { JobLog } from "./JobLog.ts"
import { round, quantilePercents } from "./SimResult.ts"
import { runScenario } from "./simulate.ts"
import { nearestRank } from "./JobFigures.ts"

/** Signed relative error (predicted − observed) / observed per latency figure; null without both. */
export type LatencyErrors = Readonly<Record<keyof LatencyFigures, number | null>>

export interface HealthComparison {
  /** Poll times, seconds from the first recorded submission (polls inside the replay only). */
  readonly atSeconds: ReadonlyArray<number>
  /** Workers as /health counts them billed: running + ready + initializing. */
  readonly observedWorkers: ReadonlyArray<number>
  readonly predictedWorkers: ReadonlyArray<number>
  readonly observedInQueue: ReadonlyArray<number>
  readonly predictedInQueue: ReadonlyArray<number>
  /** Mean absolute differences over the polls. */
  readonly workersMeanAbsoluteError: number
  readonly inQueueMeanAbsoluteError: number
  /** Polls outside the replayed time span, left out. */
  readonly pollsOutside: number
}

export interface Backtest {
  readonly scenario: string
  readonly seed: number
  readonly observed: JobFigures
  readonly predicted: JobFigures
  readonly error: {
    readonly delayTime: LatencyErrors
    readonly endToEnd: LatencyErrors
    readonly workerStarts: number | null
    /** KS distance between observed and predicted delayTime of completed jobs (0 = same distribution). */
    readonly delayTimeKs: number
    /** KS distance between the first delays of each worker; null when records name no worker. */
    readonly firstDelayKs: number | null
  }
  /** delayTime quantiles at `quantilePercents` (seconds), observed and predicted, for the CDF chart. */
  readonly delayQuantiles: { readonly percents: ReadonlyArray<number>; readonly observed: ReadonlyArray<number>; readonly predicted: ReadonlyArray<number> }
  readonly health: HealthComparison | null
  /** Jobs replayed, and what the records said that a reader must know (assumptions, counts left out). */
  readonly replayed: number
  readonly notes: ReadonlyArray<string>
}

const CANCELLED = jobStatuses.indexOf("CANCELLED")

const relative = (predicted: number | null, observed: number | null): number | null =>
  predicted === null || observed === null || observed === 0 ? null : round((predicted - observed) / observed, 4)

const latencyErrors = (p: LatencyFigures, o: LatencyFigures): LatencyErrors => ({
  mean: relative(p.mean, o.mean),
  p50: relative(p.p50, o.p50),
  p90: relative(p.p90, o.p90),
  p95: relative(p.p95, o.p95),
  p99: relative(p.p99, o.p99)
})

const roundedLatency = (l: LatencyFigures): LatencyFigures => ({
  mean: l.mean === null ? null : round(l.mean, 6),
  p50: l.p50 === null ? null : round(l.p50, 6),
  p90: l.p90 === null ? null : round(l.p90, 6),
  p95: l.p95 === null ? null : round(l.p95, 6),
  p99: l.p99 === null ? null : round(l.p99, 6)
})

const rounded = (f: JobFigures): JobFigures => ({
  ...f,
  delayTime: roundedLatency(f.delayTime),
  executionTime: roundedLatency(f.executionTime),
  endToEnd: roundedLatency(f.endToEnd)
})

/** The records a replay runs: every job but the cancelled ones that never ran. */
export const replayedJobs = (jobs: JobRecords): { readonly submitted: Float64Array; readonly execution: Float64Array; readonly left: number } => {
  const keep: Array<number> = []
  for (let i = 0; i < jobs.count; i++) if (!(jobs.status[i] === CANCELLED && Number.isNaN(jobs.executionSeconds[i]!))) keep.push(i)
  return {
    submitted: Float64Array.from(keep, (i) => jobs.submittedSeconds[i]!),
    execution: Float64Array.from(keep, (i) => jobs.executionSeconds[i]!),
    left: jobs.count - keep.length
  }
}

/** The scenario with the recorded jobs as its arrivals, run to the last submission and drained. */
export const replayScenario = (scenario: Scenario, jobs: JobRecords): Scenario => scenarioReplaying(scenario, replayedJobs(jobs))

const scenarioReplaying = (scenario: Scenario, { submitted, execution }: ReturnType<typeof replayedJobs>): Scenario => {
  const last = submitted.length === 0 ? 0 : submitted[submitted.length - 1]!
  return {
    ...scenario,
    durationSeconds: Math.max(1, Math.ceil(last + 1)),
    warmupSeconds: 0,
    workload: { ...scenario.workload, arrivals: recordedArrivals(submitted, execution) },
    platform: { ...scenario.platform, drain: true }
  }
}

/** Runs the replay once and returns the run's job records, its result and how many records were not replayed. */
const replay = (scenario: Scenario, jobs: JobRecords) =>
  Effect.gen(function* () {
    const log = new JobLog()
    const kept = replayedJobs(jobs)
    const result = yield* runScenario(scenarioReplaying(scenario, kept), { jobLog: log })
    return { predicted: log.toRecords(jobs.originMs), result, notReplayed: kept.left }
  })

const healthComparison = (
  health: HealthPolls,
  originMs: number,
  timeline: { readonly bucketSeconds: number } & Readonly<Record<"running" | "ready" | "initializing" | "queued", ReadonlyArray<number>>>
): HealthComparison => {
  const at: Array<number> = []
  const ow: Array<number> = []
  const pw: Array<number> = []
  const oq: Array<number> = []
  const pq: Array<number> = []
  let outside = 0
  const buckets = timeline.running.length
  for (let i = 0; i < health.count; i++) {
    const t = (health.atMs[i]! - originMs) / 1000
    const b = Math.floor(t / timeline.bucketSeconds)
    if (t < 0 || b >= buckets) {
      outside++
      continue
    }
    at.push(round(t, 3))
    ow.push(health.workers.running[i]! + health.workers.ready[i]! + health.workers.initializing[i]!)
    pw.push(round(timeline.running[b]! + timeline.ready[b]! + timeline.initializing[b]!, 4))
    oq.push(health.jobs.inQueue[i]!)
    pq.push(round(timeline.queued[b]!, 4))
  }
  const mae = (a: ReadonlyArray<number>, b: ReadonlyArray<number>) =>
    a.length === 0 ? 0 : round(a.reduce((s, x, i) => s + Math.abs(x - b[i]!), 0) / a.length, 4)
  return {
    atSeconds: at,
    observedWorkers: ow,
    predictedWorkers: pw,
    observedInQueue: oq,
    predictedInQueue: pq,
    workersMeanAbsoluteError: mae(ow, pw),
    inQueueMeanAbsoluteError: mae(oq, pq),
    pollsOutside: outside
  }
}

/** Compares observed job figures with a run's (already replayed) job records. */
export const compareJobs = (observedJobs: JobRecords, predictedJobs: JobRecords) => {
  const observed = jobFigures(observedJobs)
  const predicted = jobFigures(predictedJobs)
  const od = completedDelays(observedJobs)
  const pd = completedDelays(predictedJobs)
  return {
    observed: rounded(observed),
    predicted: rounded(predicted),
    error: {
      delayTime: latencyErrors(predicted.delayTime, observed.delayTime),
      endToEnd: latencyErrors(predicted.endToEnd, observed.endToEnd),
      workerStarts: relative(predicted.workerStarts, observed.workerStarts),
      delayTimeKs: round(ksDistance(od, pd), 4),
      firstDelayKs: observed.workerStarts === null ? null : round(ksDistance(firstDelays(observedJobs), firstDelays(predictedJobs)), 4)
    },
    delayQuantiles: {
      percents: quantilePercents,
      observed: od.length === 0 ? [] : quantilePercents.map((p) => round(nearestRank(od, p), 6)),
      predicted: pd.length === 0 ? [] : quantilePercents.map((p) => round(nearestRank(pd, p), 6))
    }
  }
}

/** Replays `jobs` through `scenario` and compares prediction with observation. */
export const backtest = (scenario: Scenario, jobs: JobRecords, health?: HealthPolls): Effect.Effect<Backtest, never, Models> =>
  Effect.gen(function* () {
    const { predicted, result, notReplayed: left } = yield* replay(scenario, jobs)
    const compared = compareJobs(jobs, predicted)
    const healthOut = health === undefined ? null : healthComparison(health, jobs.originMs, result.timeline)
    return {
      scenario: scenario.name,
      seed: scenario.seed,
      ...compared,
      health: healthOut,
      replayed: jobs.count - left,
      notes: [
        ...jobs.notes,
        ...(left > 0
          ? [
              `${left === 1 ? "1 cancelled job that never ran was" : `${left.toLocaleString("en-US")} cancelled jobs that never ran were`} not replayed (scalecast does not model cancellation)`
            ]
          : []),
        ...(healthOut !== null && healthOut.pollsOutside > 0
          ? [
              healthOut.pollsOutside === 1
                ? "1 health poll falls outside the replayed span and was left out"
                : `${healthOut.pollsOutside.toLocaleString("en-US")} health polls fall outside the replayed span and were left out`
            ]
          : []),
        ...(health?.notes ?? [])
      ]
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
