/** Platform: every default of runpod-model.md, overrides (including false and 0) kept, capacity schedules resolved, settings validated. */
import { fc, test } from "@fast-check/vitest"
import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { problemsFromIssue } from "../../src/models/ConfigProblem.ts"
import { poolIds } from "../../src/models/GpuCatalog.ts"
import { dispatchRules, maxQueueLimit, PlatformSettings, platformDefaults, resolvePlatform, type CapacityStep } from "../../src/models/Platform.ts"

const problems = (input: unknown): Array<string> => {
  const r = Schema.decodeUnknownResult(PlatformSettings)(input, { errors: "all", reportInput: true })
  return Result.isFailure(r) ? problemsFromIssue(r.failure.issue).map((p) => `${p.path}: ${p.message}`) : []
}

/** Capacity at time t as the engine reads the resolved steps: the last step that has begun. */
const capacityAt = (steps: ReadonlyArray<CapacityStep>, t: number): number => {
  let gpus = NaN
  for (const s of steps) if (s.fromSeconds <= t) gpus = s.gpus
  return gpus
}

describe("resolvePlatform", () => {
  it("fills in the model document's defaults", () => {
    const p = resolvePlatform(undefined)
    expect(p).toMatchObject({
      scalerIntervalSeconds: 1, // section 4
      dispatch: "random", // section 3
      coldStartSeconds: { type: "lognormal", median: 20, p95: 60 }, // section 6
      flashboot: {
        startSeconds: { type: "lognormal", median: 1, p95: 2.3 },
        retentionSeconds: 600,
        priorityRetentionSeconds: 3600,
        priorityBypassesCapacity: true // "by default, its starts are never throttled"
      },
      activeWorkersStartWarm: true, // section 3: warm by default
      concurrencyPerWorker: 1, // section 2: runpod-python's default
      queueLimit: 50_000, // section 2
      jobTtlSeconds: 86_400, // 24 h
      stopWorkerOnTimeout: true, // "the job fails and the worker stops"
      initTimeoutSeconds: 420, // 7 minutes
      requestCountScaleDown: "idleTimeout",
      billing: { roundUpPerSession: true, containerDiskGb: 0 } // section 7: rounded up; disk off by default
    })
    expect(resolvePlatform({})).toEqual(p)
    expect(platformDefaults.jobTtlSeconds).toBe(86_400)
  })

  it("gives every pool unlimited capacity, speed 1 and the catalog's prices by default", () => {
    const p = resolvePlatform(undefined)
    expect(Object.keys(p.pools).sort()).toEqual([...poolIds].sort())
    for (const id of poolIds) {
      expect(p.pools[id]).toEqual({ capacity: [{ fromSeconds: 0, gpus: Infinity }], speed: 1, flexPerSecondUsd: null, activePerSecondUsd: null })
    }
  })

  it("keeps every setting given, including false and 0", () => {
    const p = resolvePlatform({
      scalerIntervalSeconds: 0,
      dispatch: "longestIdle",
      coldStartSeconds: 12,
      flashboot: { startSeconds: 0.5, retentionSeconds: 0, priorityRetentionSeconds: 60, priorityBypassesCapacity: false },
      activeWorkersStartWarm: false,
      concurrencyPerWorker: 30,
      queueLimit: 0,
      jobTtlSeconds: 60,
      stopWorkerOnTimeout: false,
      initTimeoutSeconds: 30,
      requestCountScaleDown: "aboveDesired",
      billing: { roundUpPerSession: false, containerDiskGb: 20 },
      drain: false
    })
    expect(p).toMatchObject({
      scalerIntervalSeconds: 0,
      dispatch: "longestIdle",
      coldStartSeconds: 12,
      flashboot: { startSeconds: 0.5, retentionSeconds: 0, priorityRetentionSeconds: 60, priorityBypassesCapacity: false },
      activeWorkersStartWarm: false,
      concurrencyPerWorker: 30,
      queueLimit: 0,
      jobTtlSeconds: 60,
      stopWorkerOnTimeout: false,
      initTimeoutSeconds: 30,
      requestCountScaleDown: "aboveDesired",
      billing: { roundUpPerSession: false, containerDiskGb: 20 },
      drain: false
    })
  })

  it("fills the parts of a partly given group", () => {
    const p = resolvePlatform({ flashboot: { retentionSeconds: 90 }, billing: { containerDiskGb: 5 } })
    expect(p.flashboot).toEqual({
      startSeconds: { type: "lognormal", median: 1, p95: 2.3 },
      retentionSeconds: 90,
      priorityRetentionSeconds: 3600,
      priorityBypassesCapacity: true,
      hosts: 1
    })
    expect(p.billing).toEqual({ roundUpPerSession: true, containerDiskGb: 5 })
  })

  it("resolves one pool's settings without touching the others", () => {
    const p = resolvePlatform({ pools: { AMPERE_80: { capacityGpus: 8, speed: 2.5, flexPerSecondUsd: 0.0007, activePerSecondUsd: 0 } } })
    expect(p.pools.AMPERE_80).toEqual({ capacity: [{ fromSeconds: 0, gpus: 8 }], speed: 2.5, flexPerSecondUsd: 0.0007, activePerSecondUsd: 0 })
    expect(p.pools.ADA_24.capacity).toEqual([{ fromSeconds: 0, gpus: Infinity }])
    expect(resolvePlatform({ pools: { ADA_24: { capacityGpus: 0 } } }).pools.ADA_24.capacity).toEqual([{ fromSeconds: 0, gpus: 0 }])
  })

  it("a capacity schedule starting later is unlimited until its first step; steps are sorted by time", () => {
    const later = resolvePlatform({
      pools: {
        ADA_24: {
          capacityGpus: [
            { fromSeconds: 600, gpus: 0 },
            { fromSeconds: 60, gpus: 4 }
          ]
        }
      }
    })
    expect(later.pools.ADA_24.capacity).toEqual([
      { fromSeconds: 0, gpus: Infinity },
      { fromSeconds: 60, gpus: 4 },
      { fromSeconds: 600, gpus: 0 }
    ])
    // Listed out of order with a step at 0: no unlimited step in front of it.
    const unordered = resolvePlatform({
      pools: {
        ADA_24: {
          capacityGpus: [
            { fromSeconds: 100, gpus: 2 },
            { fromSeconds: 0, gpus: 5 }
          ]
        }
      }
    })
    expect(unordered.pools.ADA_24.capacity).toEqual([
      { fromSeconds: 0, gpus: 5 },
      { fromSeconds: 100, gpus: 2 }
    ])
    const fromStart = resolvePlatform({
      pools: {
        ADA_24: {
          capacityGpus: [
            { fromSeconds: 0, gpus: 2 },
            { fromSeconds: 300, gpus: 6 }
          ]
        }
      }
    })
    expect(fromStart.pools.ADA_24.capacity).toEqual([
      { fromSeconds: 0, gpus: 2 },
      { fromSeconds: 300, gpus: 6 }
    ])
  })

  const schedule = fc
    .uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 6 })
    .chain((times) => fc.tuple(fc.constant(times), fc.array(fc.integer({ min: 0, max: 16 }), { minLength: times.length, maxLength: times.length })))
    .map(([times, gpus]) => times.map((fromSeconds, i) => ({ fromSeconds, gpus: gpus[i]! })))

  test.prop([schedule])(
    "a resolved schedule is sorted, starts at 0, and gives at every time the capacity of the latest step begun (unlimited before any)",
    (steps) => {
      const resolved = resolvePlatform({ pools: { HOPPER_141: { capacityGpus: steps } } }).pools.HOPPER_141.capacity
      expect(resolved[0]!.fromSeconds).toBe(0)
      for (let i = 1; i < resolved.length; i++) expect(resolved[i]!.fromSeconds).toBeGreaterThanOrEqual(resolved[i - 1]!.fromSeconds)
      for (const t of [0, 0.5, ...steps.map((s) => s.fromSeconds), ...steps.map((s) => s.fromSeconds + 0.5), 2000]) {
        const begun = steps.filter((s) => s.fromSeconds <= t).sort((a, b) => b.fromSeconds - a.fromSeconds)[0]
        expect(capacityAt(resolved, t)).toBe(begun === undefined ? Infinity : begun.gpus)
      }
    }
  )
})

describe("PlatformSettings", () => {
  it("accepts a full, valid block", () => {
    expect(
      problems({
        scalerIntervalSeconds: 0,
        dispatch: "newest",
        coldStartSeconds: { type: "lognormal", median: 20, p95: 60 },
        pools: { ADA_24: { capacityGpus: [{ fromSeconds: 10, gpus: 2 }] }, AMPERE_80: { capacityGpus: 4, speed: 1.5 } },
        queueLimit: maxQueueLimit,
        billing: { containerDiskGb: 0 }
      })
    ).toEqual([])
  })

  it("says what each bad setting should be", () => {
    expect(
      problems({
        queueLimit: 1_000_001,
        dispatch: "fifo",
        concurrencyPerWorker: 0,
        jobTtlSeconds: 0,
        initTimeoutSeconds: 0.5,
        scalerIntervalSeconds: -1
      }).sort()
    ).toEqual(
      [
        'dispatch: expected "random" | "newest" | "mostRecentlyIdle" | "longestIdle", got "fifo"',
        "concurrencyPerWorker: expected an integer >= 1, got 0",
        "queueLimit: expected an integer from 0 to 1000000, got 1000001",
        "jobTtlSeconds: expected a number > 0, got 0",
        "initTimeoutSeconds: expected a number >= 1, got 0.5",
        "scalerIntervalSeconds: expected a number >= 0, got -1"
      ].sort()
    )
    expect(
      problems({ billing: { roundUpPerSession: "yes", containerDiskGb: -1 }, requestCountScaleDown: "never", flashboot: { retentionSeconds: -5 } }).sort()
    ).toEqual(
      [
        "flashboot.retentionSeconds: expected a number >= 0, got -5",
        'requestCountScaleDown: expected "idleTimeout" | "aboveDesired", got "never"',
        'billing.roundUpPerSession: expected true or false, got "yes"',
        "billing.containerDiskGb: expected a number >= 0, got -1"
      ].sort()
    )
    expect(dispatchRules).toEqual(["random", "newest", "mostRecentlyIdle", "longestIdle"])
  })

  it("checks pool ids and pool settings", () => {
    expect(problems({ pools: { FOO: {} } })).toEqual([`pools.FOO: expected a pool id (${poolIds.join(", ")}), got "FOO"`])
    expect(problems({ pools: { constructor: {} } })).toEqual([`pools.constructor: expected a pool id (${poolIds.join(", ")}), got "constructor"`])
    expect(problems({ pools: { ADA_24: { capacityGpus: -1, speed: 0 } } })).toEqual([
      "pools.ADA_24.capacityGpus: expected an integer >= 0, got -1",
      "pools.ADA_24.speed: expected a number > 0, got 0"
    ])
    expect(problems({ pools: { ADA_24: { capacityGpus: "many" } } })).toEqual([
      'pools.ADA_24.capacityGpus: expected a GPU count or a list of {fromSeconds, gpus} steps, got "many"'
    ])
    expect(problems({ pools: { ADA_24: { capacityGpus: [] } } })).toEqual(["pools.ADA_24.capacityGpus: expected at least one step, got []"])
    expect(problems({ pools: { ADA_24: { capacityGpus: [{ fromSeconds: -1, gpus: 1.5 }] } } })).toEqual([
      "pools.ADA_24.capacityGpus[0].fromSeconds: expected a number >= 0, got -1",
      "pools.ADA_24.capacityGpus[0].gpus: expected an integer >= 0, got 1.5"
    ])
  })

  it("caps the queue limit at a million", () => {
    expect(maxQueueLimit).toBe(1_000_000)
    expect(problems({ queueLimit: 1_000_000 })).toEqual([])
    expect(problems({ queueLimit: 0 })).toEqual([])
    expect(problems({ queueLimit: 2.5 })).toEqual(["queueLimit: expected an integer from 0 to 1000000, got 2.5"])
  })
})
