/**
 * Invariants that hold in every run, checked by fast-check over random endpoint configs, platform
 * settings and traffic: conservation of requests, the worker bounds of section 4 of the model
 * document, idle lifetimes, determinism. Observers are plugged in through the public model services
 * (a scaler and a dispatcher that wrap RunPod's and record what they see).
 */
import { fc, test } from "@fast-check/vitest"
import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { Dispatchers, dispatchers } from "../../src/models/Dispatch.ts"
import { queueDelayScaler } from "../../src/models/scalers/QueueDelay.ts"
import { requestCountTarget } from "../../src/models/scalers/RequestCount.ts"
import type { ScalerObservation } from "../../src/models/scalers/Scaler.ts"
import { runpodScalers, Scalers } from "../../src/models/scalers/Scalers.ts"
import { simulate } from "../../src/sim/simulate.ts"
import { endpoint, run } from "./scenarios.ts"
import { RunPodModels } from "../../src/models/Models.ts"

const scenarioArb = fc
  .record({
    seed: fc.nat(1000),
    durationSeconds: fc.integer({ min: 30, max: 400 }),
    min: fc.integer({ min: 0, max: 3 }),
    extra: fc.integer({ min: 0, max: 6 }),
    type: fc.constantFrom("QUEUE_DELAY", "REQUEST_COUNT"),
    value: fc.integer({ min: 1, max: 6 }),
    idleTimeout: fc.integer({ min: 0, max: 30 }),
    timeoutMs: fc.constantFrom(0, 2000, 20000),
    flashboot: fc.constantFrom("OFF", "FLASHBOOT", "PRIORITY_FLASHBOOT"),
    rate: fc.double({ min: 0.05, max: 5, noNaN: true }),
    execMean: fc.double({ min: 0.1, max: 8, noNaN: true }),
    interval: fc.constantFrom(0, 0.5, 1, 2),
    dispatch: fc.constantFrom("random", "newest", "mostRecentlyIdle", "longestIdle"),
    concurrency: fc.integer({ min: 1, max: 3 }),
    queueLimit: fc.integer({ min: 1, max: 500 }),
    ttl: fc.integer({ min: 5, max: 600 }),
    capacity: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
    scaleDown: fc.constantFrom("idleTimeout", "aboveDesired"),
    warm: fc.boolean(),
    drain: fc.boolean()
  })
  .map((a) => ({
    raw: a,
    scenario: {
      name: "prop",
      seed: a.seed,
      durationSeconds: a.durationSeconds,
      endpoint: endpoint({
        gpu: { pools: ["ADA_24", "AMPERE_24"] },
        workers: { min: a.min, max: a.min + a.extra },
        scaling: { type: a.type, value: a.value, idleTimeout: a.idleTimeout },
        timeout: a.timeoutMs,
        flashboot: a.flashboot
      }),
      workload: { arrivals: { type: "poisson", ratePerSecond: a.rate }, executionSeconds: { type: "exponential", mean: a.execMean } },
      platform: {
        scalerIntervalSeconds: a.interval,
        dispatch: a.dispatch,
        concurrencyPerWorker: a.concurrency,
        queueLimit: a.queueLimit,
        jobTtlSeconds: a.ttl,
        requestCountScaleDown: a.scaleDown,
        activeWorkersStartWarm: a.warm,
        drain: a.drain,
        coldStartSeconds: { type: "lognormal", median: 5, p95: 15 },
        ...(a.capacity === undefined ? {} : { pools: { ADA_24: { capacityGpus: a.capacity }, AMPERE_24: { capacityGpus: 1 } } })
      }
    }
  }))

describe("invariants over random configs and traffic", () => {
  test.prop([scenarioArb], { numRuns: 150 })("every arrived request ends in exactly one outcome", async ({ scenario, raw }) => {
    const r = await run(scenario)
    const q = r.requests
    expect(q.completed + q.failed + q.expired + q.rejected + q.inSystemAtEnd).toBe(q.arrived)
    if (raw.drain) expect(q.inSystemAtEnd).toBe(0)
    expect(r.workers.peak).toBeLessThanOrEqual(raw.min + raw.extra)
    for (const key of ["totalUsd", "flexUsd", "activeUsd"] as const) expect(r.cost[key]).toBeGreaterThanOrEqual(0)
    expect(r.cost.totalUsd).toBeCloseTo(r.cost.flexUsd + r.cost.activeUsd + r.cost.containerDiskUsd, 7)
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/)
  })

  test.prop([scenarioArb], { numRuns: 150 })(
    "the scaler always sees min <= workers <= max, and no idle flex worker outlives its idle timeout",
    async ({ scenario, raw }) => {
      const seen: Array<string> = []
      const observed = Layer.mergeAll(
        Layer.succeed(Scalers, (endpointConfig, platform) => {
          const inner = runpodScalers(endpointConfig, platform)
          return {
            name: inner.name,
            decide: (o: ScalerObservation) => {
              if (o.workers > o.max) seen.push(`workers ${o.workers} > max ${o.max} at ${o.now}`)
              if (o.workers < o.min) seen.push(`workers ${o.workers} < min ${o.min} at ${o.now}`)
              return inner.decide(o)
            }
          }
        }),
        Layer.succeed(Dispatchers, (rule) => (workers, uniform) => {
          // Only flex workers exist when min = 0; with one job per worker every available worker is idle.
          if (raw.min === 0 && raw.concurrency === 1) {
            for (let i = 0; i < workers.count; i++) {
              const idleFor = workers.now - workers.availableSince(i)
              if (idleFor > raw.idleTimeout + 1e-9) seen.push(`worker idle ${idleFor} s > ${raw.idleTimeout} s`)
            }
          }
          return dispatchers[rule](workers, uniform)
        })
      )
      await Effect.runPromise(simulate(scenario).pipe(Effect.provide(observed)).pipe(Effect.provide(RunPodModels)))
      expect(seen).toEqual([])
    }
  )

  test.prop([scenarioArb], { numRuns: 40 })("the same scenario and seed give byte-identical JSON", async ({ scenario }) => {
    expect(JSON.stringify(await run(scenario))).toBe(JSON.stringify(await run(scenario)))
  })
})

describe("scaler rules", () => {
  const observation = (o: Partial<ScalerObservation> & { waited: ReadonlyArray<number> }): ScalerObservation => ({
    now: 100,
    queued: o.waited.length,
    inProgress: 0,
    running: 0,
    ready: 0,
    initializing: 0,
    throttled: 0,
    workers: 0,
    min: 0,
    max: 10,
    ...o,
    queuedWaitingAtLeast: (s) => o.waited.filter((w) => w >= s).length
  })

  test.prop([
    fc.array(fc.double({ min: 0, max: 20, noNaN: true }), { maxLength: 30 }),
    fc.integer({ min: 1, max: 10 }),
    fc.nat(5),
    fc.nat(5),
    fc.integer({ min: 1, max: 5 })
  ])(
    "QUEUE_DELAY adds nothing unless a request waited `value` seconds beyond the workers on their way (or none exists)",
    (waited, value, initializing, throttled, running) => {
      const add = queueDelayScaler(value).decide(observation({ waited, initializing, throttled, running, workers: initializing + throttled + running }))
      const late = waited.filter((w) => w >= value).length
      expect(add).toBe(Math.max(0, late - initializing - throttled))
    }
  )

  it("QUEUE_DELAY adds one worker at once when none exists and a request waits", () => {
    expect(queueDelayScaler(4).decide(observation({ waited: [0] }))).toBe(1)
    expect(queueDelayScaler(4).decide(observation({ waited: [] }))).toBe(0)
  })

  test.prop([fc.nat(100), fc.nat(100), fc.nat(50), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 20 })])(
    "REQUEST_COUNT's target is monotone in queue length, anti-monotone in value, and within [min, max]",
    (queued, more, inProgress, value, min, extra) => {
      const max = min + extra
      const t = requestCountTarget(queued, inProgress, value, min, max)
      expect(t).toBeGreaterThanOrEqual(min)
      expect(t).toBeLessThanOrEqual(max)
      expect(requestCountTarget(queued + more, inProgress, value, min, max)).toBeGreaterThanOrEqual(t)
      expect(requestCountTarget(queued, inProgress, value + 1, min, max)).toBeLessThanOrEqual(t)
    }
  )
})

describe("the library API", () => {
  it("runs a user's own scaler under identical traffic, through a layer", async () => {
    const scenario = {
      name: "custom",
      seed: 5,
      durationSeconds: 600,
      endpoint: endpoint({ workers: { min: 0, max: 4 }, scaling: { idleTimeout: 3600 } }),
      workload: { arrivals: { type: "poisson", ratePerSecond: 0.5 }, executionSeconds: 2 }
    }
    const keepTwo = Layer.succeed(Scalers, () => ({ name: "keep two warm", decide: (o: ScalerObservation) => 2 - o.workers }))
    const runpod = await run(scenario)
    const custom = await Effect.runPromise(simulate(scenario).pipe(Effect.provide(keepTwo)).pipe(Effect.provide(RunPodModels)))
    expect(custom.assumptions.scaler).toBe("keep two warm")
    expect(custom.requests.arrived).toBe(runpod.requests.arrived) // same arrivals: common random numbers
    expect(custom.workers.peak).toBe(2)
    expect(custom.coldStarts.count).toBe(2)
  })

  it("fails with a typed ScenarioError listing every problem with its path", async () => {
    const exit = await Effect.runPromise(
      Effect.flip(
        simulate({
          name: "",
          durationSeconds: 0,
          endpoint: { name: "x", gpuTypeIds: ["RTX 9090"], scalerValue: 0 },
          workload: { arrivals: { type: "poisson", ratePerSecond: -1 }, executionSeconds: { type: "lognormal", median: 2 } },
          platform: { dispatch: "fastest", pools: { ADA_25: { speed: 2 } } }
        })
      ).pipe(Effect.provide(RunPodModels))
    )
    expect(exit._tag).toBe("ScenarioError")
    expect(exit.problems.map((p) => p.path)).toEqual([
      "name",
      "durationSeconds",
      "workload.arrivals.ratePerSecond",
      "workload.executionSeconds.p95",
      "platform.dispatch",
      "platform.pools.ADA_25",
      "endpoint.scalerValue"
    ])
  })
})
