/**
 * validate: `scalecast validate <config> [--from v2|v1|graphql|flash] [--endpoint NAME] [--json]`.
 * Reads an endpoint config in any dialect and prints the normalised v2 config with the origin of
 * every field, or every problem at once. `--json` prints only the v2 JSON, ready to POST
 * (warnings go to stderr). Exit 0 when valid, 2 when not.
 */
import { Console, Effect, Result } from "effect"
import { PriceCatalogs } from "../models/Billing.ts"
import { dialectIds, readEndpointConfig } from "../models/dialects/Dialect.ts"
import { problemLines } from "../models/ConfigProblem.ts"
import { missingToCreate, toCreateEndpointRequest } from "../models/EndpointConfig.ts"
import { configReport, readingHeader } from "../report/ConfigReport.ts"
import { oneOfFlag, parseCommandLine, stringFlag, type CommandSpec } from "./Args.ts"
import { readDocument } from "./Files.ts"
import { InvalidInput } from "./Outcome.ts"

export const validateSpec: CommandSpec = {
  name: "validate",
  usage: "scalecast validate <config.json|yaml> [--from v2|v1|graphql|flash] [--endpoint NAME] [--base CURRENT] [--json]",
  positionals: ["config"],
  flags: { from: { type: "string" }, endpoint: { type: "string" }, base: { type: "string" }, json: { type: "boolean" } }
}

/** The endpoint's current config (`--base`, any dialect, e.g. a saved GET response), or an input error naming --base. */
const readBase = (file: string | undefined) =>
  Effect.gen(function* () {
    if (file === undefined) return undefined
    const reading = readEndpointConfig(yield* readDocument(file), { catalog: yield* PriceCatalogs })
    if (Result.isFailure(reading.result)) {
      return yield* new InvalidInput({
        message: [`--base ${file}: not a valid endpoint config`, ...problemLines(reading.result.failure.problems, "  ")].join("\n")
      })
    }
    return reading.result.success.config
  })

export const validate = (argv: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const args = yield* parseCommandLine(validateSpec, argv)
    const from = yield* oneOfFlag(validateSpec, "from", args.flags.from, dialectIds)
    const file = args.positionals[0]!
    const document = yield* readDocument(file)
    const endpoint = typeof args.flags.endpoint === "string" ? args.flags.endpoint : undefined
    const base = yield* readBase(stringFlag(args.flags.base))
    const reading = readEndpointConfig(document, { from, endpoint, base, catalog: yield* PriceCatalogs })
    if (args.flags.json !== true) {
      yield* Console.log(configReport(file, reading))
      if (Result.isFailure(reading.result)) {
        const n = reading.result.failure.problems.length
        return yield* new InvalidInput({ message: `${file}: not a valid endpoint config (${n} problem${n === 1 ? "" : "s"}, listed above)` })
      }
      return
    }
    if (Result.isFailure(reading.result)) {
      const lines = [readingHeader(file, reading), ...problemLines(reading.result.failure.problems)]
      return yield* new InvalidInput({ message: lines.join("\n") })
    }
    for (const w of problemLines(reading.result.success.warnings)) yield* Console.error(`warning: ${w}`)
    const missing = missingToCreate(reading.result.success.config)
    if (missing.length > 0)
      yield* Console.error(`warning: not ready to POST: ${missing.join(", ")} missing (v2 CreateEndpointRequest requires it); add it before POSTing`)
    yield* Console.log(JSON.stringify(toCreateEndpointRequest(reading.result.success.config), null, 2))
  })
