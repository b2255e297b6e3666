/**
 * RetainedStates: the FlashBoot states a pool keeps after its workers scale down, what RunPod's
 * `/health` counts as "idle" workers (not billed, resumable). A worker that stops after it was ready
 * leaves its state on the pool for `retentionSeconds`; a worker starting on that pool resumes the most
 * recently kept one. States expire in the order they were kept (one retention time for all), so each
 * pool is a ring buffer, oldest first, with at most `perPool` states (the oldest gives way).
 *
 * Expiry is eager: the engine calls `expireNext()` for every expiry up to an event's time before the
 * event, so `count` is exact between events and the run statistics can integrate it.
 */
export class RetainedStates {
  /** Unexpired states over all pools. */
  count = 0
  /** When the next state expires; Infinity when none is kept. */
  nextExpirySeconds = Infinity
  private readonly expiry: Array<Float64Array>
  private readonly start: Int32Array
  private readonly length: Int32Array

  private readonly retentionSeconds: number

  constructor(pools: number, perPool: number, retentionSeconds: number) {
    this.retentionSeconds = retentionSeconds
    this.expiry = Array.from({ length: pools }, () => new Float64Array(Math.max(1, perPool)))
    this.start = new Int32Array(pools)
    this.length = new Int32Array(pools)
  }

  /** Keeps a stopped worker's state on `pool` until `now + retentionSeconds` (none without retention). */
  keep(pool: number, now: number): void {
    if (this.retentionSeconds <= 0) return
    const ring = this.expiry[pool]!
    if (this.length[pool] === ring.length) this.dropOldest(pool)
    ring[(this.start[pool]! + this.length[pool]!) % ring.length] = now + this.retentionSeconds
    this.length[pool]!++
    this.count++
    this.updateNextExpiry()
  }

  /** Resumes the most recently kept state on `pool`; false when it has none. */
  take(pool: number): boolean {
    if (this.length[pool] === 0) return false
    this.length[pool]!--
    this.count--
    this.updateNextExpiry()
    return true
  }

  /** Drops the state that expires at `nextExpirySeconds`. */
  expireNext(): void {
    for (let p = 0; p < this.length.length; p++) {
      if (this.length[p]! > 0 && this.expiry[p]![this.start[p]!] === this.nextExpirySeconds) {
        this.dropOldest(p)
        break
      }
    }
    this.updateNextExpiry()
  }

  private dropOldest(pool: number): void {
    this.start[pool] = (this.start[pool]! + 1) % this.expiry[pool]!.length
    this.length[pool]!--
    this.count--
  }

  private updateNextExpiry(): void {
    let next = Infinity
    for (let p = 0; p < this.length.length; p++) {
      if (this.length[p]! > 0) {
        const e = this.expiry[p]![this.start[p]!]!
        if (e < next) next = e
      }
    }
    this.nextExpirySeconds = next
  }
}
