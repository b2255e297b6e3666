/**
 * simulate: `scalecast simulate <scenario> [--seed N] [--duration SECONDS] [--json] [--html FILE]
 * [--md FILE]`. Reads a scenario (JSON or YAML), runs it, prints the summary, or with `--json` only
 * the report object; `--html` and `--md` also write the report as a self-contained HTML page and as
 * Markdown (written only when the run succeeded, atomically). Problems with the scenario are listed
 * one per line (exit 2); warnings go to stderr.
 */
import { Console, Effect } from "effect"
import { runScenario } from "../sim/simulate.ts"
import { htmlReport } from "../report/Html.ts"
import { markdownReport } from "../report/Markdown.ts"
import { textSummary, useColor } from "../report/TextSummary.ts"
import { parseCommandLine, type CommandSpec } from "./Args.ts"
import { loadBase } from "./Experiment.ts"
import { Files } from "./Files.ts"

export const simulateSpec: CommandSpec = {
  name: "simulate",
  usage: "scalecast simulate <scenario.json|yaml> [--seed N] [--duration SECONDS] [--json] [--html FILE] [--md FILE]",
  positionals: ["scenario"],
  flags: { seed: { type: "string" }, duration: { type: "string" }, json: { type: "boolean" }, html: { type: "string" }, md: { type: "string" } }
}

export const simulate = (argv: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const args = yield* parseCommandLine(simulateSpec, argv)
    const base = yield* loadBase(simulateSpec, args.positionals[0]!, args)
    const result = yield* runScenario(base.scenario)
    const files = yield* Files
    if (typeof args.flags.html === "string") {
      yield* files.writeText(args.flags.html, htmlReport(result))
      yield* Console.error(`wrote ${args.flags.html}`)
    }
    if (typeof args.flags.md === "string") {
      yield* files.writeText(args.flags.md, markdownReport(result))
      yield* Console.error(`wrote ${args.flags.md}`)
    }
    yield* Console.log(args.flags.json === true ? JSON.stringify(result, null, 2) : textSummary(result, { color: useColor(process.stdout, process.env) }))
  })
