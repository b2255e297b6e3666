/** Markdown: the report's facts as well-formed tables (as many cells per row as header cells, pipes escaped) and the config as JSON. */
import { fc, test } from "@fast-check/vitest"
import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { assumptions, kpis, percentileTable } from "../../src/report/Facts.ts"
import { parseSlo } from "../../src/models/Slo.ts"
import { markdownReport } from "../../src/report/Markdown.ts"
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

/** A table row's cells: split at pipes not escaped with a backslash, outer pipes dropped, escapes undone. */
const cells = (line: string): Array<string> =>
  line
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, "|"))

/** Every table in the document: consecutive lines starting with "|". */
const tables = (md: string): Array<Array<string>> => {
  const out: Array<Array<string>> = []
  let current: Array<string> | undefined
  for (const line of md.split("\n")) {
    if (line.startsWith("|")) (current ??= (out.push([]), out[out.length - 1]!)).push(line)
    else current = undefined
  }
  return out
}

/** The table under a `## heading`. */
const tableUnder = (md: string, heading: string): Array<Array<string>> => {
  const rest = md.slice(md.indexOf(`## ${heading}\n`))
  return tables(rest)[0]!.map(cells)
}

describe("markdownReport", () => {
  it("starts with the scenario, the endpoint and the answer in bold", () => {
    const lines = markdownReport(base).split("\n")
    expect(lines.slice(0, 5)).toEqual([
      "# tiny",
      "",
      "e on ADA_24 · QUEUE_DELAY 4 s, workers 1–2, idle timeout 5 s, FlashBoot OFF",
      "",
      // $0.10 for 100 s: $3.60/h; $0.10 for 2 requests: $50.00 per 1,000
      "**e at 2 requests at listed times for 100 s: p95 end-to-end 2.00 s, $3.60 per hour, $50.00 per 1,000 requests**"
    ])
  })

  it("has four tables, each row with as many cells as its header and an alignment row to match", () => {
    const md = markdownReport(base)
    const all = tables(md)
    expect(all).toHaveLength(4)
    for (const table of all) {
      const width = cells(table[0]!).length
      expect(table.length).toBeGreaterThanOrEqual(3)
      // the alignment row: one :--- (text) or ---: (numbers) per column
      expect(table[1]!).toMatch(/^\|(:---|---:)(\|(:---|---:))*\|$/)
      expect(table[1]!.split("|").length - 2).toBe(width)
      for (const row of table.slice(2)) expect(cells(row)).toHaveLength(width)
    }
  })

  it("tabulates the key figures and percentiles as the other formats do", () => {
    const md = markdownReport(base)
    expect(tableUnder(md, "Key figures")).toEqual([
      ["figure", "value", "detail"],
      [":---", "---:", ":---"],
      ...kpis(base).map((k) => [k.label, k.value, k.detail])
    ])
    const percentiles = tableUnder(md, "Latency percentiles (seconds)")
    expect(percentiles.slice(2)).toEqual(percentileTable(base).rows.map((r) => [...r]))
    expect(md).toContain("|:---|---:|---:|---:|---:|---:|---:|")
  })

  it("names the percentile table's one unit in its heading: minutes for a run whose latencies reach hours", () => {
    const r: SimResult = { ...base, latency: { ...base.latency, endToEnd: { mean: 600, p50: 60, p90: 3600, p95: 7200, p99: 18_000, max: 20_000 } } }
    const md = markdownReport(r)
    expect(md).not.toContain("## Latency percentiles (seconds)")
    const table = tableUnder(md, "Latency percentiles (minutes)")
    expect(table[4]).toEqual(["end-to-end", "10.0", "1.00", "60.0", "120", "300", "333"])
    for (const row of table.slice(2)) for (const cell of row.slice(1)) expect(cell).toMatch(/^[\d,]+\.?\d*$/)
  })

  it("shows each series' mean and its highest interval average over time, to 2 decimals in every cell", () => {
    const r: SimResult = {
      ...base,
      // the quickstart's figures, which used to read 2.8114 / 0.939 / 4.9966 side by side
      workers: { ...base.workers, meanRunning: 2.8114, meanReady: 0.939, meanInitializing: 0.328, meanThrottled: 0, meanRetained: 2 },
      queue: { ...base.queue, meanLength: 3.0924 },
      coldStarts: { ...base.coldStarts, count: 7, flashboot: 2 },
      timeline: {
        ...base.timeline,
        bucketSeconds: 60,
        running: [1, 5, 0.25],
        ready: [0, 4.0616, 0.5],
        initializing: [0.75, 4.9966, 0],
        throttled: [0, 0, 0],
        retained: [1, 3, 2],
        queued: [0, 12_345.678, 0.5]
      }
    }
    const md = markdownReport(r)
    expect(tableUnder(md, "Over time").slice(2)).toEqual([
      ["running workers", "2.81", "5.00"],
      ["ready workers (warm, waiting)", "0.94", "4.06"],
      ["initializing workers", "0.33", "5.00"],
      ["throttled workers", "0.00", "0.00"],
      ["idle workers (scaled down, FlashBoot state kept)", "2.00", "3.00"],
      ["queued requests", "3.09", "12,345.68"]
    ])
    expect(md).toContain("Averages over 60-second intervals; 7 cold starts and 2 FlashBoot resumes in all.")
  })

  it("prints the endpoint config as a JSON block that parses back to it", () => {
    const md = markdownReport(base)
    const json = /## Endpoint config \(normalised v2, ready to POST\)\n\n```json\n([\s\S]*?)\n```/.exec(md)![1]!
    expect(JSON.parse(json)).toEqual(base.endpoint)
  })

  it("lists the assumptions as the HTML page does", () => {
    expect(tableUnder(markdownReport(base), "Model assumptions").slice(2)).toEqual(assumptions(base).map(([k, v]) => [k, v]))
  })

  const text = fc.string({ maxLength: 30 }).filter((s) => !/[\\\r\u2028\u2029\u0085]/.test(s))
  test.prop([text, text, text])("text with pipes or line breaks stays inside its cell", (traffic, dispatch, coldStart) => {
    const r: SimResult = { ...base, workload: { ...base.workload, arrivals: traffic }, assumptions: { ...base.assumptions, dispatch, coldStart } }
    const table = tableUnder(markdownReport(r), "Model assumptions")
    expect(table.every((row) => row.length === 2)).toBe(true)
    const rows = new Map(table.map(([k, v]) => [k, v]))
    // the cell holds the text, with line breaks as spaces (and cells trimmed, as Markdown does)
    expect(rows.get("Dispatch")).toBe(dispatch.replace(/\n/g, " ").trim())
    expect(rows.get("Cold start")).toBe(coldStart.replace(/\n/g, " ").trim())
  })
})

describe("markdownReport with targets", () => {
  it("lists each target after the headline: ✓ when met, ✗ missed with by how much", () => {
    const parsed = [parseSlo("endToEnd.p95<=0.001"), parseSlo("failed=0")].map((p) => {
      if (!("slo" in p)) throw new Error(p.error)
      return p.slo
    })
    const md = markdownReport(base, parsed)
    expect(md).toMatch(
      /\*\*\n\n## Targets\n\nTargets, read on this one run \(scalecast check decides with replications\)\.\n\n- ✗ \*\*missed\*\*: endToEnd\.p95<=0\.001: [\d.]+ s; misses by [\d.]+ s\n- ✓ failed=0: 0\.0\n\n## Key figures/
    )
    expect(markdownReport(base)).not.toContain("## Targets")
  })
})
