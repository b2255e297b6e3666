/**
 * Rng: seeded pseudo-random streams (sfc32, seeded through splitmix32). Each source of randomness
 * in a run (arrivals, execution times, cold starts …) has its own stream derived from the scenario
 * seed and the stream's fixed id, so two configs see the same arrivals (common random numbers) and
 * adding a model never shifts another model's draws.
 *
 * `next()` returns a uniform double in the open interval (0, 1): never 0, never 1, so `log(u)` is
 * always finite.
 */

/** Fixed stream ids. Append new ones at the end; never renumber (it would change every result). */
export const Stream = {
  arrivals: 1,
  execution: 2,
  coldStart: 3,
  flashStart: 4,
  dispatch: 5,
  host: 6
} as const

const splitmix32 = (state: number): number => {
  let z = (state + 0x9e3779b9) | 0
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  /** A stream for `seed` (any integer) and `stream` (a small integer id). */
  constructor(seed: number, stream: number) {
    let s = splitmix32((seed | 0) ^ Math.imul(stream, 0x632be5ab))
    s = splitmix32(s ^ Math.floor(seed / 4294967296))
    this.a = s
    this.b = splitmix32(s + 1)
    this.c = splitmix32(s + 2)
    this.d = 1
    for (let i = 0; i < 15; i++) this.nextUint32()
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** A uniform double in (0, 1). */
  next(): number {
    return (this.nextUint32() + 0.5) / 4294967296
  }

  /** A uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n)
  }
}
