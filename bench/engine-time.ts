/**
 * One run of a scenario file in a fresh process, timed inside it (the engine and the report object,
 * not Node's start-up): prints `{"seconds": …, "requests": …}`. bench (j) spawns it so each figure
 * comes from a process no other scenario has warmed up.
 * Usage: node --import tsx bench/engine-time.ts <scenario.json>
 */
import { Effect } from "effect"
import { readFileSync } from "node:fs"
import { performance } from "node:perf_hooks"
import { RunPodModels } from "../src/models/Models.ts"
import { simulate } from "../src/sim/simulate.ts"

const scenario: unknown = JSON.parse(readFileSync(process.argv[2]!, "utf8"))
const t0 = performance.now()
const result = await Effect.runPromise(simulate(scenario).pipe(Effect.provide(RunPodModels)))
console.log(JSON.stringify({ seconds: (performance.now() - t0) / 1000, requests: result.requests.arrived }))
