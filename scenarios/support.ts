/**
 * What every scenario file does when run with `npx tsx scenarios/<name>.ts`: simulate, print the
 * summary (and a comparison for scenarios that ask a question of two configs). Bad scenarios print
 * their problems and exit 2, like the CLI.
 */
import { Effect } from "effect"
import { pathToFileURL } from "node:url"
import { simulate, textSummary, type ScenarioInput, type SimResult } from "../src/index.ts"

/** True when the module at `url` is the script node was asked to run. */
export const isMain = (url: string): boolean => process.argv[1] !== undefined && url === pathToFileURL(process.argv[1]).href

const failed = (e: { readonly problems: ReadonlyArray<{ readonly path: string; readonly message: string }> }): never => {
  for (const p of e.problems) console.error(`${p.path}: ${p.message}`)
  process.exit(2)
}

export const runScenarios = async (scenarios: ReadonlyArray<ScenarioInput>): Promise<Array<SimResult>> => {
  const results: Array<SimResult> = []
  for (const s of scenarios) {
    const r = await Effect.runPromise(Effect.catchTag(simulate(s), "ScenarioError", (e) => Effect.sync(() => failed(e))))
    results.push(r)
    console.log(textSummary(r))
    console.log("")
  }
  return results
}

const money = (x: number) => `$${x.toFixed(x >= 1 ? 2 : 4)}`

/** One line comparing two results on the figures a RunPod user decides by. */
export const comparison = (label: string, a: SimResult, b: SimResult): string =>
  `${label}: p95 end-to-end ${a.latency.endToEnd.p95.toFixed(2)} s → ${b.latency.endToEnd.p95.toFixed(2)} s, ` +
  `cold-start share ${(a.coldStarts.coldStartShare * 100).toFixed(1)} % → ${(b.coldStarts.coldStartShare * 100).toFixed(1)} %, ` +
  `cost ${money(a.cost.perHourUsd)}/h → ${money(b.cost.perHourUsd)}/h`
