import { describe, expect, it } from "vitest"
import { meets, parseSlo, shortfall } from "../../src/models/Slo.ts"

const slo = (text: string) => {
  const r = parseSlo(text)
  if ("error" in r) throw new Error(r.error)
  return r.slo
}

describe("targets", () => {
  it("reads latency, outcome and cost targets in the forms people write", () => {
    expect(slo("endToEnd.p95<=8")).toEqual({ text: "endToEnd.p95<=8", metric: "endToEnd.p95", op: "<=", limit: 8 })
    expect(slo(" delayTime.mean < 2.5 ")).toMatchObject({ metric: "delayTime.mean", op: "<", limit: 2.5 })
    expect(slo("failed=0")).toMatchObject({ metric: "failed", op: "=", limit: 0 })
    expect(slo("failed==0")).toMatchObject({ op: "=" })
    expect(slo("coldStartShare<=0.05")).toMatchObject({ metric: "coldStartShare", limit: 0.05 })
    expect(slo("usdPerHour<=2")).toMatchObject({ metric: "usdPerHour" })
    expect(slo("cost.per1000<=0.5")).toMatchObject({ metric: "usdPer1000" })
  })

  it("explains bad targets with examples", () => {
    const error = (t: string) => {
      const r = parseSlo(t)
      return "error" in r ? r.error : ""
    }
    expect(error("p95 under 8")).toMatch(/^cannot read the target "p95 under 8": expected <metric> <= <number>, e\.g\. "endToEnd\.p95<=8"/)
    expect(error("endToEnd.p96<=8")).toMatch(/^unknown metric "endToEnd\.p96".*e\.g\./)
    expect(error("endToEnd.p95<=")).toMatch(/^cannot read the target/)
  })

  it("is met only when the bound on the wrong side is", () => {
    const ci = { mean: 7, low: 6, high: 9 }
    expect(meets(slo("endToEnd.p95<=8"), ci)).toBe(false) // mean 7 is fine, upper bound 9 is not
    expect(shortfall(slo("endToEnd.p95<=8"), ci)).toBe(1)
    expect(meets(slo("endToEnd.p95<=9"), ci)).toBe(true)
    expect(meets(slo("endToEnd.p95>=6"), ci)).toBe(true)
    expect(meets(slo("endToEnd.p95>6"), ci)).toBe(false)
    expect(meets(slo("failed=0"), { mean: 0, low: 0, high: 0 })).toBe(true)
    expect(meets(slo("failed=0"), { mean: 0.2, low: -0.1, high: 0.5 })).toBe(false)
  })

  it("refuses limits a figure can never have: a share above 1, anything negative", () => {
    const error = (t: string) => {
      const r = parseSlo(t)
      return "error" in r ? r.error : ""
    }
    expect(error("coldStartShare<=5")).toMatch(/^coldStartShare is a share from 0 to 1 \(0\.05 = 5 %\), got 5/)
    expect(error("unfinishedShare<=1.5")).toMatch(/share from 0 to 1/)
    expect(error("endToEnd.p95<=-1")).toMatch(/^endToEnd\.p95 is never negative \(seconds\), got -1/)
    expect(error("usdPerHour<=-2")).toMatch(/never negative \(US dollars\)/)
    expect(error("failed<=-1")).toMatch(/never negative \(a count of requests\)/)
    expect(error("endToEnd.p95<=1e400")).toMatch(/is not a number/)
    expect(slo("coldStartShare<=1")).toMatchObject({ limit: 1 })
  })

  it("an absent figure meets nothing; a figure not reached (infinite) meets no upper limit", () => {
    const absent = { mean: null, low: null, high: null }
    const infinite = { mean: Infinity, low: Infinity, high: Infinity }
    for (const t of ["endToEnd.p95<=1e300", "endToEnd.p95>=0", "failed=0", "usdPer1000<=100"]) {
      expect(meets(slo(t), absent)).toBe(false)
      expect(shortfall(slo(t), absent)).toBe(Infinity)
    }
    expect(meets(slo("endToEnd.p95<=1e300"), infinite)).toBe(false)
    expect(shortfall(slo("endToEnd.p95<=1e300"), infinite)).toBe(Infinity)
    expect(meets(slo("endToEnd.p95>=1"), infinite)).toBe(true)
  })
})
