/**
 * RunStats: the streaming statistics of one run, in bounded memory. Request figures count the
 * requests that arrived in the measurement window [warmupSeconds, durationSeconds]; latencies go to
 * histograms (completed requests only); worker counts and queue length are time-integrated over the
 * window; cost is summed per billing session, clipped to the window. A fixed-interval timeline
 * (Timeline.ts: at most 720 buckets over [0, durationSeconds]) keeps what charts need.
 *
 * Time integrals go segment by segment: a segment ends at each timeline bucket boundary, at the
 * warmup's end and at the run's end, so it lies in one bucket and wholly inside or outside the
 * window. Each advance adds count × seconds to the segment's sums; a finished segment adds its sums
 * to its bucket and, inside the window, to the window's areas.
 * NOTE (performance): an advance (one per event) is six multiply-adds and two comparisons; the
 * division into bucket averages and the window clipping happen once per segment.
 */
import { billedSeconds, containerDiskUsd } from "../models/Billing.ts"
import { Histogram } from "./Histogram.ts"
import { perTimelineSeries, timelineBucketSeconds, type TimelineSeries } from "./Timeline.ts"

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

  // Time integrals over the window (count × seconds), finished segments only: see the getters.
  private windowRunning = 0
  private windowReady = 0
  private windowInitializing = 0
  private windowThrottled = 0
  private windowRetained = 0
  private windowQueued = 0

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
  private readonly series: TimelineSeries
  private readonly buckets: number
  private lastT = 0
  /** The current segment: its bucket, where it ends (+Infinity once past the run's end), whether it is inside the window. */
  private bucketIndex = 0
  private segmentEnd = 0
  private segmentInWindow = false
  // The current segment's sums so far (count × seconds; USD for spending).
  private segmentRunning = 0
  private segmentReady = 0
  private segmentInitializing = 0
  private segmentThrottled = 0
  private segmentRetained = 0
  private segmentQueued = 0
  private segmentFlexUsd = 0
  private segmentActiveUsd = 0
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
    const n = this.buckets
    this.series = perTimelineSeries(() => new Float64Array(n))
    this.startSegment(0)
  }

  // Reading a figure first adds the current segment's sums so far (the segment goes on).
  /** Time integrals over the window, count × seconds. */
  get runningArea(): number {
    this.settle()
    return this.windowRunning
  }
  get readyArea(): number {
    this.settle()
    return this.windowReady
  }
  get initializingArea(): number {
    this.settle()
    return this.windowInitializing
  }
  get throttledArea(): number {
    this.settle()
    return this.windowThrottled
  }
  get retainedArea(): number {
    this.settle()
    return this.windowRetained
  }
  get queuedArea(): number {
    this.settle()
    return this.windowQueued
  }
  /** Per-bucket series, struct-of-arrays. */
  get timeline(): TimelineSeries {
    this.settle()
    return this.series
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
   */
  advanceTo(t: number, c: LiveCounts): void {
    let from = this.lastT
    if (t <= from) return
    this.lastT = t
    // Each count read once (the hot path: once per event).
    const running = c.running
    const ready = c.ready
    const initializing = c.initializing
    const throttled = c.throttled
    const retained = c.retained
    const queued = c.queued
    const workers = running + ready + initializing
    for (;;) {
      const end = t < this.segmentEnd ? t : this.segmentEnd
      const dt = end - from
      if (dt > 0 && this.segmentEnd !== Number.POSITIVE_INFINITY) {
        this.segmentRunning += running * dt
        this.segmentReady += ready * dt
        this.segmentInitializing += initializing * dt
        if (throttled !== 0) this.segmentThrottled += throttled * dt
        if (retained !== 0) this.segmentRetained += retained * dt
        this.segmentQueued += queued * dt
        this.segmentFlexUsd += this.flexBurn * dt
        this.segmentActiveUsd += this.activeBurn * dt
        if (this.segmentInWindow && workers > this.peakWorkers) this.peakWorkers = workers
      }
      // Past the run's end there is nothing more to integrate (t may be +Infinity).
      if (t < this.segmentEnd || this.segmentEnd === Number.POSITIVE_INFINITY) return
      from = this.segmentEnd
      this.settle()
      this.startSegment(from)
    }
  }

  /** Adds the current segment's sums to its bucket and, inside the window, to the window's areas; the sums restart from 0. */
  private settle(): void {
    const i = this.bucketIndex
    const tl = this.series
    const bs = this.bucketSeconds
    tl.running[i]! += this.segmentRunning / bs
    tl.ready[i]! += this.segmentReady / bs
    tl.initializing[i]! += this.segmentInitializing / bs
    tl.throttled[i]! += this.segmentThrottled / bs
    tl.retained[i]! += this.segmentRetained / bs
    tl.queued[i]! += this.segmentQueued / bs
    tl.flexUsd[i]! += this.segmentFlexUsd
    tl.activeUsd[i]! += this.segmentActiveUsd
    if (this.segmentInWindow) {
      this.windowRunning += this.segmentRunning
      this.windowReady += this.segmentReady
      this.windowInitializing += this.segmentInitializing
      this.windowThrottled += this.segmentThrottled
      this.windowRetained += this.segmentRetained
      this.windowQueued += this.segmentQueued
    }
    this.segmentRunning = 0
    this.segmentReady = 0
    this.segmentInitializing = 0
    this.segmentThrottled = 0
    this.segmentRetained = 0
    this.segmentQueued = 0
    this.segmentFlexUsd = 0
    this.segmentActiveUsd = 0
  }

  /** Starts the segment from `t` to the next bucket boundary, warmup end or run end. */
  private startSegment(t: number): void {
    if (t >= this.windowEnd) {
      this.segmentEnd = Number.POSITIVE_INFINITY
      this.segmentInWindow = false
      return
    }
    this.bucketIndex = Math.floor(t / this.bucketSeconds)
    let end = (this.bucketIndex + 1) * this.bucketSeconds
    if (t < this.windowStart && this.windowStart < end) end = this.windowStart
    this.segmentEnd = end < this.windowEnd ? end : this.windowEnd
    this.segmentInWindow = t >= this.windowStart
  }

  /** Peak counts at a moment a worker is added (between advances). */
  notePeak(workers: number, t: number): void {
    if (t >= this.windowStart && t <= this.windowEnd && workers > this.peakWorkers) this.peakWorkers = workers
  }

  arrival(t: number): void {
    if (this.inWindow(t)) this.arrived++
    const b = this.bucket(t)
    if (b >= 0) this.series.arrivals[b]!++
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
    if (b >= 0) this.series.completed[b]!++
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
    if (b >= 0) (resumed ? this.series.flashStarts : this.series.coldStarts)[b]!++
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
