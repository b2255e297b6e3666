/**
 * RunTargets: targets read against one run (simulate --slo, the explore page's ?slo=), hand-checked
 * on the quickstart's report with its figures replaced.
 */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { RunPodModels } from "../../src/models/Models.ts"
import { parseSlo, runMetricNames, type Slo } from "../../src/models/Slo.ts"
import { kpis } from "../../src/report/Facts.ts"
import { runTargetLines, runVerdicts, tileOf } from "../../src/report/RunTargets.ts"
import type { SimResult } from "../../src/sim/SimResult.ts"
import { simulate } from "../../src/sim/simulate.ts"
import { quickstart } from "../../scenarios/quickstart.ts"

const slo = (text: string): Slo => {
  const parsed = parseSlo(text)
  if (!("slo" in parsed)) throw new Error(parsed.error)
  return parsed.slo
}

const report = await Effect.runPromise(simulate({ ...quickstart, durationSeconds: 600 }).pipe(Effect.provide(RunPodModels)))
const withFigures = (figures: Partial<SimResult["figures"]>, requests: Partial<SimResult["requests"]> = {}): SimResult => ({
  ...report,
  figures: { ...report.figures, ...figures },
  requests: { ...report.requests, ...requests }
})

describe("runVerdicts", () => {
  it("reads each target on the run's own figure: met, missed by how much, at the limit", () => {
    const r = withFigures({ "endToEnd.p95": 7.5, usdPerHour: 4, failed: 0 })
    const slos = [slo("endToEnd.p95<=6"), slo("usdPerHour<=4"), slo("usdPerHour<4"), slo("failed=0"), slo("endToEnd.p95>=8")]
    expect(runVerdicts(r, slos)).toEqual([
      { target: "endToEnd.p95<=6", meets: false, value: 7.5, shortfall: 1.5 },
      { target: "usdPerHour<=4", meets: true, value: 4, shortfall: 0 },
      { target: "usdPerHour<4", meets: false, value: 4, shortfall: 0 },
      { target: "failed=0", meets: true, value: 0, shortfall: 0 },
      { target: "endToEnd.p95>=8", meets: false, value: 7.5, shortfall: 0.5 }
    ])
  })

  it("a figure not reached or absent never meets, and says why in one run's words", () => {
    const unreached = runVerdicts(withFigures({ "endToEnd.p99": Number.POSITIVE_INFINITY }, { unfinishedShare: 0.12 }), [slo("endToEnd.p99<=100")])[0]!
    expect(unreached.meets).toBe(false)
    expect(unreached.shortfall).toBe(Number.POSITIVE_INFINITY)
    expect(unreached.reason).toBe("not reached: 12.0 % of requests did not complete, and they count as infinitely late")
    const none = runVerdicts(withFigures({ "delayTime.p95": null }), [slo("delayTime.p95<=100")])[0]!
    expect([none.meets, none.value, none.reason]).toEqual([false, null, "no request completed"])
    const empty = runVerdicts(withFigures({ "delayTime.p95": null }, { arrived: 0 }), [slo("delayTime.p95<=100")])[0]!
    expect(empty.reason).toBe("no request arrived")
  })

  it("no targets, no verdicts", () => {
    expect(runVerdicts(report, [])).toEqual([])
  })
})

describe("runTargetLines", () => {
  it("one line per target: ok or FAIL, the figure in its unit, the miss or the reason", () => {
    const r = withFigures({ "endToEnd.p95": 7.5, usdPerHour: 3.25, "delayTime.p99": Number.POSITIVE_INFINITY }, { unfinishedShare: 0.1 })
    const slos = [slo("endToEnd.p95<=6"), slo("usdPerHour<=4"), slo("delayTime.p99<=30")]
    expect(runTargetLines(slos, runVerdicts(r, slos))).toEqual([
      "FAIL  endToEnd.p95<=6: 7.500 s; misses by 1.500 s",
      "ok    usdPerHour<=4: $3.2500",
      "FAIL  delayTime.p99<=30: ∞; not reached: 10.0 % of requests did not complete, and they count as infinitely late"
    ])
  })
})

describe("tileOf", () => {
  it("puts every metric a target may name on a KPI tile the reports show", () => {
    const labels = kpis(report).map((k) => k.label)
    for (const metric of runMetricNames) expect(labels, metric).toContain(tileOf({ text: `${metric}<=1`, metric, op: "<=", limit: 1 }))
  })

  it("latency on its own tile, cost per hour on cost, reliability on requests", () => {
    expect(tileOf(slo("endToEnd.p99<=9"))).toBe("End-to-end p95")
    expect(tileOf(slo("delayTime.mean<=9"))).toBe("delayTime p95")
    expect(tileOf(slo("executionTime.max<=9"))).toBe("executionTime p95")
    expect(tileOf(slo("coldStartShare<=0.1"))).toBe("Cold starts")
    expect(tileOf(slo("usdPerHour<=2"))).toBe("Cost per hour")
    expect(tileOf(slo("usdPer1000<=2"))).toBe("Billed time ready")
    expect(tileOf(slo("failed=0"))).toBe("Requests")
  })
})
