/**
 * RequestQueue: the endpoint's FIFO queue of waiting requests (arrival time and execution time),
 * oldest first, in a ring buffer that doubles when full. Arrivals come in time order, so the
 * arrival times in the queue are sorted, which `waitingSince` uses. The engine applies RunPod's
 * rules to it (queue cap, TTL); this module only keeps the order.
 *
 * NOTE (performance): the capacity is a power of two, so positions wrap with a mask, not a division.
 */
export class RequestQueue {
  length = 0
  private arrival: Float64Array
  private execution: Float64Array
  private start = 0
  /** Capacity − 1 (the capacity is a power of two). */
  private mask: number

  constructor(initialCapacity = 1024) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(1, initialCapacity)))
    this.arrival = new Float64Array(capacity)
    this.execution = new Float64Array(capacity)
    this.mask = capacity - 1
  }

  /** Arrival time of the i-th oldest request (0 = head). */
  arrivalAt(i: number): number {
    return this.arrival[(this.start + i) & this.mask]!
  }

  /** Arrival time of the oldest request; the queue must not be empty. */
  get headArrival(): number {
    return this.arrival[this.start]!
  }

  /** Execution time of the oldest request, seconds; the queue must not be empty. */
  get headExecution(): number {
    return this.execution[this.start]!
  }

  push(arrival: number, execution: number): void {
    if (this.length === this.arrival.length) this.grow()
    const i = (this.start + this.length) & this.mask
    this.arrival[i] = arrival
    this.execution[i] = execution
    this.length++
  }

  /** Drops the oldest request. */
  shift(): void {
    this.start = (this.start + 1) & this.mask
    this.length--
  }

  /** How many requests arrived at or before `time`: a binary search over the sorted arrivals. */
  waitingSince(time: number): number {
    let lo = 0
    let hi = this.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.arrivalAt(mid) <= time) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  private grow(): void {
    const cap = this.arrival.length
    const arrival = new Float64Array(cap * 2)
    const execution = new Float64Array(cap * 2)
    for (let i = 0; i < this.length; i++) {
      arrival[i] = this.arrival[(this.start + i) & this.mask]!
      execution[i] = this.execution[(this.start + i) & this.mask]!
    }
    this.arrival = arrival
    this.execution = execution
    this.start = 0
    this.mask = cap * 2 - 1
  }
}
