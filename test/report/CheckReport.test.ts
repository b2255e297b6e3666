/** CheckReport: `check` verdicts at the confidence bound, the shortfall, why a figure cannot meet a target, and the text. */
import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { parseSlo, type Interval, type Slo } from "../../src/models/Slo.ts"
import { checkText, completionVerdict, verdictOf } from "../../src/report/CheckReport.ts"

const slo = (text: string): Slo => {
  const r = parseSlo(text)
  if ("error" in r) throw new Error(r.error)
  return r.slo
}

const ci = (mean: number | null, low: number | null, high: number | null): Interval => ({ mean, low, high })
const inf = Number.POSITIVE_INFINITY
const noneUnfinished = ci(0, 0, 0)

describe("verdictOf", () => {
  it("meets an upper limit only when the interval's upper bound does", () => {
    expect(verdictOf(slo("endToEnd.p95<=8"), ci(6, 5, 7), noneUnfinished, 3)).toEqual({
      target: "endToEnd.p95<=8",
      meets: true,
      mean: 6,
      low: 5,
      high: 7,
      shortfall: 0
    })
    // mean 7.5 is within 8, but the upper bound 9 is not: misses by 9 − 8 = 1
    const v = verdictOf(slo("endToEnd.p95<=8"), ci(7.5, 6, 9), noneUnfinished, 3)
    expect(v.meets).toBe(false)
    expect(v.shortfall).toBe(1)
    expect(v.reason).toBeUndefined()
  })

  it("meets a lower limit only when the interval's lower bound does", () => {
    // usdPerHour >= 2 with [1.5, 2.5]: misses by 2 − 1.5 = 0.5
    const v = verdictOf(slo("usdPerHour>=2"), ci(2, 1.5, 2.5), noneUnfinished, 3)
    expect(v.meets).toBe(false)
    expect(v.shortfall).toBe(0.5)
    expect(verdictOf(slo("usdPerHour>=2"), ci(3, 2, 4), noneUnfinished, 3).meets).toBe(true)
  })

  it("explains an absent figure and one not reached", () => {
    const absent = verdictOf(slo("endToEnd.p95<=8"), ci(null, null, null), ci(1, 1, 1), 3)
    expect(absent.meets).toBe(false)
    expect(absent.shortfall).toBe(inf)
    expect(absent.reason).toBe("no request completed in at least one replication")
    const late = verdictOf(slo("endToEnd.p95<=8"), ci(inf, inf, inf), ci(0.12, 0.1, 0.14), 3)
    expect(late.meets).toBe(false)
    expect(late.reason).toBe("not reached: 12.0 % of requests did not complete (mean over replications), and they count as infinitely late")
  })

  it("says why a figure is absent: no replication finished, no request arrived, or none completed", () => {
    const nothing = ci(null, null, null)
    expect(verdictOf(slo("endToEnd.p95<=8"), nothing, nothing, 0).reason).toBe("no replication finished")
    // the unfinished share is absent only when no request arrived
    expect(verdictOf(slo("endToEnd.p95<=8"), nothing, nothing, 3).reason).toBe("no request arrived in at least one replication")
    expect(verdictOf(slo("endToEnd.p95<=8"), nothing, ci(1, 1, 1), 3).reason).toBe("no request completed in at least one replication")
  })

  test.prop([fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true })])(
    "an upper-limit target is met exactly when mean + half-width is within the limit, and the shortfall is the excess",
    (mean, half, limit) => {
      const s = slo(`delayTime.p99<=${limit}`)
      const v = verdictOf(s, ci(mean, mean - half, mean + half), noneUnfinished, 3)
      expect(v.meets).toBe(mean + half <= s.limit)
      expect(v.shortfall).toBe(v.meets ? 0 : mean + half - s.limit)
      expect(v.shortfall).toBeGreaterThanOrEqual(0)
    }
  )
})

describe("completionVerdict", () => {
  it("always fails, reports the unfinished share and says how to state another limit", () => {
    const v = completionVerdict(ci(0.12, 0.1, 0.14), 3)
    expect(v).toMatchObject({ target: "(always) endToEnd.p95 reached", meets: false, mean: 0.12, low: 0.1, high: 0.14, shortfall: inf })
    expect(v.reason).toMatch(/^12\.0 % of requests did not complete \(mean over replications\); more than 5 % in a replication/)
    expect(v.reason).toContain('--slo "unfinishedShare<=…"')
  })

  it("says why the share is absent instead when there is none", () => {
    expect(completionVerdict(ci(null, null, null), 0).reason).toBe("no replication finished")
    expect(completionVerdict(ci(null, null, null), 2).reason).toBe("no request arrived in at least one replication")
  })
})

describe("checkText", () => {
  const targets = [slo("endToEnd.p95<=8"), slo("coldStartShare<=0.05")]

  it("prints ok and FAIL lines with the interval and the miss at the bound, then the verdict", () => {
    const verdicts = [verdictOf(targets[0]!, ci(6, 5, 7), noneUnfinished, 3), verdictOf(targets[1]!, ci(0.06, 0.04, 0.08), noneUnfinished, 3)]
    // coldStartShare: upper bound 8 % − 5 % = 3 % short
    expect(checkText("api", "1–3", targets, verdicts, true, 3)).toBe(
      [
        "api: 3 replications (seeds 1–3), 95 % confidence intervals",
        "  ok    endToEnd.p95<=8: 6.000 s (5.000 s – 7.000 s)",
        "  FAIL  coldStartShare<=0.05: 6.0 % (4.0 % – 8.0 %); misses by 3.0 % at the confidence bound",
        "Fails 1 of 2 targets."
      ].join("\n")
    )
  })

  it("says when every target is met, with one replication in the singular", () => {
    const verdicts = [verdictOf(targets[0]!, ci(6, 6, 6), noneUnfinished, 3)]
    const text = checkText("api", "1–1", [targets[0]!], verdicts, true, 1)
    expect(text.split("\n")[0]).toBe("api: 1 replication (seeds 1–1), 95 % confidence intervals")
    expect(text.split("\n").at(-1)).toBe("Meets every target.")
  })

  it("shows — and ∞ without an interval, with the reason instead of a shortfall", () => {
    const verdicts = [verdictOf(targets[0]!, ci(inf, inf, inf), ci(0.2, 0.2, 0.2), 3), verdictOf(targets[1]!, ci(null, null, null), ci(1, 1, 1), 3)]
    const lines = checkText("api", "1–2", targets, verdicts, true, 2).split("\n")
    expect(lines[1]).toBe(
      "  FAIL  endToEnd.p95<=8: ∞; not reached: 20.0 % of requests did not complete (mean over replications), and they count as infinitely late"
    )
    expect(lines[2]).toBe("  FAIL  coldStartShare<=0.05: —; no request completed in at least one replication")
    expect(lines[3]).toBe("Fails 2 of 2 targets.")
  })

  it("reads the completion requirement after the stated targets as a share", () => {
    const verdicts = [verdictOf(targets[0]!, ci(6, 5, 7), noneUnfinished, 3), completionVerdict(ci(0.1, 0.08, 0.12), 5)]
    const lines = checkText("api", "1–5", [targets[0]!], verdicts, true, 5).split("\n")
    expect(lines[2]).toMatch(/^ {2}FAIL {2}\(always\) endToEnd\.p95 reached: 10\.0 % \(8\.0 % – 12\.0 %\); 10\.0 % of requests did not complete/)
    expect(lines[3]).toBe("Fails 1 of 2 targets.")
  })

  it("never gives a verdict when interrupted", () => {
    const verdicts = [verdictOf(targets[0]!, ci(6, 5, 7), noneUnfinished, 3)]
    const lines = checkText("api", "1–5", [targets[0]!], verdicts, false, 2).split("\n")
    expect(lines[0]).toBe("api: 2 replications (seeds 1–5), 95 % confidence intervals — INCOMPLETE (interrupted): no verdict")
    expect(lines.at(-1)).toBe("Interrupted before every run finished: this is not a verdict.")
    expect(lines.join("\n")).not.toContain("Meets every target")
  })
})
