/**
 * WorkerTable: the endpoint's workers as struct-of-arrays indexed by worker id (0 … workers.max−1),
 * the number of workers in each state (RunPod's /health words), the free ids, and the FIFO of
 * throttled workers waiting for a GPU. An id is reused after its worker stops; its generation
 * (`gen`) changes at every start and stop, so a pending event for an old incarnation is stale.
 */

/** Worker states. A FREE id belongs to no worker. */
export const FREE = 0
export const THROTTLED = 1
export const INITIALIZING = 2
export const READY = 3
export const RUNNING = 4

export class WorkerTable {
  readonly state: Uint8Array
  /** 1 for an active worker (`workers.min`), 0 for a flex worker. */
  readonly active: Uint8Array
  /** The pool the worker's GPUs come from; -1 while throttled or free. */
  readonly pool: Int32Array
  readonly gen: Int32Array
  /** When the worker was placed on a GPU (its billing session started), seconds. */
  readonly startedAt: Float64Array
  /** When the worker finished starting, seconds. */
  readonly readyAt: Float64Array
  /** When the worker last became ready without a job, seconds. */
  readonly availableSince: Float64Array
  /** Jobs the worker is executing. */
  readonly jobs: Int32Array
  /** 1 when the worker's current start resumed a FlashBoot state. */
  readonly resumed: Uint8Array
  /** The host of the pool the worker runs on (FlashBoot keeps its state there). */
  readonly host: Int32Array
  /**
   * Which worker this is, over the whole run (RunPod's workerId): a new number at every placement on
   * a GPU, so each start, cold or resumed, is a worker of its own in job records.
   */
  readonly life: Int32Array
  /** 1 while an idle-timeout event for the worker's current incarnation is pending. */
  readonly idleArmed: Uint8Array
  /** Workers per state, indexed by state (the FREE entry is unused). */
  readonly counts = new Int32Array(5)
  /** Flex workers that exist (throttled included). */
  flexAlive = 0
  private readonly freeIds: Int32Array
  private freeCount: number
  private readonly throttledQueue: Int32Array
  private throttledStart = 0
  throttledWaiting = 0

  constructor(workers: number) {
    const W = Math.max(1, workers)
    this.state = new Uint8Array(W)
    this.active = new Uint8Array(W)
    this.pool = new Int32Array(W).fill(-1)
    this.gen = new Int32Array(W)
    this.startedAt = new Float64Array(W)
    this.readyAt = new Float64Array(W)
    this.availableSince = new Float64Array(W)
    this.jobs = new Int32Array(W)
    this.resumed = new Uint8Array(W)
    this.idleArmed = new Uint8Array(W)
    this.host = new Int32Array(W)
    this.life = new Int32Array(W).fill(-1)
    this.freeIds = new Int32Array(W)
    for (let i = 0; i < W; i++) this.freeIds[i] = W - 1 - i
    this.freeCount = workers
    this.throttledQueue = new Int32Array(W)
  }

  /** Workers that exist: throttled, initializing, ready or running. */
  get alive(): number {
    const c = this.counts
    return c[THROTTLED]! + c[INITIALIZING]! + c[READY]! + c[RUNNING]!
  }

  /** Takes a free id for a new worker (still FREE until `setState`); -1 when all are in use. */
  create(active: boolean): number {
    if (this.freeCount === 0) return -1
    const w = this.freeIds[--this.freeCount]!
    this.active[w] = active ? 1 : 0
    if (!active) this.flexAlive++
    this.gen[w]!++
    this.idleArmed[w] = 0
    this.jobs[w] = 0
    this.resumed[w] = 0
    return w
  }

  setState(w: number, state: number): void {
    this.counts[this.state[w]!]!--
    this.counts[state]!++
    this.state[w] = state
  }

  /** The worker stopped: its id is free again and its pending events are stale. */
  release(w: number): void {
    this.setState(w, FREE)
    this.pool[w] = -1
    this.gen[w]!++
    this.freeIds[this.freeCount++] = w
    if (this.active[w] === 0) this.flexAlive--
  }

  /** Queues a throttled worker for the next free GPU. */
  throttle(w: number): void {
    this.setState(w, THROTTLED)
    this.throttledQueue[(this.throttledStart + this.throttledWaiting++) % this.throttledQueue.length] = w
  }

  /** The throttled worker that has waited longest; there must be one. */
  get nextThrottled(): number {
    return this.throttledQueue[this.throttledStart]!
  }

  /** Removes the longest-waiting throttled worker from the queue (its state is set by the caller). */
  unthrottle(): void {
    this.throttledStart = (this.throttledStart + 1) % this.throttledQueue.length
    this.throttledWaiting--
  }
}
