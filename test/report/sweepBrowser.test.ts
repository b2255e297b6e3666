/**
 * The sweep page in a real browser: Debian's Chromium, headless, driven by playwright-core (never a
 * downloaded browser), at a desktop (1400 px) and a phone (390 px) width. The page must not scroll
 * sideways (wide charts and the table scroll inside their frames), every SVG must have a non-zero
 * box and keep a readable size, the heatmap's values must contrast with their cells as rendered, the
 * table must have a right-aligned row per config, and the page must make no network request and log
 * no error. PNG screenshots land in test-output/ for a person to look at. `.ci/run` installs
 * Chromium; elsewhere the test is skipped when no Chromium binary exists.
 */
import { Result } from "effect"
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { describe, expect, it } from "vitest"
import { defaultPriceCatalog } from "../../src/models/PriceCatalog.ts"
import { decodeScenario } from "../../src/models/Scenario.ts"
import { parseSlo, runMetricNames, type Slo } from "../../src/models/Slo.ts"
import { contrast } from "../../src/report/SweepHeatmap.ts"
import { sweepHtml } from "../../src/report/SweepReport.ts"
import type { RunMetrics } from "../../src/sim/Replications.ts"
import { summariseSweep, type SweepConfig } from "../../src/sim/Sweep.ts"
import type { Variation } from "../../src/models/Variation.ts"
import { chromiumPath, launchChromium, outputDir, watch, withoutChromium } from "./chromium.ts"

/** The scenario with the endpoint's scaling.value and workers.max as given. */
const scenarioWith = (value: number, max: number) => {
  const decoded = decodeScenario(
    {
      name: "sweep-page",
      seed: 7,
      durationSeconds: 600,
      endpoint: { name: "e", image: "i", gpu: { pools: ["ADA_24"] }, workers: { min: 0, max }, scaling: { type: "QUEUE_DELAY", value } },
      workload: { arrivals: { type: "poisson", ratePerSecond: 1 }, executionSeconds: { type: "exponential", mean: 1 } }
    },
    defaultPriceCatalog
  )
  if (Result.isFailure(decoded)) throw new Error("test scenario invalid")
  return decoded.success.scenario
}
const zero = Object.fromEntries(runMetricNames.map((name) => [name, 0])) as RunMetrics
const slo = (text: string): Slo => {
  const r = parseSlo(text)
  if ("error" in r) throw new Error(r.error)
  return r.slo
}

/**
 * A sweep summarised from made-up replications: `figures(values, replication)` gives a run's cost
 * per hour and end-to-end p95; a combination `invalid` names is not run. Knob values not varied are
 * scaling.value 4 and workers.max 3.
 */
const sweepOf = (
  variations: ReadonlyArray<Variation>,
  figures: (values: ReadonlyArray<number>, r: number) => readonly [number, number],
  invalid: (values: ReadonlyArray<number>) => boolean = () => false
) => {
  const setting = (values: ReadonlyArray<number>, path: string) => values[variations.findIndex((v) => v.path === path)]
  const combos = variations.reduce<Array<Array<number>>>((acc, v) => acc.flatMap((c) => v.values.map((x) => [...c, x as number])), [[]])
  const configs: Array<SweepConfig> = combos.map((values) => ({
    label: values.map((x, i) => `${variations[i]!.path.replace(/^endpoint\./, "")}=${x}`).join(" "),
    settings: values.map((x, i) => [variations[i]!.path, x] as const),
    scenario: invalid(values) ? undefined : scenarioWith(setting(values, "endpoint.scaling.value") ?? 4, setting(values, "endpoint.workers.max") ?? 3),
    invalid: invalid(values) ? "endpoint.workers.min: expected at most workers.max" : undefined
  }))
  const runs = configs.flatMap((c, config) =>
    c.scenario === undefined
      ? []
      : [0, 1, 2].map((r) => {
          const [usd, p95] = figures(combos[config]!, r)
          return { config, metrics: { ...zero, usdPerHour: usd, usdPer1000: usd / 7, "endToEnd.p95": p95, "delayTime.p95": p95 * 0.8 } as RunMetrics }
        })
  )
  return summariseSweep(scenarioWith(4, 3), variations, configs, 3, [slo("endToEnd.p95<=6")], runs)
}

// Two knobs, costs far from 0, one config whose p95 is not reached and one invalid combination.
const grid = sweepOf(
  [
    { path: "endpoint.scaling.value", values: [1, 2, 3, 4, 5, 6] },
    { path: "endpoint.workers.max", values: [3, 5, 8] }
  ],
  ([value, max], r) => [
    3.3 + (max! - 3) * 0.55 - value! * 0.06 * (max! - 3) + r * 0.01,
    value === 6 && max === 5 && r === 1 ? Number.POSITIVE_INFINITY : 25 / (max! - 2) + value! * 0.4 + r * 0.2
  ],
  ([value, max]) => value === 6 && max === 3
)

// One knob, costs and latencies spanning orders of magnitude (log axes, no heatmap).
const wide = sweepOf([{ path: "endpoint.workers.max", values: [1, 2, 4, 8, 16, 32, 64] }], ([max], r) => [0.4 * max! + r * 0.01, 60 / max! + r * 0.05])

// Reason for skipIf: a developer machine may lack Chromium; CI installs it (and CI=true fails loudly below).
describe.skipIf(withoutChromium)("sweep page in headless Chromium", () => {
  it("reads at 1400 px and 390 px: no sideways page scroll, every chart drawn, offline, without errors", { timeout: 120_000 }, async () => {
    expect(chromiumPath, "CI must have Debian's chromium installed (.ci/run does it)").toBeDefined()
    const dir = mkdtempSync(join(tmpdir(), "scalecast-sweep-html-"))
    const browser = await launchChromium({ width: 1400, height: 1000 })
    try {
      mkdirSync(outputDir, { recursive: true })
      for (const [name, sweep, charts] of [
        ["grid", grid, ["chart-pareto", "chart-heatmap"]],
        ["one-knob", wide, ["chart-pareto"]]
      ] as const) {
        const file = join(dir, `${name}.html`)
        writeFileSync(file, sweepHtml(sweep, "endToEnd.p95"))
        for (const width of [1400, 390]) {
          const page = await browser.newPage()
          await page.setViewportSize({ width, height: 1000 })
          const { requests, errors } = watch(page, pathToFileURL(file).href)
          await page.goto(pathToFileURL(file).href, { waitUntil: "load" })
          const at = `${name} at ${width} px`

          const overflow = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }))
          expect(overflow.scrollWidth, at).toBeLessThanOrEqual(overflow.innerWidth)

          const boxes = await page.$$eval("svg", (svgs) =>
            svgs.map((svg) => {
              const box = (svg as SVGSVGElement).getBBox()
              const rendered = svg.getBoundingClientRect()
              return { id: svg.id, width: box.width, height: box.height, renderedWidth: rendered.width, renderedHeight: rendered.height }
            })
          )
          expect(boxes.map((b) => b.id)).toEqual(charts)
          for (const b of boxes) {
            expect(b.width, `${b.id}, ${at}`).toBeGreaterThan(100)
            expect(b.height, `${b.id}, ${at}`).toBeGreaterThan(100)
            // Drawn at no less than 600 of its 760 units, so 12 px chart text stays 9.5 px or more.
            expect(b.renderedWidth, `${b.id}, ${at}`).toBeGreaterThanOrEqual(600)
            expect(b.renderedHeight, `${b.id}, ${at}`).toBeGreaterThan(200)
          }

          const points = await page.$$eval("#chart-pareto circle.config", (cs) => cs.length)
          expect(points, at).toBe(sweep.configs.filter((c) => c.metrics !== undefined).length)

          const table = await page.$$eval("table.configs tbody tr", (rows) =>
            rows.map((tr) => ({
              cls: tr.className,
              background: getComputedStyle(tr).backgroundColor,
              align: Array.from(tr.querySelectorAll("td:not(.verdict)")).map((td) => getComputedStyle(td).textAlign)
            }))
          )
          expect(table, at).toHaveLength(sweep.configs.length)
          for (const row of table) {
            expect(row.align, at).toHaveLength(11)
            expect(new Set(row.align), at).toEqual(new Set(["right"]))
          }
          const recommended = table.filter((r) => r.cls.split(" ").includes("recommended"))
          expect(recommended, at).toHaveLength(1)
          expect(recommended[0]!.background, at).not.toBe(table.find((r) => !r.cls.includes("recommended"))!.background)

          const cells = await page.$$eval("#chart-heatmap text.cell-value", (texts) =>
            texts.map((t) => ({ text: t.textContent, ink: getComputedStyle(t).fill, cell: getComputedStyle(t.previousElementSibling!).fill }))
          )
          expect(cells, at).toHaveLength(name === "grid" ? sweep.configs.length : 0)
          for (const c of cells) if (c.text !== "invalid") expect(contrast(c.cell, c.ink), `${c.text} on ${c.cell}, ${at}`).toBeGreaterThanOrEqual(4.5)
          if (name === "grid") expect(new Set(cells.map((c) => c.ink)), at).toEqual(new Set(["rgb(0, 0, 0)", "rgb(255, 255, 255)", "rgb(82, 96, 109)"]))

          expect(requests, at).toEqual([])
          expect(errors, at).toEqual([])
          const png = join(outputDir, `sweep-${name}-${width}.png`)
          await page.screenshot({ path: png, fullPage: true })
          expect(existsSync(png)).toBe(true)
          await page.close()
        }
      }
    } finally {
      await browser.close()
    }
  })
})
