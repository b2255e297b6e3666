/**
 * The HTML report in a real browser: Debian's Chromium, headless, driven by playwright-core (never a
 * downloaded browser). Every chart's SVG must have a non-zero bounding box, the page must make no
 * network request and log no error. A PNG screenshot lands in test-output/ for a person to look at.
 * `.ci/run` installs Chromium; elsewhere the test is skipped when no Chromium binary exists.
 */
import { Effect } from "effect"
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { chromium } from "playwright-core"
import { describe, expect, it } from "vitest"
import { htmlReport } from "../../src/report/Html.ts"
import { simulate } from "../../src/sim/simulate.ts"
import { quickstart } from "../../scenarios/quickstart.ts"
import { RunPodModels } from "../../src/models/Models.ts"

const chromiumPath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p))
const outputDir = fileURLToPath(new URL("../../test-output/", import.meta.url))

// Reason for skipIf: a developer machine may lack Chromium; CI installs it (and CI=true fails loudly below).
describe.skipIf(chromiumPath === undefined && process.env.CI !== "true")("HTML report in headless Chromium", () => {
  it("renders every chart, offline, without errors", { timeout: 120_000 }, async () => {
    expect(chromiumPath, "CI must have Debian's chromium installed (.ci/run does it)").toBeDefined()
    const report = await Effect.runPromise(simulate(quickstart).pipe(Effect.provide(RunPodModels)))
    const dir = mkdtempSync(join(tmpdir(), "scalecast-html-"))
    const file = join(dir, "report.html")
    writeFileSync(file, htmlReport(report))
    // A fresh user-data-dir for every run (Playwright passes it as --user-data-dir).
    const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "scalecast-chromium-")), {
      executablePath: chromiumPath!,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync"
      ],
      viewport: { width: 900, height: 1200 }
    })
    try {
      const page = await browser.newPage()
      const requests: Array<string> = []
      const errors: Array<string> = []
      page.on("request", (req) => {
        if (req.url() !== pathToFileURL(file).href) requests.push(req.url())
      })
      page.on("console", (msg) => {
        if (msg.type() === "error") errors.push(msg.text())
      })
      page.on("pageerror", (e) => errors.push(e.message))
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
})
