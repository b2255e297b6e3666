/**
 * Engine: the discrete-event simulation of one RunPod Serverless endpoint, request by request.
 * A clock, an event heap and a handler per event kind; all state lives in typed arrays sized once
 * per run, so the loop allocates nothing per event. It knows RunPod's mechanics (FIFO queue with
 * cap and TTL, workers and their states, pools and throttling, FlashBoot retention, billing
 * sessions); the policies (scaler, dispatch rule, start durations, pool placement, prices) come in
 * as model objects, so adding a model never edits this loop.
 *
 * Invariants: every arrived request ends in exactly one of completed, failed, expired, rejected or
 * in-system-at-end; workers (throttled included) never exceed `workers.max`; a worker's billing
 * session runs from placement to stop; equal-time events fire in scheduling order.
 */
import type { ArrivalProcess } from "../models/ArrivalProcess.ts"
import type { ColdStartModel } from "../models/ColdStart.ts"
import type { Sampler } from "../models/Distribution.ts"
import type { AvailableWorkers, Dispatcher } from "../models/Dispatch.ts"
import type { PoolPlacement } from "../models/GpuPools.ts"
import type { Scaler, ScalerObservation } from "../models/scalers/Scaler.ts"
import { EventHeap } from "./EventHeap.ts"
import { Rng, Stream } from "./Rng.ts"
import { RetainedStates } from "./RetainedStates.ts"
import { RunStats } from "./RunStats.ts"

/** Everything the engine needs, resolved from a scenario and the model services. */
export interface EngineInput {
  readonly seed: number
  readonly durationSeconds: number
  readonly warmupSeconds: number
  readonly workersMin: number
  readonly workersMax: number
  readonly idleTimeoutSeconds: number
  /** Execution timeout in seconds; 0 = none. */
  readonly executionTimeoutSeconds: number
  readonly gpusPerWorker: number
  /** Per listed pool, in priority order. */
  readonly pools: ReadonlyArray<{
    readonly capacity: ReadonlyArray<{ readonly fromSeconds: number; readonly gpus: number }>
    readonly speed: number
    readonly flexPerSecondUsd: number
    readonly activePerSecondUsd: number
  }>
  readonly scalerIntervalSeconds: number
  readonly concurrencyPerWorker: number
  readonly queueLimit: number
  readonly jobTtlSeconds: number
  readonly stopWorkerOnTimeout: boolean
  readonly initTimeoutSeconds: number
  readonly activeWorkersStartWarm: boolean
  readonly bypassCapacity: boolean
  readonly roundUpPerSession: boolean
  readonly containerDiskGb: number
  readonly drain: boolean
  readonly arrivals: ArrivalProcess
  readonly executionSeconds: Sampler
  readonly scaler: Scaler
  readonly dispatcher: Dispatcher
  readonly coldStart: ColdStartModel
  readonly placement: PoolPlacement
  /** Called with the simulated time about every million events (a progress line); optional. */
  readonly onProgress?: ((simulatedSeconds: number) => void) | undefined
}

// Event kinds.
const ARRIVAL = 1
const WORKER_READY = 2
const JOB_DONE = 3
const JOB_TIMEOUT = 4
const IDLE_TIMEOUT = 5
const SCALER_TICK = 6
const EXPIRE = 7
const CAPACITY = 8
const UNHEALTHY = 9

// Worker states.
const FREE = 0
const THROTTLED = 1
const INITIALIZING = 2
const READY = 3
const RUNNING = 4

/** Runs one simulation to the end and returns its statistics. Synchronous, deterministic. */
export const runEngine = (input: EngineInput): RunStats => new Engine(input).run()

class Engine implements ScalerObservation, AvailableWorkers {
  private readonly heap = new EventHeap(1024)
  private readonly stats: RunStats
  private readonly rngArrivals: Rng
  private readonly rngExec: Rng
  private readonly rngCold: Rng
  private readonly rngFlash: Rng
  private readonly rngDispatch: Rng
  private readonly uArrivals: () => number
  private readonly uExec: () => number
  private readonly uCold: () => number
  private readonly uFlash: () => number
  private readonly uDispatch: () => number

  now = 0
  // Request queue: a ring buffer of arrival and execution times, oldest first.
  private qArrival: Float64Array
  private qExec: Float64Array
  private qStart = 0
  private qLen = 0
  private expiryArmed = false

  // Workers.
  private readonly wState: Uint8Array
  private readonly wActive: Uint8Array
  private readonly wPool: Int32Array
  private readonly wGen: Int32Array
  private readonly wStartedAt: Float64Array
  private readonly wReadyAt: Float64Array
  private readonly wAvailSince: Float64Array
  private readonly wJobs: Int32Array
  /** 1 when the worker's current start resumed a FlashBoot state. */
  private readonly wResumed: Uint8Array
  /** 1 while an IDLE_TIMEOUT event for the worker's current incarnation is pending. */
  private readonly wIdleArmed: Uint8Array
  private readonly freeIds: Int32Array
  private freeCount: number
  private readonly avail: Int32Array
  private readonly availPos: Int32Array
  private availCount = 0
  private readonly throttledQueue: Int32Array
  private thrStart = 0
  private thrLen = 0

  // Job slots: worker w owns slots [w·C, w·C + C).
  private readonly sArrival: Float64Array
  private readonly sStart: Float64Array
  private readonly sGen: Int32Array
  private readonly sBusy: Uint8Array
  /** What the slot's request waited for: 0 nothing, 1 a cold start, 2 a FlashBoot resume. */
  private readonly sStartWait: Uint8Array

  // Counts.
  throttled = 0
  initializing = 0
  ready = 0
  running = 0
  inProgress = 0
  get workers(): number {
    return this.throttled + this.initializing + this.ready + this.running
  }
  get queued(): number {
    return this.qLen
  }
  get count(): number {
    return this.availCount
  }
  readonly min: number
  readonly max: number

  // Pools.
  private readonly poolFree: Float64Array
  private readonly poolCapacity: Float64Array
  /** FlashBoot states kept after workers scaled down. */
  private readonly retainedStates: RetainedStates
  get retained(): number {
    return this.retainedStates.count
  }

  private arrivalsOpen = true
  /** Flex workers that exist (throttled included). */
  private flexAlive = 0
  private readonly C: number

  private readonly input: EngineInput

  constructor(input: EngineInput) {
    this.input = input
    const W = Math.max(1, input.workersMax)
    this.C = input.concurrencyPerWorker
    this.min = input.workersMin
    this.max = input.workersMax
    this.stats = new RunStats(input)
    this.rngArrivals = new Rng(input.seed, Stream.arrivals)
    this.rngExec = new Rng(input.seed, Stream.execution)
    this.rngCold = new Rng(input.seed, Stream.coldStart)
    this.rngFlash = new Rng(input.seed, Stream.flashStart)
    this.rngDispatch = new Rng(input.seed, Stream.dispatch)
    this.uArrivals = () => this.rngArrivals.next()
    this.uExec = () => this.rngExec.next()
    this.uCold = () => this.rngCold.next()
    this.uFlash = () => this.rngFlash.next()
    this.uDispatch = () => this.rngDispatch.next()
    const q = 1024
    this.qArrival = new Float64Array(q)
    this.qExec = new Float64Array(q)
    this.wState = new Uint8Array(W)
    this.wActive = new Uint8Array(W)
    this.wPool = new Int32Array(W).fill(-1)
    this.wGen = new Int32Array(W)
    this.wStartedAt = new Float64Array(W)
    this.wReadyAt = new Float64Array(W)
    this.wAvailSince = new Float64Array(W)
    this.wJobs = new Int32Array(W)
    this.wResumed = new Uint8Array(W)
    this.wIdleArmed = new Uint8Array(W)
    this.freeIds = new Int32Array(W)
    for (let i = 0; i < W; i++) this.freeIds[i] = W - 1 - i
    this.freeCount = input.workersMax
    this.avail = new Int32Array(W)
    this.availPos = new Int32Array(W).fill(-1)
    this.throttledQueue = new Int32Array(W)
    const S = W * this.C
    this.sArrival = new Float64Array(S)
    this.sStart = new Float64Array(S)
    this.sGen = new Int32Array(S)
    this.sBusy = new Uint8Array(S)
    this.sStartWait = new Uint8Array(S)
    const P = input.pools.length
    this.poolFree = new Float64Array(P)
    this.poolCapacity = new Float64Array(P)
    this.retainedStates = new RetainedStates(P, W, input.coldStart.retentionSeconds)
  }

  run(): RunStats {
    const { input, heap } = this
    input.pools.forEach((pool, p) => {
      for (let i = 0; i < pool.capacity.length; i++) {
        const step = pool.capacity[i]!
        if (step.fromSeconds <= 0) this.poolCapacity[p] = step.gpus
        else heap.push(step.fromSeconds, CAPACITY, p, i)
      }
      this.poolFree[p] = this.poolCapacity[p]!
    })
    for (let i = 0; i < input.workersMin; i++) this.startWorker(true, input.activeWorkersStartWarm)
    const first = input.arrivals.next(0, this.uArrivals, input.durationSeconds)
    if (first < input.durationSeconds) heap.push(first, ARRIVAL, 0, 0)
    else this.arrivalsOpen = false
    if (input.scalerIntervalSeconds > 0) heap.push(input.scalerIntervalSeconds, SCALER_TICK, 0, 0)

    const end = input.durationSeconds
    const onProgress = input.onProgress
    while (heap.pop()) {
      const t = heap.poppedTime
      if (!input.drain && t > end) break
      if ((++this.stats.events & 0xfffff) === 0 && onProgress !== undefined) onProgress(t)
      this.advanceTo(t)
      this.now = t
      this.handle(heap.poppedKind, heap.poppedA, heap.poppedB)
      // Done once no request can arrive or is waiting or running, and nothing is left inside the window.
      if (!this.arrivalsOpen && this.qLen === 0 && this.inProgress === 0 && heap.peekTime() > end) break
    }
    this.stats.lastEventSeconds = this.now
    const finish = Math.max(this.now, end)
    this.advanceTo(finish)
    this.now = finish
    // In-system requests are counted; active workers are billed to the end of the run.
    for (let i = 0; i < this.qLen; i++) this.stats.inSystemAtEnd(this.qArrival[(this.qStart + i) % this.qArrival.length]!)
    for (let s = 0; s < this.sBusy.length; s++) if (this.sBusy[s] === 1) this.stats.inSystemAtEnd(this.sArrival[s]!)
    for (let w = 0; w < this.wState.length; w++) if (this.wActive[w] === 1 && this.wState[w] !== FREE && this.wState[w] !== THROTTLED) this.closeSession(w)
    // The tail (drain only): flex workers still up run out their idle timeouts. Their billing belongs
    // to the cost of serving the window's requests (cost per 1,000), not to the window's figures.
    if (input.drain) {
      while (this.flexAlive > 0 && heap.pop()) {
        this.stats.events++
        this.now = heap.poppedTime
        const kind = heap.poppedKind
        const a = heap.poppedA
        // Only flex workers' starts and stops, and capacity changes that may place throttled ones.
        if (kind === CAPACITY || ((kind === WORKER_READY || kind === IDLE_TIMEOUT || kind === UNHEALTHY) && this.wActive[a] === 0)) this.handle(kind, a, heap.poppedB)
      }
    }
    for (let w = 0; w < this.wState.length; w++) if (this.wActive[w] === 0 && this.wState[w] !== FREE && this.wState[w] !== THROTTLED) this.closeSession(w)
    return this.stats
  }

  /** Integrates the live counts up to `t`, expiring retained FlashBoot states on the way. */
  private advanceTo(t: number): void {
    const retained = this.retainedStates
    while (retained.nextExpirySeconds <= t) {
      this.stats.advanceTo(retained.nextExpirySeconds, this)
      retained.expireNext()
    }
    this.stats.advanceTo(t, this)
  }

  /** Handles one event. A stale event (its worker or slot moved on: generation mismatch) does nothing. */
  private handle(kind: number, a: number, b: number): void {
    switch (kind) {
      case ARRIVAL:
        this.onArrival()
        break
      case WORKER_READY:
        if (this.wGen[a] === b) this.onWorkerReady(a)
        break
      case JOB_DONE:
        if (this.sGen[a] === b && this.sBusy[a] === 1) this.finishJob(a, false)
        break
      case JOB_TIMEOUT:
        if (this.sGen[a] === b && this.sBusy[a] === 1) this.onJobTimeout(a)
        break
      case IDLE_TIMEOUT:
        if (this.wGen[a] === b) this.onIdleTimeout(a)
        break
      case SCALER_TICK:
        this.evaluateScaler()
        if (this.arrivalsOpen || this.qLen > 0 || this.inProgress > 0 || this.now < this.input.durationSeconds) this.heap.push(this.now + this.input.scalerIntervalSeconds, SCALER_TICK, 0, 0)
        break
      case EXPIRE:
        this.expiryArmed = false
        this.expireQueued()
        break
      case CAPACITY:
        this.onCapacity(a, b)
        break
      case UNHEALTHY:
        if (this.wGen[a] === b) this.onUnhealthy(a)
        break
    }
  }

  // ---- ScalerObservation / AvailableWorkers -------------------------------------------------

  queuedWaitingAtLeast(seconds: number): number {
    // The queue is FIFO and arrivals are increasing: binary search for the first request that
    // arrived after now − seconds; everything before it has waited long enough.
    const limit = this.now - seconds
    const cap = this.qArrival.length
    let lo = 0
    let hi = this.qLen
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.qArrival[(this.qStart + mid) % cap]! <= limit) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  startedAt(i: number): number {
    return this.wStartedAt[this.avail[i]!]!
  }

  availableSince(i: number): number {
    return this.wAvailSince[this.avail[i]!]!
  }

  // ---- Requests ------------------------------------------------------------------------------

  private onArrival(): void {
    const { input, now } = this
    const recorded = input.arrivals.lastExecutionSeconds
    const exec = Number.isNaN(recorded) ? input.executionSeconds(this.uExec) : recorded
    this.stats.arrival(now)
    if (this.qLen >= input.queueLimit) this.stats.rejected(now)
    else {
      this.enqueue(now, exec)
      if (this.workers === 0 || input.scalerIntervalSeconds === 0) this.evaluateScaler()
      this.dispatch()
    }
    const next = input.arrivals.next(now, this.uArrivals, input.durationSeconds)
    if (next < input.durationSeconds) this.heap.push(next, ARRIVAL, 0, 0)
    else this.arrivalsOpen = false
  }

  private enqueue(arrival: number, exec: number): void {
    if (this.qLen === this.qArrival.length) this.growQueue()
    const i = (this.qStart + this.qLen) % this.qArrival.length
    this.qArrival[i] = arrival
    this.qExec[i] = exec
    this.qLen++
    if (!this.expiryArmed) this.armExpiry()
  }

  private growQueue(): void {
    const cap = this.qArrival.length
    const arrival = new Float64Array(cap * 2)
    const exec = new Float64Array(cap * 2)
    for (let i = 0; i < this.qLen; i++) {
      arrival[i] = this.qArrival[(this.qStart + i) % cap]!
      exec[i] = this.qExec[(this.qStart + i) % cap]!
    }
    this.qArrival = arrival
    this.qExec = exec
    this.qStart = 0
  }

  private armExpiry(): void {
    if (this.qLen === 0) return
    this.expiryArmed = true
    this.heap.push(this.qArrival[this.qStart]! + this.input.jobTtlSeconds, EXPIRE, 0, 0)
  }

  /** Expires queued requests that reached their TTL, then re-arms for the new head. */
  private expireQueued(): void {
    const ttl = this.input.jobTtlSeconds
    while (this.qLen > 0 && this.qArrival[this.qStart]! + ttl <= this.now) {
      this.stats.expired(this.qArrival[this.qStart]!)
      this.dequeue()
    }
    if (!this.expiryArmed) this.armExpiry()
  }

  private dequeue(): void {
    this.qStart = (this.qStart + 1) % this.qArrival.length
    this.qLen--
  }

  /** Starts queued requests on available workers, oldest request first. */
  private dispatch(): void {
    while (this.qLen > 0 && this.availCount > 0) {
      const index = this.availCount === 1 ? 0 : this.input.dispatcher(this, this.uDispatch)
      const w = this.avail[index]!
      const arrival = this.qArrival[this.qStart]!
      const exec = this.qExec[this.qStart]!
      this.dequeue()
      this.startJob(w, arrival, exec)
    }
  }

  private startJob(w: number, arrival: number, exec: number): void {
    const { input, now, C } = this
    let slot = w * C
    while (this.sBusy[slot] === 1) slot++
    this.sBusy[slot] = 1
    this.sArrival[slot] = arrival
    this.sStart[slot] = now
    // The request waited for a start if its worker became ready after it arrived (any worker, any slot).
    this.sStartWait[slot] = arrival < this.wReadyAt[w]! ? 1 + this.wResumed[w]! : 0
    this.inProgress++
    if (this.wJobs[w]++ === 0) {
      this.ready--
      this.running++
      this.wState[w] = RUNNING
    }
    if (this.wJobs[w] === C) this.removeAvailable(w)
    const seconds = exec / input.pools[this.wPool[w]!]!.speed
    const timeout = input.executionTimeoutSeconds
    if (timeout > 0 && seconds > timeout) this.heap.push(now + timeout, JOB_TIMEOUT, slot, this.sGen[slot]!)
    else this.heap.push(now + seconds, JOB_DONE, slot, this.sGen[slot]!)
  }

  /** Ends the job in `slot`: completed, or failed (timeout or its worker stopped). */
  private finishJob(slot: number, failed: boolean): void {
    const { now, C } = this
    const w = (slot / C) | 0
    this.sBusy[slot] = 0
    this.sGen[slot]!++
    this.inProgress--
    const arrival = this.sArrival[slot]!
    if (failed) this.stats.failed(arrival)
    else this.stats.completed(arrival, this.sStart[slot]!, now, this.sStartWait[slot]!)
    if (this.wJobs[w]-- === C) this.addAvailable(w)
    if (this.wJobs[w] === 0) {
      this.running--
      this.ready++
      this.wState[w] = READY
      this.wAvailSince[w] = now
      this.armIdleTimeout(w)
    }
    if (this.input.scalerIntervalSeconds === 0) this.evaluateScaler()
    this.dispatch()
  }

  private onJobTimeout(slot: number): void {
    const w = (slot / this.C) | 0
    if (!this.input.stopWorkerOnTimeout) return this.finishJob(slot, true)
    // RunPod: "the job fails and the worker stops"; the worker's other jobs fail with it.
    const first = w * this.C
    for (let s = first; s < first + this.C; s++) {
      if (this.sBusy[s] === 0) continue
      this.sBusy[s] = 0
      this.sGen[s]!++
      this.inProgress--
      this.stats.failed(this.sArrival[s]!)
    }
    this.wJobs[w] = 0
    this.stopWorker(w)
    this.afterUnplannedStop()
  }

  /**
   * An instant scaler (interval 0) also reacts when a worker stops on its own (execution timeout,
   * unhealthy start): otherwise queued requests would wait for the next arrival, or their TTL.
   */
  private afterUnplannedStop(): void {
    if (this.input.scalerIntervalSeconds === 0) this.evaluateScaler()
    this.dispatch()
  }

  // ---- Workers -------------------------------------------------------------------------------

  /** Creates a worker and places it on a GPU, or throttles it. */
  private startWorker(active: boolean, warm: boolean): void {
    if (this.freeCount === 0) return
    const w = this.freeIds[--this.freeCount]!
    this.wActive[w] = active ? 1 : 0
    if (!active) this.flexAlive++
    this.wGen[w]!++
    this.wIdleArmed[w] = 0
    this.wJobs[w] = 0
    this.wResumed[w] = 0
    const pool = this.choosePool()
    if (pool < 0) {
      this.wState[w] = THROTTLED
      this.throttled++
      this.throttledQueue[(this.thrStart + this.thrLen++) % this.throttledQueue.length] = w
      this.stats.throttle(this.now)
      return
    }
    this.place(w, pool, warm)
  }

  /** The pool for a new worker, or -1 (throttled). PRIORITY_FLASHBOOT may bypass capacity. */
  private choosePool(): number {
    const pool = this.input.placement(this.poolFree, this.input.gpusPerWorker)
    return pool < 0 && this.input.bypassCapacity ? 0 : pool
  }

  /** The worker's billing rate, USD per second (all its GPUs). */
  private rateOf(w: number): number {
    const p = this.input.pools[this.wPool[w]!]!
    return (this.wActive[w] === 1 ? p.activePerSecondUsd : p.flexPerSecondUsd) * this.input.gpusPerWorker
  }

  private place(w: number, pool: number, warm: boolean): void {
    const { input, now } = this
    this.poolFree[pool]! -= input.gpusPerWorker
    this.wPool[w] = pool
    this.wStartedAt[w] = now
    this.stats.sessionOpened(this.wActive[w] === 1, this.rateOf(w))
    this.stats.notePeak(this.initializing + this.ready + this.running + 1, now)
    if (warm) {
      this.wState[w] = READY
      this.ready++
      this.wReadyAt[w] = now
      this.wAvailSince[w] = now
      this.addAvailable(w)
      return
    }
    const resumed = this.retainedStates.take(pool)
    this.wResumed[w] = resumed ? 1 : 0
    const seconds = input.coldStart.startSeconds(resumed, pool, this.uCold, this.uFlash)
    this.stats.workerStart(now, resumed)
    this.wState[w] = INITIALIZING
    this.initializing++
    if (seconds > input.initTimeoutSeconds) this.heap.push(now + input.initTimeoutSeconds, UNHEALTHY, w, this.wGen[w]!)
    else this.heap.push(now + seconds, WORKER_READY, w, this.wGen[w]!)
  }

  private onWorkerReady(w: number): void {
    this.initializing--
    this.ready++
    this.wState[w] = READY
    this.wReadyAt[w] = this.now
    this.wAvailSince[w] = this.now
    this.addAvailable(w)
    this.armIdleTimeout(w)
    if (this.input.scalerIntervalSeconds === 0) this.evaluateScaler()
    this.dispatch()
  }

  private onUnhealthy(w: number): void {
    this.stats.unhealthy(this.now)
    this.stopWorker(w)
    this.afterUnplannedStop()
  }

  /**
   * Makes sure an idle timeout is pending for a flex worker that just became ready (no job).
   * NOTE (performance): one pending event per worker at most. An event that fires for a worker that
   * worked since re-arms itself for its new deadline, so the heap never fills with stale timeouts.
   */
  private armIdleTimeout(w: number): void {
    if (this.wActive[w] === 1 || this.wIdleArmed[w] === 1) return
    this.wIdleArmed[w] = 1
    this.heap.push(this.now + this.input.idleTimeoutSeconds, IDLE_TIMEOUT, w, this.wGen[w]!)
  }

  private onIdleTimeout(w: number): void {
    this.wIdleArmed[w] = 0
    if (this.wState[w] !== READY) return // running again: re-armed when it next becomes ready
    const deadline = this.wAvailSince[w]! + this.input.idleTimeoutSeconds
    if (deadline <= this.now) this.stopWorker(w)
    else {
      this.wIdleArmed[w] = 1
      this.heap.push(deadline, IDLE_TIMEOUT, w, this.wGen[w]!)
    }
  }

  /** Stops a placed worker: closes its billing session, frees its GPUs, retains its state. */
  private stopWorker(w: number): void {
    const state = this.wState[w]!
    const active = this.wActive[w] === 1
    if (state === INITIALIZING) this.initializing--
    else if (state === READY) this.ready--
    else if (state === RUNNING) this.running--
    this.removeAvailable(w)
    this.closeSession(w)
    const pool = this.wPool[w]!
    this.poolFree[pool]! += this.input.gpusPerWorker
    if (state !== INITIALIZING) this.retainedStates.keep(pool, this.now)
    this.wState[w] = FREE
    this.wPool[w] = -1
    this.wGen[w]!++
    this.freeIds[this.freeCount++] = w
    if (!active) this.flexAlive--
    if (active) this.startWorker(true, false)
    this.placeThrottled()
    this.dispatch()
  }

  private closeSession(w: number): void {
    this.stats.sessionClosed(this.wActive[w] === 1, this.wStartedAt[w]!, this.now, this.rateOf(w))
  }

  private placeThrottled(): void {
    while (this.thrLen > 0) {
      const w = this.throttledQueue[this.thrStart]!
      const pool = this.choosePool()
      if (pool < 0) return
      this.thrStart = (this.thrStart + 1) % this.throttledQueue.length
      this.thrLen--
      this.throttled--
      this.place(w, pool, false)
    }
  }

  private onCapacity(pool: number, step: number): void {
    const gpus = this.input.pools[pool]!.capacity[step]!.gpus
    this.poolFree[pool]! += gpus - this.poolCapacity[pool]!
    this.poolCapacity[pool] = gpus
    this.placeThrottled()
    this.dispatch()
  }

  // ---- Dispatch set --------------------------------------------------------------------------

  private addAvailable(w: number): void {
    if (this.availPos[w] !== -1) return
    this.availPos[w] = this.availCount
    this.avail[this.availCount++] = w
  }

  private removeAvailable(w: number): void {
    const pos = this.availPos[w]!
    if (pos === -1) return
    const last = this.avail[--this.availCount]!
    this.avail[pos] = last
    this.availPos[last] = pos
    this.availPos[w] = -1
  }

  // ---- Scaling -------------------------------------------------------------------------------

  private evaluateScaler(): void {
    const decision = this.input.scaler.decide(this)
    if (decision > 0) {
      const add = Math.min(decision, this.max - this.workers)
      for (let i = 0; i < add; i++) this.startWorker(false, false)
      this.dispatch()
    } else if (decision < 0) {
      let stop = Math.min(-decision, this.workers - this.min)
      for (let i = this.availCount - 1; i >= 0 && stop > 0; i--) {
        const w = this.avail[i]!
        if (this.wState[w] === READY && this.wActive[w] === 0) {
          this.stopWorker(w)
          stop--
        }
      }
    }
  }
}
