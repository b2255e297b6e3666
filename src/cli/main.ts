/**
 * main: the process entry point of `scalecast`. Runs the command line (Cli.ts), writes the closing
 * message to stderr and sets the exit code. A closed stdout or stderr (`scalecast … | head -1`)
 * ends the output quietly: no EPIPE stack trace, and the command's own exit code is kept.
 */
import { runCli } from "./Cli.ts"

for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    // The reader went away: nothing more can be shown. Anything else is a real failure.
    if (e.code !== "EPIPE" && e.code !== "ERR_STREAM_DESTROYED") throw e
  })
}

const ending = await runCli(process.argv.slice(2))
if (ending.stderr !== "" && !process.stderr.destroyed) process.stderr.write(`${ending.stderr}\n`)
process.exitCode = ending.exitCode
