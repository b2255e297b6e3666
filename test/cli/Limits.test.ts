/** Limits: the default limits match the README, and every limit (default or provided) is enforced before any run with a message naming the flag. */
import { Effect } from "effect"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { availableParallelism, tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { runCli } from "../../src/cli/Cli.ts"
import { Limits, type CommandLimits } from "../../src/cli/Limits.ts"
import { tinyScenario } from "./cli.ts"

let dir: string
let scenario: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "scalecast-limits-"))
  scenario = join(dir, "tiny.json")
  writeFileSync(scenario, JSON.stringify(tinyScenario))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs in process; stdout lines are collected (nothing should run, so nothing should print). */
const run = async (argv: ReadonlyArray<string>, limits?: CommandLimits) => {
  const stdout: Array<string> = []
  const console_ = Object.assign(Object.create(console) as Console, {
    log: (...a: ReadonlyArray<unknown>) => void stdout.push(a.join(" ")),
    error: () => undefined
  })
  const ending = await runCli(argv, limits === undefined ? { console: console_ } : { console: console_, limits })
  return { ...ending, stdout, firstLine: ending.stderr.split("\n")[0] }
}

const cores = Math.max(1, availableParallelism())

describe("the default limits", () => {
  it("are the README's", () => {
    const limits = Effect.runSync(
      Effect.gen(function* () {
        return yield* Limits
      })
    )
    expect(limits).toEqual({
      maxEventsPerRun: 1e10,
      maxEventsPerCommand: 1e12,
      maxRuns: 100_000,
      maxConfigs: 10_000,
      maxReplications: 1000,
      maxWorkers: cores,
      defaultWorkers: cores
    })
  })

  it("--replications and --screen: 1 to 1,000", async () => {
    expect((await run(["check", scenario, "--slo", "failed=0", "--replications", "1001"])).firstLine).toBe(
      'scalecast check: --replications: expected an integer from 1 to 1,000, got "1001"'
    )
    expect((await run(["check", scenario, "--slo", "failed=0", "--replications", "0"])).firstLine).toBe(
      'scalecast check: --replications: expected an integer from 1 to 1,000, got "0"'
    )
    expect((await run(["plan", scenario, "--slo", "failed=0", "--screen", "1001"])).firstLine).toBe(
      'scalecast plan: --screen: expected an integer from 1 to 1,000, got "1001"'
    )
  })

  it("--workers: 0 to the number of cores", async () => {
    const r = await run(["compare", scenario, scenario, "--workers", String(cores + 1)])
    expect(r.exitCode).toBe(2)
    expect(r.firstLine).toBe(
      `scalecast compare: --workers: expected an integer from 0 to ${cores.toLocaleString("en-US")} (this machine's cores), got "${cores + 1}"`
    )
  })

  it("one run: 10¹⁰ events, naming the field that makes it too large", async () => {
    const r = await run(["check", scenario, "--slo", "failed=0", "--duration", "1e10"])
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toMatch(/^ {2}durationSeconds: expected a run within scalecast's work budget of 1\.0e\+10 events per run, got about [\d.]+e\+10 events/m)
    expect(r.stdout).toEqual([])
  })

  it("one command: 10¹² events in all", async () => {
    // About 3.5e9 events per run (under the per-run limit) × 1,000 replications.
    const r = await run(["check", scenario, "--slo", "failed=0", "--duration", "1e9", "--replications", "1000"])
    expect(r.exitCode).toBe(2)
    expect(r.firstLine).toMatch(
      /^scalecast check: about [\d.]+e\+12 simulated events in all is more than 1e\+12 \(about a day on two cores\); use fewer --replications or a shorter --duration$/
    )
    expect(r.stdout).toEqual([])
  })

  it("a sweep grid: 10,000 configs", async () => {
    const r = await run(["sweep", scenario, "--vary", "scaling.value=1..101", "--vary", "workers.max=1..100"])
    expect(r.exitCode).toBe(2)
    expect(r.firstLine).toBe("scalecast sweep: the grid has 10,100 configs (101 × 100), more than 10,000; vary fewer values, or let `scalecast plan` search")
  })

  it("a knob: 1,000 values", async () => {
    expect((await run(["sweep", scenario, "--vary", "scaling.value=1..1001"])).firstLine).toBe(
      "scalecast sweep: --vary scaling.value: 1001 values is too many for one knob (at most 1000)"
    )
  })
})

describe("provided limits replace the defaults", () => {
  const small: CommandLimits = {
    maxEventsPerRun: 20_000,
    maxEventsPerCommand: 3_000,
    maxRuns: 4,
    maxConfigs: 2,
    maxReplications: 10,
    maxWorkers: 2,
    defaultWorkers: 0
  }
  const roomy: CommandLimits = { ...small, maxEventsPerCommand: 1e9 }

  it("maxRuns counts every replication of every config", async () => {
    expect((await run(["check", scenario, "--slo", "failed=0", "--replications", "5"], roomy)).firstLine).toBe(
      "scalecast check: 5 runs is more than 4; use fewer --replications or a shorter --duration"
    )
    expect((await run(["compare", scenario, scenario, "--replications", "3"], roomy)).firstLine).toBe(
      "scalecast compare: 6 runs is more than 4; use fewer --replications or a shorter --duration"
    )
    const ok = await run(["check", scenario, "--slo", "failed=0", "--replications", "4"], roomy)
    expect(ok.exitCode).toBe(0)
    expect(ok.stdout.join("\n")).toMatch(/^tiny: 4 replications/)
  })

  it("maxReplications, maxWorkers and maxConfigs", async () => {
    expect((await run(["check", scenario, "--slo", "failed=0", "--replications", "11"], small)).firstLine).toBe(
      'scalecast check: --replications: expected an integer from 1 to 10, got "11"'
    )
    expect((await run(["check", scenario, "--slo", "failed=0", "--workers", "3"], small)).firstLine).toBe(
      `scalecast check: --workers: expected an integer from 0 to 2 (this machine's cores), got "3"`
    )
    expect((await run(["sweep", scenario, "--vary", "workers.max=1,2,3"], small)).firstLine).toBe(
      "scalecast sweep: the grid has 3 configs (3), more than 2; vary fewer values, or let `scalecast plan` search"
    )
  })

  it("maxEventsPerCommand and maxEventsPerRun", async () => {
    const all = await run(["sweep", scenario, "--vary", "workers.max=1,2", "--replications", "1"], small)
    expect(all.exitCode).toBe(2)
    expect(all.firstLine).toMatch(
      /^scalecast sweep: about [\d.]+e\+3 simulated events in all is more than 3e\+3 \(about a day on two cores\); vary fewer values, use fewer --replications or a shorter --duration$/
    )
    const one = await run(["simulate", scenario, "--duration", "1e5"], small)
    expect(one.exitCode).toBe(2)
    expect(one.stderr).toMatch(
      /^ {2}(durationSeconds|workload\.arrivals): expected a run within scalecast's work budget of 20,000 events per run, got about [\d,]+ events/m
    )
    expect(one.stdout).toEqual([])
  })
})
