/** Scalers: the endpoint's scaling.type, value, bounds and the platform's scale-down choose the scaler; the service defaults to RunPod's and takes a custom factory. */
import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import type { EndpointConfig } from "../../../src/models/EndpointConfig.ts"
import { resolvePlatform } from "../../../src/models/Platform.ts"
import type { Scaler, ScalerObservation } from "../../../src/models/scalers/Scaler.ts"
import { runpodScalers, Scalers, type ScalerFactory } from "../../../src/models/scalers/Scalers.ts"
import { simulate } from "../../../src/sim/simulate.ts"
import { RunPodModels } from "../../../src/models/Models.ts"

const config = (scaling: EndpointConfig["scaling"], workers: EndpointConfig["workers"] = { min: 0, max: 10 }): EndpointConfig => ({
  name: "e",
  gpu: { pools: ["ADA_24"], count: 1 },
  workers,
  scaling,
  timeout: 300000,
  flashboot: "OFF",
  dataCenterIds: [],
  networkVolumes: []
})

const observe = (o: { queued?: number; waited?: ReadonlyArray<number>; running?: number; ready?: number; initializing?: number }): ScalerObservation => {
  const waited = o.waited ?? new Array<number>(o.queued ?? 0).fill(0)
  const running = o.running ?? 0
  const ready = o.ready ?? 0
  const initializing = o.initializing ?? 0
  return {
    now: 10,
    queued: waited.length,
    inProgress: running,
    running,
    ready,
    initializing,
    throttled: 0,
    workers: running + ready + initializing,
    min: 0,
    max: 10,
    queuedWaitingAtLeast: (s) => waited.filter((w) => w >= s).length
  }
}

const defaults = resolvePlatform(undefined)

describe("runpodScalers: which scaler an endpoint gets", () => {
  it("QUEUE_DELAY endpoints get the queue-delay rule with their value", () => {
    const s = runpodScalers(config({ type: "QUEUE_DELAY", value: 4, idleTimeout: 5 }), defaults)
    expect(s.name).toContain("QUEUE_DELAY")
    // No worker, 3 fresh requests: QUEUE_DELAY adds only the first worker (REQUEST_COUNT 4 would add ceil(3/4) = 1 too, so see below).
    expect(s.decide(observe({ queued: 3 }))).toBe(1)
    // 1 running, waits [3, 4, 5], v = 4: 2 late → add 2 (REQUEST_COUNT 4 would want ceil(4/4) = 1, already there → 0).
    expect(s.decide(observe({ waited: [3, 4, 5], running: 1 }))).toBe(2)
  })

  it("the QUEUE_DELAY value is the endpoint's scaling.value", () => {
    // 1 running, one request waited 6 s: late under v = 5, not under v = 7.
    const waited = { waited: [6], running: 1 }
    expect(runpodScalers(config({ type: "QUEUE_DELAY", value: 5, idleTimeout: 5 }), defaults).decide(observe(waited))).toBe(1)
    expect(runpodScalers(config({ type: "QUEUE_DELAY", value: 7, idleTimeout: 5 }), defaults).decide(observe(waited))).toBe(0)
  })

  it("REQUEST_COUNT endpoints get the request-count rule with their value and workers bounds", () => {
    const s = runpodScalers(config({ type: "REQUEST_COUNT", value: 2, idleTimeout: 5 }), defaults)
    expect(s.name).toContain("REQUEST_COUNT")
    // No worker, 5 fresh requests, v = 2: ceil(5/2) = 3 workers (QUEUE_DELAY would add 1).
    expect(s.decide(observe({ queued: 5 }))).toBe(3)
    // workers.max 2 from the endpoint caps the target: ceil(5/1) = 5 → 2.
    expect(runpodScalers(config({ type: "REQUEST_COUNT", value: 1, idleTimeout: 5 }, { min: 0, max: 2 }), defaults).decide(observe({ queued: 5 }))).toBe(2)
    // workers.min 3 from the endpoint holds the target up: empty endpoint → 3.
    expect(runpodScalers(config({ type: "REQUEST_COUNT", value: 1, idleTimeout: 5 }, { min: 3, max: 5 }), defaults).decide(observe({}))).toBe(3)
  })

  it("REQUEST_COUNT scale-down follows platform.requestCountScaleDown (idle timeouts by default)", () => {
    const endpoint = config({ type: "REQUEST_COUNT", value: 1, idleTimeout: 5 })
    // 1 running, 3 ready, empty queue, v = 1: target 1, existing 4.
    const over = observe({ running: 1, ready: 3 })
    expect(runpodScalers(endpoint, defaults).decide(over)).toBe(0)
    expect(runpodScalers(endpoint, resolvePlatform({ requestCountScaleDown: "aboveDesired" })).decide(over)).toBe(-3)
    // QUEUE_DELAY ignores the setting: it never stops workers.
    expect(
      runpodScalers(config({ type: "QUEUE_DELAY", value: 1, idleTimeout: 5 }), resolvePlatform({ requestCountScaleDown: "aboveDesired" })).decide(over)
    ).toBe(0)
  })
})

describe("the Scalers service", () => {
  it("RunPod's models carry RunPod's scalers; a factory provided on top replaces them", () => {
    const mine: ScalerFactory = () => ({ name: "mine", decide: () => 0 })
    expect(
      Effect.runSync(
        Effect.gen(function* () {
          return yield* Scalers
        }).pipe(Effect.provide(RunPodModels))
      )
    ).toBe(runpodScalers)
    expect(
      Effect.runSync(
        Effect.gen(function* () {
          return yield* Scalers
        }).pipe(Effect.provide(Layer.succeed(Scalers, mine)), Effect.provide(RunPodModels))
      )
    ).toBe(mine)
  })

  it("a simulation runs the provided factory with the scenario's normalised endpoint and platform", async () => {
    const seen: Array<{ value: number; type: string; max: number; scaleDown: string }> = []
    const never: ScalerFactory = (endpoint, platform): Scaler => {
      seen.push({ value: endpoint.scaling.value, type: endpoint.scaling.type, max: endpoint.workers.max, scaleDown: platform.requestCountScaleDown })
      return { name: "never scale", decide: () => 0 }
    }
    const scenario = {
      name: "custom scaler",
      durationSeconds: 30,
      // v1 REST names: the factory must see them normalised.
      endpoint: { name: "e", gpuTypeIds: ["NVIDIA GeForce RTX 4090"], scalerType: "REQUEST_COUNT", scalerValue: 7, workersMin: 0, workersMax: 2 },
      workload: { arrivals: { type: "list", atSeconds: [1, 2, 3] }, executionSeconds: 1 },
      platform: { jobTtlSeconds: 10, requestCountScaleDown: "aboveDesired", coldStartSeconds: 1 }
    }
    const custom = await Effect.runPromise(
      simulate(scenario)
        .pipe(Effect.provide(Layer.succeed(Scalers, never)))
        .pipe(Effect.provide(RunPodModels))
    )
    expect(seen).toEqual([{ value: 7, type: "REQUEST_COUNT", max: 2, scaleDown: "aboveDesired" }])
    expect(custom.assumptions.scaler).toBe("never scale")
    // A scaler that never adds a worker (min 0): none of the 3 requests runs; each expires at its 10 s TTL.
    expect(custom.requests.arrived).toBe(3)
    expect(custom.requests.completed).toBe(0)
    expect(custom.requests.expired).toBe(3)
    // RunPod's REQUEST_COUNT on the same scenario serves all three.
    const runpod = await Effect.runPromise(simulate(scenario).pipe(Effect.provide(RunPodModels)))
    expect(runpod.assumptions.scaler).toContain("REQUEST_COUNT")
    expect(runpod.requests.completed).toBe(3)
  })
})
