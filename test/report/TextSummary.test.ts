/** TextSummary: the terminal summary line by line for a hand-checked run, its notes and colours, and wrapping at 80 columns. */
import { fc, test } from "@fast-check/vitest"
import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { textSummary, useColor, wrap } from "../../src/report/TextSummary.ts"
import { simulate } from "../../src/sim/simulate.ts"
import type { SimResult } from "../../src/sim/SimResult.ts"
import { RunPodModels } from "../../src/models/Models.ts"

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

const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "")

describe("textSummary", () => {
  it("prints the tiny run as computed by hand", () => {
    // One active worker, warm from t = 0, runs two 2 s requests at once: no delay, 4 s of 100 busy.
    // Billed 100 s × $0.001 = $0.1000; per hour × 36 = $3.60; per 1,000 requests $0.10 / 2 × 1000 = $50.00.
    expect(textSummary(base)).toBe(
      [
        "tiny: 100 s simulated, seed 1",
        "Endpoint  e on ADA_24",
        "          QUEUE_DELAY 4 s, workers 1–2, idle timeout 5 s, FlashBoot OFF",
        "Traffic   2 requests at listed times",
        "Execution 2 s",
        "",
        "Requests  2 arrived: 2 completed, 0 failed, 0 expired, 0 rejected",
        "",
        "Latency (s)           mean      p50      p90      p95      p99      max",
        "  delayTime           0.00     0.00     0.00     0.00     0.00     0.00",
        "  executionTime       2.00     2.00     2.00     2.00     2.00     2.00",
        "  end-to-end          2.00     2.00     2.00     2.00     2.00     2.00",
        "",
        "Starts    0 cold, 0 FlashBoot; 0.0 % of requests waited for a cold start",
        "Workers   peak 1, mean 1.00 (running 0.04, ready 0.96, starting 0.00)",
        "          throttled 0.00 on average; mean queue 0.00",
        "Cost      $0.1000 over 100 s: $3.60/h, $50.00 per 1,000 requests",
        "          flex $0.0000, active $0.1000; 96.0 % of billed time spent ready"
      ].join("\n")
    )
  })

  it("right-aligns latencies under their headers with 2, 1 or 0 decimals by size", () => {
    const r: SimResult = { ...base, latency: { ...base.latency, endToEnd: { mean: 3.456, p50: 9.994, p90: 10, p95: 99.94, p99: 100, max: 12345 } } }
    const lines = textSummary(r).split("\n")
    const header = lines.find((l) => l.startsWith("Latency (s)"))!
    const row = lines.find((l) => l.startsWith("  end-to-end"))!
    expect(row).toBe("  end-to-end          3.46     9.99     10.0     99.9      100   12,345")
    // every value ends where its header ends
    for (const h of ["mean", "p50", "p90", "p95", "p99", "max"]) {
      const end = header.indexOf(h) + h.length
      expect(row[end - 1]).not.toBe(" ")
      expect(row[end] ?? " ").toBe(" ")
    }
  })

  it("names the warm-up and measures cost over the window after it", () => {
    const r: SimResult = { ...base, scenario: { ...base.scenario, durationSeconds: 3600, warmupSeconds: 600 } }
    const text = textSummary(r)
    expect(text.split("\n")[0]).toBe("tiny: 1 h simulated (first 10 min warm-up), seed 1")
    expect(text).toContain("Cost      $0.1000 over 50 min: ")
  })

  it("adds unfinished, unhealthy, resumable and disk figures only when there are some", () => {
    const r: SimResult = {
      ...base,
      requests: { ...base.requests, arrived: 1300, completed: 1290, inSystemAtEnd: 10, unfinishedShare: 10 / 1300 },
      coldStarts: { ...base.coldStarts, count: 4, flashboot: 3, unhealthy: 2, coldStartShare: 0.01, flashbootShare: 0.02 },
      workers: { ...base.workers, meanRetained: 0.5 },
      cost: { ...base.cost, containerDiskUsd: 0.25 }
    }
    const words = textSummary(r).replace(/\n +/g, " ")
    expect(words).toContain("Requests  1,300 arrived: 1,290 completed, 0 failed, 0 expired, 0 rejected, 10 still in the system at the end")
    expect(words).toContain("Starts    4 cold, 3 FlashBoot, 2 unhealthy; 1.0 % of requests waited for a cold start, 2.0 % for a FlashBoot resume")
    expect(words).toContain("throttled 0.00, idle with FlashBoot state kept 0.50 on average")
    expect(words).toContain("flex $0.0000, active $0.1000, disk $0.2500;")
    const plain = textSummary(base)
    for (const absentWhenZero of ["still in the system", "unhealthy", "idle with FlashBoot", "disk"]) expect(plain).not.toContain(absentWhenZero)
  })

  it("says which requests the latency table covers when some did not complete", () => {
    const some: SimResult = {
      ...base,
      requests: { ...base.requests, arrived: 100, completed: 98, failed: 2, unfinishedShare: 0.02 },
      figures: { ...base.figures, "endToEnd.p95": 2 }
    }
    expect(textSummary(some).replace(/\n +/g, " ")).toContain(
      "(completed requests only; 2.0 % did not complete; counting them as infinitely late, as targets do, end-to-end p95 is 2.00 s)"
    )
    const many: SimResult = {
      ...base,
      requests: { ...base.requests, arrived: 100, completed: 80, failed: 20, unfinishedShare: 0.2 },
      figures: { ...base.figures, "endToEnd.p95": Number.POSITIVE_INFINITY }
    }
    expect(textSummary(many).replace(/\n +/g, " ")).toContain(
      "(completed requests only; 20.0 % did not complete, so the end-to-end p95 targets read, counting them as infinitely late, is not reached)"
    )
    expect(textSummary(base)).not.toContain("completed requests only")
  })

  it("colours the section labels and only the p95 end-to-end and cost per hour figures", () => {
    const r: SimResult = { ...base, latency: { ...base.latency, endToEnd: { mean: 3, p50: 1, p90: 2.5, p95: 4.12, p99: 9.5, max: 12 } } }
    const coloured = textSummary(r, { color: true })
    expect(strip(coloured)).toBe(textSummary(r))
    const lines = coloured.split("\n")
    expect(lines[0]).toBe("\x1b[1mtiny: 100 s simulated, seed 1\x1b[22m")
    for (const label of ["Endpoint", "Traffic", "Execution", "Requests", "Latency (s)", "Starts", "Workers", "Cost"])
      expect(coloured).toContain(`\x1b[1m${label}\x1b[22m`)
    const cyan = [...coloured.matchAll(/\x1b\[36m(.*?)\x1b\[39m/g)].map((m) => m[1])
    // the p95 column (not p50, p90 or p99) and the hourly cost
    expect(cyan).toEqual(["     4.12", "$3.60/h"])
    expect(lines.find((l) => l.startsWith("  end-to-end"))).toBe("  end-to-end          3.00     1.00     2.50\x1b[36m     4.12\x1b[39m     9.50     12.0")
  })

  it("keeps every line within 80 columns however large the figures", () => {
    const r: SimResult = {
      ...base,
      scenario: { ...base.scenario, name: "x".repeat(120) },
      requests: {
        ...base.requests,
        arrived: 19_949_741_000,
        completed: 9_000_000_000,
        failed: 1_000_000,
        expired: 999_741_000,
        rejected: 9_949_741_000,
        inSystemAtEnd: 1_234_567
      }
    }
    const text = textSummary(r)
    for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(80)
    // the long name is broken, not cut
    expect(text.replace(/\n */g, "")).toContain("x".repeat(120))
  })
})

describe("useColor", () => {
  it("colours a terminal unless NO_COLOR is set to something", () => {
    expect(useColor({ isTTY: true }, {})).toBe(true)
    expect(useColor({ isTTY: true }, { NO_COLOR: "" })).toBe(true) // empty means unset (no-color.org)
    expect(useColor({ isTTY: true }, { NO_COLOR: "0" })).toBe(false)
    expect(useColor({ isTTY: false }, {})).toBe(false)
    expect(useColor({}, {})).toBe(false)
  })
})

describe("wrap", () => {
  it("leaves a line of 80 columns alone and breaks a longer one under its label", () => {
    const line80 = `Requests  ${"a".repeat(70)}`
    expect(wrap(line80)).toEqual([line80])
    const long = `Requests  ${Array.from({ length: 20 }, (_, i) => `word${i}`).join(" ")}`
    const out = wrap(long)
    expect(out.length).toBeGreaterThan(1)
    for (const l of out.slice(1)) expect(l).toMatch(/^ {10}\S/)
  })

  it("indents a wrapped table note two columns deeper than the note", () => {
    const note = `  (${"completed requests only ".repeat(5)})`
    const out = wrap(note)
    expect(out.length).toBe(2)
    expect(out[1]).toMatch(/^ {4}\S/)
  })

  const word = fc.stringMatching(/^[a-z0-9.,$()%]{1,12}$/)
  const unit = fc.constantFrom("%", "s", "h", "min")
  const token = fc.oneof(
    word,
    fc.tuple(fc.integer({ min: 0, max: 999 }), unit).map(([n, u]) => `${n} ${u}`)
  )
  test.prop([fc.constantFrom("Requests  ", "Cost      ", "  ", ""), fc.array(token, { minLength: 1, maxLength: 40 })])(
    "keeps every word, fits 80 columns, and never puts a unit at the start of a line",
    (label, tokens) => {
      const line = `${label}${tokens.join(" ")}`
      const out = wrap(line)
      for (const l of out) expect(l.length).toBeLessThanOrEqual(80)
      expect(
        out
          .join(" ")
          .split(/\s+/)
          .filter((w) => w !== "")
      ).toEqual(line.split(/\s+/).filter((w) => w !== ""))
      for (const l of out.slice(1)) expect(l.trimStart()).not.toMatch(/^(%|s|h|min)( |$)/)
    }
  )
})
