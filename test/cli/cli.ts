/** Helpers of the CLI tests: the real command in a child process, or in process with a collecting console; a shared tiny scenario. */
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll } from "vitest"
import { runCli } from "../../src/cli/Cli.ts"
import type { CommandLimits } from "../../src/cli/Limits.ts"

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

/** Limits for in-process command tests: small enough to refuse quickly, one worker thread at most, runs in process by default. */
export const testLimits: CommandLimits = {
  maxEventsPerRun: 1e8,
  maxEventsPerCommand: 1e9,
  maxRuns: 1000,
  maxConfigs: 100,
  maxReplications: 100,
  maxWorkers: 1,
  defaultWorkers: 0
}

/** A scratch folder for one test file (made before its tests, removed after) and a writer into it. */
export const scratchFolder = (prefix: string) => {
  const folder = {
    dir: "",
    /** Writes `content` (text, or JSON for anything else) to `name` in the folder; returns its path. */
    file: (name: string, content: unknown): string => {
      const path = join(folder.dir, name)
      writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content))
      return path
    }
  }
  beforeAll(() => {
    folder.dir = mkdtempSync(join(tmpdir(), prefix))
  })
  afterAll(() => rmSync(folder.dir, { recursive: true, force: true }))
  return folder
}

/** Runs `scalecast <command> …argv` in process, collecting what it prints (stdout joined, stderr lines). */
export const inProcess =
  (command: string, limits: CommandLimits = testLimits) =>
  async (argv: ReadonlyArray<string>) => {
    const stdout: Array<string> = []
    const messages: Array<string> = []
    const console_ = Object.assign(Object.create(console) as Console, {
      log: (...a: ReadonlyArray<unknown>) => void stdout.push(a.join(" ")),
      error: (...a: ReadonlyArray<unknown>) => void messages.push(a.join(" "))
    })
    const ending = await runCli([command, ...argv], { console: console_, limits })
    return { ...ending, stdout: stdout.join("\n"), messages }
  }

/**
 * Runs `run()` and stops the `stage`-th run pool it starts (1: the first), `turns` event-loop turns
 * after that pool started, by calling the Ctrl-C handler the pool registered: in process and without
 * depending on timing.
 */
export const interrupted = async <R>(run: () => Promise<R>, options: { readonly stage?: number; readonly turns?: number } = {}): Promise<R> => {
  const stage = options.stage ?? 1
  const turns = options.turns ?? 0
  const before = new Set(process.listeners("SIGINT"))
  const seen = new Set<unknown>()
  let polling = true
  let waited = 0
  const poll = () => {
    if (!polling) return
    const handler = process.listeners("SIGINT").find((l) => !before.has(l))
    if (handler !== undefined && !seen.has(handler)) seen.add(handler)
    if (handler !== undefined && seen.size === stage && waited++ >= turns) {
      polling = false
      return handler("SIGINT")
    }
    setImmediate(poll)
  }
  setImmediate(poll)
  try {
    return await run()
  } finally {
    polling = false
  }
}
