/**
 * FlashBoot hosts (`platform.flashboot.hosts`): a start resumes only a state kept on the host it
 * lands on. With one host (the default) any start finds any kept state; with many, starts land on
 * hosts without a state and start cold although the pool keeps states elsewhere.
 */
import { describe, expect, it } from "vitest"
import { at, endpoint, run } from "./scenarios.ts"

/** Ten bursts of 4 requests, 10 s apart; at most 4 workers, which scale down 1 s after their job. */
const bursty = (flashboot: Record<string, unknown>, seed = 1) =>
  run({
    seed,
    endpoint: endpoint({ workers: { min: 0, max: 4 }, scaling: { idleTimeout: 1 }, flashboot: "FLASHBOOT" }),
    workload: { arrivals: at(...Array.from({ length: 10 }, (_, k) => Array<number>(4).fill(k * 10)).flat()), executionSeconds: 2 },
    platform: { coldStartSeconds: 5, flashboot: { startSeconds: 1, retentionSeconds: 600, ...flashboot } }
  })

describe("FlashBoot hosts", () => {
  it("one host resumes every start after the first burst; a thousand hosts start (nearly) all cold", async () => {
    const one = await bursty({ hosts: 1 })
    const many = await bursty({ hosts: 1000 })
    expect(one.requests.completed).toBe(40)
    expect(many.requests.completed).toBe(40)
    // One host: the first burst starts 4 workers cold. Later, with `alive` workers up, the pool keeps
    // 4 - alive states (none expires within the run), so every start with room finds one.
    expect(one.coldStarts.count).toBe(4)
    expect(one.coldStarts.flashboot).toBe(one.workers.started - 4)
    expect(one.coldStarts.flashboot).toBeGreaterThan(one.coldStarts.count * 4)
    // A thousand hosts: at most 4 states, so a start finds one with chance at most 4/1000.
    expect(many.coldStarts.flashboot).toBeLessThanOrEqual(1)
    expect(many.coldStarts.count + many.coldStarts.flashboot).toBe(many.workers.started)
    expect(many.coldStarts.count).toBeGreaterThan(one.coldStarts.count * 4)
    // The states are still kept (RunPod's "idle" workers), just on other hosts.
    expect(many.workers.meanRetained).toBeGreaterThan(0)
    // Cold starts (5 s) instead of resumes (1 s) make the waits longer.
    expect(many.latency.delayTime.mean!).toBeGreaterThan(one.latency.delayTime.mean!)
  })

  it("without the hosts key the run is byte-identical to hosts: 1", async () => {
    for (const seed of [1, 7]) {
      const absent = await bursty({}, seed)
      const one = await bursty({ hosts: 1 }, seed)
      expect(JSON.stringify(absent)).toBe(JSON.stringify(one))
    }
  })

  it("two hosts sit between one and many: some starts miss a state on the other host", async () => {
    const two = await bursty({ hosts: 2 })
    expect(two.coldStarts.count).toBeGreaterThan(4)
    expect(two.coldStarts.flashboot).toBeGreaterThan(0)
    expect(two.coldStarts.count + two.coldStarts.flashboot).toBe(two.workers.started)
  })
})
