/**
 * AvailableSet: the workers that can take another job (ready, or running with a free job slot), as
 * a dense array of worker ids with each id's position, so adding, removing and indexing are O(1).
 * Removal moves the last id into the hole, so the order is not the order of arrival: dispatch
 * rules that care about order read each worker's times instead.
 */
export class AvailableSet {
  count = 0
  private readonly ids: Int32Array
  private readonly position: Int32Array

  constructor(workers: number) {
    this.ids = new Int32Array(workers)
    this.position = new Int32Array(workers).fill(-1)
  }

  /** The worker id at index i (0 … count−1). */
  at(i: number): number {
    return this.ids[i]!
  }

  has(worker: number): boolean {
    return this.position[worker] !== -1
  }

  add(worker: number): void {
    if (this.position[worker] !== -1) return
    this.position[worker] = this.count
    this.ids[this.count++] = worker
  }

  remove(worker: number): void {
    const pos = this.position[worker]!
    if (pos === -1) return
    const last = this.ids[--this.count]!
    this.ids[pos] = last
    this.position[last] = pos
    this.position[worker] = -1
  }
}
