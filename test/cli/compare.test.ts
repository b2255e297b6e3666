/** compare, in process: both sides on a's seeds and duration, b as a scenario or an endpoint config, the table/JSON, refusals and Ctrl-C keeping whole pairs. */
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { runMetricNames } from "../../src/models/Slo.ts"
import { inProcess, interrupted, scratchFolder, tinyScenario } from "./cli.ts"

const scratch = scratchFolder("scalecast-compare-")
const { file } = scratch
let scenario: string
beforeAll(() => {
  scenario = file("tiny.json", tinyScenario)
})

const run = inProcess("compare")
const runInterrupted = (argv: ReadonlyArray<string>, turns: number) => interrupted(() => run(argv), { turns })

interface Interval {
  readonly mean: number | null
  readonly low: number | null
  readonly high: number | null
}
interface Comparison {
  readonly a: string
  readonly b: string
  readonly replications: number
  readonly complete: boolean
  readonly figuresA: Record<string, Interval>
  readonly figuresB: Record<string, Interval>
  readonly difference: Record<string, Interval>
}

describe("scalecast compare", () => {
  it("runs b on a's seeds and duration: a copy with another seed and duration differs by exactly 0", async () => {
    const copy = file("copy.json", { ...tinyScenario, name: "copy", seed: 99, durationSeconds: 50 })
    const r = await run([scenario, copy, "--replications", "3", "--json"])
    expect(r.exitCode).toBe(0)
    const c = JSON.parse(r.stdout) as Comparison
    expect(Object.keys(c)).toEqual(["a", "b", "replications", "complete", "figuresA", "figuresB", "difference"])
    expect([c.a, c.b, c.replications, c.complete]).toEqual(["tiny", "copy", 3, true])
    expect(Object.keys(c.difference)).toEqual([...runMetricNames])
    expect(c.figuresB).toEqual(c.figuresA)
    for (const m of ["usdPerHour", "endToEnd.p95", "delayTime.mean", "coldStartShare"]) expect(c.difference[m]).toMatchObject({ mean: 0, low: 0, high: 0 })
    // Identical workloads: no warning.
    expect(r.messages).toEqual([])
  })

  it("--seed and --duration apply to both sides", async () => {
    const a = JSON.parse((await run([scenario, scenario, "--replications", "2", "--json"])).stdout) as Comparison
    const b = JSON.parse((await run([scenario, scenario, "--replications", "2", "--json", "--seed", "40", "--duration", "120"])).stdout) as Comparison
    expect(b.figuresA).toEqual(b.figuresB)
    expect(b.figuresA.usdPerHour).not.toEqual(a.figuresA.usdPerHour)
  })

  it("takes an endpoint config as b, in place of a's endpoint", async () => {
    const endpoint = file("always-on.json", { ...tinyScenario.endpoint, workers: { min: 3, max: 3 } })
    const r = await run([scenario, endpoint, "--replications", "3", "--json"])
    expect(r.exitCode).toBe(0)
    const c = JSON.parse(r.stdout) as Comparison
    expect(c.b).toBe(`tiny (endpoint of ${endpoint})`)
    // Three workers always on cost more and never cold-start.
    expect(c.figuresB.coldStartShare!.mean).toBe(0)
    expect(c.difference.usdPerHour!.low).toBeGreaterThan(0)
    expect(r.messages).toEqual([])
  })

  it("prints the side-by-side table with the paired difference", async () => {
    const endpoint = file("always-on2.json", { ...tinyScenario.endpoint, workers: { min: 3, max: 3 } })
    const r = await run([scenario, endpoint, "--replications", "3"])
    expect(r.exitCode).toBe(0)
    const lines = r.stdout.split("\n")
    expect(lines.slice(0, 3)).toEqual(["a: tiny", `b: tiny (endpoint of ${endpoint})`, "3 paired replications on the same seeds; b − a with its 95 % interval"])
    expect(lines[4]).toMatch(/^figure +a +b +b − a \[95 % CI\]$/)
    for (const m of runMetricNames) expect(r.stdout).toMatch(new RegExp(`^${m.replace(".", "\\.")} `, "m"))
    expect(r.stdout).toMatch(/^usdPerHour .*\*$/m)
  })

  it("warns when the two scenarios' workloads differ", async () => {
    const busier = file("busier.json", { ...tinyScenario, workload: { ...tinyScenario.workload, arrivals: { type: "poisson", ratePerSecond: 1 } } })
    const r = await run([scenario, busier, "--replications", "2"])
    expect(r.exitCode).toBe(0)
    expect(r.messages).toEqual(["warning: the two scenarios have different workloads; the comparison is not on identical traffic"])
  })

  it("Ctrl-C keeps only whole pairs, marked incomplete, exit 130", async () => {
    const r = await runInterrupted([scenario, scenario, "--replications", "40", "--json"], 3)
    expect(r.exitCode).toBe(130)
    const c = JSON.parse(r.stdout) as Comparison
    expect(c.complete).toBe(false)
    expect(c.replications).toBeLessThan(40)
    expect(r.stderr).toBe(`scalecast: interrupted: ${c.replications} of 40 pairs finished`)
    const text = await runInterrupted([scenario, scenario, "--replications", "40"], 3)
    expect(text.exitCode).toBe(130)
    expect(text.stdout).toMatch(
      /^\d+ paired replications on the same seeds; b − a with its 95 % interval — INCOMPLETE \(interrupted\): only the pairs that finished$/m
    )
  })
})

describe("scalecast compare refuses bad input in one line", () => {
  const refused = async (argv: ReadonlyArray<string>) => {
    const r = await run(argv)
    expect(r.exitCode).toBe(2)
    expect(r.stdout).toBe("")
    expect(r.stderr).not.toMatch(/^\s+at /m)
    return r.stderr
  }

  it("wrong positionals and flags", async () => {
    expect(await refused([scenario])).toMatch(
      new RegExp(`^scalecast compare: expected <a> <b>, got ${scenario.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\nusage: scalecast compare `)
    )
    expect(await refused([])).toMatch(/^scalecast compare: expected <a> <b>, got nothing\n/)
    expect(await refused([scenario, scenario, scenario])).toMatch(/^scalecast compare: unexpected argument "/)
    expect(await refused([scenario, scenario, "--slo", "failed=0"])).toMatch(/^scalecast compare: unknown option --slo\n/)
    expect(await refused([scenario, scenario, "--replications", "101"])).toMatch(
      /^scalecast compare: --replications: expected an integer from 1 to 100, got "101"\n/
    )
  })

  it("b that is not an object, is missing, or is an invalid endpoint, naming the file and field", async () => {
    const list = file("list.json", "[1, 2]")
    expect(await refused([scenario, list])).toBe(`scalecast: ${list}: expected a JSON or YAML object (fields and their values), got a list`)
    const missing = join(scratch.dir, "missing.json")
    expect(await refused([scenario, missing])).toBe(`scalecast: ${missing}: no such file`)
    const bad = file("bad-endpoint.json", { ...tinyScenario.endpoint, workers: { min: 1, max: "x" } })
    expect(await refused([scenario, bad])).toBe(`scalecast: ${bad}: invalid scenario: 1 problem\n  endpoint.workers.max: expected a number, got "x"`)
    const badA = file("bad-a.json", { ...tinyScenario, durationSeconds: -1 })
    expect(await refused([badA, scenario])).toBe(`scalecast: ${badA}: invalid scenario: 1 problem\n  durationSeconds: expected a number > 0, got -1`)
  })
})
