/**
 * The report's two views of latency, hand-computed: `latency` over the requests that completed, and
 * `figures` (what targets read), where a request that did not complete counts as infinitely late.
 */
import { describe, expect, it } from "vitest"
import { endpoint, run } from "./scenarios.ts"

// One warm active worker, 1 s jobs, 20 requests at t = 0: the n-th waits n − 1 s and ends at n s.
// With a queue limit q, the first request starts at once and q wait; the rest are rejected.
const burst = (queueLimit: number) =>
  run({
    endpoint: endpoint({ workers: { min: 1, max: 1 } }),
    workload: { arrivals: { type: "list", atSeconds: Array.from({ length: 20 }, () => 0) }, executionSeconds: 1 },
    platform: { queueLimit }
  })

describe("latency figures when some requests do not complete", () => {
  it("10 % rejected: p95 is not reached, p90 is the 18th of 20, mean and max are infinite", async () => {
    const r = await burst(17)
    expect(r.requests).toMatchObject({ arrived: 20, completed: 18, rejected: 2, unfinishedShare: 0.1 })
    // Over the 18 completed: end-to-end 1..18 s.
    expect(r.latency.endToEnd).toEqual({ mean: 9.5, p50: 9, p90: 17, p95: 18, p99: 18, max: 18 })
    // Over all 20, the 2 rejected counted as infinitely late: rank ⌈0.9·20⌉ = 18 → 18 s; rank 19 → ∞.
    expect(r.figures["endToEnd.p50"]).toBe(10)
    expect(r.figures["endToEnd.p90"]).toBe(18)
    expect(r.figures["delayTime.p90"]).toBe(17)
    expect(r.figures["endToEnd.p95"]).toBe(Number.POSITIVE_INFINITY)
    expect(r.figures["endToEnd.p99"]).toBe(Number.POSITIVE_INFINITY)
    expect(r.figures["endToEnd.mean"]).toBe(Number.POSITIVE_INFINITY)
    expect(r.figures["endToEnd.max"]).toBe(Number.POSITIVE_INFINITY)
    expect(r.figures.unfinishedShare).toBe(0.1)
    // JSON has no infinity: a figure not reached prints as null.
    expect(JSON.parse(JSON.stringify(r)).figures["endToEnd.p95"]).toBeNull()
  })

  it("exactly 5 % rejected: p95 is still reached (the 19th of 20)", async () => {
    const r = await burst(18)
    expect(r.requests).toMatchObject({ completed: 19, rejected: 1, unfinishedShare: 0.05 })
    expect(r.figures["endToEnd.p95"]).toBe(19)
    expect(r.figures["endToEnd.p99"]).toBe(Number.POSITIVE_INFINITY)
  })

  it("every request completed: the figures equal the completed-request latency", async () => {
    const r = await burst(50)
    expect(r.requests.unfinishedShare).toBe(0)
    expect(r.figures["endToEnd.p95"]).toBe(r.latency.endToEnd.p95)
    expect(r.figures["endToEnd.mean"]).toBe(10.5)
    expect(r.figures["endToEnd.max"]).toBe(20)
  })

  it("no request arrived: latency, shares and cost per request are absent, never 0", async () => {
    const r = await run({ endpoint: endpoint(), workload: { arrivals: { type: "list", atSeconds: [] }, executionSeconds: 1 } })
    expect(r.requests).toMatchObject({ arrived: 0, unfinishedShare: null })
    expect(r.latency.endToEnd.p95).toBeNull()
    expect(r.latency.quantiles.endToEnd).toEqual([])
    expect(r.figures["endToEnd.p95"]).toBeNull()
    expect(r.figures.coldStartShare).toBeNull()
    expect(r.figures.usdPer1000).toBeNull()
    expect(r.figures.usdPerHour).toBe(0)
  })
})
