/**
 * Hand-computed scenarios: every expected number below was worked out on paper from the model
 * (runpod-model.md), with constant cold starts and execution times so nothing is random.
 */
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { at, endpoint, run } from "./scenarios.ts"

const AMPERE_80_FLEX = 0.00076
const AMPERE_80_ACTIVE = 0.0006

describe("hand-computed scenarios", () => {
  it("one request to an empty endpoint: cold start 10 s, execution 2.3 s, idle timeout 5 s", async () => {
    const r = await run({
      endpoint: endpoint({ scaling: { idleTimeout: 5 } }),
      workload: { arrivals: at(0), executionSeconds: 2.3 },
      platform: { coldStartSeconds: 10 }
    })
    expect(r.requests).toEqual({ arrived: 1, completed: 1, failed: 0, expired: 0, rejected: 0, inSystemAtEnd: 0, unfinishedShare: 0 })
    expect(r.latency.delayTime).toEqual({ mean: 10, p50: 10, p90: 10, p95: 10, p99: 10, max: 10 })
    expect(r.latency.endToEnd.max).toBe(12.3)
    // The worker lives 10 + 2.3 + 5 = 17.3 s, billed as 18 whole seconds.
    expect(r.cost.totalUsd).toBe(0.01368)
    expect(r.cost.flexUsd).toBeCloseTo(Math.ceil(17.3) * AMPERE_80_FLEX, 12)
    expect(r.coldStarts).toEqual({ count: 1, flashboot: 0, unhealthy: 0, coldStartShare: 1, flashbootShare: 0 })
    // Time averages over 100 s: initializing 10 s, running 2.3 s, ready 5 s.
    expect(r.workers).toMatchObject({ peak: 1, meanInitializing: 0.1, meanRunning: 0.023, meanReady: 0.05, started: 1 })
  })

  it("a FlashBoot restart within retention uses the flash start; after retention it is cold again", async () => {
    const scenario = (flashboot: string, retentionSeconds: number) =>
      run({
        endpoint: endpoint({ scaling: { idleTimeout: 5 }, flashboot }),
        workload: { arrivals: at(0, 30), executionSeconds: 2 },
        platform: { coldStartSeconds: 10, flashboot: { startSeconds: 1, retentionSeconds } }
      })
    // First worker: cold 10 s, runs 10–12, idle until 17, stops. Second request at 30 finds none.
    const within = await scenario("FLASHBOOT", 600)
    expect(within.coldStarts).toMatchObject({ count: 1, flashboot: 1 })
    expect(within.latency.delayTime.max).toBe(10)
    expect(within.latency.delayTime.p50).toBe(1) // the second request waited for the 1 s flash start
    expect(within.coldStarts).toMatchObject({ coldStartShare: 0.5, flashbootShare: 0.5 })
    // Billed: 17 s + (1 + 2 + 5) s = 25 s.
    expect(within.cost.totalUsd).toBeCloseTo(25 * AMPERE_80_FLEX, 12)
    // Scaled down with the state kept (RunPod's "idle"): 17–30 and 38–100, 75 of 100 s.
    expect(within.workers.meanRetained).toBe(0.75)
    expect([20, 35, 50].map((t) => within.timeline.retained[t])).toEqual([1, 0, 1])
    const expired = await scenario("FLASHBOOT", 10) // retained state expires at 27 < 30
    expect(expired.coldStarts).toMatchObject({ count: 2, flashboot: 0 })
    // Kept 17–27, then the second worker (cold 30–40, runs 40–42, ready until 47) is kept 47–57.
    expect(expired.workers.meanRetained).toBe(0.2)
    expect([20, 28, 50, 60].map((t) => expired.timeline.retained[t])).toEqual([1, 0, 1, 0])
    const off = await scenario("OFF", 600)
    expect(off.coldStarts).toMatchObject({ count: 2, flashboot: 0 })
    expect(off.workers.meanRetained).toBe(0)
    expect(off.latency.delayTime).toMatchObject({ p50: 10, max: 10 })
  })

  it("a pool with room for 2 workers never runs more than 2, and throttled workers cost nothing", async () => {
    const r = await run({
      endpoint: endpoint({ workers: { min: 0, max: 5 }, scaling: { type: "QUEUE_DELAY", value: 1, idleTimeout: 5 } }),
      workload: { arrivals: at(...Array(10).fill(0)), executionSeconds: 5 },
      platform: { coldStartSeconds: 10, pools: { AMPERE_80: { capacityGpus: 2 } } }
    })
    // t=0: first request adds worker A. t=1: all 10 have waited 1 s, 1 is on its way → add 4 (max 5):
    // B placed, C, D, E throttled. A serves requests 1,3,5,7,9 from t=10; B serves 2,…,10 from t=11.
    expect(r.workers.peak).toBe(2)
    expect(r.requests.completed).toBe(10)
    expect(r.latency.delayTime.mean).toBe(20.5) // (10+15+20+25+30 + 11+16+21+26+31) / 10
    expect(r.latency.delayTime.max).toBe(31)
    // A: 0–40, B: 1–41 (last job ends 35/36, then 5 s idle). C gets A's GPUs at 40, D gets B's at 41,
    // E gets C's at 55; each then starts (10 s) and idles 5 s: 40 + 40 + 15 + 15 + 15 = 125 billed s.
    expect(r.cost.totalUsd).toBeCloseTo(125 * AMPERE_80_FLEX, 12)
    // Throttled: C 1–40, D 1–41, E 1–55 → 133 worker-seconds over the 100 s window.
    expect(r.workers.meanThrottled).toBe(1.33)
    expect(r.workers.started).toBe(5)
  })

  it("an execution timeout fails the request and stops the worker", async () => {
    const r = await run({
      endpoint: endpoint({ timeout: 3000, scaling: { idleTimeout: 5 } }),
      workload: { arrivals: at(0, 20), executionSeconds: 5 },
      platform: { coldStartSeconds: 10 }
    })
    // Worker 1: 0–13 (fails its job at 10 + 3). Worker 2: 20–33. Billed 13 + 13 s.
    expect(r.requests).toMatchObject({ arrived: 2, completed: 0, failed: 2 })
    expect(r.coldStarts.count).toBe(2)
    expect(r.cost.totalUsd).toBeCloseTo(26 * AMPERE_80_FLEX, 12)
    const kept = await run({
      endpoint: endpoint({ timeout: 3000, scaling: { idleTimeout: 5 } }),
      workload: { arrivals: at(0, 15), executionSeconds: 5 },
      platform: { coldStartSeconds: 10, stopWorkerOnTimeout: false }
    })
    // The worker survives the timeout at 13, idles until 15 and takes the second request: one start.
    expect(kept.requests).toMatchObject({ failed: 2, completed: 0, unfinishedShare: 1 })
    expect(kept.coldStarts.count).toBe(1)
    // Nothing completed: every latency figure is absent, never 0, and so is what targets read.
    expect(kept.latency.delayTime).toEqual({ mean: null, p50: null, p90: null, p95: null, p99: null, max: null })
    expect(kept.figures["endToEnd.p95"]).toBeNull()
    expect(kept.coldStarts.coldStartShare).toBeNull()
    expect(kept.cost.perThousandRequestsUsd).toBeNull()
  })

  it("an active worker is warm, never times out, and is billed the whole window at the active rate", async () => {
    const r = await run({
      endpoint: endpoint({ workers: { min: 1, max: 1 }, scaling: { idleTimeout: 5 } }),
      workload: { arrivals: at(5, 50), executionSeconds: 2 }
    })
    expect(r.latency.delayTime.max).toBe(0)
    expect(r.coldStarts.count).toBe(0)
    expect(r.cost).toMatchObject({ flexUsd: 0, activeUsd: 100 * AMPERE_80_ACTIVE })
    expect(r.workers.mean).toBe(1)
    const cold = await run({
      endpoint: endpoint({ workers: { min: 1, max: 1 } }),
      workload: { arrivals: at(5), executionSeconds: 2 },
      platform: { activeWorkersStartWarm: false, coldStartSeconds: 10 }
    })
    expect(cold.latency.delayTime.max).toBe(5)
    expect(cold.coldStarts.coldStartShare).toBe(1) // waiting for an active worker's start is waiting for a start too
  })

  it("a full queue rejects, a job TTL expires what waits too long", async () => {
    const r = await run({
      endpoint: endpoint({ workers: { min: 0, max: 0 } }),
      workload: { arrivals: at(0, 1, 2, 3, 4), executionSeconds: 1 },
      platform: { queueLimit: 3, jobTtlSeconds: 50 }
    })
    expect(r.requests).toEqual({ arrived: 5, completed: 0, failed: 0, expired: 3, rejected: 2, inSystemAtEnd: 0, unfinishedShare: 1 })
    // Queue: 1 (0–1), 2 (1–2), 3 (2–50), 2 (50–51), 1 (51–52), then empty: 150 request-seconds / 100 s.
    expect(r.queue.meanLength).toBe(1.5)
    expect(r.run.endSeconds).toBe(100) // nothing left to drain: the run ends with the window
  })

  it("QUEUE_DELAY counts initializing workers as on their way and waits `value` seconds", async () => {
    const r = await run({
      endpoint: endpoint({ workers: { min: 0, max: 10 }, scaling: { type: "QUEUE_DELAY", value: 4, idleTimeout: 5 } }),
      workload: { arrivals: at(0, 0, 0, 0, 0), executionSeconds: 1 },
      platform: { coldStartSeconds: 20 }
    })
    // t=0: first-worker rule adds A. Ticks at 1–3: nobody has waited 4 s. t=4: 5 late − 1 starting = 4
    // more. Later ticks: 5 late − 5 starting = 0. A ready at 20 serves requests 1–4 back to back
    // (20, 21, 22, 23); B–E are ready at 24, when the fifth starts.
    expect(r.workers.started).toBe(5)
    expect(r.latency.delayTime.mean).toBe((20 + 21 + 22 + 23 + 24) / 5)
  })

  it("REQUEST_COUNT targets ceil((queued + in progress) / value)", async () => {
    const r = await run({
      endpoint: endpoint({ workers: { min: 0, max: 10 }, scaling: { type: "REQUEST_COUNT", value: 2, idleTimeout: 5 } }),
      workload: { arrivals: at(0, 0, 0, 0, 0), executionSeconds: 1 },
      platform: { coldStartSeconds: 20 }
    })
    // t=0: one worker for the first request; t=1: ceil(5 / 2) = 3 workers in all. A (ready 20) runs
    // request 1; at 21 B, C (started at 1) and A take requests 2–4; request 5 starts at 22.
    expect(r.workers.started).toBe(3)
    expect(r.latency.delayTime.max).toBe(22)
  })

  it("a start longer than the init timeout marks the worker unhealthy and it is replaced", async () => {
    const r = await run({
      durationSeconds: 1000,
      endpoint: endpoint({ workers: { min: 0, max: 1 } }),
      workload: { arrivals: at(0), executionSeconds: 1 },
      platform: { coldStartSeconds: 500, initTimeoutSeconds: 60, jobTtlSeconds: 600 }
    })
    // Every start takes 500 s > 60 s: each worker is stopped at 60 s and the scaler starts another.
    expect(r.coldStarts.unhealthy).toBeGreaterThanOrEqual(9)
    expect(r.requests.expired).toBe(1)
  })

  it("gpu.count multiplies the price and the capacity a worker needs", async () => {
    const r = await run({
      endpoint: endpoint({ gpu: { pools: ["AMPERE_80"], count: 2 }, workers: { min: 0, max: 3 }, scaling: { idleTimeout: 5 } }),
      workload: { arrivals: at(0), executionSeconds: 2 },
      platform: { coldStartSeconds: 10, pools: { AMPERE_80: { capacityGpus: 3 } } }
    })
    expect(r.cost.totalUsd).toBeCloseTo(17 * 2 * AMPERE_80_FLEX, 12)
  })

  it("pool speed divides execution time and pools are tried in priority order", async () => {
    const r = await run({
      endpoint: endpoint({ gpu: { pools: ["ADA_80_PRO", "AMPERE_80"] }, scaling: { idleTimeout: 5 } }),
      workload: { arrivals: at(0), executionSeconds: 3 },
      platform: { coldStartSeconds: 10, pools: { ADA_80_PRO: { speed: 1.5 } } }
    })
    expect(r.latency.executionTime.max).toBe(2)
    expect(r.cost.totalUsd).toBeCloseTo(17 * 0.00116, 12)
    const full = await run({
      endpoint: endpoint({ gpu: { pools: ["ADA_80_PRO", "AMPERE_80"] }, scaling: { idleTimeout: 5 } }),
      workload: { arrivals: at(0), executionSeconds: 3 },
      platform: { coldStartSeconds: 10, pools: { ADA_80_PRO: { capacityGpus: 0, speed: 1.5 } } }
    })
    expect(full.latency.executionTime.max).toBe(3)
    expect(full.cost.totalUsd).toBeCloseTo(18 * AMPERE_80_FLEX, 12)
  })

  it("warm-up: request figures count arrivals after warmupSeconds; cost is clipped to the window", async () => {
    const r = await run({
      warmupSeconds: 50,
      endpoint: endpoint({ workers: { min: 1, max: 1 } }),
      workload: { arrivals: at(10, 60), executionSeconds: 2 }
    })
    expect(r.requests.arrived).toBe(1)
    expect(r.cost.activeUsd).toBeCloseTo(50 * AMPERE_80_ACTIVE, 12)
  })

  it("every request that waited for a start counts, whatever the slot or the worker", async () => {
    // Four requests at t = 0 on one worker with four job slots: all four wait the 10 s cold start.
    const slots = await run({
      endpoint: endpoint({ workers: { min: 0, max: 1 } }),
      workload: { arrivals: at(0, 0, 0, 0), executionSeconds: 2 },
      platform: { coldStartSeconds: 10, concurrencyPerWorker: 4 }
    })
    expect(slots.latency.delayTime.max).toBe(10)
    expect(slots.coldStarts).toMatchObject({ count: 1, coldStartShare: 1, flashbootShare: 0 })
    // An active worker replaced after an execution timeout: request A (0 s, runs 5 s) fails at 3 s and
    // stops the worker; its replacement starts cold 3–13; request B (1 s) waits for it and runs 13–14.
    const trace = join(mkdtempSync(join(tmpdir(), "scalecast-engine-")), "two.csv")
    writeFileSync(trace, "timestamp,executionSeconds\n0,5\n1,1\n")
    const replaced = await run({
      endpoint: endpoint({ workers: { min: 1, max: 1 }, timeout: 3000 }),
      workload: { arrivals: { type: "trace", path: trace }, executionSeconds: 1 },
      platform: { coldStartSeconds: 10 }
    })
    expect(replaced.requests).toMatchObject({ completed: 1, failed: 1 })
    expect(replaced.latency.delayTime.max).toBe(12)
    expect(replaced.coldStarts).toMatchObject({ count: 1, coldStartShare: 1 })
  })

  it("cost per 1,000 requests covers the same work however long the window: the requests' whole cost", async () => {
    // One request at t = 0: cold 10 s, job 2 s, ready 5 s: one session 0–17 s, 17 billed seconds on ADA_24.
    const window = (durationSeconds: number) =>
      run({
        durationSeconds,
        endpoint: endpoint({ gpu: { pools: ["ADA_24"] }, scaling: { idleTimeout: 5 } }),
        workload: { arrivals: at(0), executionSeconds: 2 },
        platform: { coldStartSeconds: 10 }
      })
    const [long, short] = await Promise.all([window(30), window(5)])
    expect(long.cost.servedUsd).toBeCloseTo(17 * 0.00031, 12)
    expect(short.cost.servedUsd).toBeCloseTo(17 * 0.00031, 12)
    expect(long.cost.perThousandRequestsUsd).toBe(5.27)
    expect(short.cost.perThousandRequestsUsd).toBe(5.27) // was $1.55: a cost clipped at 5 s over a request finished at 12 s
    // The per-hour figure stays a rate over the window: 5 of the 17 seconds fall in the 5 s window.
    expect(short.cost.totalUsd).toBeCloseTo(5 * 0.00031, 12)
    expect(short.cost.perHourUsd).toBeCloseTo(5 * 0.00031 * 720, 9)
  })
})
