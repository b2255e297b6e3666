/** Outcome: the one mapping from a command's ending to its exit code (0, 1, 2, 70, 130) and stderr text. */
import { fc, test } from "@fast-check/vitest"
import { Cause, Exit } from "effect"
import { describe, expect, it } from "vitest"
import { UsageError } from "../../src/cli/Args.ts"
import { InputError } from "../../src/cli/Document.ts"
import { endingOf, Interrupted, InvalidInput, TargetsNotMet } from "../../src/cli/Outcome.ts"

type Failure = { readonly _tag: string; readonly message: string; readonly usage?: string }
const failed = (e: Failure) => endingOf(Exit.fail(e))

describe("endingOf", () => {
  it("success is exit 0 with nothing on stderr", () => {
    expect(endingOf(Exit.succeed(42))).toEqual({ exitCode: 0, stderr: "" })
  })

  it("a usage error is exit 2 with its message and the usage line", () => {
    expect(failed(new UsageError({ message: "scalecast check: --seed given twice; give it once", usage: "scalecast check <scenario>" }))).toEqual({
      exitCode: 2,
      stderr: "scalecast check: --seed given twice; give it once\nusage: scalecast check <scenario>"
    })
    expect(failed({ _tag: "UsageError", message: "scalecast: x" })).toEqual({ exitCode: 2, stderr: "scalecast: x\nusage: scalecast --help" })
  })

  it("targets not met is exit 1; input errors are exit 2; Ctrl-C is 130; each message prefixed once", () => {
    expect(failed(new TargetsNotMet({ message: "1 of 2 targets not met" }))).toEqual({ exitCode: 1, stderr: "scalecast: 1 of 2 targets not met" })
    expect(failed(new InputError({ message: "a.json: no such file" }))).toEqual({ exitCode: 2, stderr: "scalecast: a.json: no such file" })
    expect(failed(new InvalidInput({ message: "a.json: invalid scenario: 2 problems\n  x: y\n  z: w" }))).toEqual({
      exitCode: 2,
      stderr: "scalecast: a.json: invalid scenario: 2 problems\n  x: y\n  z: w"
    })
    expect(failed(new InvalidInput({ message: "scalecast sweep: no config in the grid is valid" }))).toEqual({
      exitCode: 2,
      stderr: "scalecast sweep: no config in the grid is valid"
    })
    expect(failed(new Interrupted({ message: "interrupted: 3 of 10 runs finished" }))).toEqual({
      exitCode: 130,
      stderr: "scalecast: interrupted: 3 of 10 runs finished"
    })
    // Any other failure the commands raise (e.g. custom models on worker threads) is bad input, never a verdict.
    expect(failed({ _tag: "ModelsInWorkerThreads", message: "custom model services cannot cross" })).toEqual({
      exitCode: 2,
      stderr: "scalecast: custom model services cannot cross"
    })
    expect(failed(new TargetsNotMet({ message: "" }))).toEqual({ exitCode: 1, stderr: "" })
  })

  it("an interruption without a failure is 130", () => {
    expect(endingOf(Exit.interrupt())).toEqual({ exitCode: 130, stderr: "scalecast: interrupted" })
  })

  it("a defect is 70, one message asking for a report, no stack trace", () => {
    const ending = endingOf(Exit.die(new TypeError("Cannot read properties of undefined (reading 'x')")))
    expect(ending).toEqual({
      exitCode: 70,
      stderr:
        "scalecast: internal error: Cannot read properties of undefined (reading 'x')\nThis is a bug in scalecast; please report it with the command you ran."
    })
    expect(endingOf(Exit.die("boom")).stderr).toBe("scalecast: internal error: boom\nThis is a bug in scalecast; please report it with the command you ran.")
  })

  it("a failure decides the code even when the cause also holds an interruption", () => {
    expect(endingOf(Exit.failCause(Cause.combine(Cause.fail(new TargetsNotMet({ message: "m" })), Cause.interrupt()))).exitCode).toBe(1)
  })

  const tags = fc.constantFrom("UsageError", "TargetsNotMet", "Interrupted", "InputError", "InvalidInput", "Other")
  test.prop([tags, fc.string({ maxLength: 40 })])("the exit code depends on the tag alone; the message is kept whole", (tag, message) => {
    const ending = failed({ _tag: tag, message, usage: "u" })
    expect(ending.exitCode).toBe(tag === "TargetsNotMet" ? 1 : tag === "Interrupted" ? 130 : 2)
    expect(ending.stderr).toContain(message)
    if (tag !== "UsageError" && message !== "") expect(ending.stderr.startsWith("scalecast")).toBe(true)
    if (tag !== "UsageError" && !message.startsWith("scalecast")) expect(ending.stderr).toBe(message === "" ? "" : `scalecast: ${message}`)
  })
})
