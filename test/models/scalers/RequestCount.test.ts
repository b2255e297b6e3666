/** REQUEST_COUNT scaler: the target ceil((queued + in progress) / value) clamped to [min, max], and both scale-down modes. */
import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { requestCountScaler, requestCountTarget } from "../../../src/models/scalers/RequestCount.ts"
import type { ScalerObservation } from "../../../src/models/scalers/Scaler.ts"

interface State {
  readonly queued?: number
  readonly inProgress?: number
  readonly running?: number
  readonly ready?: number
  readonly initializing?: number
  readonly throttled?: number
  readonly min?: number
  readonly max?: number
}

const observe = (s: State): ScalerObservation => {
  const running = s.running ?? 0
  const ready = s.ready ?? 0
  const initializing = s.initializing ?? 0
  const throttled = s.throttled ?? 0
  const queued = s.queued ?? 0
  return {
    now: 50,
    queued,
    inProgress: s.inProgress ?? running,
    running,
    ready,
    initializing,
    throttled,
    workers: running + ready + initializing + throttled,
    min: s.min ?? 0,
    max: s.max ?? 100,
    queuedWaitingAtLeast: () => queued
  }
}

describe("requestCountTarget, hand-computed", () => {
  it.each([
    // [queued, inProgress, value, min, max, target, arithmetic]
    [5, 2, 4, 0, 10, 2, "ceil(7 / 4) = 2"],
    [8, 0, 4, 0, 10, 2, "ceil(8 / 4) = 2: an exact multiple does not round up to 3"],
    [9, 0, 4, 0, 10, 3, "ceil(9 / 4) = 3"],
    [0, 1, 4, 0, 10, 1, "ceil(1 / 4) = 1: one job in progress keeps one worker"],
    [0, 0, 4, 0, 10, 0, "ceil(0 / 4) = 0: scale to zero"],
    [0, 0, 4, 2, 10, 2, "0 clamped up to min 2"],
    [100, 0, 1, 0, 5, 5, "ceil(100 / 1) = 100 clamped down to max 5"],
    [3, 3, 1, 1, 3, 3, "ceil(6 / 1) = 6 clamped to max 3"],
    [1, 0, 10, 0, 3, 1, "ceil(1 / 10) = 1"]
  ])("queued %i, in progress %i, value %i, [%i, %i] → %i (%s)", (queued, inProgress, value, min, max, target) => {
    expect(requestCountTarget(queued, inProgress, value, min, max)).toBe(target)
  })
})

describe("REQUEST_COUNT decisions, hand-computed", () => {
  for (const mode of ["idleTimeout", "aboveDesired"] as const) {
    describe(`scale-down ${mode}: scaling up is the same`, () => {
      it("adds target − existing workers", () => {
        // v = 4, queued 5, 2 running: target ceil(7 / 4) = 2, existing 2 → 0.
        expect(requestCountScaler(4, 0, 10, mode).decide(observe({ queued: 5, running: 2 }))).toBe(0)
        // v = 4, queued 10, 2 running: target ceil(12 / 4) = 3, existing 2 → add 1.
        expect(requestCountScaler(4, 0, 10, mode).decide(observe({ queued: 10, running: 2 }))).toBe(1)
        // v = 1, queued 3, no worker: target 3 → add 3 (not just the first worker).
        expect(requestCountScaler(1, 0, 10, mode).decide(observe({ queued: 3 }))).toBe(3)
      })

      it("counts initializing and throttled workers as existing", () => {
        // v = 2, queued 6: target 3; existing = 1 initializing + 1 throttled + 0 running = 2 → add 1.
        expect(requestCountScaler(2, 0, 10, mode).decide(observe({ queued: 6, initializing: 1, throttled: 1 }))).toBe(1)
        // v = 2, queued 6: target 3; 3 initializing → add nothing.
        expect(requestCountScaler(2, 0, 10, mode).decide(observe({ queued: 6, initializing: 3 }))).toBe(0)
      })

      it("never aims beyond workers.max, and starts workers.min with an empty queue", () => {
        // v = 1, queued 50, 1 running, max 4: target min(4, 51) = 4 → add 3.
        expect(requestCountScaler(1, 0, 4, mode).decide(observe({ queued: 50, running: 1 }))).toBe(3)
        // Empty endpoint, min 2: target clamped up to 2 → add 2.
        expect(requestCountScaler(3, 2, 5, mode).decide(observe({}))).toBe(2)
      })
    })
  }

  it("idleTimeout (default): never stops a worker, however far above the target", () => {
    // v = 4, nothing queued, 1 running, 5 ready: target ceil(1 / 4) = 1, existing 6 → 0, idle timeouts do the rest.
    expect(requestCountScaler(4, 0, 10, "idleTimeout").decide(observe({ running: 1, ready: 5 }))).toBe(0)
    expect(requestCountScaler(1, 0, 10, "idleTimeout").decide(observe({ ready: 3 }))).toBe(0)
  })

  it("aboveDesired: asks to stop the workers above the target", () => {
    // v = 4, nothing queued, 1 running, 5 ready: target 1, existing 6 → stop 5.
    expect(requestCountScaler(4, 0, 10, "aboveDesired").decide(observe({ running: 1, ready: 5 }))).toBe(-5)
    // v = 1, 2 running, 2 ready, queue empty: target 2, existing 4 → stop 2.
    expect(requestCountScaler(1, 0, 10, "aboveDesired").decide(observe({ running: 2, ready: 2 }))).toBe(-2)
    // min 2, 4 ready, nothing to do: target clamped to 2 → stop 2, never below min.
    expect(requestCountScaler(1, 2, 10, "aboveDesired").decide(observe({ ready: 4 }))).toBe(-2)
    // At the target: nothing to stop.
    expect(requestCountScaler(2, 0, 10, "aboveDesired").decide(observe({ queued: 2, running: 2 }))).toBe(0)
  })

  it("names itself after the scaler type and its value", () => {
    const name = requestCountScaler(6, 0, 3, "idleTimeout").name
    expect(name).toContain("REQUEST_COUNT")
    expect(name).toContain("6")
  })
})

const stateArb = fc.record({
  queued: fc.nat(200),
  running: fc.nat(10),
  ready: fc.nat(10),
  initializing: fc.nat(10),
  throttled: fc.nat(10)
})
const boundsArb = fc.record({ value: fc.integer({ min: 1, max: 30 }), min: fc.nat(5), extra: fc.nat(20) })

describe("REQUEST_COUNT, properties", () => {
  test.prop([fc.nat(500), fc.nat(500), fc.integer({ min: 1, max: 40 }), fc.nat(5), fc.nat(30)])(
    "the target is the least worker count in [min, max] whose slots (target × value) hold the load",
    (queued, inProgress, value, min, extra) => {
      const max = min + extra
      const t = requestCountTarget(queued, inProgress, value, min, max)
      const load = queued + inProgress
      expect(Number.isInteger(t)).toBe(true)
      expect(t).toBeGreaterThanOrEqual(min)
      expect(t).toBeLessThanOrEqual(max)
      if (t < max) expect(t * value).toBeGreaterThanOrEqual(load) // enough slots unless capped
      if (t > min) expect((t - 1) * value).toBeLessThan(load) // one fewer would not do unless held up by min
    }
  )

  test.prop([stateArb, boundsArb])("idleTimeout never stops a worker; aboveDesired agrees with it whenever it adds", (s, b) => {
    const o = observe({ ...s, min: b.min, max: b.min + b.extra })
    const lazy = requestCountScaler(b.value, b.min, b.min + b.extra, "idleTimeout").decide(o)
    const eager = requestCountScaler(b.value, b.min, b.min + b.extra, "aboveDesired").decide(o)
    expect(lazy).toBeGreaterThanOrEqual(0)
    if (eager >= 0) expect(lazy).toBe(eager)
    else expect(lazy).toBe(0)
  })

  test.prop([stateArb, boundsArb])("aboveDesired lands exactly on the target, which lies in [min, max]", (s, b) => {
    const max = b.min + b.extra
    const o = observe({ ...s, min: b.min, max })
    const after = o.workers + requestCountScaler(b.value, b.min, max, "aboveDesired").decide(o)
    expect(after).toBe(requestCountTarget(s.queued, o.inProgress, b.value, b.min, max))
    expect(after).toBeGreaterThanOrEqual(b.min)
    expect(after).toBeLessThanOrEqual(max)
  })

  test.prop([stateArb, boundsArb, fc.integer({ min: 1, max: 50 })])(
    "more queued requests never ask for fewer workers; a larger value never asks for more",
    (s, b, more) => {
      const max = b.min + b.extra
      for (const mode of ["idleTimeout", "aboveDesired"] as const) {
        const d = (o: State, v: number) => requestCountScaler(v, b.min, max, mode).decide(observe({ ...o, min: b.min, max }))
        expect(d({ ...s, queued: s.queued + more }, b.value)).toBeGreaterThanOrEqual(d(s, b.value))
        expect(d(s, b.value + 1)).toBeLessThanOrEqual(d(s, b.value))
      }
    }
  )
})
