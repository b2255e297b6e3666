/**
 * JobSlots: the jobs executing on workers, `concurrencyPerWorker` slots per worker (worker w owns
 * slots w·C … w·C + C − 1), as struct-of-arrays. A slot's generation changes whenever its job ends,
 * so the pending completion or timeout of an ended job is stale.
 */
export class JobSlots {
  /** Jobs executing, over all workers. */
  busyCount = 0
  readonly arrival: Float64Array
  /** When the job started executing, seconds. */
  readonly start: Float64Array
  readonly gen: Int32Array
  readonly busy: Uint8Array
  /** What the slot's request waited for before it started: 0 nothing, 1 a cold start, 2 a FlashBoot resume. */
  readonly startWait: Uint8Array
  readonly perWorker: number

  constructor(workers: number, perWorker: number) {
    const S = Math.max(1, workers) * perWorker
    this.perWorker = perWorker
    this.arrival = new Float64Array(S)
    this.start = new Float64Array(S)
    this.gen = new Int32Array(S)
    this.busy = new Uint8Array(S)
    this.startWait = new Uint8Array(S)
  }

  workerOf(slot: number): number {
    return (slot / this.perWorker) | 0
  }

  /** Starts a job in a free slot of `worker` (it must have one) and returns the slot. */
  open(worker: number, arrival: number, now: number, startWait: number): number {
    let slot = worker * this.perWorker
    while (this.busy[slot] === 1) slot++
    this.busy[slot] = 1
    this.arrival[slot] = arrival
    this.start[slot] = now
    this.startWait[slot] = startWait
    this.busyCount++
    return slot
  }

  /** Ends the job in `slot`; its pending events become stale. */
  close(slot: number): void {
    this.busy[slot] = 0
    this.gen[slot]!++
    this.busyCount--
  }
}
