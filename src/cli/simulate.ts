/**
 * simulate: `scalecast simulate <scenario> [--seed N] [--duration SECONDS] [--json] [--html FILE]
 * [--md FILE]`. Reads a scenario (JSON or YAML), runs it, prints the summary, or with `--json` only
 * the report object; `--html` and `--md` also write the report as a self-contained HTML page and as
 * Markdown (written only when the run succeeded, atomically). Problems with the scenario are listed
 * one per line (exit 2); warnings go to stderr.
 */
import { Console, Effect } from "effect"
import { dirname } from "node:path"
import { formatProblem } from "../models/ConfigProblem.ts"
import { loadScenario, runScenario } from "../sim/simulate.ts"
import { htmlReport } from "../report/Html.ts"
import { markdownReport } from "../report/Markdown.ts"
import { textSummary, useColor } from "../report/TextSummary.ts"
import { numberFlag, parseCommandLine, type CommandSpec } from "./Args.ts"
import { Files, readDocument } from "./Files.ts"
import { InvalidInput } from "./Outcome.ts"

export const simulateSpec: CommandSpec = {
  name: "simulate",
  usage: "scalecast simulate <scenario.json|yaml> [--seed N] [--duration SECONDS] [--json] [--html FILE] [--md FILE]",
  positionals: ["scenario"],
  flags: { seed: { type: "string" }, duration: { type: "string" }, json: { type: "boolean" }, html: { type: "string" }, md: { type: "string" } }
}

export const simulate = (argv: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const args = yield* parseCommandLine(simulateSpec, argv)
    const seed = yield* numberFlag(simulateSpec, "seed", args.flags.seed, { integer: true, min: 0 })
    const durationSeconds = yield* numberFlag(simulateSpec, "duration", args.flags.duration, { integer: false, min: Number.MIN_VALUE })
    const file = args.positionals[0]!
    const document = yield* readDocument(file)
    const loaded = yield* loadScenario(document, { overrides: { seed, durationSeconds }, baseDir: dirname(file) }).pipe(
      Effect.catchTag("ScenarioError", (e) =>
        Effect.fail(new InvalidInput({ message: [`${file}: invalid scenario: ${e.problems.length} problem${e.problems.length === 1 ? "" : "s"}`, ...e.problems.map((p) => `  ${formatProblem(p)}`)].join("\n") }))
      )
    )
    for (const w of loaded.warnings) yield* Console.error(`warning: ${formatProblem(w)}`)
    const result = yield* runScenario(loaded.scenario)
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
