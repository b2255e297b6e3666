/**
 * calibrate: `scalecast calibrate <endpoint-or-scenario> --jobs FILE [--health FILE] --out SCENARIO
 * [--holdout SHARE] [--replications N] [--workers N] [--seed N] [--json]`. Fits the start model
 * and execution times to the recorded jobs (sim/Calibrate.ts) on the run pool's threads, then
 * writes a scenario that reproduces the records: the endpoint as given, the fitted platform, and the
 * recorded submissions as a trace beside it (`<out>.jobs.csv`). Prints each fitted value with its
 * interval and the backtest of the calibrated scenario on the records (and on the held-out share).
 * Both files are checked before the search and written only when it finished; Ctrl-C writes
 * nothing and exits 130.
 */
import { Console, Effect } from "effect"
import { basename, dirname, extname, join, relative } from "node:path"
import { stringify } from "yaml"
import type { JobRecords } from "../models/records/JobRecords.ts"
import { backtest, type HealthComparison } from "../sim/Backtest.ts"
import type { FitErrors } from "../sim/CalibrationDistance.ts"
import { calibrate as fit, calibrationDefaults, type Calibration, type Estimate } from "../sim/Calibrate.ts"
import { lognormal } from "../sim/StartModel.ts"
import { RunPool, runOnPool } from "../sim/RunPool.ts"
import { round } from "../sim/SimResult.ts"
import { loadScenario } from "../sim/simulate.ts"
import { fixed, formatCount, formatRelativeError, formatSecondsCell, humanDuration } from "../report/Format.ts"
import { alignedTable } from "../report/Table.ts"
import { numberFlag, parseCommandLine, stringFlag, UsageError, type CommandSpec } from "./Args.ts"
import { experimentFlags, invalidScenario, loadBase, runSettings } from "./Experiment.ts"
import { Files, readDocument } from "./Files.ts"
import { Limits } from "./Limits.ts"
import { Interrupted } from "./Outcome.ts"
import { progressLine } from "./Progress.ts"
import { loadHealth, loadJobs, recordFlags } from "./Records.ts"

export const calibrateSpec: CommandSpec = {
  name: "calibrate",
  usage:
    "scalecast calibrate <endpoint-or-scenario> --jobs FILE --out SCENARIO [--health FILE] [--holdout SHARE] [--field NAME=COLUMN]… [--jobs-format F] [--replications N] [--workers N] [--seed N] [--json]",
  positionals: ["config"],
  flags: {
    ...recordFlags,
    replications: experimentFlags.replications,
    workers: experimentFlags.workers,
    seed: experimentFlags.seed,
    json: experimentFlags.json,
    out: { type: "string" },
    holdout: { type: "string" }
  }
}

/** The trace file written beside a calibrated scenario. */
export const traceFileFor = (out: string): string => join(dirname(out), `${basename(out, extname(out))}.jobs.csv`)

/** The recorded submissions as a trace: seconds from the first, and the recorded executionTime. */
export const traceCsv = (jobs: JobRecords): string => {
  const lines = ["timestamp,executionSeconds"]
  for (let i = 0; i < jobs.count; i++) {
    const exec = jobs.executionSeconds[i]!
    lines.push(`${round(jobs.submittedSeconds[i]!, 6)},${Number.isNaN(exec) ? "" : round(exec, 6)}`)
  }
  return `${lines.join("\n")}\n`
}

/** The calibrated scenario document (as a user would write it). */
export const calibratedScenario = (
  input: { readonly name: string; readonly endpoint: unknown; readonly platform?: unknown },
  c: Calibration,
  tracePath: string,
  seed: number,
  durationSeconds: number
): Record<string, unknown> => {
  const platform = (input.platform ?? {}) as Record<string, unknown>
  const flashboot = (platform.flashboot ?? {}) as Record<string, unknown>
  return {
    name: `${input.name} (calibrated)`,
    seed,
    durationSeconds,
    endpoint: input.endpoint,
    workload: {
      arrivals: { type: "trace", path: tracePath, format: "csv" },
      executionSeconds: c.executionSeconds.points.length >= 2 ? { type: "percentiles", points: c.executionSeconds.points } : 1
    },
    platform: {
      ...platform,
      coldStartSeconds: lognormal(c.coldStartSeconds.median.value, c.coldStartSeconds.p95.value),
      ...(c.flashboot === null
        ? {}
        : {
            flashboot: {
              ...flashboot,
              startSeconds: lognormal(c.flashboot.startSeconds.median.value, c.flashboot.startSeconds.p95.value),
              hosts: c.flashboot.hosts
            }
          })
    }
  }
}

const interval = (e: Estimate): string => `${formatSecondsCell(e.value)}  (${formatSecondsCell(e.interval[0])} – ${formatSecondsCell(e.interval[1])})`
const share = (x: number) => `${fixed(x * 100, 1)} %`

const errorRows = (label: string, calibrated: FitErrors, given: FitErrors): Array<Array<string>> => [
  [`${label}: delayTime p95`, formatRelativeError(calibrated.delayTimeP95), formatRelativeError(given.delayTimeP95)],
  [`${label}: delayTime p99`, formatRelativeError(calibrated.delayTimeP99), formatRelativeError(given.delayTimeP99)],
  [`${label}: worker starts`, formatRelativeError(calibrated.workerStarts), formatRelativeError(given.workerStarts)],
  [`${label}: delayTime KS`, fixed(calibrated.delayTimeKs, 3), fixed(given.delayTimeKs, 3)]
]

/** The terminal summary of a calibration. */
export const calibrationText = (c: Calibration, files: ReadonlyArray<string>, health: HealthComparison | null = null): string =>
  [
    `Calibrated on ${formatCount(c.trainingRecords)} of ${formatCount(c.records)} recorded jobs (${c.search.evaluations} candidates in ${c.search.rounds} rounds)`,
    "",
    ...alignedTable(
      ["fitted", "value  (95 % interval)"],
      [
        ["cold start median", interval(c.coldStartSeconds.median)],
        ["cold start p95", interval(c.coldStartSeconds.p95)],
        ...(c.flashboot === null
          ? []
          : [
              ["FlashBoot start median", interval(c.flashboot.startSeconds.median)],
              ["FlashBoot start p95", interval(c.flashboot.startSeconds.p95)],
              ["FlashBoot hosts per pool", `${c.flashboot.hosts}  (${c.flashboot.hostsRange[0]} – ${c.flashboot.hostsRange[1]} fit as well)`],
              [
                "first starts that resumed",
                `${share(c.flashboot.resumeShare.value)}  (${share(c.flashboot.resumeShare.interval[0])} – ${share(c.flashboot.resumeShare.interval[1])})`
              ]
            ]),
        ["execution median", interval(c.executionSeconds.median)],
        ["execution p95", interval(c.executionSeconds.p95)]
      ]
    ),
    "",
    `traffic: ${formatCount(c.records)} jobs over ${humanDuration(c.traffic.spanSeconds)}, ${fixed(c.traffic.meanRatePerSecond, 3)}/s${
      c.traffic.daily === null
        ? " (under a day: no daily cycle fitted)"
        : `; daily cycle ±${fixed(c.traffic.daily.amplitude * 100, 0)} %, peak ${humanDuration(c.traffic.daily.phaseSeconds)} after the first job`
    }`,
    "",
    ...alignedTable(
      ["backtest error", "calibrated", "as given"],
      [...errorRows("records", c.fit.calibrated, c.fit.given), ...(c.holdout === null ? [] : errorRows("held out", c.holdout.calibrated, c.holdout.given))]
    ),
    ...(c.holdout === null
      ? []
      : [
          "",
          `held out: the last ${formatCount(c.holdout.records)} jobs (from ${formatSecondsCell(c.holdout.fromSeconds)}), replayed after the earlier jobs with both models, mean over the seeds`
        ]),
    ...(health === null
      ? []
      : [
          "",
          `/health polls (${formatCount(health.atSeconds.length)}): the calibrated model's workers are off by ${fixed(health.workersMeanAbsoluteError, 2)} on average, its queue by ${fixed(health.inQueueMeanAbsoluteError, 2)}`
        ]),
    "",
    "Start intervals: the bootstrap spread of the workers' first delays joined with the values that fit within the simulation's noise; execution intervals: order statistics.",
    ...(c.notes.length === 0 ? [] : ["", "Notes:", ...c.notes.map((n) => `  ${n}`)]),
    "",
    ...files.map((f) => `wrote ${f}`)
  ].join("\n")

export const calibrate = (argv: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const args = yield* parseCommandLine(calibrateSpec, argv)
    const out = stringFlag(args.flags.out)
    if (out === undefined || out.trim() === "")
      return yield* new UsageError({
        message: "scalecast calibrate: --out: expected the scenario file to write (.json, .yaml or .yml)",
        usage: calibrateSpec.usage
      })
    const ext = extname(out).toLowerCase()
    if (![".json", ".yaml", ".yml"].includes(ext))
      return yield* new UsageError({
        message: `scalecast calibrate: --out: expected a .json, .yaml or .yml file, got ${JSON.stringify(out)}`,
        usage: calibrateSpec.usage
      })
    const holdout = (yield* numberFlag(calibrateSpec, "holdout", args.flags.holdout, { integer: false, min: 0, max: 0.9 })) ?? 0
    const { replications, workers } = yield* runSettings(calibrateSpec, args, calibrationDefaults.replications)
    const trace = traceFileFor(out)
    yield* Files.use((f) => Effect.all([f.checkWritable(out), f.checkWritable(trace)]))
    const jobs = yield* loadJobs(calibrateSpec, args)
    const health = yield* loadHealth(args)
    const file = args.positionals[0]!
    const document = yield* readDocument(file)
    const isScenario = document !== null && typeof document === "object" && ("workload" in document || "endpoint" in document)
    const limits = yield* Limits
    const input = (
      isScenario
        ? document
        : {
            name: basename(file, extname(file)),
            durationSeconds: 1,
            endpoint: document,
            workload: { arrivals: { type: "list", atSeconds: [] }, executionSeconds: 1 }
          }
    ) as { readonly name: string; readonly endpoint: unknown; readonly platform?: unknown }
    const scenario = isScenario
      ? (yield* loadBase(calibrateSpec, file, args)).scenario
      : (yield* loadScenario(input, {
          maxEvents: limits.maxEventsPerRun,
          overrides: { seed: yield* numberFlag(calibrateSpec, "seed", args.flags.seed, { integer: true, min: 0 }) }
        }).pipe(Effect.catchTag("ScenarioError", invalidScenario(file)))).scenario

    const pool = new RunPool(workers, { keepThreads: true })
    const stop = () => pool.stop()
    process.once("SIGINT", stop)
    const progress = args.flags.json !== true && process.stderr.isTTY === true ? progressLine(process.stderr, "runs") : undefined
    let batches = 0
    const calibration = yield* fit(
      scenario,
      jobs,
      (tasks) => {
        batches++
        progress?.update(Math.min(0.95, batches / 16), `search round ${batches}`)
        return runOnPool(pool, tasks)
      },
      { ...calibrationDefaults, replications, holdout }
    ).pipe(
      Effect.catchTag("ModelsInWorkerThreads", (e) => Effect.die(e)),
      Effect.catchTag("CalibrationStopped", () => Effect.fail(new Interrupted({ message: "interrupted: calibrate wrote nothing" }))),
      Effect.ensuring(
        Effect.sync(() => {
          process.removeListener("SIGINT", stop)
          pool.close()
          progress?.end()
        })
      )
    )
    const last = jobs.count === 0 ? 0 : jobs.submittedSeconds[jobs.count - 1]!
    const tracePath = `./${relative(dirname(out), trace) || basename(trace)}`
    const doc = calibratedScenario(input, calibration, tracePath, scenario.seed, Math.max(1, Math.ceil(last + 1)))
    // The calibrated model (its trace is not written yet), backtested on every record with the health polls.
    const calibratedRun = yield* loadScenario({ ...doc, workload: { ...(doc.workload as object), arrivals: { type: "list", atSeconds: [] } } }, {})
    const report = yield* backtest(calibratedRun.scenario, jobs, health)
    yield* Files.use((f) =>
      f.writeTexts([
        { file: trace, text: traceCsv(jobs) },
        { file: out, text: ext === ".json" ? `${JSON.stringify(doc, null, 2)}\n` : stringify(doc) }
      ])
    )
    if (args.flags.json === true) {
      yield* Console.log(
        JSON.stringify(
          {
            calibration,
            backtest: { observed: report.observed, predicted: report.predicted, error: report.error, health: report.health },
            files: { scenario: out, trace }
          },
          null,
          2
        )
      )
    } else yield* Console.log(calibrationText(calibration, [trace, out], report.health))
  })
