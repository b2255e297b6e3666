/**
 * Profile: the points tried around a fit, and the range of a coordinate that fits within the noise
 * (hand-computed crossings).
 */
import { describe, expect, it } from "vitest"
import { pooledNoise, profileCandidates, profileRange, sampleSd, type ProfilePoint } from "../../src/sim/Profile.ts"

describe("profileCandidates", () => {
  it("moves each active coordinate alone, keeps spreads above their floor, and steps the host count", () => {
    const coords = [3, 0.3, 0, 0.6, 4]
    const points = profileCandidates(coords, [0, 1, 2, 3, 4], true)
    // Cold spread 0.3: offsets -0.5 and -1 would go below the floor of 0.01.
    expect(points.filter((p) => p.k === 1).map((p) => p.o)).toEqual([-0.2, -0.1, 0.1, 0.2, 0.5, 1])
    expect(points.filter((p) => p.k === 0)).toHaveLength(8)
    expect(points.filter((p) => p.k === 4).map((p) => p.c[4])).toEqual([2, 3, 5, 8])
    for (const p of points) expect(p.c.filter((x, j) => x !== coords[j]).length).toBe(1)
  })

  it("tries no host counts without FlashBoot, nor below 1", () => {
    expect(profileCandidates([3, 0.3, 0, 0.6, 1], [0, 1], false).some((p) => p.k === 4)).toBe(false)
    expect(
      profileCandidates([3, 0.3, 0, 0.6, 1], [0, 1, 2, 3, 4], true)
        .filter((p) => p.k === 4)
        .map((p) => p.c[4])
    ).toEqual([2])
  })
})

describe("profileRange", () => {
  const at = (k: number, offsets: ReadonlyArray<number>): Array<ProfilePoint> => offsets.map((o) => ({ k, o, c: [] }))

  it("interpolates where the distance crosses the threshold on each side", () => {
    const points = at(0, [-0.5, -0.2, 0.2, 0.5])
    // Fit at 1.0; threshold 1.5. Left: -0.2 → 1.2 fits, -0.5 → 2.4 crosses at -0.2 - 0.3 × (0.3 / 1.2) = -0.275.
    // Right: 0.2 → 2.0 crosses at 0.2 × (0.5 / 1.0) = 0.1.
    const r = profileRange(points, [2.4, 1.2, 2.0, 3], 1, 1.5, 0)
    expect(r.lo).toBeCloseTo(-0.275, 10)
    expect(r.hi).toBeCloseTo(0.1, 10)
    expect(r.open).toBe(false)
  })

  it("is open when every point tried on a side fits", () => {
    const r = profileRange(at(0, [-1, -0.5, 0.5, 1]), [1.1, 1.05, 1.2, 1.4], 1, 1.5, 0)
    expect(r).toEqual({ lo: -1, hi: 1, open: true })
  })

  it("steps the host count by whole hosts, never interpolating", () => {
    const r = profileRange(at(4, [-2, -1, 1, 4]), [9, 1.2, 1.3, 9], 1, 1.5, 4)
    expect(r).toEqual({ lo: -1, hi: 1, open: false })
  })

  it("reads only the points of its coordinate", () => {
    const points = [...at(0, [-0.5, 0.5]), ...at(2, [-0.5, 0.5])]
    expect(profileRange(points, [9, 9, 1, 1], 1, 1.5, 2)).toEqual({ lo: -0.5, hi: 0.5, open: true })
  })
})

describe("pooledNoise and sampleSd", () => {
  it("doubles the root mean square of the spreads, with a floor of 0.01", () => {
    expect(sampleSd([1, 3])).toBeCloseTo(Math.SQRT2, 12)
    expect(pooledNoise([0.03, 0.04], 1)).toBeCloseTo(2 * Math.sqrt((0.0009 + 0.0016) / 2), 12)
    expect(pooledNoise([0, 0], 1)).toBe(0.01)
    expect(pooledNoise([], 0.5)).toBe(0.05)
  })
})
