/**
 * The HTML report in a real browser: Debian's Chromium, headless, driven by playwright-core (never a
 * downloaded browser). Every chart's SVG must have a non-zero bounding box, the page must make no
 * network request and log no error. At a desktop width (1400 px) and a phone's (390 px) the
 * quickstart and lunch-peak reports must not scroll sideways, every chart must be on screen, a
 * table wider than the screen must sit in a box that scrolls it, and the latency chart's labels
 * (as rendered, not as estimated) must stay apart and inside the chart. PNG screenshots land in
 * test-output/ for a person to look at. `.ci/run` installs Chromium; elsewhere the tests are
 * skipped when no Chromium binary exists.
 */
import { Effect } from "effect"
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { describe, expect, it } from "vitest"
import { htmlReport } from "../../src/report/Html.ts"
import { simulate } from "../../src/sim/simulate.ts"
import { quickstart } from "../../scenarios/quickstart.ts"
import { lunchDefault } from "../../scenarios/lunch-peak.ts"
import { RunPodModels } from "../../src/models/Models.ts"
import type { ScenarioInput } from "../../src/index.ts"
import { chromiumPath, launchChromium, outputDir, watch, withoutChromium } from "./chromium.ts"

/** The scenario's HTML report, written to a fresh folder; its path. */
const reportFile = async (scenario: ScenarioInput): Promise<string> => {
  const report = await Effect.runPromise(simulate(scenario).pipe(Effect.provide(RunPodModels)))
  const file = join(mkdtempSync(join(tmpdir(), "scalecast-html-")), "report.html")
  writeFileSync(file, htmlReport(report))
  return file
}

interface Box {
  readonly text: string
  readonly left: number
  readonly right: number
  readonly top: number
  readonly bottom: number
}

const overlap = (a: Box, b: Box): boolean => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom

// Reason for skipIf: a developer machine may lack Chromium; CI installs it (and CI=true fails loudly below).
describe.skipIf(withoutChromium)("HTML report in headless Chromium", () => {
  it("renders every chart, offline, without errors", { timeout: 120_000 }, async () => {
    expect(chromiumPath, "CI must have Debian's chromium installed (.ci/run does it)").toBeDefined()
    const file = await reportFile(quickstart)
    const browser = await launchChromium({ width: 900, height: 1200 })
    try {
      const page = await browser.newPage()
      const { requests, errors } = watch(page, pathToFileURL(file).href)
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" })
      const boxes = await page.$$eval("figure.chart svg", (svgs) =>
        svgs.map((svg) => {
          const box = (svg as SVGSVGElement).getBBox()
          return { id: svg.id, width: box.width, height: box.height }
        })
      )
      expect(boxes.map((b) => b.id)).toEqual(["chart-workers", "chart-latency", "chart-cost", "chart-coldstarts"])
      for (const b of boxes) {
        expect(b.width, b.id).toBeGreaterThan(100)
        expect(b.height, b.id).toBeGreaterThan(100)
      }
      expect(requests).toEqual([])
      expect(errors).toEqual([])
      mkdirSync(outputDir, { recursive: true })
      await page.screenshot({ path: join(outputDir, "quickstart-report.png"), fullPage: true })
      expect(existsSync(join(outputDir, "quickstart-report.png"))).toBe(true)
    } finally {
      await browser.close()
    }
  })

  it(
    "stays readable at 1400 px and at a 390 px phone width: no sideways scroll, charts on screen, tables whole or scrollable, latency labels apart",
    { timeout: 180_000 },
    async () => {
      expect(chromiumPath, "CI must have Debian's chromium installed (.ci/run does it)").toBeDefined()
      const reports = [
        { name: "quickstart", file: await reportFile(quickstart) },
        { name: "lunch-peak", file: await reportFile(lunchDefault) }
      ]
      const browser = await launchChromium({ width: 1400, height: 900 })
      try {
        const page = await browser.newPage()
        mkdirSync(outputDir, { recursive: true })
        for (const { name, file } of reports)
          for (const width of [1400, 390]) {
            const at = `${name} at ${width} px`
            await page.setViewportSize({ width, height: 900 })
            await page.goto(pathToFileURL(file).href, { waitUntil: "load" })
            const m = await page.evaluate(() => {
              const box = (e: Element) => {
                const r = e.getBoundingClientRect()
                return { text: e.textContent ?? "", left: r.left, right: r.right, top: r.top, bottom: r.bottom }
              }
              const scroller = (e: Element) => {
                for (let p = e.parentElement; p !== null; p = p.parentElement) if (["auto", "scroll"].includes(getComputedStyle(p).overflowX)) return p
                return null
              }
              const latency = document.getElementById("chart-latency")!
              return {
                innerWidth,
                scrollWidth: document.documentElement.scrollWidth,
                charts: Array.from(document.querySelectorAll("figure.chart svg")).map((svg) => ({
                  id: svg.id,
                  ...box(svg),
                  frame: box(svg.closest("figure")!),
                  scrolls: getComputedStyle(svg.closest("figure")!).overflowX === "auto"
                })),
                tables: Array.from(document.querySelectorAll("table")).map((t) => {
                  const s = scroller(t)
                  return { table: box(t), scroller: s === null ? null : { ...box(s), scrollWidth: s.scrollWidth, tableWidth: t.getBoundingClientRect().width } }
                }),
                latency: box(latency),
                labels: Array.from(latency.querySelectorAll(".chart-title, .legend-name, .percentile-label")).map(box),
                ticks: Array.from(latency.querySelectorAll(".x-axis .tick text")).map(box)
              }
            })
            // no sideways page scroll
            expect(m.scrollWidth, at).toBeLessThanOrEqual(m.innerWidth)
            // every chart drawn at a size its text reads at (at least 560 px wide, 12 px text at 9 px or
            // more), inside the screen's width or scrolling sideways inside a frame that is
            expect(m.charts.map((c) => c.id)).toEqual(["chart-workers", "chart-latency", "chart-cost", "chart-coldstarts"])
            for (const c of m.charts) {
              expect(c.right - c.left, `${at}: ${c.id}`).toBeGreaterThanOrEqual(width === 390 ? 560 : 600)
              expect(c.bottom - c.top, `${at}: ${c.id}`).toBeGreaterThan(100)
              expect(c.frame.left, `${at}: ${c.id}`).toBeGreaterThanOrEqual(0)
              expect(c.frame.right, `${at}: ${c.id}`).toBeLessThanOrEqual(m.innerWidth)
              if (c.right > m.innerWidth) expect(c.scrolls, `${at}: ${c.id} is wider than the screen and needs a scrolling frame`).toBe(true)
            }
            // a table fits the screen, or scrolls inside a box that does (and holds all of it)
            expect(m.tables.length, at).toBeGreaterThanOrEqual(1)
            for (const t of m.tables)
              if (t.table.right > m.innerWidth) {
                expect(t.scroller, `${at}: a table wider than the screen needs a scrolling box`).not.toBeNull()
                expect(t.scroller!.right, at).toBeLessThanOrEqual(m.innerWidth)
                expect(t.scroller!.scrollWidth, at).toBeGreaterThanOrEqual(Math.floor(t.scroller!.tableWidth))
              }
            // the latency chart's title, legend names and percentile labels: apart, and inside the chart
            expect(
              m.labels.filter((l) => /^p(50|95|99) /.test(l.text)),
              at
            ).toHaveLength(6)
            for (const l of m.labels) {
              expect(l.left, `${at}: ${l.text}`).toBeGreaterThanOrEqual(m.latency.left)
              expect(l.right, `${at}: ${l.text}`).toBeLessThanOrEqual(m.latency.right)
              expect(l.top, `${at}: ${l.text}`).toBeGreaterThanOrEqual(m.latency.top)
            }
            m.labels.forEach((a, i) => m.labels.slice(i + 1).forEach((b) => expect(overlap(a, b), `${at}: "${a.text}" / "${b.text}"`).toBe(false)))
            m.ticks.forEach((a, i) => i > 0 && expect(overlap(m.ticks[i - 1]!, a), `${at}: ticks "${m.ticks[i - 1]!.text}" / "${a.text}"`).toBe(false))
            const png = join(outputDir, `${name}-report-${width}.png`)
            await page.screenshot({ path: png, fullPage: true })
            expect(existsSync(png)).toBe(true)
          }
      } finally {
        await browser.close()
      }
    }
  )
})
