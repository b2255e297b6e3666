/** Runs the real `scalecast` command in a child process, as a user would. */
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"

const bin = fileURLToPath(new URL("../../bin/scalecast.js", import.meta.url))

export interface CliRun {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

export const scalecast = (args: ReadonlyArray<string>, cwd?: string): CliRun => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd, env: { ...process.env, NO_COLOR: "1" } })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** True when the text looks like a JavaScript stack trace. */
export const hasStackTrace = (text: string): boolean => /^\s+at .+:\d+:\d+\)?$/m.test(text)

/** A small scenario the CLI tests run: 5 minutes at 0.5 requests/s on up to 3 workers. */
export const tinyScenario = {
  name: "tiny",
  seed: 3,
  durationSeconds: 300,
  endpoint: { name: "tiny", image: "img", gpu: { pools: ["AMPERE_24"] }, workers: { min: 0, max: 3 } },
  workload: { arrivals: { type: "poisson", ratePerSecond: 0.5 }, executionSeconds: { type: "exponential", mean: 1 } },
  platform: { coldStartSeconds: 5 }
}
