/**
 * SimResult: the report object of one simulation (what `scalecast simulate --json` prints): the
 * scenario, the normalised endpoint, the assumptions the run made, and its figures. Plain data,
 * numbers rounded to fixed precision so the same scenario and seed give byte-identical JSON.
 *
 * Two views of latency: `latency` describes the requests that completed (as RunPod reports
 * delayTime and executionTime per completed job; null when none did), and `figures` holds what
 * targets read, where a request that did not complete counts as infinitely late (see Slo).
 */
import { describeArrivals } from "../models/Arrivals.ts"
import { describeDistribution, meanOf } from "../models/Distribution.ts"
import { toCreateEndpointRequest, type EndpointConfig } from "../models/EndpointConfig.ts"
import type { Scenario } from "../models/Scenario.ts"
import type { Figure, RunMetricName } from "../models/Slo.ts"
import type { Histogram } from "./Histogram.ts"
import type { RunStats } from "./RunStats.ts"
import { perTimelineSeries, timelineSeries, type TimelineName } from "./Timeline.ts"

/** Latency of completed requests in seconds; every field null when no request completed. */
export interface LatencySummary {
  readonly mean: number | null
  readonly p50: number | null
  readonly p90: number | null
  readonly p95: number | null
  readonly p99: number | null
  readonly max: number | null
}

export interface SimResult {
  readonly scenario: { readonly name: string; readonly seed: number; readonly durationSeconds: number; readonly warmupSeconds: number }
  readonly endpoint: EndpointConfig
  readonly assumptions: {
    readonly scaler: string
    readonly scalerIntervalSeconds: number
    readonly dispatch: string
    readonly coldStart: string
    readonly flashbootStart: string
    readonly flashbootRetentionSeconds: number
    /** Hosts per pool a FlashBoot state may be on (a start elsewhere misses it). */
    readonly flashbootHosts: number
    readonly pools: ReadonlyArray<{
      readonly pool: string
      readonly capacityGpus: number | "unlimited" | ReadonlyArray<{ readonly fromSeconds: number; readonly gpus: number | "unlimited" }>
      readonly speed: number
      readonly flexPerSecondUsd: number
      readonly activePerSecondUsd: number | null
    }>
    readonly priceCatalogAsOf: string
    readonly concurrencyPerWorker: number
    readonly queueLimit: number
    readonly jobTtlSeconds: number
    readonly executionTimeoutSeconds: number
    readonly stopWorkerOnTimeout: boolean
    readonly initTimeoutSeconds: number
    readonly activeWorkersStartWarm: boolean
    readonly billingRoundUpPerSession: boolean
    readonly containerDiskGb: number
  }
  readonly workload: { readonly arrivals: string; readonly executionSeconds: string; readonly meanExecutionSeconds: number }
  readonly requests: {
    readonly arrived: number
    readonly completed: number
    readonly failed: number
    readonly expired: number
    readonly rejected: number
    readonly inSystemAtEnd: number
    /** Share of the arrived requests that did not complete (failed, expired, rejected, in the system); null when none arrived. */
    readonly unfinishedShare: number | null
  }
  readonly latency: {
    readonly delayTime: LatencySummary
    readonly executionTime: LatencySummary
    readonly endToEnd: LatencySummary
    /** The quantile functions of completed requests, for distribution charts: value (s) at each percentile in `p` (empty when none completed). */
    readonly quantiles: {
      readonly p: ReadonlyArray<number>
      readonly delayTime: ReadonlyArray<number>
      readonly executionTime: ReadonlyArray<number>
      readonly endToEnd: ReadonlyArray<number>
    }
  }
  /**
   * Worker starts in the window (full cold starts and FlashBoot resumes), and the share of completed
   * requests whose delayTime included waiting for a worker to start, any worker (active or flex) and
   * any job slot: for a cold start (`coldStartShare`) or a FlashBoot resume (`flashbootShare`);
   * null when no request completed.
   */
  readonly coldStarts: {
    readonly count: number
    readonly flashboot: number
    readonly unhealthy: number
    readonly coldStartShare: number | null
    readonly flashbootShare: number | null
  }
  readonly workers: {
    readonly peak: number
    readonly mean: number
    readonly meanRunning: number
    /** Warm, waiting for a job, billed (RunPod's /health "ready"). */
    readonly meanReady: number
    readonly meanInitializing: number
    readonly meanThrottled: number
    /**
     * Scaled-down flex workers whose FlashBoot state is kept (RunPod's /health "idle"): not billed,
     * not counted in `mean` or `peak`, resumable by a FlashBoot start on their pool.
     */
    readonly meanRetained: number
    readonly started: number
    readonly throttledStarts: number
  }
  /** Mean queue length over the window; share of completed requests that waited at all. */
  readonly queue: { readonly meanLength: number; readonly waitProbability: number | null }
  /** The run itself: events processed and when the last one happened (after the drain). */
  readonly run: { readonly events: number; readonly endSeconds: number }
  readonly cost: {
    readonly totalUsd: number
    readonly flexUsd: number
    readonly activeUsd: number
    readonly containerDiskUsd: number
    readonly perHourUsd: number
    /**
     * What serving the window's requests cost: billed from warmupSeconds until the last worker
     * stopped after the drain (idle timeouts included); the numerator of `perThousandRequestsUsd`.
     */
    readonly servedUsd: number
    /** `servedUsd` per 1,000 completed requests of the window; null when none completed. */
    readonly perThousandRequestsUsd: number | null
    /** Share of billed worker time spent ready (warm, waiting for a job). */
    readonly billedReadyShare: number
  }
  /** Every figure a target (`--slo`, `--budget`) can name, as targets read it (see Slo). */
  readonly figures: Readonly<Record<RunMetricName, Figure>>
  /** Fixed-width buckets from t = 0: each series of RunStats' `timelineSeries`, per bucket. */
  readonly timeline: { readonly bucketSeconds: number; readonly t: ReadonlyArray<number> } & Readonly<Record<TimelineName, ReadonlyArray<number>>>
}

/** Rounds to `digits` decimals (and turns -0 into 0), for stable JSON. */
export const round = (x: number, digits: number): number => {
  const f = 10 ** digits
  const r = Math.round(x * f) / f
  return r === 0 ? 0 : r
}

const seconds = (x: number) => round(x, 6)
const usd = (x: number) => round(x, 8)
const avg = (x: number) => round(x, 4)

const summary = (h: Histogram): LatencySummary =>
  h.count === 0
    ? { mean: null, p50: null, p90: null, p95: null, p99: null, max: null }
    : {
        mean: seconds(h.mean()),
        p50: seconds(h.percentile(50)),
        p90: seconds(h.percentile(90)),
        p95: seconds(h.percentile(95)),
        p99: seconds(h.percentile(99)),
        max: seconds(h.max)
      }

/**
 * Latency of `h` (the completed requests) as targets read it: over all `arrived` requests, the
 * ones that did not complete counting as infinitely late. Null when none completed.
 */
const targetLatency = (h: Histogram, arrived: number): LatencySummary => {
  if (h.count === 0) return summary(h)
  const unfinished = arrived - h.count
  const at = (p: number) => {
    const rank = Math.max(1, Math.ceil((p / 100) * arrived))
    return rank > h.count ? Number.POSITIVE_INFINITY : seconds(h.valueAtRank(rank))
  }
  return {
    mean: unfinished > 0 ? Number.POSITIVE_INFINITY : seconds(h.mean()),
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
    max: unfinished > 0 ? Number.POSITIVE_INFINITY : seconds(h.max)
  }
}

/** The percentiles at which the report samples each latency distribution. */
export const quantilePercents: ReadonlyArray<number> = [0.1, 0.5, ...Array.from({ length: 99 }, (_, i) => i + 1), 99.5, 99.9, 100]

const quantiles = (h: Histogram) => (h.count === 0 ? [] : quantilePercents.map((p) => seconds(h.percentile(p))))

const capacityOut = (gpus: number): number | "unlimited" => (Number.isFinite(gpus) ? gpus : "unlimited")

export interface RunInfo {
  readonly scalerName: string
  readonly retentionSeconds: number
  readonly hosts: number
  readonly priceCatalogAsOf: string
  readonly rates: ReadonlyArray<{ readonly flexPerSecondUsd: number; readonly activePerSecondUsd: number | null }>
}

/** Assembles the report object of a finished run. */
export const buildResult = (scenario: Scenario, stats: RunStats, info: RunInfo): SimResult => {
  const { platform, endpoint } = scenario
  const window = stats.windowEnd - stats.windowStart
  const mean = (area: number) => avg(area / window)
  const totalUsd = stats.flexUsd + stats.activeUsd + stats.diskUsd
  const billedWorkerSeconds = stats.runningArea + stats.readyArea + stats.initializingArea
  const tl = stats.timeline
  const n = tl.running.length
  const series = (a: Float64Array, digits = 4) => Array.from(a, (x) => round(x, digits))
  // Time averages of the last bucket cover only the part of it inside the run.
  const lastWidth = stats.windowEnd - (n - 1) * stats.bucketSeconds
  const averages = (a: Float64Array) => series(a.map((x, i) => (i === n - 1 ? (x * stats.bucketSeconds) / lastWidth : x)))
  const completed = stats.completedCount
  const share = (part: number, whole: number) => (whole === 0 ? null : round(part / whole, 6))
  const coldStartShare = share(stats.coldWaited, completed)
  const flashbootShare = share(stats.flashWaited, completed)
  const perThousandRequestsUsd = completed === 0 ? null : usd((stats.servedUsd / completed) * 1000)
  const perHourUsd = usd((totalUsd / window) * 3600)
  const latency = { delayTime: summary(stats.delayTime), executionTime: summary(stats.executionTime), endToEnd: summary(stats.endToEnd) }
  const forTargets = {
    delayTime: targetLatency(stats.delayTime, stats.arrived),
    executionTime: targetLatency(stats.executionTime, stats.arrived),
    endToEnd: targetLatency(stats.endToEnd, stats.arrived)
  }
  const figures = {} as Record<RunMetricName, Figure>
  for (const [name, l] of Object.entries(forTargets)) for (const [stat, x] of Object.entries(l)) figures[`${name}.${stat}` as RunMetricName] = x
  Object.assign(figures, {
    failed: stats.failedCount,
    expired: stats.expiredCount,
    rejected: stats.rejectedCount,
    coldStartShare,
    flashbootShare,
    unfinishedShare: share(stats.arrived - completed, stats.arrived),
    usdPerHour: perHourUsd,
    usdPer1000: perThousandRequestsUsd
  })
  return {
    scenario: { name: scenario.name, seed: scenario.seed, durationSeconds: scenario.durationSeconds, warmupSeconds: scenario.warmupSeconds },
    endpoint: toCreateEndpointRequest(endpoint),
    assumptions: {
      scaler: info.scalerName,
      scalerIntervalSeconds: platform.scalerIntervalSeconds,
      dispatch: platform.dispatch,
      coldStart: describeDistribution(platform.coldStartSeconds),
      flashbootStart: describeDistribution(platform.flashboot.startSeconds),
      flashbootRetentionSeconds: info.retentionSeconds,
      flashbootHosts: info.hosts,
      pools: endpoint.gpu.pools.map((pool, i) => {
        const cap = platform.pools[pool].capacity
        return {
          pool,
          capacityGpus:
            cap.length === 1 && cap[0]!.fromSeconds === 0
              ? capacityOut(cap[0]!.gpus)
              : cap.map((s) => ({ fromSeconds: s.fromSeconds, gpus: capacityOut(s.gpus) })),
          speed: platform.pools[pool].speed,
          flexPerSecondUsd: info.rates[i]!.flexPerSecondUsd,
          activePerSecondUsd: info.rates[i]!.activePerSecondUsd
        }
      }),
      priceCatalogAsOf: info.priceCatalogAsOf,
      concurrencyPerWorker: platform.concurrencyPerWorker,
      queueLimit: platform.queueLimit,
      jobTtlSeconds: platform.jobTtlSeconds,
      executionTimeoutSeconds: endpoint.timeout / 1000,
      stopWorkerOnTimeout: platform.stopWorkerOnTimeout,
      initTimeoutSeconds: platform.initTimeoutSeconds,
      activeWorkersStartWarm: platform.activeWorkersStartWarm,
      billingRoundUpPerSession: platform.billing.roundUpPerSession,
      containerDiskGb: platform.billing.containerDiskGb
    },
    workload: {
      arrivals: describeArrivals(scenario.workload.arrivals),
      executionSeconds: describeDistribution(scenario.workload.executionSeconds),
      meanExecutionSeconds: seconds(meanOf(scenario.workload.executionSeconds))
    },
    requests: {
      arrived: stats.arrived,
      completed: stats.completedCount,
      failed: stats.failedCount,
      expired: stats.expiredCount,
      rejected: stats.rejectedCount,
      inSystemAtEnd: stats.inSystemAtEndCount,
      unfinishedShare: share(stats.arrived - completed, stats.arrived)
    },
    latency: {
      ...latency,
      quantiles: {
        p: quantilePercents,
        delayTime: quantiles(stats.delayTime),
        executionTime: quantiles(stats.executionTime),
        endToEnd: quantiles(stats.endToEnd)
      }
    },
    coldStarts: {
      count: stats.coldStarts,
      flashboot: stats.flashStarts,
      unhealthy: stats.unhealthyStarts,
      coldStartShare,
      flashbootShare
    },
    workers: {
      peak: stats.peakWorkers,
      mean: mean(stats.runningArea + stats.readyArea + stats.initializingArea),
      meanRunning: mean(stats.runningArea),
      meanReady: mean(stats.readyArea),
      meanInitializing: mean(stats.initializingArea),
      meanThrottled: mean(stats.throttledArea),
      meanRetained: mean(stats.retainedArea),
      started: stats.started,
      throttledStarts: stats.throttleEvents
    },
    queue: { meanLength: mean(stats.queuedArea), waitProbability: share(stats.waited, completed) },
    run: { events: stats.events, endSeconds: seconds(stats.lastEventSeconds) },
    cost: {
      totalUsd: usd(totalUsd),
      flexUsd: usd(stats.flexUsd),
      activeUsd: usd(stats.activeUsd),
      containerDiskUsd: usd(stats.diskUsd),
      perHourUsd,
      servedUsd: usd(stats.servedUsd),
      perThousandRequestsUsd,
      billedReadyShare: billedWorkerSeconds === 0 ? 0 : round(stats.readyArea / billedWorkerSeconds, 6)
    },
    figures,
    timeline: {
      bucketSeconds: stats.bucketSeconds,
      t: Array.from({ length: n }, (_, i) => i * stats.bucketSeconds),
      ...perTimelineSeries((name) => (timelineSeries[name] === "average" ? averages(tl[name]) : series(tl[name], timelineSeries[name] === "usd" ? 8 : 0)))
    }
  }
}
