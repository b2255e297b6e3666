/**
 * Hand-computed cases for engine mechanics that a review broke on purpose without any test going
 * red: capacity schedules, REQUEST_COUNT scale-down above the target, the dispatch rules, container
 * disk billing, and common random numbers across configs.
 */
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { at, endpoint, run } from "./scenarios.ts"

const ADA_24_FLEX = 0.00031

/** A CSV trace in a temp folder: (arrival, execution seconds) rows. */
const trace = (rows: ReadonlyArray<readonly [number, number]>): string => {
  const path = join(mkdtempSync(join(tmpdir(), "scalecast-mech-")), "t.csv")
  writeFileSync(path, `timestamp,executionSeconds\n${rows.map(([t, e]) => `${t},${e}`).join("\n")}\n`)
  return path
}

describe("engine mechanics, hand-computed", () => {
  it("a capacity schedule: no GPU until t = 50, then one; the request waits throttled, then cold-starts", async () => {
    const r = await run({
      endpoint: endpoint({ gpu: { pools: ["ADA_24"] } }),
      workload: { arrivals: at(0), executionSeconds: 1 },
      platform: {
        coldStartSeconds: 10,
        pools: {
          ADA_24: {
            capacityGpus: [
              { fromSeconds: 0, gpus: 0 },
              { fromSeconds: 50, gpus: 1 }
            ]
          }
        }
      }
    })
    // Throttled 0–50 (not billed), cold start 50–60, runs 60–61.
    expect(r.latency.delayTime.max).toBe(60)
    expect(r.workers.throttledStarts).toBe(1)
    expect(r.workers.meanThrottled).toBe(0.5) // 50 s of 100
  })

  it("a schedule whose first step comes later: unlimited before it, that step's GPUs after it", async () => {
    const r = await run({
      endpoint: endpoint({ gpu: { pools: ["ADA_24"] } }),
      workload: { arrivals: at(0, 60), executionSeconds: 1 },
      platform: { coldStartSeconds: 10, pools: { ADA_24: { capacityGpus: [{ fromSeconds: 50, gpus: 2 }] } } }
    })
    // t = 0: unlimited, cold 0–10, runs 10–11, idle until 16. t = 60: 2 GPUs free again, cold 60–70.
    expect(r.requests.completed).toBe(2)
    expect(r.latency.delayTime.max).toBe(10)
    expect(r.workers.throttledStarts).toBe(0)
  })

  it("REQUEST_COUNT with aboveDesired stops idle workers above the target at the next evaluation, not at the idle timeout", async () => {
    const scenario = (requestCountScaleDown: string) =>
      run({
        endpoint: endpoint({ gpu: { pools: ["ADA_24"] }, workers: { min: 0, max: 2 }, scaling: { type: "REQUEST_COUNT", value: 1, idleTimeout: 60 } }),
        workload: { arrivals: at(0, 0), executionSeconds: 1 },
        platform: { coldStartSeconds: 0, requestCountScaleDown }
      })
    const [idle, above] = await Promise.all([scenario("idleTimeout"), scenario("aboveDesired")])
    // Two workers from t = 0, both done at 1. idleTimeout: both idle until 61 → 2 × 61 s.
    expect(idle.cost.totalUsd).toBeCloseTo(2 * 61 * ADA_24_FLEX, 12)
    // aboveDesired: the target is 0 at the tick at t = 1 (the jobs end at 1, the tick comes after): both stop at 2 → 2 × 2 s.
    expect(above.cost.totalUsd).toBeCloseTo(2 * 2 * ADA_24_FLEX, 12)
  })

  it("dispatch: longestIdle and mostRecentlyIdle give the third request to different workers", async () => {
    // Worker A runs 0–10, worker B 0–12; the request at 15 goes to A (idle longest) or B (idle most recently).
    const path = trace([
      [0, 10],
      [0, 12],
      [15, 1]
    ])
    const scenario = (dispatch: string) =>
      run({
        endpoint: endpoint({ gpu: { pools: ["ADA_24"] }, workers: { min: 0, max: 2 }, scaling: { type: "REQUEST_COUNT", value: 1, idleTimeout: 10 } }),
        workload: { arrivals: { type: "trace", path }, executionSeconds: 1 },
        platform: { coldStartSeconds: 0, scalerIntervalSeconds: 0, dispatch }
      })
    const [longest, recent] = await Promise.all([scenario("longestIdle"), scenario("mostRecentlyIdle")])
    // longestIdle: A runs again 15–16 and stops at 26; B stops at 22: 26 + 22 = 48 s.
    expect(longest.cost.totalUsd).toBeCloseTo(48 * ADA_24_FLEX, 12)
    // mostRecentlyIdle: B runs 15–16 and stops at 26; A stops at 20: 20 + 26 = 46 s.
    expect(recent.cost.totalUsd).toBeCloseTo(46 * ADA_24_FLEX, 12)
  })

  it("container disk is billed per started 5-minute block of each session", async () => {
    const scenario = (containerDiskGb: number) =>
      run({
        endpoint: endpoint({ gpu: { pools: ["ADA_24"] }, scaling: { idleTimeout: 5 } }),
        workload: { arrivals: at(0), executionSeconds: 2 },
        platform: { coldStartSeconds: 10, billing: { containerDiskGb } }
      })
    const [none, disk] = await Promise.all([scenario(0), scenario(10)])
    // One 17 s session: one started block of 10 GB at $0.000011574 per GB per 5 minutes.
    expect(none.cost.containerDiskUsd).toBe(0)
    expect(disk.cost.containerDiskUsd).toBeCloseTo(10 * 0.000011574, 12)
    expect(disk.cost.totalUsd - none.cost.totalUsd).toBeCloseTo(10 * 0.000011574, 12)
  })

  it("common random numbers: configs that differ only in dispatch or scaling see the same arrivals and executions", async () => {
    const scenario = (over: Record<string, unknown>, platform: Record<string, unknown>) =>
      run({
        seed: 11,
        durationSeconds: 2000,
        endpoint: endpoint({ gpu: { pools: ["ADA_24"] }, workers: { min: 0, max: 5 }, ...over }),
        workload: { arrivals: { type: "poisson", ratePerSecond: 1 }, executionSeconds: { type: "exponential", mean: 2 } },
        platform: { coldStartSeconds: { type: "lognormal", median: 5, p95: 15 }, ...platform }
      })
    const runs = await Promise.all([
      scenario({}, { dispatch: "random" }),
      scenario({}, { dispatch: "newest" }),
      scenario({ scaling: { type: "REQUEST_COUNT", value: 2 } }, { dispatch: "longestIdle" })
    ])
    for (const r of runs.slice(1)) {
      expect(r.timeline.arrivals).toEqual(runs[0]!.timeline.arrivals)
      expect(r.requests.arrived).toBe(runs[0]!.requests.arrived)
      // Executions are drawn per arrival from their own stream: the same multiset of execution times.
      expect(r.latency.executionTime.mean).toBeCloseTo(runs[0]!.latency.executionTime.mean!, 9)
    }
    // …while the configs themselves behave differently.
    expect(runs[2]!.cost.totalUsd).not.toBe(runs[0]!.cost.totalUsd)
  })
})
