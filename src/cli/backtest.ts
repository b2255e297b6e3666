/**
 * backtest: `scalecast backtest <scenario> --jobs FILE [--health FILE] [--field NAME=COLUMN]
 * [--jobs-format F] [--seed N] [--json] [--html FILE] [--md FILE]`. Replays the recorded jobs
 * through the scenario's endpoint and platform and prints prediction beside observation; `--json`
 * prints `{observed, predicted, error, …}`. Output files are checked before the run and written
 * only when it succeeded.
 */
import { Console, Effect } from "effect"
import { backtest as runBacktest } from "../sim/Backtest.ts"
import { backtestHtml, backtestMarkdown, backtestText } from "../report/BacktestReport.ts"
import { parseCommandLine, type CommandSpec } from "./Args.ts"
import { checkOutputs, loadBase } from "./Experiment.ts"
import { Files } from "./Files.ts"
import { loadHealth, loadJobs, recordFlags } from "./Records.ts"

export const backtestSpec: CommandSpec = {
  name: "backtest",
  usage:
    "scalecast backtest <scenario.json|yaml> --jobs FILE [--health FILE] [--field NAME=COLUMN]… [--jobs-format jsonl|json|csv] [--seed N] [--json] [--html FILE] [--md FILE]",
  positionals: ["scenario"],
  flags: { ...recordFlags, seed: { type: "string" }, json: { type: "boolean" }, html: { type: "string" }, md: { type: "string" } }
}

export const backtest = (argv: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const args = yield* parseCommandLine(backtestSpec, argv)
    yield* checkOutputs(args, ["html", "md"])
    const jobs = yield* loadJobs(backtestSpec, args)
    const health = yield* loadHealth(args)
    const base = yield* loadBase(backtestSpec, args.positionals[0]!, args)
    const result = yield* runBacktest(base.scenario, jobs, health)
    const outputs = [
      ...(typeof args.flags.html === "string" ? [{ file: args.flags.html, text: backtestHtml(result) }] : []),
      ...(typeof args.flags.md === "string" ? [{ file: args.flags.md, text: backtestMarkdown(result) }] : [])
    ]
    if (outputs.length > 0) {
      yield* Files.use((f) => f.writeTexts(outputs))
      for (const o of outputs) yield* Console.error(`wrote ${o.file}`)
    }
    yield* Console.log(args.flags.json === true ? JSON.stringify(result, null, 2) : backtestText(result))
  })
