/**
 * RetainedStates: the FlashBoot states a pool keeps after its workers scale down, what RunPod's
 * `/health` counts as "idle" workers (not billed, resumable). A worker that stops after it was ready
 * leaves its state on its host for `retentionSeconds`; a worker starting on that host resumes the
 * most recently kept state there. With one host per pool (the default) any start on the pool finds
 * any state; with more (`platform.flashboot.hosts`), a start that lands on a host without a state
 * misses and starts cold even though the pool keeps states elsewhere (runpod-model.md section 9).
 *
 * States expire in the order they were kept (one retention time for all), so each pool is a ring
 * buffer, oldest first, with at most `perPool` states (the oldest gives way). A state resumed from
 * the middle of the ring (another host's states are newer) is marked taken and skipped later.
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
  /** The host of each ring entry; -1 once resumed. */
  private readonly host: Array<Int32Array>
  private readonly start: Int32Array
  /** Ring entries, taken ones included. */
  private readonly length: Int32Array
  /** Unexpired, untaken states per pool. */
  private readonly kept: Int32Array

  private readonly retentionSeconds: number

  constructor(pools: number, perPool: number, retentionSeconds: number) {
    this.retentionSeconds = retentionSeconds
    this.expiry = Array.from({ length: pools }, () => new Float64Array(Math.max(1, perPool)))
    this.host = Array.from({ length: pools }, () => new Int32Array(Math.max(1, perPool)))
    this.start = new Int32Array(pools)
    this.length = new Int32Array(pools)
    this.kept = new Int32Array(pools)
  }

  /** Keeps a stopped worker's state on `host` of `pool` until `now + retentionSeconds` (none without retention). */
  keep(pool: number, now: number, host = 0): void {
    if (this.retentionSeconds <= 0) return
    const ring = this.expiry[pool]!
    if (this.length[pool] === ring.length) {
      if (this.kept[pool]! < ring.length) this.compact(pool)
      else this.dropOldest(pool)
    }
    const i = (this.start[pool]! + this.length[pool]!) % ring.length
    ring[i] = now + this.retentionSeconds
    this.host[pool]![i] = host
    this.length[pool]!++
    this.kept[pool]!++
    this.count++
    this.updateNextExpiry()
  }

  /** Resumes the most recently kept state on `host` of `pool`; false when that host has none. */
  take(pool: number, host = 0): boolean {
    if (this.kept[pool] === 0) return false
    const hosts = this.host[pool]!
    const size = hosts.length
    const first = this.start[pool]!
    for (let k = this.length[pool]! - 1; k >= 0; k--) {
      const i = (first + k) % size
      if (hosts[i] !== host) continue
      hosts[i] = -1
      this.kept[pool]!--
      this.count--
      // Taken entries at either end of the ring leave it, so the ends are always live states.
      while (this.length[pool]! > 0 && hosts[(first + this.length[pool]! - 1) % size] === -1) this.length[pool]!--
      this.dropTakenAtStart(pool)
      this.updateNextExpiry()
      return true
    }
    return false
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

  /** Drops the oldest live state of `pool` (the ring's first entry). */
  private dropOldest(pool: number): void {
    this.start[pool] = (this.start[pool]! + 1) % this.expiry[pool]!.length
    this.length[pool]!--
    this.kept[pool]!--
    this.count--
    this.dropTakenAtStart(pool)
  }

  /** Closes the gaps resumed states left inside a full ring, keeping the order. */
  private compact(pool: number): void {
    const expiry = this.expiry[pool]!
    const hosts = this.host[pool]!
    const size = hosts.length
    const first = this.start[pool]!
    let n = 0
    for (let k = 0; k < this.length[pool]!; k++) {
      const i = (first + k) % size
      if (hosts[i] === -1) continue
      const j = (first + n++) % size
      expiry[j] = expiry[i]!
      hosts[j] = hosts[i]!
    }
    this.length[pool] = n
  }

  private dropTakenAtStart(pool: number): void {
    const hosts = this.host[pool]!
    while (this.length[pool]! > 0 && hosts[this.start[pool]!] === -1) {
      this.start[pool] = (this.start[pool]! + 1) % hosts.length
      this.length[pool]!--
    }
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
