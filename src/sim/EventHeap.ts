/**
 * EventHeap: the simulator's future-event list, a 4-ary min-heap over parallel typed arrays,
 * ordered by (time, insertion sequence) so equal-time events fire first-in first-out and runs are
 * deterministic. An event is an integer kind plus two integer payloads; nothing is allocated per
 * event (the arrays double when full). Cancellation is lazy: handlers compare a generation number
 * carried in the payload and ignore stale events.
 *
 * One event may wait beside the heap instead of in it (`pushBeside`): the engine keeps its next
 * arrival there, since exactly one is pending at a time. It takes its sequence number like any
 * other and pops in the same (time, sequence) order, so the order of events does not change.
 *
 * NOTE (performance): sift operations move the arrays' slots per level instead of swapping objects;
 * four children per node halve the levels a pop walks down (a large endpoint keeps thousands of
 * events pending: a completion per running job, an idle timeout per worker).
 * The event beside the heap costs one comparison per pop instead of a sift up and a sift down.
 */
export class EventHeap {
  private time: Float64Array
  private seq: Float64Array
  private kind: Uint8Array
  private a: Int32Array
  private b: Int32Array
  private size = 0
  private nextSeq = 0
  /** The event beside the heap, if `hasBeside`. */
  private hasBeside = false
  private besideTime = 0
  private besideSeq = 0
  private besideKind = 0
  private besideA = 0
  private besideB = 0

  /** Popped event (valid until the next pop). */
  poppedTime = 0
  poppedKind = 0
  poppedA = 0
  poppedB = 0

  constructor(initialCapacity = 1024) {
    this.time = new Float64Array(initialCapacity)
    this.seq = new Float64Array(initialCapacity)
    this.kind = new Uint8Array(initialCapacity)
    this.a = new Int32Array(initialCapacity)
    this.b = new Int32Array(initialCapacity)
  }

  get length(): number {
    return this.hasBeside ? this.size + 1 : this.size
  }

  /** The time of the earliest event; +Infinity when empty. */
  peekTime(): number {
    const top = this.size === 0 ? Number.POSITIVE_INFINITY : this.time[0]!
    return this.hasBeside && this.besideTime < top ? this.besideTime : top
  }

  /**
   * Schedules an event beside the heap: for a kind of which at most one is pending at a time (the
   * next arrival). There must be none beside the heap already (it has been popped).
   */
  pushBeside(time: number, kind: number, a: number, b: number): void {
    this.hasBeside = true
    this.besideTime = time
    this.besideSeq = this.nextSeq++
    this.besideKind = kind
    this.besideA = a
    this.besideB = b
  }

  /** Schedules an event of `kind` at `time` with payloads `a`, `b` (int32). */
  push(time: number, kind: number, a: number, b: number): void {
    if (this.size === this.time.length) this.grow()
    const s = this.nextSeq++
    let i = this.size++
    // sift up
    while (i > 0) {
      const parent = (i - 1) >> 2
      const pt = this.time[parent]!
      if (pt < time || (pt === time && this.seq[parent]! < s)) break
      this.move(parent, i)
      i = parent
    }
    this.time[i] = time
    this.seq[i] = s
    this.kind[i] = kind
    this.a[i] = a
    this.b[i] = b
  }

  /** Removes the earliest event into `popped*`; returns false when empty. */
  pop(): boolean {
    if (this.hasBeside) {
      const t = this.besideTime
      if (this.size === 0 || t < this.time[0]! || (t === this.time[0]! && this.besideSeq < this.seq[0]!)) {
        this.hasBeside = false
        this.poppedTime = t
        this.poppedKind = this.besideKind
        this.poppedA = this.besideA
        this.poppedB = this.besideB
        return true
      }
    }
    if (this.size === 0) return false
    this.poppedTime = this.time[0]!
    this.poppedKind = this.kind[0]!
    this.poppedA = this.a[0]!
    this.poppedB = this.b[0]!
    const last = --this.size
    if (last === 0) return true
    const t = this.time[last]!
    const s = this.seq[last]!
    const k = this.kind[last]!
    const a = this.a[last]!
    const b = this.b[last]!
    let i = 0
    for (;;) {
      const first = 4 * i + 1
      if (first >= last) break
      // The earliest of up to four children.
      let child = first
      let ct = this.time[first]!
      const end = first + 4 < last ? first + 4 : last
      for (let c = first + 1; c < end; c++) {
        const tc = this.time[c]!
        if (tc < ct || (tc === ct && this.seq[c]! < this.seq[child]!)) {
          child = c
          ct = tc
        }
      }
      if (t < ct || (t === ct && s < this.seq[child]!)) break
      this.move(child, i)
      i = child
    }
    this.time[i] = t
    this.seq[i] = s
    this.kind[i] = k
    this.a[i] = a
    this.b[i] = b
    return true
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from]!
    this.seq[to] = this.seq[from]!
    this.kind[to] = this.kind[from]!
    this.a[to] = this.a[from]!
    this.b[to] = this.b[from]!
  }

  private grow(): void {
    const n = this.time.length * 2
    const grow = <T extends Float64Array | Uint8Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const next = make(n)
      next.set(old)
      return next
    }
    this.time = grow(this.time, (n) => new Float64Array(n))
    this.seq = grow(this.seq, (n) => new Float64Array(n))
    this.kind = grow(this.kind, (n) => new Uint8Array(n))
    this.a = grow(this.a, (n) => new Int32Array(n))
    this.b = grow(this.b, (n) => new Int32Array(n))
  }
}
