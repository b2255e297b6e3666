/**
 * RunStats: the streaming statistics of one run, in bounded memory. Request figures count the
 * requests that arrived in the measurement window [warmupSeconds, durationSeconds]; latencies go to
 * histograms (completed requests only); worker counts and queue length are time-integrated over the
 * window; cost is summed per billing session, clipped to the window. A fixed-interval timeline
 * (at most `maxTimelineBuckets` buckets over [0, durationSeconds]) keeps what charts need.
 */
import { billedSeconds, containerDiskUsd } from "../models/Billing.ts"
import { Histogram } from "./Histogram.ts"

/** The engine's live counts, read at each time advance. */
export interface LiveCounts {
  readonly running: number
  readonly ready: number
  readonly initializing: number
  readonly throttled: number
  /** Scaled-down workers whose FlashBoot state is kept (RunPod's "idle"; not billed). */
  readonly retained: number
  readonly queued: number
}

export const maxTimelineBuckets = 720
const niceBucketSeconds = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800]

/** The timeline's bucket width for a run of `durationSeconds`: a round number, at most 720 buckets. */
export const timelineBucketSeconds = (durationSeconds: number): number =>
  niceBucketSeconds.find((s) => durationSeconds / s <= maxTimelineBuckets) ?? Math.ceil(durationSeconds / maxTimelineBuckets)

/**
 * The timeline's series, in report order, each with how a bucket holds it: worker counts and the
 * queue as time averages over the bucket (`average`), events as counts (`count`), spending in USD
 * (`usd`). Reports and charts derive their series from this list.
 */
export const timelineSeries = {
  running: "average",
  ready: "average",
  initializing: "average",
  throttled: "average",
  retained: "average",
  queued: "average",
  arrivals: "count",
  completed: "count",
  coldStarts: "count",
  flashStarts: "count",
  flexUsd: "usd",
  activeUsd: "usd"
} as const

export type TimelineName = keyof typeof timelineSeries
export const timelineNames = Object.keys(timelineSeries) as ReadonlyArray<TimelineName>

/** One value per timeline series, in report order. */
export const perTimelineSeries = <V>(value: (name: TimelineName) => V): Record<TimelineName, V> => {
  const out: Partial<Record<TimelineName, V>> = {}
  for (const name of timelineNames) out[name] = value(name)
  return out as Record<TimelineName, V>
}

/** Per-bucket series, struct-of-arrays. */
export type TimelineSeries = Readonly<Record<TimelineName, Float64Array>>

export class RunStats {
  readonly windowStart: number
  readonly windowEnd: number
  readonly delayTime = new Histogram()
  readonly executionTime = new Histogram()
  readonly endToEnd = new Histogram()

  /** Events processed (stale ones included). */
  events = 0
  /** Time of the last event: after the drain, when the last request got its outcome. */
  lastEventSeconds = 0
  arrived = 0
  completedCount = 0
  failedCount = 0
  expiredCount = 0
  rejectedCount = 0
  inSystemAtEndCount = 0
  /** Completed requests whose delayTime included waiting for a cold start / a FlashBoot resume. */
  coldWaited = 0
  flashWaited = 0
  /** Completed requests that waited at all (delayTime > 0). */
  waited = 0
  coldStarts = 0
  flashStarts = 0
  unhealthyStarts = 0
  throttleEvents = 0
  started = 0
  peakWorkers = 0

  // Time integrals over the window (count × seconds).
  runningArea = 0
  readyArea = 0
  initializingArea = 0
  throttledArea = 0
  retainedArea = 0
  queuedArea = 0

  flexUsd = 0
  activeUsd = 0
  diskUsd = 0
  /**
   * Everything billed from the window's start until the last worker stopped after the drain (idle
   * timeouts included): the cost of serving the window's requests, for cost per 1,000 requests.
   */
  servedUsd = 0
  flexBilledSeconds = 0
  activeBilledSeconds = 0
  /** Current spend rate of open sessions, USD per second (for the timeline). */
  private flexBurn = 0
  private activeBurn = 0

  readonly bucketSeconds: number
  readonly timeline: TimelineSeries
  private readonly buckets: number
  private lastT = 0
  /** The timeline bucket `advanceTo` last wrote to, and where it ends (seconds). */
  private bucketIndex = 0
  private bucketEnd: number
  private readonly roundUp: boolean
  private readonly diskGb: number

  constructor(options: {
    readonly warmupSeconds: number
    readonly durationSeconds: number
    readonly roundUpPerSession: boolean
    readonly containerDiskGb: number
  }) {
    this.windowStart = options.warmupSeconds
    this.windowEnd = options.durationSeconds
    this.roundUp = options.roundUpPerSession
    this.diskGb = options.containerDiskGb
    this.bucketSeconds = timelineBucketSeconds(options.durationSeconds)
    this.buckets = Math.ceil(options.durationSeconds / this.bucketSeconds)
    this.bucketEnd = this.bucketSeconds
    const n = this.buckets
    this.timeline = perTimelineSeries(() => new Float64Array(n))
  }

  private inWindow(arrival: number): boolean {
    return arrival >= this.windowStart
  }

  private bucket(t: number): number {
    const b = Math.floor(t / this.bucketSeconds)
    return b < this.buckets ? b : -1
  }

  /**
   * Integrates the live counts from the last advance to `t`. Called once per event, before the
   * event changes anything.
   * NOTE (performance): the common case (no bucket boundary crossed) is a handful of float ops.
   */
  advanceTo(t: number, c: LiveCounts): void {
    const from = this.lastT
    if (t <= from) return
    this.lastT = t
    // Each count read once (the hot path: once per event).
    const running = c.running
    const ready = c.ready
    const initializing = c.initializing
    const throttled = c.throttled
    const retained = c.retained
    const queued = c.queued
    const a = from > this.windowStart ? from : this.windowStart
    const b = t < this.windowEnd ? t : this.windowEnd
    if (b > a) {
      const dt = b - a
      this.runningArea += running * dt
      this.readyArea += ready * dt
      this.initializingArea += initializing * dt
      this.throttledArea += throttled * dt
      this.retainedArea += retained * dt
      this.queuedArea += queued * dt
      const workers = running + ready + initializing
      if (workers > this.peakWorkers) this.peakWorkers = workers
    }
    // Timeline over [0, windowEnd], split at bucket boundaries.
    let s = from
    const end = t < this.windowEnd ? t : this.windowEnd
    const tl = this.timeline
    while (s < end) {
      if (s >= this.bucketEnd) this.enterBucket(s)
      const i = this.bucketIndex
      const boundary = this.bucketEnd
      const e = boundary < end ? boundary : end
      const w = (e - s) / this.bucketSeconds
      tl.running[i]! += running * w
      tl.ready[i]! += ready * w
      if (initializing !== 0) tl.initializing[i]! += initializing * w
      if (throttled !== 0) tl.throttled[i]! += throttled * w
      if (retained !== 0) tl.retained[i]! += retained * w
      if (queued !== 0) tl.queued[i]! += queued * w
      tl.flexUsd[i]! += this.flexBurn * (e - s)
      tl.activeUsd[i]! += this.activeBurn * (e - s)
      s = e
    }
  }

  /** Moves the timeline's current bucket to the one holding `t`. */
  private enterBucket(t: number): void {
    this.bucketIndex = Math.floor(t / this.bucketSeconds)
    this.bucketEnd = (this.bucketIndex + 1) * this.bucketSeconds
  }

  /** Peak counts at a moment a worker is added (between advances). */
  notePeak(workers: number, t: number): void {
    if (t >= this.windowStart && t <= this.windowEnd && workers > this.peakWorkers) this.peakWorkers = workers
  }

  arrival(t: number): void {
    if (this.inWindow(t)) this.arrived++
    const b = this.bucket(t)
    if (b >= 0) this.timeline.arrivals[b]!++
  }

  rejected(arrival: number): void {
    if (this.inWindow(arrival)) this.rejectedCount++
  }

  expired(arrival: number): void {
    if (this.inWindow(arrival)) this.expiredCount++
  }

  failed(arrival: number): void {
    if (this.inWindow(arrival)) this.failedCount++
  }

  inSystemAtEnd(arrival: number): void {
    if (this.inWindow(arrival)) this.inSystemAtEndCount++
  }

  /** A request completed; `startWait` is what it waited for: 0 nothing, 1 a cold start, 2 a FlashBoot resume. */
  completed(arrival: number, start: number, end: number, startWait: number): void {
    const b = this.bucket(end)
    if (b >= 0) this.timeline.completed[b]!++
    if (!this.inWindow(arrival)) return
    this.completedCount++
    this.delayTime.record(start - arrival)
    if (start > arrival) this.waited++
    this.executionTime.record(end - start)
    this.endToEnd.record(end - arrival)
    if (startWait === 1) this.coldWaited++
    else if (startWait === 2) this.flashWaited++
  }

  workerStart(t: number, resumed: boolean): void {
    const b = this.bucket(t)
    if (b >= 0) (resumed ? this.timeline.flashStarts : this.timeline.coldStarts)[b]!++
    if (t < this.windowStart || t > this.windowEnd) return
    this.started++
    if (resumed) this.flashStarts++
    else this.coldStarts++
  }

  unhealthy(t: number): void {
    if (t >= this.windowStart && t <= this.windowEnd) this.unhealthyStarts++
  }

  throttle(t: number): void {
    if (t >= this.windowStart && t <= this.windowEnd) this.throttleEvents++
  }

  sessionOpened(active: boolean, ratePerSecondUsd: number): void {
    if (active) this.activeBurn += ratePerSecondUsd
    else this.flexBurn += ratePerSecondUsd
  }

  /** Bills a session [start, end] at `ratePerSecondUsd`, clipped to the window, rounded up per session. */
  sessionClosed(active: boolean, start: number, end: number, ratePerSecondUsd: number): void {
    if (active) this.activeBurn -= ratePerSecondUsd
    else this.flexBurn -= ratePerSecondUsd
    const from = start > this.windowStart ? start : this.windowStart
    if (end > from) this.servedUsd += billedSeconds(end - from, this.roundUp) * ratePerSecondUsd + containerDiskUsd(end - from, this.diskGb)
    const to = end < this.windowEnd ? end : this.windowEnd
    if (to <= from) return
    const seconds = billedSeconds(to - from, this.roundUp)
    if (active) {
      this.activeUsd += seconds * ratePerSecondUsd
      this.activeBilledSeconds += seconds
    } else {
      this.flexUsd += seconds * ratePerSecondUsd
      this.flexBilledSeconds += seconds
    }
    this.diskUsd += containerDiskUsd(to - from, this.diskGb)
  }
}
