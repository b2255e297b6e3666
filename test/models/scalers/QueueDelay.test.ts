/** QUEUE_DELAY scaler: the first-worker rule, one worker per request late by `value` seconds less those on their way, never a stop. */
import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { queueDelayScaler } from "../../../src/models/scalers/QueueDelay.ts"
import type { ScalerObservation } from "../../../src/models/scalers/Scaler.ts"

/** An observation built from the waits (seconds) of the queued requests and the workers in each state. */
const observe = (
  waited: ReadonlyArray<number>,
  w: { readonly running?: number; readonly ready?: number; readonly initializing?: number; readonly throttled?: number } = {}
): ScalerObservation => {
  const running = w.running ?? 0
  const ready = w.ready ?? 0
  const initializing = w.initializing ?? 0
  const throttled = w.throttled ?? 0
  return {
    now: 1000,
    queued: waited.length,
    inProgress: running,
    running,
    ready,
    initializing,
    throttled,
    workers: running + ready + initializing + throttled,
    min: 0,
    max: 100,
    queuedWaitingAtLeast: (s) => waited.filter((x) => x >= s).length
  }
}

describe("QUEUE_DELAY, hand-computed decisions", () => {
  it("with no worker at all, the first queued request adds exactly one worker at once", () => {
    // No worker, 1 request that has waited 0 s (far below v = 4): the first-worker rule adds 1.
    expect(queueDelayScaler(4).decide(observe([0]))).toBe(1)
    // No worker, 5 requests of which 3 waited ≥ 4 s: still one worker, not one per late request.
    expect(queueDelayScaler(4).decide(observe([0, 1, 5, 6, 9]))).toBe(1)
    // No worker and nothing queued: nothing to do.
    expect(queueDelayScaler(4).decide(observe([]))).toBe(0)
  })

  it("with workers present, adds one worker per request that waited at least v seconds", () => {
    // 2 running, waits [0, 1, 3.9, 4, 4.5, 10], v = 4: late = {4, 4.5, 10} = 3 (exactly 4 s counts); on the way 0 → add 3.
    expect(queueDelayScaler(4).decide(observe([0, 1, 3.9, 4, 4.5, 10], { running: 2 }))).toBe(3)
    // Same queue, v = 5: late = {10} = 1 → add 1.
    expect(queueDelayScaler(5).decide(observe([0, 1, 3.9, 4, 4.5, 10], { running: 2 }))).toBe(1)
    // Same queue, v = 11: nobody waited 11 s → add 0.
    expect(queueDelayScaler(11).decide(observe([0, 1, 3.9, 4, 4.5, 10], { running: 2 }))).toBe(0)
  })

  it("subtracts the workers on their way (initializing and throttled), not the running ones", () => {
    // v = 2, waits [2, 3, 5, 8]: late = 4. Running 3, initializing 1, throttled 1 → 4 − (1 + 1) = 2.
    expect(queueDelayScaler(2).decide(observe([2, 3, 5, 8], { running: 3, initializing: 1, throttled: 1 }))).toBe(2)
    // v = 2, waits [2, 3]: late = 2, on the way 3 (2 initializing + 1 throttled) → 2 − 3 < 0 → add 0, never stop.
    expect(queueDelayScaler(2).decide(observe([2, 3], { initializing: 2, throttled: 1 }))).toBe(0)
    // Only throttled workers exist (workers > 0, so no first-worker rule): waits [0.5], v = 1 → late 0 → add 0.
    expect(queueDelayScaler(1).decide(observe([0.5], { throttled: 1 }))).toBe(0)
  })

  it("never stops workers, however many sit ready with an empty queue", () => {
    expect(queueDelayScaler(1).decide(observe([], { ready: 7 }))).toBe(0)
    expect(queueDelayScaler(1).decide(observe([], { ready: 3, initializing: 4 }))).toBe(0)
  })

  it("names itself after the scaler type and its value", () => {
    const name = queueDelayScaler(7).name
    expect(name).toContain("QUEUE_DELAY")
    expect(name).toContain("7")
  })
})

const waitsArb = fc.array(fc.double({ min: 0, max: 30, noNaN: true }), { maxLength: 40 })
const workersArb = fc.record({ running: fc.nat(6), ready: fc.nat(3), initializing: fc.nat(6), throttled: fc.nat(6) })

describe("QUEUE_DELAY, properties", () => {
  test.prop([waitsArb, workersArb, fc.integer({ min: 1, max: 20 })])("never answers a stop (a negative number)", (waited, w, v) => {
    expect(queueDelayScaler(v).decide(observe(waited, w))).toBeGreaterThanOrEqual(0)
  })

  test.prop([waitsArb, workersArb, fc.integer({ min: 1, max: 20 })])(
    "with a worker present, adds nothing at an evaluation where no request has waited v seconds",
    (waited, w, v) => {
      fc.pre(w.running + w.ready + w.initializing + w.throttled > 0)
      const fresh = waited.map((x) => Math.min(x, v - 0.001))
      expect(queueDelayScaler(v).decide(observe(fresh, w))).toBe(0)
    }
  )

  test.prop([waitsArb, workersArb, fc.integer({ min: 1, max: 20 })])(
    "with a worker present, the workers on their way after the decision cover every late request without over-scaling",
    (waited, w, v) => {
      fc.pre(w.running + w.ready + w.initializing + w.throttled > 0)
      const late = waited.filter((x) => x >= v).length
      const onTheWay = w.initializing + w.throttled
      const add = queueDelayScaler(v).decide(observe(waited, w))
      expect(add + onTheWay).toBeGreaterThanOrEqual(late)
      if (add > 0) expect(add + onTheWay).toBe(late)
      expect(add).toBeLessThanOrEqual(late)
    }
  )

  test.prop([waitsArb, workersArb, fc.integer({ min: 1, max: 19 })])("a larger value never adds more workers", (waited, w, v) => {
    fc.pre(w.running + w.ready + w.initializing + w.throttled > 0)
    expect(queueDelayScaler(v + 1).decide(observe(waited, w))).toBeLessThanOrEqual(queueDelayScaler(v).decide(observe(waited, w)))
  })

  test.prop([waitsArb, workersArb, fc.integer({ min: 1, max: 20 })])(
    "one more worker on its way never adds more; one more running worker changes nothing once a worker exists",
    (waited, w, v) => {
      fc.pre(w.running + w.ready + w.initializing + w.throttled > 0)
      const s = queueDelayScaler(v)
      const base = s.decide(observe(waited, w))
      expect(s.decide(observe(waited, { ...w, initializing: w.initializing + 1 }))).toBeLessThanOrEqual(base)
      expect(s.decide(observe(waited, { ...w, throttled: w.throttled + 1 }))).toBeLessThanOrEqual(base)
      expect(s.decide(observe(waited, { ...w, running: w.running + 1 }))).toBe(base)
    }
  )

  test.prop([waitsArb, workersArb, fc.integer({ min: 1, max: 20 })])("one more late request adds at most one more worker", (waited, w, v) => {
    const s = queueDelayScaler(v)
    const before = s.decide(observe(waited, w))
    const after = s.decide(observe([...waited, v + 1], w))
    expect(after - before).toBeGreaterThanOrEqual(0)
    expect(after - before).toBeLessThanOrEqual(1)
  })
})
