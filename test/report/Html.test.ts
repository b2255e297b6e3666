/** Html: the page escapes what users wrote, shows its sections in the README's order, and carries the run's facts. */
import { fc, test } from "@fast-check/vitest"
import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { kpis, percentileHeader, percentileTable } from "../../src/report/Facts.ts"
import { parseSlo } from "../../src/models/Slo.ts"
import { htmlReport } from "../../src/report/Html.ts"
import { escapeHtml } from "../../src/report/HtmlPage.ts"
import { simulate } from "../../src/sim/simulate.ts"
import type { SimResult } from "../../src/sim/SimResult.ts"
import { RunPodModels } from "../../src/models/Models.ts"

let base: SimResult
let page: string
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
  page = htmlReport(base)
})

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")

/** The names of the elements a page opens, in order. */
const tags = (html: string): Array<string> => [...html.matchAll(/<([a-zA-Z][\w-]*)[\s>]/g)].map((m) => m[1]!.toLowerCase())

describe("escapeHtml", () => {
  it("escapes the characters that start markup or end an attribute, & first", () => {
    expect(escapeHtml(`<a href="x">&amp;</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;amp;&lt;/a&gt;")
    expect(escapeHtml("plain text")).toBe("plain text")
  })

  test.prop([fc.string({ unit: "binary", maxLength: 60 })])('leaves no <, > or " and reads back as the text', (text) => {
    const escaped = escapeHtml(text)
    expect(escaped).not.toMatch(/[<>"]/)
    expect(unescape(escaped)).toBe(text)
    // every & starts one of the four entities
    expect(escaped.replace(/&(amp|lt|gt|quot);/g, "")).not.toContain("&")
  })
})

describe("htmlReport escapes user text", () => {
  const hostile = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "</title></style><b>&", "<!-- x -->"]

  it("a scenario or endpoint named like markup adds no element", () => {
    const reference = tags(page)
    for (const name of hostile) {
      const r: SimResult = {
        ...base,
        scenario: { ...base.scenario, name },
        endpoint: { ...base.endpoint, name },
        workload: { ...base.workload, arrivals: `trace ${name}` },
        assumptions: { ...base.assumptions, dispatch: name }
      }
      const html = htmlReport(r)
      expect(tags(html)).toEqual(reference)
      expect(html).not.toContain(name)
      // the name is shown, escaped, as the heading and in the footer
      expect(html).toContain(`<h1>${escapeHtml(name)}</h1>`)
      expect(html).toContain(`<title>scalecast: ${escapeHtml(name)}</title>`)
      expect(html).toContain(`from scenario “${escapeHtml(name)}”`)
    }
  })
})

describe("htmlReport's content", () => {
  it("is one self-contained document with no script", () => {
    expect(page).toMatch(/^<!doctype html>\n<html lang="en">/)
    expect(page.trimEnd()).toMatch(/<\/html>$/)
    expect(page).toContain('<meta charset="utf-8">')
    expect(tags(page)).not.toContain("script")
    expect(tags(page)).not.toContain("link")
    expect(tags(page)).not.toContain("img")
  })

  it("shows the sections top to bottom: answer, key figures, charts, percentiles, config, assumptions", () => {
    const order = [
      '<p class="answer">',
      "<h2>Key figures</h2>",
      "<h2>Charts</h2>",
      "<h2>Latency percentiles (seconds)</h2>",
      "<h2>Endpoint config (normalised v2, ready to POST)</h2>",
      "<h2>Model assumptions</h2>",
      "<footer>"
    ]
    const at = order.map((s) => page.indexOf(s))
    for (const i of at) expect(i).toBeGreaterThan(0)
    expect([...at].sort((a, b) => a - b)).toEqual(at)
  })

  it("states the question and answer, and the endpoint under the title", () => {
    expect(page).toContain('<p class="subtitle">e on ADA_24 · QUEUE_DELAY 4 s, workers 1–2, idle timeout 5 s, FlashBoot OFF</p>')
    // $0.10 for 100 s: $3.60/h; $0.10 for 2 requests: $50.00 per 1,000
    expect(page).toContain('<p class="answer">e at 2 requests at listed times for 100 s: p95 end-to-end 2.00 s, $3.60 per hour, $50.00 per 1,000 requests</p>')
  })

  it("has a tile per key figure with its label, value and detail", () => {
    const tiles = [
      ...page.matchAll(
        /<div class="tile" data-label="[^"]*"><div class="label">([^<]*)<\/div><div class="value">([^<]*)<\/div><div class="detail">([^<]*)<\/div><\/div>/g
      )
    ].map((m) => ({
      label: unescape(m[1]!),
      value: unescape(m[2]!),
      detail: unescape(m[3]!)
    }))
    expect(tiles).toEqual(kpis(base).map((k) => ({ label: k.label, value: k.value, detail: k.detail })))
    expect(tiles).toHaveLength(8)
  })

  it("draws the four charts in order: workers, latency, cost, starts", () => {
    const ids = [...page.matchAll(/<figure class="chart"><svg[^>]*\sid="([^"]+)"/g)].map((m) => m[1])
    expect(ids).toEqual(["chart-workers", "chart-latency", "chart-cost", "chart-coldstarts"])
  })

  it("tabulates the percentiles with a header cell per column and a row per latency", () => {
    const table = /<table>.*?<\/table>/s.exec(page)![0]
    const header = [.../<thead>(.*?)<\/thead>/s.exec(table)![1]!.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1])
    expect(header).toEqual([...percentileHeader])
    const rows = [...table.matchAll(/<tr><th scope="row">([^<]*)<\/th>(.*?)<\/tr>/g)].map((m) => [
      m[1],
      ...[...m[2]!.matchAll(/<td>([^<]*)<\/td>/g)].map((c) => c[1])
    ])
    expect(rows).toEqual(percentileTable(base).rows.map((r) => [...r]))
    for (const row of rows) expect(row).toHaveLength(header.length)
  })

  it("puts the percentile table in a horizontally scrollable box, so a phone scrolls the table, not the page", () => {
    expect(page).toMatch(/<div class="table-scroll"><table>/)
    expect(page).toMatch(/\.table-scroll \{ overflow-x: auto; \}/)
  })

  it("names the percentile table's unit in its heading: hours once latencies reach days", () => {
    const r: SimResult = { ...base, latency: { ...base.latency, endToEnd: { mean: 3600, p50: 60, p90: 3600, p95: 86_400, p99: 172_800, max: 900_000 } } }
    const html = htmlReport(r)
    expect(html).toContain("<h2>Latency percentiles (hours)</h2>")
    const cells = [.../<table>.*?<\/table>/s.exec(html)![0].matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]!)
    expect(cells.slice(-6)).toEqual(["1.00", "0.02", "1.00", "24.0", "48.0", "250"])
    for (const cell of cells) expect(cell).toMatch(/^[\d,]+\.?\d*$/)
  })

  it("prints the endpoint config as JSON that parses back to the config", () => {
    const pre = /<pre>([^<]*)<\/pre>/.exec(page)![1]!
    expect(JSON.parse(unescape(pre))).toEqual(base.endpoint)
  })

  it("lists each assumption as a term and its description", () => {
    const pairs = [...page.matchAll(/<dt>([^<]*)<\/dt><dd>([^<]*)<\/dd>/g)].map((m) => [m[1], unescape(m[2]!)])
    expect(pairs.map((p) => p[0])).toEqual(expect.arrayContaining(["Traffic", "Scaler", "Cold start", "Pool ADA_24", "Billing", "Run"]))
    expect(pairs.find((p) => p[0] === "Traffic")![1]).toBe("2 requests at listed times; execution 2 s (mean 2.00 s)")
    expect(page).toContain(`seed ${base.scenario.seed}. Simulated figures, not measurements.`)
  })
})

describe("htmlReport with targets", () => {
  const slo = (text: string) => {
    const parsed = parseSlo(text)
    if (!("slo" in parsed)) throw new Error(parsed.error)
    return parsed.slo
  }

  it("lists each target met or missed and outlines the tile it reads", () => {
    // tiny: 2 requests of 2 s on an active worker; cost per hour well under $100, p95 above 0.5 s.
    const html = htmlReport(base, [slo("endToEnd.p95<=0.5"), slo("usdPerHour<=100")])
    expect(html).toMatch(
      /<h2>Targets<\/h2>\n<ul class="targets" aria-label="Targets"><li class="fail">FAIL {2}endToEnd\.p95&lt;=0\.5: [\d.]+ s; misses by [\d.]+ s<\/li><li class="pass">ok {4}usdPerHour&lt;=100: \$[\d.]+<\/li><\/ul>/
    )
    expect(html).toContain('<div class="tile fail" data-label="End-to-end p95"><div class="label">End-to-end p95<span class="badge">misses target</span>')
    expect(html).toContain('<div class="tile pass" data-label="Cost per hour"><div class="label">Cost per hour<span class="badge">meets target</span>')
    expect(html).toContain('<div class="tile" data-label="Cold starts">')
  })

  it("a tile two targets read is missed when either misses", () => {
    const html = htmlReport(base, [slo("endToEnd.p99<=1000"), slo("endToEnd.p50<=0.1")])
    expect(html).toContain('<div class="tile fail" data-label="End-to-end p95">')
  })

  it("without targets: no targets section and no marks", () => {
    expect(page).not.toContain("<h2>Targets</h2>")
    expect(page).not.toMatch(/class="tile (pass|fail)"/)
  })
})
