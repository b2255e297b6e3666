/**
 * PoolGpus: the GPUs of each listed pool over a run: the capacity of the current step of its
 * schedule (Infinity when unlimited), how many are in use, and how many are free (capacity − in
 * use, what placement reads). A capacity drop can make `free` negative: running workers keep their
 * GPUs, and new ones wait until enough are returned.
 */
export class PoolGpus {
  /** GPUs free now, per pool (negative after a drop below what is in use). */
  readonly free: Float64Array
  private readonly capacity: Float64Array
  private readonly inUse: Float64Array

  constructor(pools: number) {
    this.free = new Float64Array(pools)
    this.capacity = new Float64Array(pools)
    this.inUse = new Float64Array(pools)
  }

  take(pool: number, gpus: number): void {
    this.inUse[pool]! += gpus
    this.free[pool] = this.capacity[pool]! - this.inUse[pool]!
  }

  give(pool: number, gpus: number): void {
    this.inUse[pool]! -= gpus
    this.free[pool] = this.capacity[pool]! - this.inUse[pool]!
  }

  /** The pool's capacity becomes `gpus`; what is in use stays in use. */
  setCapacity(pool: number, gpus: number): void {
    this.capacity[pool] = gpus
    this.free[pool] = gpus - this.inUse[pool]!
  }
}
