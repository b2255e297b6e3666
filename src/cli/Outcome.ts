/**
 * Outcome: how a command ends. Typed failures map to exit codes: input and usage errors are 2
 * (with a one-line message, never a stack trace); a check that ran but failed is 1; a defect
 * (a bug in scalecast) is 70 with a short message asking for a report.
 */
import { Cause, Exit, Schema } from "effect"

/** The input was read but is not valid; the message (possibly several lines) was built by the command. */
export class InvalidInput extends Schema.TaggedError<InvalidInput>()("InvalidInput", {
  message: Schema.String
}) {}

export interface Ending {
  readonly exitCode: number
  readonly stderr: string
}

/** The exit code and stderr text for a command's exit. */
export const endingOf = (exit: Exit.Exit<unknown, { readonly _tag: string; readonly message: string; readonly usage?: string }>): Ending => {
  if (Exit.isSuccess(exit)) return { exitCode: 0, stderr: "" }
  const failure = exit.cause.reasons.find(Cause.isFailReason)
  if (failure !== undefined) {
    const e = failure.error
    switch (e._tag) {
      case "UsageError":
        return { exitCode: 2, stderr: `${e.message}\nusage: ${e.usage ?? "scalecast --help"}` }
      default:
        return { exitCode: 2, stderr: e.message === "" ? "" : e.message.startsWith("scalecast") ? e.message : `scalecast: ${e.message}` }
    }
  }
  if (exit.cause.reasons.some(Cause.isInterruptReason)) return { exitCode: 130, stderr: "scalecast: interrupted" }
  const defect = exit.cause.reasons.find(Cause.isDieReason)
  const text = defect === undefined ? "unknown failure" : defect.defect instanceof Error ? defect.defect.message : String(defect.defect)
  return { exitCode: 70, stderr: `scalecast: internal error: ${text}\nThis is a bug in scalecast; please report it with the command you ran.` }
}
