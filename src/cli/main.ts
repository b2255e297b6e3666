/**
 * main: the process entry point of `scalecast`. Runs the command line (Cli.ts), writes the closing
 * message to stderr and sets the exit code. A closed stdout or stderr (`scalecast … | head -1`)
 * ends the output quietly, keeping the command's exit code; any other failure to write the output
 * (a full disk, /dev/full) is a one-line error and exit 2, never a verdict: a `check` whose result
 * could not be written must not look like "targets not met" (1) or "met" (0).
 */
import { runCli } from "./Cli.ts"

let writeError: string | undefined

for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    // The reader went away: nothing more can be shown, and nothing is wrong.
    if (e.code === "EPIPE" || e.code === "ERR_STREAM_DESTROYED") return
    writeError ??= e.code === "ENOSPC" ? "no space left on the device" : (e.message.split("\n")[0] ?? String(e.code))
    process.exitCode = 2
  })
}

const ending = await runCli(process.argv.slice(2))
// Wait until stdout has taken everything, so a failed write is known before the exit code is set.
await new Promise<void>((resolve) => (process.stdout.destroyed ? resolve() : process.stdout.write("", () => resolve())))
if (writeError !== undefined) {
  if (!process.stderr.destroyed) process.stderr.write(`scalecast: cannot write the output: ${writeError}\n`)
  process.exitCode = 2
} else {
  if (ending.stderr !== "" && !process.stderr.destroyed) process.stderr.write(`${ending.stderr}\n`)
  process.exitCode = ending.exitCode
}
