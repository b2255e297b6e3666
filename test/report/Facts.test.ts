/** Facts: the headline, KPI tiles, assumptions and percentile table of a run. */
import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import {
  assumptions,
  endpointDescription,
  headline,
  kpis,
  percentileHeader,
  percentileTable,
  startWaits,
  targetP95,
  unfinishedNote
} from "../../src/report/Facts.ts"
import { absent } from "../../src/report/Format.ts"
import { simulate } from "../../src/sim/simulate.ts"
import type { SimResult } from "../../src/sim/SimResult.ts"
import { RunPodModels } from "../../src/models/Models.ts"

// One active worker, warm from t = 0, serves two 2-second requests (at 10 s and 20 s) without delay.
// Billed 100 s at $0.001/s = $0.10: $3.60 per hour, $0.10 / 2 requests = $50.00 per 1,000.
let base: SimResult
beforeAll(async () => {
  base = await Effect.runPromise(
    simulate({
      name: "tiny",
      durationSeconds: 100,
      endpoint: { name: "e", image: "i", gpu: { pools: ["ADA_24"] }, workers: { min: 1, max: 2 } },
      workload: { arrivals: { type: "list", atSeconds: [10, 20] }, executionSeconds: 2 },
      platform: { pools: { ADA_24: { flexPerSecondUsd: 0.002, activePerSecondUsd: 0.001 } } }
    }).pipe(Effect.provide(RunPodModels))
  )
})

/** Parses "1,234.5" to 1234.5. */
describe("a run's statements", () => {
  it("states the question and answer in one line", () => {
    expect(headline(base)).toBe("e at 2 requests at listed times for 100 s: p95 end-to-end 2.00 s, $3.60 per hour, $50.00 per 1,000 requests")
    // the window excludes the warm-up: 3600 − 600 s = 50 min
    expect(headline({ ...base, scenario: { ...base.scenario, durationSeconds: 3600, warmupSeconds: 600 } })).toMatch(
      /^e at 2 requests at listed times for 50 min: /
    )
  })

  it("says so when no request completed, and when the p95 targets read is not reached", () => {
    const none: SimResult = {
      ...base,
      requests: { ...base.requests, arrived: 3, completed: 0, failed: 3, unfinishedShare: 1 },
      cost: { ...base.cost, perThousandRequestsUsd: null },
      figures: { ...base.figures, "endToEnd.p95": null }
    }
    expect(headline(none)).toBe("e at 2 requests at listed times for 100 s: no request completed (3 arrived); $3.60 per hour")
    expect(targetP95(none)).toBe(`${absent} (no request completed)`)
    const late: SimResult = {
      ...base,
      requests: { ...base.requests, arrived: 100, completed: 88, failed: 12, unfinishedShare: 0.12 },
      figures: { ...base.figures, "endToEnd.p95": Number.POSITIVE_INFINITY }
    }
    expect(targetP95(late)).toBe("not reached: 12.0 % of requests did not complete")
    expect(headline(late)).toContain(": p95 end-to-end not reached: 12.0 % of requests did not complete, $3.60 per hour")
    expect(targetP95(base)).toBe("2.00 s")
  })

  it("names cold-start and FlashBoot waits, the latter only when there were resumes", () => {
    expect(startWaits(base)).toBe("0.0 % of requests waited for a cold start")
    const both: SimResult = { ...base, coldStarts: { ...base.coldStarts, flashboot: 5, coldStartShare: 0.122, flashbootShare: 0.03 } }
    expect(startWaits(both)).toBe("12.2 % of requests waited for a cold start, 3.0 % for a FlashBoot resume")
    const resumedNoWait: SimResult = { ...base, coldStarts: { ...base.coldStarts, flashboot: 2, coldStartShare: 0, flashbootShare: 0 } }
    expect(startWaits(resumedNoWait)).toBe("0.0 % of requests waited for a cold start, 0.0 % for a FlashBoot resume")
    expect(startWaits({ ...base, coldStarts: { ...base.coldStarts, coldStartShare: null, flashbootShare: null } })).toBe("no request completed")
  })

  it("adds the unfinished share only when some requests did not complete", () => {
    expect(unfinishedNote(base)).toBe("")
    expect(unfinishedNote({ ...base, requests: { ...base.requests, unfinishedShare: 0.05 } })).toBe("; 5.0 % of requests did not complete")
    expect(unfinishedNote({ ...base, requests: { ...base.requests, unfinishedShare: null } })).toBe("")
  })

  it("describes the endpoint by its GPUs, then its scaling", () => {
    expect(endpointDescription(base)).toEqual({ gpus: "e on ADA_24", scaling: "QUEUE_DELAY 4 s, workers 1–2, idle timeout 5 s, FlashBoot OFF" })
    const big: SimResult = {
      ...base,
      endpoint: {
        ...base.endpoint,
        name: "llm",
        gpu: { pools: ["AMPERE_80", "ADA_80_PRO"], count: 2 },
        workers: { min: 0, max: 5 },
        scaling: { type: "REQUEST_COUNT", value: 3, idleTimeout: 60 },
        flashboot: "FLASHBOOT"
      }
    }
    // REQUEST_COUNT's value is a count of requests, not seconds
    expect(endpointDescription(big)).toEqual({
      gpus: "llm on 2× AMPERE_80 > ADA_80_PRO",
      scaling: "REQUEST_COUNT 3, workers 0–5, idle timeout 60 s, FlashBoot FLASHBOOT"
    })
  })
})

describe("kpis", () => {
  it("shows the eight tiles of the tiny run, in order", () => {
    const tiles = kpis(base)
    expect(tiles.map((k) => k.label)).toEqual([
      "Requests",
      "End-to-end p95",
      "delayTime p95",
      "executionTime p95",
      "Cold starts",
      "Workers",
      "Cost per hour",
      "Billed time ready"
    ])
    expect(tiles.map((k) => k.value)).toEqual(["2", "2.00 s", "0 s", "2.00 s", "0", "peak 1", "$3.60", `${(base.cost.billedReadyShare * 100).toFixed(1)} %`])
    expect(tiles[0]!.detail).toBe("2 completed, 0 failed, 0 expired, 0 rejected")
    expect(tiles[1]!.detail).toBe("p50 2.00 s, p99 2.00 s")
    expect(tiles[6]!.detail).toBe("$0.1000 in all: flex $0.0000, active $0.1000")
    expect(tiles[7]!.detail).toBe("$50.00 per 1,000 requests")
  })

  it("counts unfinished requests and disk cost only when there are some", () => {
    const r: SimResult = {
      ...base,
      requests: { ...base.requests, arrived: 1300, completed: 1290, inSystemAtEnd: 10, unfinishedShare: 10 / 1300 },
      cost: { ...base.cost, containerDiskUsd: 0.5 }
    }
    const tiles = kpis(r)
    expect(tiles[0]!.value).toBe("1,300")
    expect(tiles[0]!.detail).toBe("1,290 completed, 0 failed, 0 expired, 0 rejected, 10 unfinished")
    expect(tiles[1]!.detail).toBe("p50 2.00 s, p99 2.00 s; 0.8 % of requests did not complete")
    expect(tiles[6]!.detail).toBe("$0.1000 in all: flex $0.0000, active $0.1000, disk $0.5000")
  })

  it("shows the p95 targets read, and the completed requests' p95 beside it, when it is not reached", () => {
    const r: SimResult = {
      ...base,
      requests: { ...base.requests, arrived: 100, completed: 90, failed: 10, unfinishedShare: 0.1 },
      figures: { ...base.figures, "endToEnd.p95": Number.POSITIVE_INFINITY }
    }
    const tile = kpis(r)[1]!
    expect(tile.value).toBe("∞")
    expect(tile.detail).toBe("not reached: 10.0 % of requests did not complete (completed ones: p95 2.00 s)")
  })

  it("shows — rather than 0 s when no request completed", () => {
    const nothing = { mean: null, p50: null, p90: null, p95: null, p99: null, max: null }
    const r: SimResult = {
      ...base,
      requests: { ...base.requests, completed: 0, failed: 2, unfinishedShare: 1 },
      latency: { ...base.latency, delayTime: nothing, executionTime: nothing, endToEnd: nothing },
      cost: { ...base.cost, perThousandRequestsUsd: null },
      figures: { ...base.figures, "endToEnd.p95": null }
    }
    const tiles = kpis(r)
    expect(tiles.slice(1, 4).map((k) => k.value)).toEqual([absent, absent, absent])
    expect(tiles.slice(1, 4).map((k) => k.detail)).toEqual(["no request completed", "no request completed", "no request completed"])
    expect(tiles[7]!.detail).toBe("no completed requests")
  })
})

describe("assumptions", () => {
  it("says FlashBoot states stay on their host when a pool has several", () => {
    const line = (flashbootHosts: number) =>
      assumptions({ ...base, assumptions: { ...base.assumptions, flashbootStart: "1 s", flashbootRetentionSeconds: 600, flashbootHosts } }).find(
        ([k]) => k === "FlashBoot start"
      )![1]
    expect(line(1)).toBe("1 s; state retained 600 s")
    expect(line(4)).toBe("1 s; state retained 600 s on its host, 4 hosts per pool (a start elsewhere misses it)")
  })

  it("lists every model assumption in words", () => {
    const r: SimResult = {
      ...base,
      scenario: { ...base.scenario, seed: 7, durationSeconds: 3600, warmupSeconds: 600 },
      workload: { arrivals: "Poisson, 2 requests/s", executionSeconds: "exponential (mean 1.5 s)", meanExecutionSeconds: 1.5 },
      run: { ...base.run, events: 12345 },
      assumptions: {
        ...base.assumptions,
        scaler: "QUEUE_DELAY 4 s",
        scalerIntervalSeconds: 0,
        dispatch: "longestIdle",
        coldStart: "20 s",
        flashbootStart: "1 s",
        flashbootRetentionSeconds: 600,
        pools: [
          {
            pool: "ADA_24",
            capacityGpus: [
              { fromSeconds: 0, gpus: 4 },
              { fromSeconds: 3600, gpus: "unlimited" }
            ],
            speed: 1.5,
            flexPerSecondUsd: 0.002,
            activePerSecondUsd: null
          },
          { pool: "AMPERE_24", capacityGpus: 8, speed: 1, flexPerSecondUsd: 0.0003, activePerSecondUsd: 0.0002 }
        ],
        priceCatalogAsOf: "2026-06-08",
        queueLimit: 50000,
        jobTtlSeconds: 86400,
        executionTimeoutSeconds: 0,
        stopWorkerOnTimeout: false,
        concurrencyPerWorker: 2,
        activeWorkersStartWarm: false,
        initTimeoutSeconds: 420,
        billingRoundUpPerSession: false,
        containerDiskGb: 20
      }
    }
    expect(assumptions(r)).toEqual([
      ["Traffic", "Poisson, 2 requests/s; execution exponential (mean 1.5 s) (mean 1.50 s)"],
      ["Scaler", "QUEUE_DELAY 4 s, evaluated at every event"],
      ["Dispatch", "longestIdle"],
      ["Cold start", "20 s"],
      ["FlashBoot start", "1 s; state retained 600 s"],
      ["Pool ADA_24", "4 GPUs from 0 s, unlimited from 1 h, speed ×1.5, flex $0.002/s, active no price per GPU"],
      ["Pool AMPERE_24", "8 GPUs, speed ×1, flex $0.0003/s, active $0.0002/s per GPU"],
      ["Price catalog", "as of 2026-06-08"],
      ["Requests", "queue limit 50,000, TTL 24 h, execution timeout none, 2 per worker"],
      ["Workers", "active workers start cold; init timeout 420 s"],
      ["Billing", "exact seconds; container disk 20 GB"],
      ["Run", "seed 7, 1 h, first 10 min warm-up; 12,345 events"]
    ])
  })

  it("reads the tiny run's defaults", () => {
    const rows = new Map(assumptions(base))
    expect(rows.get("Scaler")).toBe("QUEUE_DELAY 4 s, evaluated every 1 s")
    expect(rows.get("Pool ADA_24")).toBe("unlimited, speed ×1, flex $0.002/s, active $0.001/s per GPU")
    expect(rows.get("Requests")).toBe("queue limit 50,000, TTL 24 h, execution timeout 300 s (stops the worker), 1 per worker")
    expect(rows.get("Billing")).toBe("rounded up per worker session")
    expect(rows.get("Run")).toMatch(/^seed 1, 100 s; [\d,]+ events$/)
  })
})

describe("percentile table", () => {
  it("has one row per latency, each with a cell per header column, in seconds for a short run", () => {
    expect(percentileHeader).toEqual(["", "mean", "p50", "p90", "p95", "p99", "max"])
    const t = percentileTable(base)
    expect(t.title).toBe("Latency percentiles (seconds)")
    expect(t.rows.map((r) => r[0])).toEqual(["delayTime", "executionTime", "end-to-end"])
    for (const row of t.rows) expect(row).toHaveLength(percentileHeader.length)
    expect(t.rows[1]).toEqual(["executionTime", "2.00", "2.00", "2.00", "2.00", "2.00", "2.00"])
  })

  it("keeps the column order mean, p50, p90, p95, p99, max, and 150 s stays in seconds", () => {
    const r: SimResult = { ...base, latency: { ...base.latency, endToEnd: { mean: 3, p50: 1, p90: 5, p95: 8, p99: 12.5, max: 150 } } }
    expect(percentileTable(r).rows[2]).toEqual(["end-to-end", "3.00", "1.00", "5.00", "8.00", "12.5", "150"])
  })

  it("writes every cell in the one unit its title names, chosen from the largest value", () => {
    // the largest value, 20,000 s (5.6 h), is 333 min: the whole table is in minutes, executionTime included
    const r: SimResult = {
      ...base,
      latency: {
        ...base.latency,
        delayTime: { mean: 0.3, p50: 0, p90: 1, p95: 2, p99: 90, max: 19_998 },
        executionTime: { mean: 2, p50: 1.8, p90: 3, p95: 4, p99: 6, max: 12 },
        endToEnd: { mean: 600, p50: 60, p90: 3600, p95: 7200, p99: 18_000, max: 20_000 }
      }
    }
    const t = percentileTable(r)
    expect(t.title).toBe("Latency percentiles (minutes)")
    expect(t.unit.symbol).toBe("min")
    expect(t.rows).toEqual([
      ["delayTime", "0.01", "0.00", "0.02", "0.03", "1.50", "333"],
      ["executionTime", "0.03", "0.03", "0.05", "0.07", "0.10", "0.20"],
      ["end-to-end", "10.0", "1.00", "60.0", "120", "300", "333"]
    ])
    // no cell carries a unit of its own (the old table mixed "2.5 min" and "2.3 h" under "seconds")
    for (const row of t.rows) for (const cell of row.slice(1)) expect(cell).toMatch(/^[\d,]+(\.\d+)?$/)
  })

  it("reads — in every cell when no request completed", () => {
    const none = { mean: null, p50: null, p90: null, p95: null, p99: null, max: null }
    const r: SimResult = { ...base, latency: { ...base.latency, delayTime: none, executionTime: none, endToEnd: none } }
    const t = percentileTable(r)
    expect(t.title).toBe("Latency percentiles (seconds)")
    for (const row of t.rows) expect(row.slice(1)).toEqual(Array.from({ length: 6 }, () => absent))
  })
})
