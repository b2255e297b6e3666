/**
 * simulate: `scalecast simulate <scenario> [--seed N] [--duration SECONDS] [--json] [--html FILE]
 * [--md FILE]`. Reads a scenario (JSON or YAML), runs it, prints the summary, or with `--json` only
 * the report object; `--html` and `--md` also write the report as a self-contained HTML page and as
 * Markdown (checked for writability before the run, written only when it succeeded, atomically);
 * `--jobs-out` writes the run's job records as RunPod would return them (JSONL, for backtest and
 * calibrate). `--slo` / `--budget` targets are read against the run (one run, no interval: `check`
 * decides with replications) in every output; they never change the exit code.
 * Problems with the scenario are listed one per line (exit 2); warnings go to stderr. A run long
 * enough to matter shows a progress line with an ETA on a terminal.
 */
import { Console, Effect } from "effect"
import { JobLog } from "../sim/JobLog.ts"
import { runScenario } from "../sim/simulate.ts"
import { jobRecordsJsonl } from "../report/JobRecordsJsonl.ts"
import { runTargetLines, runVerdicts, targetsHeading } from "../report/RunTargets.ts"
import { textSummary, useColor, wrap } from "../report/TextSummary.ts"
import { parseCommandLine, type CommandSpec } from "./Args.ts"
import { checkOutputs, loadBase, readTargets } from "./Experiment.ts"
import { Files } from "./Files.ts"
import { progressLine } from "./Progress.ts"

/** Where simulated job records start: a fixed date, so the same scenario and seed write the same file. */
const recordsOriginMs = Date.UTC(2026, 0, 1)

export const simulateSpec: CommandSpec = {
  name: "simulate",
  usage:
    'scalecast simulate <scenario.json|yaml> [--seed N] [--duration SECONDS] [--slo "endToEnd.p95<=6" …] [--json] [--html FILE] [--md FILE] [--jobs-out FILE]',
  positionals: ["scenario"],
  flags: {
    seed: { type: "string" },
    duration: { type: "string" },
    json: { type: "boolean" },
    html: { type: "string" },
    md: { type: "string" },
    "jobs-out": { type: "string" },
    slo: { type: "string", multiple: true },
    budget: { type: "string", multiple: true }
  }
}

export const simulate = (argv: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const args = yield* parseCommandLine(simulateSpec, argv)
    const slos = yield* readTargets(simulateSpec, args)
    yield* checkOutputs(args, ["html", "md", "jobs-out"])
    const base = yield* loadBase(simulateSpec, args.positionals[0]!, args)
    const duration = base.scenario.durationSeconds
    const progress = args.flags.json !== true && process.stderr.isTTY === true ? progressLine(process.stderr, "simulated") : undefined
    const jobLog = typeof args.flags["jobs-out"] === "string" ? new JobLog() : undefined
    const result = yield* runScenario(base.scenario, {
      jobLog,
      onProgress:
        progress &&
        ((t) =>
          progress.update(
            Math.min(0.99, t / duration),
            t <= duration ? `${Math.round(t).toLocaleString("en-US")} of ${duration.toLocaleString("en-US")} s simulated` : "draining the queue"
          ))
    }).pipe(Effect.ensuring(Effect.sync(() => progress?.end())))
    // The report modules (d3, a DOM for the charts) load only when a report is written.
    const html = args.flags.html
    const md = args.flags.md
    const outputs = [
      ...(typeof html === "string" ? [{ file: html, text: (yield* Effect.promise(() => import("../report/Html.ts"))).htmlReport(result, slos) }] : []),
      ...(typeof md === "string" ? [{ file: md, text: (yield* Effect.promise(() => import("../report/Markdown.ts"))).markdownReport(result, slos) }] : []),
      ...(typeof args.flags["jobs-out"] === "string" && jobLog !== undefined
        ? [{ file: args.flags["jobs-out"], text: jobRecordsJsonl(jobLog.toRecords(recordsOriginMs)) }]
        : [])
    ]
    if (outputs.length > 0) {
      yield* Files.use((f) => f.writeTexts(outputs))
      for (const o of outputs) yield* Console.error(`wrote ${o.file}`)
    }
    const verdicts = runVerdicts(result, slos)
    const text = () =>
      [
        textSummary(result, { color: useColor(process.stdout, process.env) }),
        ...(slos.length === 0 ? [] : ["", targetsHeading, ...runTargetLines(slos, verdicts).flatMap((line) => wrap(`  ${line}`))])
      ].join("\n")
    yield* Console.log(args.flags.json === true ? JSON.stringify(slos.length === 0 ? result : { ...result, targets: verdicts }, null, 2) : text())
  })
