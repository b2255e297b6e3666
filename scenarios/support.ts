/**
 * What every scenario file does when run with `npx tsx scenarios/<file>.ts`: simulate, print the
 * summary, write `reports/<file>.html` (a file with several scenarios: `reports/<file>/<scenario>.html`)
 * and print its path (and a comparison for scenarios that ask a question of two configs). Bad scenarios print their problems and exit 2, like the CLI.
 */
import { Effect } from "effect"
import { mkdirSync, writeFileSync } from "node:fs"
import { basename, dirname, extname, join, relative } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { htmlReport, RunPodModels, simulate, textSummary, useColor, type ScenarioInput, type SimResult } from "../src/index.ts"
import { formatSeconds, formatShare } from "../src/report/Format.ts"

const reportsFolder = fileURLToPath(new URL("../reports/", import.meta.url))

// A reader that went away (`| head -1`): nothing more can be shown, and nothing is wrong.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code !== "EPIPE" && e.code !== "ERR_STREAM_DESTROYED") throw e
})

/** A file name for a scenario name: "FlashBoot on" → "flashboot-on". */
export const slug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "") || "scenario"

/**
 * Where a scenario file's report goes: `reports/<file>.html` for a file with one scenario, else
 * `reports/<file>/<scenario>.html` (the scenario's name as a slug).
 */
export const reportPath = (scriptPath: string, scenarioName: string, scenarios: number): string => {
  const file = basename(scriptPath, extname(scriptPath))
  return scenarios === 1 ? join(reportsFolder, `${file}.html`) : join(reportsFolder, file, `${slug(scenarioName)}.html`)
}

/** True when the module at `url` is the script node was asked to run. */
export const isMain = (url: string): boolean => process.argv[1] !== undefined && url === pathToFileURL(process.argv[1]).href

const failed = (e: { readonly problems: ReadonlyArray<{ readonly path: string; readonly message: string }> }): never => {
  for (const p of e.problems) console.error(`${p.path}: ${p.message}`)
  process.exit(2)
}

/** Runs scenarios one after another; relative trace paths resolve against `baseDir` (the scenario file's folder). */
export const runScenarios = async (scenarios: ReadonlyArray<ScenarioInput>, baseDir?: string): Promise<Array<SimResult>> => {
  const results: Array<SimResult> = []
  for (const s of scenarios) {
    const r = await Effect.runPromise(
      Effect.catchTag(simulate(s, { baseDir }), "ScenarioError", (e) => Effect.sync(() => failed(e))).pipe(Effect.provide(RunPodModels))
    )
    results.push(r)
    console.log(textSummary(r, { color: useColor(process.stdout, process.env) }))
    const file = reportPath(process.argv[1] ?? "scenario", r.scenario.name, scenarios.length)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, htmlReport(r))
    console.log(`\nHTML report: ${relative(process.cwd(), file)}\n`)
  }
  return results
}

const money = (x: number) => `$${x.toFixed(x >= 1 ? 2 : 4)}`

/** The end-to-end p95 as targets read it (requests that did not complete count as infinitely late). */
const p95 = (r: SimResult) => r.figures["endToEnd.p95"]

/** One line comparing two results on the figures a RunPod user decides by. */
export const comparison = (label: string, a: SimResult, b: SimResult): string =>
  `${label}: p95 end-to-end ${formatSeconds(p95(a))} → ${formatSeconds(p95(b))}, ` +
  `cold-start share ${formatShare(a.coldStarts.coldStartShare)} → ${formatShare(b.coldStarts.coldStartShare)}, ` +
  `cost ${money(a.cost.perHourUsd)}/h → ${money(b.cost.perHourUsd)}/h`

/** One line saying whether a run meets an end-to-end p95 target. */
export const verdict = (r: SimResult, p95TargetSeconds: number): string => {
  const x = p95(r)
  return `${r.scenario.name}: p95 end-to-end ${formatSeconds(x)} ${x !== null && x <= p95TargetSeconds ? "meets" : "MISSES"} the ${p95TargetSeconds} s target, $${r.cost.perHourUsd.toFixed(2)}/h`
}
