/** NearestName: "did you mean": the known name nearest by Levenshtein distance ignoring case, at most two edits away. */
import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { nearestName } from "../../src/models/NearestName.ts"

/** Reference edit distance, by the textbook recursion (memoised). */
const levenshtein = (a: string, b: string): number => {
  const memo = new Map<string, number>()
  const d = (i: number, j: number): number => {
    if (i === 0) return j
    if (j === 0) return i
    const key = `${i},${j}`
    const hit = memo.get(key)
    if (hit !== undefined) return hit
    const v = Math.min(d(i - 1, j) + 1, d(i, j - 1) + 1, d(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1))
    memo.set(key, v)
    return v
  }
  return d(a.length, b.length)
}

describe("nearestName", () => {
  it("suggests the name a typo came from", () => {
    expect(nearestName("timout", ["name", "timeout", "flashboot"])).toBe("timeout") // one deletion
    expect(nearestName("dispach", ["dispatch", "drain"])).toBe("dispatch") // one deletion
    expect(nearestName("jsn", ["json", "out"])).toBe("json")
    expect(nearestName("tiemout", ["timeout"])).toBe("timeout") // a transposition is two edits
    expect(nearestName("abcd", ["ab"])).toBe("ab") // two deletions
  })

  it("suggests nothing three or more edits away, or from an empty list", () => {
    expect(nearestName("abc", ["xyz"])).toBeUndefined() // three substitutions
    expect(nearestName("a", ["abcd"])).toBeUndefined() // three insertions
    expect(nearestName("workers", [])).toBeUndefined()
  })

  it("a name equal ignoring case is found however many letters differ in case", () => {
    expect(nearestName("IDLETIMEOUT", ["scaling", "idleTimeout"])).toBe("idleTimeout")
    expect(nearestName("ScalerIntervalSeconds", ["scalerIntervalSeconds"])).toBe("scalerIntervalSeconds")
  })

  it("case never counts as an edit, also when the name is a typo", () => {
    expect(nearestName("IDLETIMEOUTS", ["scaling", "idleTimeout"])).toBe("idleTimeout") // one insertion, not 9 edits
    expect(nearestName("WorkrsMAX", ["workersMax"])).toBe("workersMax")
  })

  it("the nearest wins; among equally near names, the first listed", () => {
    expect(nearestName("valu", ["values", "value"])).toBe("value") // 2 edits vs 1
    expect(nearestName("valu", ["value", "values"])).toBe("value")
    expect(nearestName("cat", ["bat", "hat"])).toBe("bat") // both 1 edit
    expect(nearestName("cat", ["hat", "bat"])).toBe("hat")
    expect(nearestName("json", ["jsn", "json"])).toBe("json") // exact beats one edit, wherever it is listed
  })

  const word = fc.string({ unit: fc.constantFrom("a", "b", "c"), maxLength: 6 })

  test.prop([word, fc.array(word, { maxLength: 8 })])("is the first known name at the least edit distance, when that is at most 2", (name, known) => {
    const distances = known.map((k) => levenshtein(k, name))
    const least = Math.min(...distances)
    expect(nearestName(name, known)).toBe(least <= 2 ? known[distances.indexOf(least)] : undefined)
  })
})
