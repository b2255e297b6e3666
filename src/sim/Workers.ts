/**
 * Workers: the life of RunPod workers in a run (runpod-model.md sections 3, 5, 6, 7): a new worker
 * takes `gpu.count` GPUs from a pool or waits throttled; it lands on one of the pool's hosts and
 * starts cold, or resumes a FlashBoot state kept on that host, or is ready at once (warm active
 * workers); a start longer than the init timeout makes it unhealthy; a flex worker stops
 * `idleTimeout` seconds after it last became ready; a stopped active worker is replaced at once; a
 * stop frees its GPUs for throttled workers and keeps its state on its host for FlashBoot; billing
 * runs from placement to stop. The scaler's decisions land here too: flex workers are added up to
 * `workers.max`, and ready flex workers stopped down to `workers.min`. The engine routes worker
 * events here and is told when workers change, to dispatch queued requests and, with an instant
 * scaler, to re-evaluate.
 */
import { AvailableSet } from "./AvailableSet.ts"
import type { EngineInput } from "./EngineInput.ts"
import type { EventHeap } from "./EventHeap.ts"
import { IDLE_TIMEOUT, UNHEALTHY, WORKER_READY } from "./EventKind.ts"
import { PoolGpus } from "./PoolGpus.ts"
import { RetainedStates } from "./RetainedStates.ts"
import type { RunStats } from "./RunStats.ts"
import { FREE, INITIALIZING, READY, RUNNING, THROTTLED, WorkerTable } from "./WorkerTable.ts"

/** What the engine does when workers change. */
export interface WorkerListener {
  /** Starts queued requests on available workers. */
  dispatch(): void
  /** A worker became ready, or stopped on its own: re-evaluate an instant scaler, then dispatch. */
  reactToWorkers(): void
}

export class Workers {
  readonly table: WorkerTable
  /** Workers with a free job slot. */
  readonly available: AvailableSet
  /** FlashBoot states kept after workers stopped. */
  readonly retained: RetainedStates
  private readonly gpus: PoolGpus
  private readonly input: EngineInput
  private readonly heap: EventHeap
  private readonly stats: RunStats
  private readonly clock: { readonly now: number }
  private readonly uniforms: { readonly cold: () => number; readonly flash: () => number; readonly host: () => number }
  private readonly hosts: number
  /** Workers placed so far: the next worker's `life`. */
  private placed = 0
  private readonly listener: WorkerListener

  constructor(
    parts: { readonly input: EngineInput; readonly heap: EventHeap; readonly stats: RunStats; readonly clock: { readonly now: number } },
    uniforms: { readonly cold: () => number; readonly flash: () => number; readonly host: () => number },
    listener: WorkerListener
  ) {
    const { input } = parts
    this.input = input
    this.heap = parts.heap
    this.stats = parts.stats
    this.clock = parts.clock
    this.uniforms = uniforms
    this.listener = listener
    this.hosts = input.coldStart.hosts ?? 1
    const W = Math.max(1, input.workersMax)
    this.table = new WorkerTable(input.workersMax)
    this.available = new AvailableSet(W)
    this.retained = new RetainedStates(input.pools.length, W, input.coldStart.retentionSeconds)
    this.gpus = new PoolGpus(input.pools.length)
    input.pools.forEach((pool, p) => {
      for (let i = 0; i < pool.capacity.length; i++) if (pool.capacity[i]!.fromSeconds <= 0) this.gpus.setCapacity(p, pool.capacity[i]!.gpus)
    })
  }

  /** Creates a worker and places it on a GPU, or throttles it (nothing when workers.max are in use). */
  start(active: boolean, warm: boolean): void {
    const w = this.table.create(active)
    if (w < 0) return
    const pool = this.choosePool()
    if (pool < 0) {
      this.table.throttle(w)
      this.stats.throttle(this.clock.now)
    } else this.place(w, pool, warm)
  }

  /** The pool for a new worker, or -1 (throttled). PRIORITY_FLASHBOOT may bypass capacity. */
  private choosePool(): number {
    const pool = this.input.placement(this.gpus.free, this.input.gpusPerWorker)
    return pool < 0 && this.input.bypassCapacity ? 0 : pool
  }

  /** The worker's billing rate, USD per second (all its GPUs). */
  private rateOf(w: number): number {
    const p = this.input.pools[this.table.pool[w]!]!
    return (this.table.active[w] === 1 ? p.activePerSecondUsd : p.flexPerSecondUsd) * this.input.gpusPerWorker
  }

  /** The scaler asked for `count` more workers: starts flex workers up to workers.max, then dispatches. */
  addFlex(count: number): void {
    const add = Math.min(count, this.input.workersMax - this.table.alive)
    for (let i = 0; i < add; i++) this.start(false, false)
    this.listener.dispatch()
  }

  /** The scaler asked for `count` fewer workers: stops ready flex workers (warm, without a job) down to workers.min. */
  stopReadyFlex(count: number): void {
    let stop = Math.min(count, this.table.alive - this.input.workersMin)
    const { available, table } = this
    for (let i = available.count - 1; i >= 0 && stop > 0; i--) {
      const w = available.at(i)
      if (table.state[w] === READY && table.active[w] === 0) {
        this.stop(w)
        stop--
      }
    }
  }

  /** Puts a worker on `pool`'s GPUs: ready at once (`warm`), or starting cold or from a FlashBoot state. */
  private place(w: number, pool: number, warm: boolean): void {
    const { input, table, stats } = this
    const now = this.clock.now
    this.gpus.take(pool, input.gpusPerWorker)
    table.pool[w] = pool
    table.host[w] = this.hosts > 1 ? Math.floor(this.uniforms.host() * this.hosts) : 0
    table.life[w] = this.placed++
    table.startedAt[w] = now
    stats.sessionOpened(table.active[w] === 1, this.rateOf(w))
    stats.notePeak(table.counts[INITIALIZING]! + table.counts[READY]! + table.counts[RUNNING]! + 1, now)
    if (warm) {
      this.becomeReady(w)
      return
    }
    const resumed = this.retained.take(pool, table.host[w]!)
    table.resumed[w] = resumed ? 1 : 0
    const seconds = input.coldStart.startSeconds(resumed, pool, this.uniforms.cold, this.uniforms.flash)
    stats.workerStart(now, resumed)
    table.setState(w, INITIALIZING)
    if (seconds > input.initTimeoutSeconds) this.heap.push(now + input.initTimeoutSeconds, UNHEALTHY, w, table.gen[w]!)
    else this.heap.push(now + seconds, WORKER_READY, w, table.gen[w]!)
  }

  private becomeReady(w: number): void {
    const { table } = this
    table.setState(w, READY)
    table.readyAt[w] = this.clock.now
    table.availableSince[w] = this.clock.now
    this.available.add(w)
  }

  onReady(w: number): void {
    this.becomeReady(w)
    this.armIdleTimeout(w)
    this.listener.reactToWorkers()
  }

  onUnhealthy(w: number): void {
    this.stats.unhealthy(this.clock.now)
    this.stop(w)
    this.listener.reactToWorkers()
  }

  /**
   * Makes sure an idle timeout is pending for a flex worker that just became ready (no job).
   * NOTE (performance): one pending event per worker at most. An event that fires for a worker that
   * worked since re-arms itself for its new deadline, so the heap never fills with stale timeouts.
   */
  armIdleTimeout(w: number): void {
    const { table } = this
    if (table.active[w] === 1 || table.idleArmed[w] === 1) return
    table.idleArmed[w] = 1
    this.heap.push(this.clock.now + this.input.idleTimeoutSeconds, IDLE_TIMEOUT, w, table.gen[w]!)
  }

  onIdleTimeout(w: number): void {
    const { table } = this
    table.idleArmed[w] = 0
    if (table.state[w] !== READY) return // running again: re-armed when it next becomes ready
    const deadline = table.availableSince[w]! + this.input.idleTimeoutSeconds
    if (deadline <= this.clock.now) this.stop(w)
    else {
      table.idleArmed[w] = 1
      this.heap.push(deadline, IDLE_TIMEOUT, w, table.gen[w]!)
    }
  }

  /** Stops a placed worker: closes its billing session, frees its GPUs, keeps its state for FlashBoot. */
  stop(w: number): void {
    const { table } = this
    const active = table.active[w] === 1
    const pool = table.pool[w]!
    this.available.remove(w)
    this.closeSession(w)
    this.gpus.give(pool, this.input.gpusPerWorker)
    if (table.state[w] !== INITIALIZING) this.retained.keep(pool, this.clock.now, table.host[w]!)
    table.release(w)
    if (active) this.start(true, false)
    this.placeThrottled()
    this.listener.dispatch()
  }

  private closeSession(w: number): void {
    this.stats.sessionClosed(this.table.active[w] === 1, this.table.startedAt[w]!, this.clock.now, this.rateOf(w))
  }

  /** Closes the billing sessions of the placed active (or flex) workers at the end of the run. */
  closeSessions(active: boolean): void {
    const { state } = this.table
    for (let w = 0; w < state.length; w++) {
      if ((this.table.active[w] === 1) === active && state[w] !== FREE && state[w] !== THROTTLED) this.closeSession(w)
    }
  }

  /** Places throttled workers, longest waiting first, while a pool has room. */
  private placeThrottled(): void {
    const { table } = this
    while (table.throttledWaiting > 0) {
      const pool = this.choosePool()
      if (pool < 0) return
      const w = table.nextThrottled
      table.unthrottle()
      this.place(w, pool, false)
    }
  }

  /** A pool's capacity changes to step `step` of its schedule: running workers stay; throttled ones may now be placed. */
  onCapacity(pool: number, step: number): void {
    this.gpus.setCapacity(pool, this.input.pools[pool]!.capacity[step]!.gpus)
    this.placeThrottled()
    this.listener.dispatch()
  }
}
