/**
 * The explore page in a real browser (Debian's Chromium, headless, driven by playwright-core): the
 * page written by `scalecast explore` re-simulates as knobs move, and its report is the object
 * `scalecast simulate --json` prints for the same config and seed, byte for byte. Also: the URL hash
 * reproduces a view, `?slo=` marks tiles, invalid values show problems, a long run shows progress
 * and is cancelled by the next change while the page stays responsive, the page makes no network
 * request and logs no error, and it reads at 1400 px and at a phone's width. Screenshots land in
 * test-output/ for a person to look at.
 */
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import type { BrowserContext, Page } from "playwright-core"
import { stringify } from "yaml"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { quickstart } from "../../scenarios/quickstart.ts"
import { inProcess, scratchFolder } from "../cli/cli.ts"
import { chromiumPath, launchChromium, outputDir, watch, withoutChromium } from "./chromium.ts"

const explore = inProcess("explore")
const simulate = inProcess("simulate")
const folder = scratchFolder("scalecast-explore-")

/** The quickstart document with v2 endpoint fields and top-level fields replaced. */
const edited = (endpoint: Record<string, unknown>, top: Record<string, unknown> = {}) => ({
  ...quickstart,
  ...top,
  endpoint: { ...(quickstart.endpoint as Record<string, unknown>), ...endpoint }
})

/** What `scalecast simulate <doc> --json` prints. */
const cliReport = async (name: string, doc: unknown): Promise<string> => {
  const file = folder.file(`${name}.yaml`, stringify(doc))
  const run = await simulate([file, "--json"])
  expect(run.exitCode, run.stderr).toBe(0)
  return run.stdout
}

let context: BrowserContext
let page: Page
let quickstartPage = ""
let requests: Array<string> = []
let errors: Array<string> = []

const open = async (url: string, width = 1400) => {
  await page.setViewportSize({ width, height: 1000 })
  await page.goto(url, { waitUntil: "load" })
  await settled()
}

/** Waits until the latest change has been simulated (or found invalid). */
const settled = () =>
  page.waitForFunction(() => (window as unknown as { scalecast?: { idle(): boolean } }).scalecast?.idle() === true, null, { timeout: 60_000 })

const report = () => page.evaluate(() => JSON.stringify((window as unknown as { scalecast: { report(): unknown } }).scalecast.report(), null, 2))

const shot = async (name: string) => {
  mkdirSync(outputDir, { recursive: true })
  await page.screenshot({ path: join(outputDir, name), fullPage: true })
}

// Reason for skipIf: a developer machine may lack Chromium; CI installs it (and CI=true fails loudly below).
describe.skipIf(withoutChromium)("explore page in headless Chromium", () => {
  beforeAll(async () => {
    expect(chromiumPath, "CI must have Debian's chromium installed (.ci/run does it)").toBeDefined()
    const scenario = folder.file("quickstart.yaml", stringify(quickstart))
    quickstartPage = join(folder.dir, "quickstart.explore.html")
    const written = await explore([scenario, "--html", quickstartPage])
    expect(written.exitCode, written.stderr).toBe(0)
    context = await launchChromium()
    page = await context.newPage()
    // The pages opened (file:) and the worker's blob: URL are not network requests; anything else is.
    ;({ requests, errors } = watch(page))
  }, 120_000)

  afterAll(async () => {
    await context?.close()
    expect(requests).toEqual([])
    expect(errors).toEqual([])
  })

  it("first shows the scenario as given: the report simulate --json prints", { timeout: 120_000 }, async () => {
    await open(pathToFileURL(quickstartPage).href)
    expect(await report()).toBe(await cliReport("given", quickstart))
    expect(await page.textContent("#tiles")).toContain("End-to-end p95")
    const names = await page.$$eval("#knobs [name]", (els) => els.map((e) => e.getAttribute("name")))
    expect(names).toEqual([
      "scaling.type",
      "scaling.value",
      "scaling.idleTimeout",
      "workers.min",
      "workers.max",
      "flashboot",
      "gpu.pools",
      "timeout",
      "workload.arrivals.rateMultiplier",
      "seed"
    ])
    // Every knob explains its RunPod meaning on hover.
    const titles = await page.$$eval("#knobs .knob", (els) => els.map((e) => e.getAttribute("title") ?? ""))
    expect(titles.every((t) => t.length > 30)).toBe(true)
    const svgs = await page.$$eval("figure.chart svg", (els) => els.map((e) => ({ id: e.id, width: (e as SVGSVGElement).getBBox().width })))
    expect(svgs.map((s) => s.id)).toEqual(["chart-workers", "chart-latency", "chart-cost", "chart-coldstarts"])
    for (const s of svgs) expect(s.width, s.id).toBeGreaterThan(100)
    await shot("explore-before.png")
  })

  it("re-simulates as knobs move, with the keyboard too, and agrees with the CLI", { timeout: 120_000 }, async () => {
    await open(pathToFileURL(quickstartPage).href)
    await page.fill('[name="scaling.value"]', "2")
    await settled()
    // workers.max by its slider and the keyboard: one step right from 5.
    await page.focus('input[type=range][data-for="workers.max"]')
    await page.keyboard.press("ArrowRight")
    await settled()
    await page.selectOption('[name="flashboot"]', "FLASHBOOT")
    await settled()
    await page.fill('[name="scaling.idleTimeout"]', "30")
    await settled()
    await page.fill('[name="workload.arrivals.rateMultiplier"]', "1.5")
    await settled()
    await page.fill('[name="seed"]', "7")
    await settled()
    const values = await page.evaluate(() => (window as unknown as { scalecast: { values(): Record<string, unknown> } }).scalecast.values())
    expect(values).toMatchObject({ "scaling.value": 2, "workers.max": 6, flashboot: "FLASHBOOT", "scaling.idleTimeout": 30, seed: 7 })
    const expected = await cliReport(
      "moved",
      edited(
        { workers: { min: 0, max: 6 }, scaling: { type: "QUEUE_DELAY", value: 2, idleTimeout: 30 }, flashboot: "FLASHBOOT" },
        { seed: 7, workload: { ...quickstart.workload, arrivals: { type: "poisson", ratePerSecond: 2, rateMultiplier: 1.5 } } }
      )
    )
    expect(await report()).toBe(expected)
    // The v2 JSON shown (and copied) is the moved config.
    const v2 = JSON.parse((await page.textContent("#v2")) ?? "") as { scaling: { value: number }; workers: { max: number }; flashboot: string }
    expect([v2.scaling.value, v2.workers.max, v2.flashboot]).toEqual([2, 6, "FLASHBOOT"])
    await page.click("#copy-v2")
    await expect.poll(() => page.textContent("#copy-note")).toMatch(/copied|selected/)
    await shot("explore-after.png")

    // The hash holds the values: a fresh load of the link shows the same report.
    const link = page.url()
    expect(new URL(link).hash).toContain("scaling.value=2")
    await page.goto("about:blank")
    await open(link)
    expect(await report()).toBe(expected)
  })

  it("reorders GPU pools with the buttons and runs on the new order", { timeout: 120_000 }, async () => {
    await open(pathToFileURL(quickstartPage).href)
    await page.selectOption("#pool-add", "AMPERE_24")
    await settled()
    await page.click('button[data-pool-up="1"]')
    await settled()
    expect(await page.inputValue('[name="gpu.pools"]')).toBe("AMPERE_24,ADA_24")
    expect(await report()).toBe(await cliReport("pools", edited({ gpu: { pools: ["AMPERE_24", "ADA_24"] } })))
  })

  it("marks tiles against ?slo= targets", { timeout: 120_000 }, async () => {
    await open(`${pathToFileURL(quickstartPage).href}?slo=endToEnd.p95<=6&slo=usdPerHour<=10`)
    expect(await page.getAttribute('.tile[data-label="End-to-end p95"]', "class")).toContain("fail")
    expect(await page.getAttribute('.tile[data-label="Cost per hour"]', "class")).toContain("pass")
    const lines = await page.$$eval("#targets li", (els) => els.map((e) => `${e.className} ${e.textContent}`))
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^fail FAIL {2}endToEnd\.p95<=6: 8\.\d+ s; misses by/)
    expect(lines[1]).toMatch(/^pass ok {4}usdPerHour<=10: \$4\./)
    // Enough warm workers meet the latency target: the tile turns.
    await page.fill('[name="workers.min"]', "5")
    await settled()
    expect(await page.getAttribute('.tile[data-label="End-to-end p95"]', "class")).toContain("pass")
    await shot("explore-slo.png")
  })

  it("shows why a config cannot be simulated, and recovers", { timeout: 120_000 }, async () => {
    await open(pathToFileURL(quickstartPage).href)
    await page.fill('[name="workers.min"]', "9")
    await settled()
    expect(await page.isVisible("#problems")).toBe(true)
    expect(await page.textContent("#problems")).toContain("workers.min")
    expect(await page.getAttribute("#results", "class")).toContain("stale")
    await page.fill('[name="workers.min"]', "1")
    await settled()
    expect(await page.isVisible("#problems")).toBe(false)
    expect(await report()).toBe(await cliReport("min1", edited({ workers: { min: 1, max: 5 } })))
  })

  it("shows progress on a long run, stays responsive, and the next change cancels it", { timeout: 180_000 }, async () => {
    const long = folder.file(
      "long.yaml",
      stringify({
        ...quickstart,
        name: "long",
        durationSeconds: 6 * 3600,
        workload: { ...quickstart.workload, arrivals: { type: "poisson", ratePerSecond: 100 } },
        endpoint: { ...(quickstart.endpoint as Record<string, unknown>), workers: { min: 0, max: 300 } }
      })
    )
    const file = join(folder.dir, "long.explore.html")
    expect((await explore([long, "--html", file])).exitCode).toBe(0)
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" })
    await page.waitForFunction(() => !(document.getElementById("progress") as HTMLProgressElement).hidden, null, { timeout: 60_000 })
    // The main thread answers while the worker simulates.
    expect(await page.evaluate(() => (window as unknown as { scalecast: { idle(): boolean } }).scalecast.idle())).toBe(false)
    await page.waitForFunction(() => (document.getElementById("progress") as HTMLProgressElement).value > 0, null, { timeout: 60_000 })
    // A change mid-run: the first run is abandoned, only the new values' report arrives.
    await page.fill('[name="seed"]', "5")
    await settled()
    const shown = JSON.parse(await report()) as { scenario: { seed: number } }
    expect(shown.scenario.seed).toBe(5)
    expect(await page.textContent("#status")).toMatch(/requests simulated/)
  })

  it("reads at a phone's width: no sideways scrolling, knobs first", { timeout: 120_000 }, async () => {
    await open(pathToFileURL(quickstartPage).href, 390)
    const layout = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      knobsTop: document.getElementById("knobs")!.getBoundingClientRect().top,
      tilesTop: document.getElementById("tiles")!.getBoundingClientRect().top
    }))
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth)
    expect(layout.knobsTop).toBeLessThan(layout.tilesTop)
    await shot("explore-phone.png")
    await open(pathToFileURL(quickstartPage).href, 1400)
    const wide = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }))
    expect(wide.scrollWidth).toBeLessThanOrEqual(wide.innerWidth)
  })
})
