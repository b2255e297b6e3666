/** Progress: the progress line's exact text (bar, percent, count, ETA), its redraw throttle and how it ends. */
import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { progressLine } from "../../src/cli/Progress.ts"

/** A progress line on a fake stream with a fake clock that starts at 10 s. */
const setup = (unit = "runs") => {
  const written: Array<string> = []
  let now = 10_000
  const line = progressLine({ write: (text) => (written.push(text), true) }, unit, () => now)
  return { line, written, at: (ms: number) => (now = 10_000 + ms) }
}

const bar = (hashes: number) => `[${"#".repeat(hashes)}${".".repeat(24 - hashes)}]`

describe("progressLine", () => {
  it("draws the bar, percent, text and ETA on one carriage-returned line", () => {
    const { line, written, at } = setup()
    at(10_000)
    line.update(0.5, "160/320 runs")
    expect(written).toEqual([`\r${bar(12)} 50 % 160/320 runs, ETA 10 s   `])
  })

  it("writes the ETA in seconds, minutes or hours", () => {
    const eta = (elapsedMs: number, fraction: number) => {
      const { line, written, at } = setup()
      at(elapsedMs)
      line.update(fraction, "x")
      return /ETA (.*?) {3}$/.exec(written[0]!)![1]
    }
    expect(eta(1_000, 0.5)).toBe("1 s")
    expect(eta(59_200, 0.5)).toBe("60 s") // rounded up
    expect(eta(90_000, 0.5)).toBe("1 min 30 s")
    expect(eta(3_725_000, 0.5)).toBe("1 h 2 min")
    expect(eta(1_000, 0)).toBe("…")
    expect(eta(1_000, 1)).toBe("0 s")
  })

  it("names the unit when there is no text, and clamps the fraction", () => {
    const { line, written, at } = setup("simulated")
    at(1000)
    line.update(-0.5, "")
    at(2000)
    line.update(1.7, "")
    expect(written).toEqual([`\r${bar(0)} 0 % simulated, ETA …   `, `\r${bar(24)} 100 % simulated, ETA 0 s   `])
  })

  it("floors the percent: 99.9 % done is not 100 %", () => {
    const { line, written, at } = setup()
    at(1000)
    line.update(0.999, "a")
    expect(written[0]).toMatch(/^\r\[#{24}\] 99 % a, /)
  })

  it("redraws at most every 200 ms, but always draws the end", () => {
    const { line, written, at } = setup()
    at(1000)
    line.update(0.1, "a")
    at(1100)
    line.update(0.2, "b")
    at(1199)
    line.update(0.3, "c")
    at(1200)
    line.update(0.4, "d")
    at(1250)
    line.update(1, "e")
    expect(written.map((w) => / % (\w)/.exec(w)![1])).toEqual(["a", "d", "e"])
  })

  it("end() finishes a drawn line once, and writes nothing if nothing was drawn", () => {
    const quiet = setup()
    quiet.line.end()
    expect(quiet.written).toEqual([])
    const { line, written, at } = setup()
    at(500)
    line.update(0.25, "x")
    line.end()
    line.end()
    expect(written).toHaveLength(2)
    expect(written[1]).toBe("\n")
  })

  test.prop([fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 1e-6, max: 1, noNaN: true })), fc.integer({ min: 200, max: 10_000_000 })])(
    "the bar is 24 wide and filled in proportion",
    (fraction, elapsed) => {
      const { line, written, at } = setup()
      at(elapsed)
      line.update(fraction, "t")
      expect(written).toHaveLength(1)
      const m = /^\r\[([#.]{24})\] (\d+) % t, ETA (.+) {3}$/.exec(written[0]!)
      expect(m).not.toBeNull()
      expect(m![1]!.replace(/\./g, "")).toHaveLength(Math.round(fraction * 24))
      expect(m![1]).toMatch(/^#*\.*$/)
      expect(Number(m![2])).toBe(Math.floor(fraction * 100))
      expect(m![3]).toMatch(/^(…|\d+ s|\d+ min \d+ s|\d+ h \d+ min)$/)
    }
  )
})
