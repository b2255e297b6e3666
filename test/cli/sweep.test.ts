/** sweep, in process: the grid's configs on common seeds, the table/JSON/--html, refusals before any run with nothing written, and Ctrl-C. */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { inProcess, interrupted, scratchFolder, tinyScenario, testLimits } from "./cli.ts"

const scratch = scratchFolder("scalecast-sweep-")
const { file } = scratch
let scenario: string
beforeAll(() => {
  scenario = file("tiny.json", tinyScenario)
})

const run = inProcess("sweep", { ...testLimits, maxConfigs: 6, maxReplications: 50 })
const runInterrupted = (argv: ReadonlyArray<string>, turns: number) => interrupted(() => run(argv), { turns })

interface SweepJson {
  readonly scenario: { readonly name: string; readonly seed: number; readonly durationSeconds: number }
  readonly varied: ReadonlyArray<{ readonly path: string; readonly values: ReadonlyArray<unknown> }>
  readonly replications: number
  readonly slos: ReadonlyArray<string>
  readonly complete: boolean
  readonly runsDone: number
  readonly runsTotal: number
  readonly configs: ReadonlyArray<{
    readonly label: string
    readonly runs: number
    readonly invalid?: string
    readonly metrics?: Record<string, { mean: number | null; high: number | null }>
    readonly meetsAll: boolean
    readonly pareto: boolean
    readonly endpoint?: Record<string, unknown>
  }>
  readonly recommendation: { readonly label: string; readonly endpoint: Record<string, unknown> } | null
  readonly message: string
}

describe("scalecast sweep", () => {
  it("--json: every combination, first knob outermost, each run on the same seeds", async () => {
    const r = await run([scenario, "--vary", "workers.max=3,3,1", "--vary", "scaling.idleTimeout=5,60", "--replications", "2", "--json", "--seed", "8"])
    expect(r.exitCode).toBe(0)
    const s = JSON.parse(r.stdout) as SweepJson
    expect(s.configs.map((c) => c.label)).toEqual([
      "workers.max=3 scaling.idleTimeout=5",
      "workers.max=3 scaling.idleTimeout=60",
      "workers.max=3 scaling.idleTimeout=5",
      "workers.max=3 scaling.idleTimeout=60",
      "workers.max=1 scaling.idleTimeout=5",
      "workers.max=1 scaling.idleTimeout=60"
    ])
    expect(s.scenario).toEqual({ name: "tiny", seed: 8, durationSeconds: 300 })
    expect(s.varied).toEqual([
      { path: "endpoint.workers.max", values: [3, 3, 1] },
      { path: "endpoint.scaling.idleTimeout", values: [5, 60] }
    ])
    expect([s.replications, s.complete, s.runsDone, s.runsTotal]).toEqual([2, true, 12, 12])
    // The same config twice: the same seeds give the same figures (common random numbers).
    expect(s.configs[2]!.metrics).toEqual(s.configs[0]!.metrics)
    expect(s.configs[0]!.endpoint).toMatchObject({ workers: { min: 0, max: 3 }, scaling: { idleTimeout: 5 } })
    expect(s.configs.every((c) => c.runs === 2)).toBe(true)
    // With no target, the cheapest config whose end-to-end p95 is reached.
    const cheapest = Math.min(...s.configs.map((c) => c.metrics!.usdPerHour!.mean!))
    expect(s.configs.find((c) => c.label === s.recommendation!.label)!.metrics!.usdPerHour!.mean).toBe(cheapest)
    expect(s.message).toMatch(/^Recommended: .* the cheapest of 6 configs meeting no stated target\.$/)
    expect(r.messages).toEqual([])
  })

  it("with targets: the recommendation meets them all and the message names them", async () => {
    const r = await run([scenario, "--vary", "workers.max=1,3", "--replications", "3", "--slo", "endToEnd.p95<=60", "--budget", "usdPerHour<=100", "--json"])
    expect(r.exitCode).toBe(0)
    const s = JSON.parse(r.stdout) as SweepJson
    expect(s.slos).toEqual(["endToEnd.p95<=60", "usdPerHour<=100"])
    const best = s.configs.find((c) => c.label === s.recommendation!.label)!
    expect(best.meetsAll).toBe(true)
    expect(best.metrics!["endToEnd.p95"]!.high).toBeLessThanOrEqual(60)
    expect(s.message).toMatch(/meeting endToEnd\.p95<=60, usdPerHour<=100\.$/)
  })

  it("text table and --html, written only after the runs and named on stderr", async () => {
    const html = join(scratch.dir, "sweep.html")
    const r = await run([scenario, "--vary", "workers.max=1,3", "--replications", "2", "--html", html])
    expect(r.exitCode).toBe(0)
    expect(r.messages).toEqual([`wrote ${html}`])
    const lines = r.stdout.split("\n")
    expect(lines[0]).toBe("tiny: 2 configs × 2 replications (seeds 3–4, the same for every config)")
    expect(r.stdout).toMatch(/^workers\.max=1 +[\d.]+ ±[\d.]+ /m)
    expect(r.stdout).toMatch(/^workers\.max=3 +[\d.]+ ±[\d.]+ /m)
    expect(r.stdout).toMatch(/^Recommended: workers\.max=\d at \$[\d.]+\/h/m)
    const page = readFileSync(html, "utf8")
    expect(page).toMatch(/^<!doctype html>/)
    expect(page).toContain("<title>scalecast sweep: tiny</title>")
    expect(readdirSync(scratch.dir).filter((f) => f.endsWith(".tmp"))).toEqual([])
  })

  it("lists invalid combinations among valid ones, and refuses a grid with none valid (exit 2, nothing written)", async () => {
    const mixed = await run([scenario, "--vary", "workers.min=0,2", "--vary", "workers.max=1", "--replications", "2", "--json"])
    expect(mixed.exitCode).toBe(0)
    const s = JSON.parse(mixed.stdout) as SweepJson
    expect(s.configs[1]).toMatchObject({
      label: "workers.min=2 workers.max=1",
      runs: 0,
      invalid: "endpoint.workers.min: expected at most workers.max (1), got 2",
      meetsAll: false,
      pareto: false
    })
    expect(s.runsTotal).toBe(2)
    const html = join(scratch.dir, "none.html")
    const none = await run([scenario, "--vary", "workers.min=5,6", "--vary", "workers.max=1", "--html", html])
    expect(none.exitCode).toBe(2)
    expect(none.stderr).toBe(
      "scalecast sweep: no config in the grid is valid (2 combinations):\n  workers.min=5 workers.max=1: endpoint.workers.min: expected at most workers.max (1), got 5\n  workers.min=6 workers.max=1: endpoint.workers.min: expected at most workers.max (1), got 6"
    )
    expect(none.stdout).toBe("")
    expect(existsSync(html)).toBe(false)
  })

  it("Ctrl-C prints the table marked incomplete and writes no --html (exit 130)", async () => {
    const html = join(scratch.dir, "interrupted.html")
    const r = await runInterrupted([scenario, "--vary", "workers.max=1,2,3", "--replications", "20", "--html", html], 3)
    expect(r.exitCode).toBe(130)
    expect(r.stderr).toMatch(new RegExp(`^scalecast: interrupted: \\d+ of 60 runs finished; ${html.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} not written$`))
    expect(r.stdout).toMatch(/^tiny: 3 configs × 20 replications \(seeds 3–22, the same for every config\) — INCOMPLETE: \d+ of 60 runs$/m)
    expect(r.stdout).toMatch(/^INCOMPLETE \(\d+ of 60 runs\): /m)
    expect(r.messages).toEqual([])
    expect(existsSync(html)).toBe(false)
    const json = await runInterrupted([scenario, "--vary", "workers.max=1,2,3", "--replications", "20", "--json"], 3)
    expect(json.exitCode).toBe(130)
    const s = JSON.parse(json.stdout) as SweepJson
    expect(s.complete).toBe(false)
    expect(s.runsDone).toBeLessThan(60)
    expect(json.stderr).toBe(`scalecast: interrupted: ${s.runsDone} of 60 runs finished`)
  })
})

describe("scalecast sweep refuses bad input before any run", () => {
  const refused = async (argv: ReadonlyArray<string>, first: string | RegExp) => {
    const r = await run(argv)
    expect(r.exitCode).toBe(2)
    if (typeof first === "string") expect(r.stderr.split("\n")[0]).toBe(first)
    else expect(r.stderr.split("\n")[0]).toMatch(first)
    expect(r.stdout).toBe("")
    expect(r.messages).toEqual([])
    expect(r.stderr).not.toMatch(/^\s+at /m)
  }

  it("missing or unreadable --vary", async () => {
    await refused([scenario], "scalecast sweep: expected at least one --vary PATH=VALUES, e.g. --vary scaling.value=1..10")
    await refused(
      [scenario, "--vary", "=1"],
      'scalecast sweep: cannot read --vary "=1": expected <path>=<values>, e.g. scaling.value=1..10 or scaling.idleTimeout=5,30,120'
    )
    await refused([scenario, "--vary", "workers.max="], 'scalecast sweep: --vary workers.max: expected a list like 5,30,120 or a range like 1..10, got ""')
    await refused(
      [scenario, "--vary", "workers.max=1,,2"],
      'scalecast sweep: --vary workers.max: expected a list like 5,30,120 or a range like 1..10, got "1,,2"'
    )
    await refused(
      [scenario, "--vary", "scaling.value=5..1"],
      "scalecast sweep: --vary scaling.value: expected a range low..high[:step] with low <= high and step > 0, got 5..1"
    )
    await refused([scenario, "--vary", "name=a,b"], /^scalecast sweep: --vary name: expected an endpoint field \(.*\) or platform\.<setting>$/)
  })

  it("paths naming no setting or varied twice, checked against the scenario", async () => {
    await refused([scenario, "--vary", "platform.bogus=1,2"], /^scalecast sweep: --vary platform\.bogus: platform\.bogus is not a platform setting/)
    await refused([scenario, "--vary", "scaling.value=1,2", "--vary", "scaling.value=3"], /^scalecast sweep: --vary scaling\.value given twice/)
  })

  it("a grid over the limit, and bad targets", async () => {
    await refused(
      [scenario, "--vary", "workers.max=1..4", "--vary", "scaling.value=1,2"],
      "scalecast sweep: the grid has 8 configs (4 × 2), more than 6; vary fewer values, or let `scalecast plan` search"
    )
    await refused(
      [scenario, "--vary", "workers.max=1,2", "--slo", "failed<=-1"],
      /^scalecast sweep: --slo: failed is never negative \(a count of requests\), got -1/
    )
    await refused(
      [scenario, "--vary", "workers.max=1,2", "--budget", "endToEnd.p95<=3"],
      "scalecast sweep: --budget: expected a cost target (usdPerHour or usdPer1000), got endToEnd.p95; state latency and reliability targets with --slo"
    )
  })

  it("an --html that cannot be written, before the scenario is read; nothing left behind", async () => {
    const missing = join(scratch.dir, "missing.json")
    await refused([missing, "--vary", "workers.max=1,2", "--html", scratch.dir], `scalecast: ${scratch.dir}: cannot write: is a directory, not a file`)
    await refused([missing, "--vary", "workers.max=1,2", "--html", ""], "scalecast: an output file name is empty; expected a path such as report.html")
    const nowhere = join(scratch.dir, "no", "r.html")
    await refused(
      [missing, "--vary", "workers.max=1,2", "--html", nowhere],
      `scalecast: ${nowhere}: cannot write: the folder ${join(scratch.dir, "no")} does not exist`
    )
    await refused([missing, "--vary", "workers.max=1,2"], `scalecast: ${missing}: no such file`)
    expect(readdirSync(scratch.dir).filter((f) => f.endsWith(".tmp"))).toEqual([])
  })
})
