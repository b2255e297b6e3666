/**
 * The backtest page in a real browser (see chromium.ts), on the README's example records, at a
 * desktop width (1400 px) and a phone's (390 px): the page never scrolls sideways, its chart sits
 * inside the screen (scrolling in its frame when wider), the comparison table fits or scrolls in its
 * own box, no network request, no error. Screenshots land in test-output/.
 */
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { describe, expect, it } from "vitest"
import { inProcess, scratchFolder } from "../cli/cli.ts"
import { chromiumPath, launchChromium, outputDir, watch, withoutChromium } from "./chromium.ts"

const example = (path: string) => fileURLToPath(new URL(`../../examples/${path}`, import.meta.url))
const folder = scratchFolder("scalecast-backtest-page-")

// Reason for skipIf: a developer machine may lack Chromium; CI installs it (and CI=true fails loudly below).
describe.skipIf(withoutChromium)("backtest page in headless Chromium", () => {
  it("reads at 1400 px and at a phone's width", { timeout: 120_000 }, async () => {
    expect(chromiumPath, "CI must have Debian's chromium installed (.ci/run does it)").toBeDefined()
    const file = join(folder.dir, "backtest.html")
    const run = await inProcess("backtest")([example("scenarios/whisper-like.yaml"), "--jobs", example("records/whisper-jobs.jsonl"), "--html", file])
    expect(run.exitCode, run.stderr).toBe(0)
    const browser = await launchChromium()
    try {
      mkdirSync(outputDir, { recursive: true })
      for (const width of [1400, 390]) {
        const page = await browser.newPage()
        const { requests, errors } = watch(page, pathToFileURL(file).href)
        await page.setViewportSize({ width, height: 900 })
        await page.goto(pathToFileURL(file).href, { waitUntil: "load" })
        const m = await page.evaluate(() => {
          const scrolls = (e: Element) => ["auto", "scroll"].includes(getComputedStyle(e).overflowX)
          const box = (e: Element) => e.getBoundingClientRect()
          return {
            innerWidth,
            scrollWidth: document.documentElement.scrollWidth,
            charts: Array.from(document.querySelectorAll("figure.chart")).map((f) => ({
              frame: box(f).right,
              svg: box(f.querySelector("svg")!),
              scrolls: scrolls(f)
            })),
            tables: Array.from(document.querySelectorAll("table")).map((t) => ({
              right: box(t).right,
              frame: t.parentElement !== null && scrolls(t.parentElement) ? box(t.parentElement).right : null
            }))
          }
        })
        const at = `${width} px`
        expect(m.scrollWidth, at).toBeLessThanOrEqual(m.innerWidth)
        expect(m.charts.length, at).toBeGreaterThanOrEqual(1)
        for (const c of m.charts) {
          expect(c.svg.width, at).toBeGreaterThanOrEqual(560)
          expect(c.svg.height, at).toBeGreaterThan(100)
          expect(c.frame, at).toBeLessThanOrEqual(m.innerWidth)
          if (c.svg.right > m.innerWidth) expect(c.scrolls, at).toBe(true)
        }
        expect(m.tables, at).toHaveLength(1)
        for (const t of m.tables) if (t.right > m.innerWidth) expect(t.frame, `${at}: a table wider than the screen scrolls in its box`).not.toBeNull()
        expect(requests, at).toEqual([])
        expect(errors, at).toEqual([])
        await page.screenshot({ path: join(outputDir, `backtest-${width}.png`), fullPage: true })
        await page.close()
      }
    } finally {
      await browser.close()
    }
  })
})
