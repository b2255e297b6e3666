/**
 * Outcome: how a command ends, and the one place that maps endings to exit codes:
 *   0   success
 *   1   `TargetsNotMet`: check or plan ran to the end and found the targets unmet
 *   2   `UsageError`, `InputError`, `InvalidInput`: bad command line or input (one clear message,
 *       never a stack trace, no output file written)
 *   70  a defect: a bug in scalecast (a short message asking for a report)
 *   130 `Interrupted`: Ctrl-C; what finished was printed, marked incomplete, no output file written
 */
import { Cause, Exit, Schema } from "effect"

/** The input was read but is not valid; the message (possibly several lines) was built by the command. */
export class InvalidInput extends Schema.TaggedError<InvalidInput>()("InvalidInput", {
  message: Schema.String
}) {}

/** The command ran to the end and the config does not meet the targets (its output says which). */
export class TargetsNotMet extends Schema.TaggedError<TargetsNotMet>()("TargetsNotMet", {
  message: Schema.String
}) {}

/** Ctrl-C stopped the command; its output says what finished. */
export class Interrupted extends Schema.TaggedError<Interrupted>()("Interrupted", {
  message: Schema.String
}) {}

export interface Ending {
  readonly exitCode: 0 | 1 | 2 | 70 | 130
  readonly stderr: string
}

const prefixed = (message: string): string => (message === "" || message.startsWith("scalecast") ? message : `scalecast: ${message}`)

/** The exit code and stderr text for a command's exit. */
export const endingOf = (exit: Exit.Exit<unknown, { readonly _tag: string; readonly message: string; readonly usage?: string }>): Ending => {
  if (Exit.isSuccess(exit)) return { exitCode: 0, stderr: "" }
  const failure = exit.cause.reasons.find(Cause.isFailReason)
  if (failure !== undefined) {
    const e = failure.error
    switch (e._tag) {
      case "UsageError":
        return { exitCode: 2, stderr: `${e.message}\nusage: ${e.usage ?? "scalecast --help"}` }
      case "TargetsNotMet":
        return { exitCode: 1, stderr: prefixed(e.message) }
      case "Interrupted":
        return { exitCode: 130, stderr: prefixed(e.message) }
      default:
        return { exitCode: 2, stderr: prefixed(e.message) }
    }
  }
  if (exit.cause.reasons.some(Cause.isInterruptReason)) return { exitCode: 130, stderr: "scalecast: interrupted" }
  const defect = exit.cause.reasons.find(Cause.isDieReason)
  const text = defect === undefined ? "unknown failure" : defect.defect instanceof Error ? defect.defect.message : String(defect.defect)
  return { exitCode: 70, stderr: `scalecast: internal error: ${text}\nThis is a bug in scalecast; please report it with the command you ran.` }
}
