/**
 * merge: `scalecast merge <part.json> … [--slo TARGET …] [--budget …] [--html FILE] [--json]`.
 * Combines the parts that `scalecast sweep --shard I/N` printed into the unsplit sweep's result:
 * the same table, intervals, Pareto front and recommendation (`--json` byte-identical). Refuses
 * parts of different sweeps, missing or repeated shards, naming the part (exit 2). The targets are
 * the shards' unless `--slo`/`--budget` state others.
 */
import { Console, Effect, Result } from "effect"
import { decodeInput } from "../models/dialects/Normaliser.ts"
import { problemLines } from "../models/ConfigProblem.ts"
import { parseSlo, type Slo } from "../models/Slo.ts"
import { paretoMetric, summariseSweep } from "../sim/Sweep.ts"
import { mergeParts, SweepPartInput, type SweepPart } from "../sim/SweepShards.ts"
import { sweepHtml, sweepTable } from "../report/SweepReport.ts"
import { listFlag, parseCommandLine, stringFlag, type CommandSpec } from "./Args.ts"
import { parseDocumentText } from "./Document.ts"
import { checkOutputs, readTargets } from "./Experiment.ts"
import { Files } from "./Files.ts"
import { InvalidInput } from "./Outcome.ts"

export const mergeSpec: CommandSpec = {
  name: "merge",
  usage: "scalecast merge <part.json> … [--slo TARGET …] [--budget TARGET …] [--html FILE] [--json]",
  positionals: ["part.json"],
  variadic: true,
  flags: { slo: { type: "string", multiple: true }, budget: { type: "string", multiple: true }, html: { type: "string" }, json: { type: "boolean" } }
}

/**
 * The largest part file read (256 MB). A part holds the scenario document (up to 10 MB), every config
 * of its grid and its share of the runs, about 0.7 KB each: a part of the largest sweep allowed
 * (10,000 configs, 100,000 runs) stays under 100 MB, far more than a scenario may be.
 */
const partLimit = { bytes: 256 * 1024 * 1024, what: "sweep parts" }

/** Reads and checks the shape of one part file. */
export const readPart = (file: string) =>
  Effect.gen(function* () {
    const text = yield* Files.use((f) => f.readText(file, partLimit))
    const doc = yield* parseDocumentText(file, text)
    const kind = typeof doc === "object" && doc !== null ? (doc as { kind?: unknown }).kind : undefined
    if (kind !== "scalecast sweep part")
      return yield* new InvalidInput({
        message: `${file}: not a part printed by scalecast sweep --shard or plan --shard (expected kind "scalecast sweep part", got ${kind === undefined ? "none" : JSON.stringify(kind).slice(0, 40)})`
      })
    const decoded = decodeInput(SweepPartInput, doc)
    if (Result.isFailure(decoded))
      return yield* new InvalidInput({
        message: [`${file}: not a part printed by scalecast sweep --shard:`, ...problemLines(decoded.failure, "  ")].join("\n")
      })
    return { file, part: decoded.success as SweepPart }
  })

export const merge = (argv: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const args = yield* parseCommandLine(mergeSpec, argv)
    const given = yield* readTargets(mergeSpec, args)
    yield* checkOutputs(args, ["html"])
    const parts = yield* Effect.forEach(args.positionals, readPart)
    const merged = mergeParts(parts, listFlag(args.flags.slo).length + listFlag(args.flags.budget).length > 0)
    if ("problem" in merged) return yield* new InvalidInput({ message: `scalecast merge: ${merged.problem}` })
    const fromShards = merged.slos.flatMap((text) => {
      const parsed = parseSlo(text)
      return "slo" in parsed ? [parsed.slo] : []
    })
    const slos: ReadonlyArray<Slo> = listFlag(args.flags.slo).length + listFlag(args.flags.budget).length > 0 ? given : fromShards
    const result = summariseSweep(merged.identity.scenario, merged.identity.varied, merged.configs, merged.identity.replications, slos, merged.runs)
    const html = stringFlag(args.flags.html)
    if (html !== undefined) {
      yield* Files.use((f) => f.writeText(html, sweepHtml(result, paretoMetric(slos))))
      yield* Console.error(`wrote ${html}`)
    }
    yield* Console.log(args.flags.json === true ? JSON.stringify(result, null, 2) : sweepTable(result))
  })
