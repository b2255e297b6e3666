/** Bursts: listed bursts as step rates by hand, exact arrivals for a fixed uniform, and the random (MMPP) bursts' state lengths and mean rate. */
import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { burstSteps, listedBurstsProcess, randomBurstsProcess, type ListedBurst } from "../../../src/models/arrivals/Bursts.ts"
import type { ArrivalProcess } from "../../../src/models/ArrivalProcess.ts"
import { Rng } from "../../../src/sim/Rng.ts"

const L = Math.log(2)
/** u = 0.5: every exponential (gap, burst, inter-arrival) lasts exactly mean × ln 2, whether a generator inverts u or 1 − u. */
const half = () => 0.5

const arrivals = (p: ArrivalProcess, until: number, u: () => number): Array<number> => {
  const out: Array<number> = []
  for (let t = p.next(0, u, until); t < until; t = p.next(t, u, until)) out.push(t)
  return out
}

const expectTimes = (actual: ReadonlyArray<number>, expected: ReadonlyArray<number>) => {
  expect(actual).toHaveLength(expected.length)
  actual.forEach((t, i) => expect(t).toBeCloseTo(expected[i]!, 9))
}

describe("burstSteps, by hand", () => {
  it("adds each burst's rate to the base during [at, at + duration); overlaps add up", () => {
    // base 1; +2 on [10,15); +3 on [12,22) → 1 on [0,10), 3 on [10,12), 6 on [12,15), 4 on [15,22), 1 from 22.
    expect(
      burstSteps(1, [
        { atSeconds: 10, durationSeconds: 5, ratePerSecond: 2 },
        { atSeconds: 12, durationSeconds: 10, ratePerSecond: 3 }
      ])
    ).toEqual([
      { fromSeconds: 0, ratePerSecond: 1 },
      { fromSeconds: 10, ratePerSecond: 3 },
      { fromSeconds: 12, ratePerSecond: 6 },
      { fromSeconds: 15, ratePerSecond: 4 },
      { fromSeconds: 22, ratePerSecond: 1 }
    ])
  })

  it("back-to-back bursts, a burst at 0, bursts listed out of order, and no bursts", () => {
    // +2 on [0,10), +3 on [10,20), base 0 → 2, 3, then 0 from 20.
    expect(
      burstSteps(0, [
        { atSeconds: 0, durationSeconds: 10, ratePerSecond: 2 },
        { atSeconds: 10, durationSeconds: 10, ratePerSecond: 3 }
      ])
    ).toEqual([
      { fromSeconds: 0, ratePerSecond: 2 },
      { fromSeconds: 10, ratePerSecond: 3 },
      { fromSeconds: 20, ratePerSecond: 0 }
    ])
    // base 0.5; +1 on [50,60) listed before +4 on [20,25) → 0.5, 4.5 on [20,25), 0.5, 1.5 on [50,60), 0.5.
    expect(
      burstSteps(0.5, [
        { atSeconds: 50, durationSeconds: 10, ratePerSecond: 1 },
        { atSeconds: 20, durationSeconds: 5, ratePerSecond: 4 }
      ]).map((s) => [s.fromSeconds, s.ratePerSecond])
    ).toEqual([
      [0, 0.5],
      [20, 4.5],
      [25, 0.5],
      [50, 1.5],
      [60, 0.5]
    ])
    expect(burstSteps(2, [])).toEqual([{ fromSeconds: 0, ratePerSecond: 2 }])
  })
})

describe("listed bursts: arrivals", () => {
  it("for a fixed uniform, arrive only inside the burst at its rate", () => {
    // base 0, +2/s on [10,15): gaps ln2/2 ≈ 0.3466 from 10 → 10 + k·0.3466 for k = 1..14 (14·0.3466 = 4.85; 15·0.3466 = 5.20 crosses 15).
    const p = listedBurstsProcess(0, [{ atSeconds: 10, durationSeconds: 5, ratePerSecond: 2 }])
    expectTimes(
      arrivals(p, 1000, half),
      Array.from({ length: 14 }, (_, k) => 10 + ((k + 1) * L) / 2)
    )
    expect(p.next(15, half)).toBe(Number.POSITIVE_INFINITY)
  })

  it("meanRate adds each burst's area to the base", () => {
    // base 1 over 100 s = 100, + 9·60 + 10·10 = 640 extra → 740 / 100 = 7.4.
    const p = listedBurstsProcess(1, [
      { atSeconds: 30, durationSeconds: 60, ratePerSecond: 9 },
      { atSeconds: 40, durationSeconds: 10, ratePerSecond: 10 }
    ])
    expect(p.meanRate(100)).toBeCloseTo(7.4, 12)
    expect(p.rateAt(45)).toBe(20)
    expect(p.rateAt(95)).toBe(1)
  })

  const burstArb = fc.record({
    atSeconds: fc.integer({ min: 0, max: 400 }),
    durationSeconds: fc.integer({ min: 1, max: 60 }),
    ratePerSecond: fc.constantFrom(0.5, 2, 8)
  })

  test.prop([fc.array(burstArb, { minLength: 1, maxLength: 5 }), fc.nat(1000)], { numRuns: 50 })(
    "with base 0, every arrival falls inside some burst, and times never decrease",
    (bursts: Array<ListedBurst>, seed) => {
      const rng = new Rng(seed, 1)
      const ts = arrivals(listedBurstsProcess(0, bursts), 500, () => rng.next())
      expect(ts.filter((t, i) => i > 0 && t < ts[i - 1]!)).toEqual([])
      expect(ts.filter((t) => !bursts.some((b) => b.atSeconds <= t && t < b.atSeconds + b.durationSeconds))).toEqual([])
    }
  )
})

describe("random bursts (two-state MMPP)", () => {
  it("for a fixed uniform, starts in a gap and alternates gaps and bursts of the mean lengths × ln 2", () => {
    // base 0, +2.25/s, mean burst 2 s, mean gap 10 s: gap [0, 10L), burst [10L, 12L), gap [12L, 22L), burst [22L, 24L), …
    // In a burst arrivals come L/2.25 apart: 4 fit (4/2.25 = 1.78 < 2; 5/2.25 = 2.22 > 2).
    const p = randomBurstsProcess(0, { ratePerSecond: 2.25, meanBurstSeconds: 2, meanGapSeconds: 10 })
    const expected = [0, 1, 2].flatMap((i) => [1, 2, 3, 4].map((j) => (10 + 12 * i) * L + (j * L) / 2.25))
    expectTimes(arrivals(p, 37 * L, half), expected) // the third burst ends at 36L
  })

  it("for a fixed uniform, the base rate runs in gaps and base + burst rate in bursts", () => {
    // base 1, +1.25/s, mean burst 2, mean gap 9.5: gap [0, 9.5L) at 1/s → L, 2L, …, 9L (10L crosses 9.5L);
    // burst [9.5L, 11.5L) at 2.25/s → 9.5L + j·L/2.25, j = 1..4; gap [11.5L, 21L) at 1/s → 11.5L + k·L, k = 1..9.
    const p = randomBurstsProcess(1, { ratePerSecond: 1.25, meanBurstSeconds: 2, meanGapSeconds: 9.5 })
    const expected = [
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => k * L),
      ...[1, 2, 3, 4].map((j) => 9.5 * L + (j * L) / 2.25),
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => 11.5 * L + k * L)
    ]
    expectTimes(arrivals(p, 21 * L, half), expected)
  })

  it("stops looking at the horizon, and never produces anything without a rate", () => {
    // The first burst starts at 10L ≈ 6.93 s; with base 0 nothing arrives before a horizon of 5 s.
    expect(randomBurstsProcess(0, { ratePerSecond: 3, meanBurstSeconds: 2, meanGapSeconds: 10 }).next(0, half, 5)).toBe(Number.POSITIVE_INFINITY)
    expect(randomBurstsProcess(0, { ratePerSecond: 0, meanBurstSeconds: 2, meanGapSeconds: 10 }).next(0, half)).toBe(Number.POSITIVE_INFINITY)
  })

  it("meanRate is the base plus the burst rate times the long-run share of time in bursts", () => {
    // share = 100 / (100 + 900) = 0.1 → 0.5 + 5 · 0.1 = 1.
    expect(randomBurstsProcess(0.5, { ratePerSecond: 5, meanBurstSeconds: 100, meanGapSeconds: 900 }).meanRate(3600)).toBeCloseTo(1, 12)
  })

  it("bursts and gaps last their mean lengths on average", () => {
    // base 0, +20/s, mean burst 10 s, mean gap 100 s, about 1000 cycles. Inside a burst arrivals are ~0.05 s apart
    // (a 1 s silence has probability e^-20), so a silence over 1 s marks a gap. Gap and burst lengths are exponential:
    // their sample means have standard errors 100/sqrt(1000) ≈ 3.2 s and 10/sqrt(1000) ≈ 0.32 s; 4 SE bounds.
    // Biases are below that: a silence measures the gap plus ~0.1 s of in-burst waiting (+1 s for the gaps under 1 s it misses),
    // a cluster's span is the burst less ~0.1 s (+ ~1 % merged pairs).
    const rng = new Rng(3, 1)
    const ts = arrivals(randomBurstsProcess(0, { ratePerSecond: 20, meanBurstSeconds: 10, meanGapSeconds: 100 }), 110_000, () => rng.next())
    const gaps: Array<number> = []
    const spans: Array<number> = []
    let clusterStart = ts[0]!
    for (let i = 1; i < ts.length; i++) {
      if (ts[i]! - ts[i - 1]! > 1) {
        gaps.push(ts[i]! - ts[i - 1]!)
        spans.push(ts[i - 1]! - clusterStart)
        clusterStart = ts[i]!
      }
    }
    const mean = (xs: ReadonlyArray<number>) => xs.reduce((a, b) => a + b, 0) / xs.length
    expect(gaps.length).toBeGreaterThan(800)
    expect(Math.abs(mean(gaps) - 100)).toBeLessThan(4 * 3.2)
    expect(Math.abs(mean(spans) - 10)).toBeLessThan(4 * 0.32)
    // The first arrival comes after the first gap (the process starts in a gap).
    expect(ts[0]!).toBeGreaterThan(0)
  })
})
