/**
 * Runs a module script in a child Node (with tsx) that is killed after a timeout. The trace readers
 * are synchronous: a reader that blocks on a FIFO or loops on a device cannot be stopped by a test
 * timeout, so a test of "never hangs" runs the call here and fails instead of hanging the suite.
 */
import { spawnSync } from "node:child_process"

/** The script's standard output; throws if it did not finish within `timeoutMs` or failed. */
export const runInChild = (script: string, timeoutMs = 10_000): string => {
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", timeout: timeoutMs })
  if (r.error !== undefined || r.status !== 0)
    throw new Error(`the child did not finish within ${timeoutMs} ms or failed: ${r.error?.message ?? r.stderr.slice(0, 500)}`)
  return r.stdout
}
