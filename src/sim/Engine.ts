/**
 * Engine: the discrete-event simulation of one RunPod Serverless endpoint, request by request.
 * A clock, an event heap and one handler per event kind, top to bottom: requests (arrival, queue
 * cap, TTL, dispatch), jobs (start, completion, execution timeout) and scaling; worker events go to
 * Workers.ts (start, throttling, ready, idle timeout, stop, capacity). The data structures live in
 * their own modules (RequestQueue, JobSlots, WorkerTable, AvailableSet, RetainedStates, PoolGpus),
 * typed arrays sized once per run, so the loop allocates nothing per event; scalers, dispatch rules
 * and the statistics read them through one EndpointView. The policies (scaler, dispatch rule, start
 * durations, pool placement, prices) come in as model objects, so adding a model never edits this.
 *
 * Invariants: every arrived request ends in exactly one of completed, failed, expired, rejected or
 * in-system-at-end; workers (throttled included) never exceed `workers.max`; a worker's billing
 * session runs from placement to stop; equal-time events fire in scheduling order.
 */
import { EndpointView } from "./EndpointView.ts"
import type { EngineInput } from "./EngineInput.ts"
import { EventHeap } from "./EventHeap.ts"
import { ARRIVAL, CAPACITY, EXPIRE, IDLE_TIMEOUT, JOB_DONE, JOB_TIMEOUT, SCALER_TICK, UNHEALTHY, WORKER_READY } from "./EventKind.ts"
import { COMPLETED, FAILED, IN_PROGRESS, IN_QUEUE, TIMED_OUT } from "./JobLog.ts"
import { JobSlots } from "./JobSlots.ts"
import { RequestQueue } from "./RequestQueue.ts"
import { Rng, Stream } from "./Rng.ts"
import { RunStats } from "./RunStats.ts"
import { type WorkerListener, Workers } from "./Workers.ts"
import { READY, RUNNING, type WorkerTable } from "./WorkerTable.ts"

/** Runs one simulation to the end and returns its statistics. Synchronous, deterministic. */
export const runEngine = (input: EngineInput): RunStats => new Engine(input).run()

class Engine implements WorkerListener {
  private readonly input: EngineInput
  private readonly heap = new EventHeap(1024)
  private readonly stats: RunStats
  private readonly uArrivals: () => number
  private readonly uExec: () => number
  private readonly uDispatch: () => number

  private readonly queue = new RequestQueue()
  private expiryArmed = false
  private arrivalsOpen = true
  private readonly slots: JobSlots
  private readonly view: EndpointView
  private readonly workers: Workers
  /** The workers' table (`this.workers.table`), which jobs update too. */
  private readonly w: WorkerTable
  /** Simulated time, seconds: the time of the event being handled. */
  private readonly clock = { now: 0 }
  /** Each pool's speed (execution time divides by it), by pool index. */
  private readonly speeds: Float64Array

  constructor(input: EngineInput) {
    this.input = input
    this.stats = new RunStats(input)
    const stream = (id: number) => {
      const rng = new Rng(input.seed, id)
      return () => rng.next()
    }
    this.uArrivals = stream(Stream.arrivals)
    this.uExec = stream(Stream.execution)
    this.uDispatch = stream(Stream.dispatch)
    this.slots = new JobSlots(input.workersMax, input.concurrencyPerWorker)
    this.speeds = Float64Array.from(input.pools, (p) => p.speed)
    this.workers = new Workers(
      { input, heap: this.heap, stats: this.stats, clock: this.clock },
      { cold: stream(Stream.coldStart), flash: stream(Stream.flashStart), host: stream(Stream.host) },
      this
    )
    this.w = this.workers.table
    const { available, retained } = this.workers
    this.view = new EndpointView(
      { clock: this.clock, queue: this.queue, workers: this.w, slots: this.slots, available, retained },
      input.workersMin,
      input.workersMax
    )
  }

  // ---- The run --------------------------------------------------------------------------------

  run(): RunStats {
    const { input, heap } = this
    input.pools.forEach((pool, p) => {
      for (let i = 0; i < pool.capacity.length; i++) if (pool.capacity[i]!.fromSeconds > 0) heap.push(pool.capacity[i]!.fromSeconds, CAPACITY, p, i)
    })
    for (let i = 0; i < input.workersMin; i++) this.workers.start(true, input.activeWorkersStartWarm)
    const first = input.arrivals.next(0, this.uArrivals, input.durationSeconds)
    if (first < input.durationSeconds) heap.pushBeside(first, ARRIVAL, 0, 0)
    else this.arrivalsOpen = false
    if (input.scalerIntervalSeconds > 0) heap.push(input.scalerIntervalSeconds, SCALER_TICK, 0, 0)

    const end = input.durationSeconds
    const onProgress = input.onProgress
    while (heap.pop()) {
      const t = heap.poppedTime
      if (!input.drain && t > end) break
      if ((++this.stats.events & 0xfffff) === 0 && onProgress !== undefined) onProgress(t)
      this.advanceTo(t)
      this.clock.now = t
      this.handle(heap.poppedKind, heap.poppedA, heap.poppedB)
      // Done once no request can arrive or is waiting or running, and nothing is left inside the window.
      if (!this.arrivalsOpen && this.queue.length === 0 && this.slots.busyCount === 0 && heap.peekTime() > end) break
    }
    this.stats.lastEventSeconds = this.clock.now
    const finish = Math.max(this.clock.now, end)
    this.advanceTo(finish)
    this.clock.now = finish
    // In-system requests are counted; active workers are billed to the end of the run.
    const log = input.jobLog
    for (let i = 0; i < this.queue.length; i++) {
      this.stats.inSystemAtEnd(this.queue.arrivalAt(i))
      log?.record(this.queue.arrivalAt(i), Number.NaN, Number.NaN, IN_QUEUE, -1)
    }
    for (let s = 0; s < this.slots.busy.length; s++) {
      if (this.slots.busy[s] === 0) continue
      this.stats.inSystemAtEnd(this.slots.arrival[s]!)
      log?.record(this.slots.arrival[s]!, this.slots.start[s]! - this.slots.arrival[s]!, Number.NaN, IN_PROGRESS, this.w.life[this.slots.workerOf(s)]!)
    }
    this.workers.closeSessions(true)
    // The tail (drain only): flex workers still up run out their idle timeouts. Their billing belongs
    // to the cost of serving the window's requests (cost per 1,000), not to the window's figures.
    if (input.drain) {
      while (this.w.flexAlive > 0 && heap.pop()) {
        this.stats.events++
        this.clock.now = heap.poppedTime
        const kind = heap.poppedKind
        const a = heap.poppedA
        // Only flex workers' starts and stops, and capacity changes that may place throttled ones.
        if (kind === CAPACITY || ((kind === WORKER_READY || kind === IDLE_TIMEOUT || kind === UNHEALTHY) && this.w.active[a] === 0))
          this.handle(kind, a, heap.poppedB)
      }
    }
    this.workers.closeSessions(false)
    return this.stats
  }

  /** Integrates the live counts up to `t`, expiring retained FlashBoot states on the way. */
  private advanceTo(t: number): void {
    const { retained } = this.workers
    while (retained.nextExpirySeconds <= t) {
      this.stats.advanceTo(retained.nextExpirySeconds, this.view)
      retained.expireNext()
    }
    this.stats.advanceTo(t, this.view)
  }

  /** Handles one event. A stale event (its worker or slot moved on: generation mismatch) does nothing. */
  private handle(kind: number, a: number, b: number): void {
    const { w, slots, workers } = this
    switch (kind) {
      case ARRIVAL:
        this.onArrival()
        break
      case WORKER_READY:
        if (w.gen[a] === b) workers.onReady(a)
        break
      case JOB_DONE:
        if (slots.gen[a] === b && slots.busy[a] === 1) this.completeJob(a)
        break
      case JOB_TIMEOUT:
        if (slots.gen[a] === b && slots.busy[a] === 1) this.onJobTimeout(a)
        break
      case IDLE_TIMEOUT:
        if (w.gen[a] === b) workers.onIdleTimeout(a)
        break
      case SCALER_TICK:
        this.onScalerTick()
        break
      case EXPIRE:
        this.expireQueued()
        break
      case CAPACITY:
        workers.onCapacity(a, b)
        break
      case UNHEALTHY:
        if (w.gen[a] === b) workers.onUnhealthy(a)
        break
    }
  }

  // ---- Requests: arrival, queue cap, TTL, dispatch ---------------------------------------------

  // NOTE (performance): the hot handlers (an arrival, a job's completion, dispatching) keep their
  // rare branches in methods of their own, so V8's inlining budget covers the common path.

  private onArrival(): void {
    const { input } = this
    const now = this.clock.now
    const recorded = input.arrivals.lastExecutionSeconds
    const exec = Number.isNaN(recorded) ? input.executionSeconds(this.uExec) : recorded
    this.stats.arrival(now)
    if (this.queue.length < input.queueLimit) this.enqueue(now, exec)
    else this.stats.rejected(now)
    const next = input.arrivals.next(now, this.uArrivals, input.durationSeconds)
    if (next < input.durationSeconds) this.heap.pushBeside(next, ARRIVAL, 0, 0)
    else this.arrivalsOpen = false
  }

  /** Queues an arrived request, asks the scaler when it must, and dispatches. */
  private enqueue(now: number, exec: number): void {
    this.queue.push(now, exec)
    if (!this.expiryArmed) this.armExpiry()
    if (this.input.scalerIntervalSeconds === 0 || this.w.alive === 0) this.evaluateScaler()
    this.dispatch()
  }

  /** One pending EXPIRE event at most: for the oldest queued request's TTL. */
  private armExpiry(): void {
    if (this.queue.length === 0) return
    this.expiryArmed = true
    this.heap.push(this.queue.headArrival + this.input.jobTtlSeconds, EXPIRE, 0, 0)
  }

  /** Expires queued requests that reached their TTL, then re-arms for the new head. */
  private expireQueued(): void {
    const { queue } = this
    const ttl = this.input.jobTtlSeconds
    this.expiryArmed = false
    while (queue.length > 0 && queue.headArrival + ttl <= this.clock.now) {
      this.stats.expired(queue.headArrival)
      this.input.jobLog?.record(queue.headArrival, Number.NaN, Number.NaN, TIMED_OUT, -1)
      queue.shift()
    }
    this.armExpiry()
  }

  /** Starts queued requests on available workers, oldest request first. */
  dispatch(): void {
    const { queue } = this
    const { available } = this.workers
    while (queue.length > 0 && available.count > 0) {
      const index = available.count === 1 ? 0 : this.input.dispatcher(this.view, this.uDispatch)
      const arrival = queue.headArrival
      const exec = queue.headExecution
      queue.shift()
      this.startJob(available.at(index), arrival, exec)
    }
  }

  // ---- Jobs -----------------------------------------------------------------------------------

  private startJob(w: number, arrival: number, exec: number): void {
    const { input, slots } = this
    const now = this.clock.now
    const workers = this.w
    // The request waited for a start if its worker became ready after it arrived (any worker, any slot).
    const startWait = arrival < workers.readyAt[w]! ? 1 + workers.resumed[w]! : 0
    const slot = slots.open(w, arrival, now, startWait)
    if (workers.jobs[w]!++ === 0) workers.setState(w, RUNNING)
    if (workers.jobs[w] === slots.perWorker) this.workers.available.remove(w)
    const seconds = exec / this.speeds[workers.pool[w]!]!
    const timeout = input.executionTimeoutSeconds
    if (timeout > 0 && seconds > timeout) this.heap.push(now + timeout, JOB_TIMEOUT, slot, slots.gen[slot]!)
    else this.heap.push(now + seconds, JOB_DONE, slot, slots.gen[slot]!)
  }

  /** The job in `slot` completed. */
  private completeJob(slot: number): void {
    const { slots } = this
    const now = this.clock.now
    const w = slots.workerOf(slot)
    const arrival = slots.arrival[slot]!
    const start = slots.start[slot]!
    slots.close(slot)
    this.stats.completed(arrival, start, now, slots.startWait[slot]!)
    this.input.jobLog?.record(arrival, start - arrival, now - start, COMPLETED, this.w.life[w]!)
    this.jobEnded(w)
  }

  /** The job in `slot` failed: its execution timed out and the worker keeps running. */
  private failJob(slot: number): void {
    const { slots } = this
    const w = slots.workerOf(slot)
    const arrival = slots.arrival[slot]!
    const start = slots.start[slot]!
    slots.close(slot)
    this.stats.failed(arrival)
    this.input.jobLog?.record(arrival, start - arrival, this.clock.now - start, FAILED, this.w.life[w]!)
    this.jobEnded(w)
  }

  /** A job on worker `w` ended: its slot is free again, and a worker left without jobs is ready. */
  private jobEnded(w: number): void {
    const workers = this.w
    if (workers.jobs[w]!-- === this.slots.perWorker) this.workers.available.add(w)
    if (workers.jobs[w] === 0) this.workerIdle(w)
    if (this.input.scalerIntervalSeconds === 0) this.evaluateScaler()
    this.dispatch()
  }

  private workerIdle(w: number): void {
    this.w.setState(w, READY)
    this.w.availableSince[w] = this.clock.now
    this.workers.armIdleTimeout(w)
  }

  private onJobTimeout(slot: number): void {
    const { slots } = this
    if (!this.input.stopWorkerOnTimeout) return this.failJob(slot)
    // RunPod: "the job fails and the worker stops"; the worker's other jobs fail with it.
    const w = slots.workerOf(slot)
    const first = w * slots.perWorker
    for (let s = first; s < first + slots.perWorker; s++) {
      if (slots.busy[s] === 0) continue
      slots.close(s)
      this.stats.failed(slots.arrival[s]!)
      this.input.jobLog?.record(slots.arrival[s]!, slots.start[s]! - slots.arrival[s]!, this.clock.now - slots.start[s]!, FAILED, this.w.life[w]!)
    }
    this.w.jobs[w] = 0
    this.workers.stop(w)
    this.reactToWorkers()
  }

  /**
   * An instant scaler (interval 0) reacts when a worker becomes ready or stops on its own (execution
   * timeout, unhealthy start): otherwise queued requests would wait for the next arrival, or their TTL.
   */
  reactToWorkers(): void {
    if (this.input.scalerIntervalSeconds === 0) this.evaluateScaler()
    this.dispatch()
  }

  // ---- Scaling --------------------------------------------------------------------------------

  /** Asks the scaler; adds flex workers up to workers.max, or stops ready flex workers down to workers.min. */
  private evaluateScaler(): void {
    const decision = this.input.scaler.decide(this.view)
    if (decision > 0) this.workers.addFlex(decision)
    else if (decision < 0) this.workers.stopReadyFlex(-decision)
  }

  /** The periodic scaler's evaluation; the next one is due while anything can still happen. */
  private onScalerTick(): void {
    this.evaluateScaler()
    if (this.arrivalsOpen || this.queue.length > 0 || this.slots.busyCount > 0 || this.clock.now < this.input.durationSeconds)
      this.heap.push(this.clock.now + this.input.scalerIntervalSeconds, SCALER_TICK, 0, 0)
  }
}
