/**
 * Records: the flags backtest and calibrate share for a user's RunPod records: `--jobs FILE` (job
 * records: JSONL, a JSON array or CSV), `--jobs-format`, `--field NAME=COLUMN` (repeatable, for
 * logs that name a field differently) and `--health FILE` (lines from `scalecast watch`). A
 * malformed record is an input error naming the file and line (exit 2).
 */
import { Effect } from "effect"
import { readHealthPolls, type HealthPolls } from "../models/records/HealthPolls.ts"
import { defaultJobFieldNames, readJobRecords, type JobFieldNames, type JobRecords, type JobRecordsFormat } from "../models/records/JobRecords.ts"
import { nearestName } from "../models/NearestName.ts"
import { listFlag, stringFlag, UsageError, type CommandSpec, type ParsedArgs } from "./Args.ts"
import { InvalidInput } from "./Outcome.ts"

export const recordFlags = {
  jobs: { type: "string" },
  "jobs-format": { type: "string" },
  field: { type: "string", multiple: true },
  health: { type: "string" }
} as const

const formats: ReadonlyArray<JobRecordsFormat> = ["jsonl", "json", "csv"]

/** Reads a records file; any problem with it is an input error (exit 2), never a crash. */
const read = <T>(read: () => T): Effect.Effect<T, InvalidInput> =>
  Effect.try({ try: read, catch: (e) => new InvalidInput({ message: e instanceof Error ? e.message : String(e) }) })

/** The job records `--jobs` names (required). */
export const loadJobs = (spec: CommandSpec, args: ParsedArgs): Effect.Effect<JobRecords, UsageError | InvalidInput> =>
  Effect.gen(function* () {
    const usage = (message: string) => new UsageError({ message: `scalecast ${spec.name}: ${message}`, usage: spec.usage })
    const file = stringFlag(args.flags.jobs)
    if (file === undefined || file.trim() === "") return yield* usage("--jobs: expected the file of recorded job records (JSONL, JSON or CSV)")
    const format = stringFlag(args.flags["jobs-format"])
    if (format !== undefined && !formats.includes(format as JobRecordsFormat))
      return yield* usage(`--jobs-format: expected ${formats.join(", ")}, got ${JSON.stringify(format)}`)
    const fields: Partial<Record<keyof JobFieldNames, string>> = {}
    for (const text of listFlag(args.flags.field)) {
      const eq = text.indexOf("=")
      const name = text.slice(0, eq)
      if (eq <= 0 || eq === text.length - 1) return yield* usage(`--field: expected NAME=COLUMN (e.g. submittedAt=ts), got ${JSON.stringify(text)}`)
      if (!Object.hasOwn(defaultJobFieldNames, name)) {
        const near = nearestName(name, Object.keys(defaultJobFieldNames))
        return yield* usage(
          `--field: unknown field ${JSON.stringify(name)}${near === undefined ? "" : ` (did you mean ${near}?)`}; fields: ${Object.keys(defaultJobFieldNames).join(", ")}`
        )
      }
      fields[name as keyof JobFieldNames] = text.slice(eq + 1)
    }
    return yield* read(() => readJobRecords(file, { fields, ...(format === undefined ? {} : { format: format as JobRecordsFormat }) }))
  })

/** The health polls `--health` names, if any. */
export const loadHealth = (args: ParsedArgs): Effect.Effect<HealthPolls | undefined, InvalidInput> => {
  const file = stringFlag(args.flags.health)
  return file === undefined ? Effect.succeed(undefined) : read(() => readHealthPolls(file))
}
