/**
 * sweep --shard and merge: for several grids and shard counts (including more shards than runs),
 * the merged parts give exactly the unsplit sweep's --json; auto shards read the batch engines'
 * variables; parts of different sweeps, missing, repeated or tampered shards are refused naming the
 * part (exit 2, no stack trace).
 */
import { readFileSync, truncateSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { parseShard } from "../../src/cli/Shards.ts"
import { shardRuns } from "../../src/sim/SweepShards.ts"
import { hasStackTrace, inProcess, scratchFolder, testLimits, tinyScenario } from "./cli.ts"

const sweep = inProcess("sweep")
const merge = inProcess("merge")
const folder = scratchFolder("scalecast-merge-")

/** Runs the sweep unsplit and as `count` shards; returns the unsplit JSON and the part files. */
const split = async (name: string, scenario: unknown, flags: ReadonlyArray<string>, count: number) => {
  const file = folder.file(`${name}.json`, scenario)
  const whole = await sweep([file, ...flags, "--json"])
  expect(whole.exitCode, whole.stderr).toBe(0)
  const parts: Array<string> = []
  for (let i = 1; i <= count; i++) {
    const part = await sweep([file, ...flags, "--shard", `${i}/${count}`])
    expect(part.exitCode, part.stderr).toBe(0)
    parts.push(folder.file(`${name}-part-${i}-of-${count}.json`, part.stdout))
  }
  return { whole: whole.stdout, parts, file }
}

describe("merge(shards) = the unsplit sweep", () => {
  const grids = [
    { name: "one-knob", flags: ["--vary", "scaling.value=1..3", "--replications", "2"], counts: [1, 2, 4, 7] },
    {
      name: "two-knobs-invalid",
      flags: ["--vary", "workers.max=0,1,3", "--vary", "workers.min=0,2", "--replications", "3", "--slo", "endToEnd.p95<=30", "--budget", "usdPerHour<=5"],
      counts: [3, 5, 20]
    },
    { name: "one-run", flags: ["--vary", "flashboot=FLASHBOOT", "--replications", "1"], counts: [1, 3] },
    // One worker for twice the work it can do, jobs expiring after 20 s: p95 not reached (∞) there.
    {
      name: "overloaded",
      scenario: {
        ...tinyScenario,
        workload: { ...tinyScenario.workload, executionSeconds: { type: "exponential", mean: 4 } },
        platform: { coldStartSeconds: 5, jobTtlSeconds: 20 }
      },
      flags: ["--vary", "workers.max=1,4", "--replications", "2"],
      counts: [2, 3]
    }
  ]
  for (const g of grids)
    it(`${g.name}: ${g.counts.join(", ")} shards`, { timeout: 120_000 }, async () => {
      for (const count of g.counts) {
        const scenario = "scenario" in g ? g.scenario : tinyScenario
        const { whole, parts, file } = await split(`${g.name}-${count}`, scenario, g.flags, count)
        const merged = await merge([...parts, "--json"])
        expect(merged.exitCode, merged.stderr).toBe(0)
        expect(merged.stdout, `${count} shards`).toBe(whole)
        // In any order of the part files.
        expect((await merge([...parts].reverse().concat("--json"))).stdout).toBe(whole)
        // The text table too, where JSON cannot tell "not reached" (∞) from "no request completed" (—).
        expect((await merge(parts)).stdout).toBe((await sweep([file, ...g.flags])).stdout)
      }
    })

  it("the text table and the page are the unsplit sweep's too; merge --slo states other targets", { timeout: 120_000 }, async () => {
    const flags = ["--vary", "scaling.value=1,4", "--replications", "2"]
    const { parts, file } = await split("table", tinyScenario, flags, 2)
    expect((await merge(parts)).stdout).toBe((await sweep([file, ...flags])).stdout)
    const html = join(folder.dir, "merged.html")
    expect((await merge([...parts, "--html", html])).exitCode).toBe(0)
    expect(readFileSync(html, "utf8")).toMatch(/^<!doctype html>/)
    const withTargets = await merge([...parts, "--slo", "endToEnd.p95<=1", "--json"])
    expect(withTargets.stdout).toBe((await sweep([file, ...flags, "--slo", "endToEnd.p95<=1", "--json"])).stdout)
  })
})

describe("merge refuses what is not one whole sweep", () => {
  const flags = ["--vary", "scaling.value=1,2", "--replications", "2"]
  const refused = async (argv: ReadonlyArray<string>, message: RegExp | string) => {
    const r = await merge(argv)
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(hasStackTrace(r.stderr)).toBe(false)
    expect(r.stdout).toBe("")
  }

  it("missing and repeated shards, parts of different counts", { timeout: 120_000 }, async () => {
    const { parts } = await split("gaps", tinyScenario, flags, 3)
    await refused([parts[0]!, parts[2]!], "scalecast merge: missing shard 2 of 3")
    await refused([parts[0]!, parts[1]!, parts[1]!, parts[2]!], /gaps-part-2-of-3\.json and .*gaps-part-2-of-3\.json are both shard 2 of 3/)
    const { parts: halves } = await split("gaps2", tinyScenario, flags, 2)
    await refused([parts[0]!, halves[1]!], /gaps2-part-2-of-2\.json is shard 2 of 2, .*gaps-part-1-of-3\.json of 3/)
  })

  it("parts of another scenario, seed, grid or version", { timeout: 120_000 }, async () => {
    const { parts } = await split("same", tinyScenario, flags, 2)
    const { parts: other } = await split("other", { ...tinyScenario, seed: 4 }, flags, 2)
    await refused([parts[0]!, other[1]!], /other-part-2-of-2\.json is a part of another sweep: of a different scenario document/)
    const { parts: grid } = await split("grid", tinyScenario, ["--vary", "scaling.value=1,3", "--replications", "2"], 2)
    await refused([parts[0]!, grid[1]!], /grid-part-2-of-2\.json is a part of another sweep: of a different grid/)
    const part = JSON.parse(readFileSync(parts[1]!, "utf8")) as { identity: { version: string } }
    part.identity.version = "0.0.1"
    const old = folder.file("old-version.json", part)
    await refused([parts[0]!, old], /old-version\.json is a part of another sweep: made by scalecast 0\.0\.1/)
  })

  it("a file that is not a part, a tampered run, parts run with different targets", { timeout: 120_000 }, async () => {
    const { parts } = await split("stray", tinyScenario, flags, 2)
    // One line, whatever else the stray document holds or lacks.
    await refused(
      [folder.file("scenario.json", tinyScenario)],
      /^scalecast: \S*scenario\.json: not a part printed by scalecast sweep --shard or plan --shard \(expected kind "scalecast sweep part", got none\)$/
    )
    const wrongKind = JSON.parse(readFileSync(parts[1]!, "utf8")) as { kind: string }
    wrongKind.kind = "scalecast report"
    writeFileSync(join(folder.dir, "kind.json"), JSON.stringify(wrongKind))
    await refused([parts[0]!, join(folder.dir, "kind.json")], /kind\.json: not a part .*got "scalecast report"\)/)
    await refused([folder.file("empty.json", "")], /empty\.json/)
    const tampered = JSON.parse(readFileSync(parts[1]!, "utf8")) as { runs: Array<{ run: number }> }
    tampered.runs[0]!.run = 0
    writeFileSync(join(folder.dir, "tampered.json"), JSON.stringify(tampered))
    await refused([parts[0]!, join(folder.dir, "tampered.json")], /tampered\.json: run 0 does not belong to its shard/)
    const inflated = JSON.parse(readFileSync(parts[1]!, "utf8")) as { runsTotal: number }
    inflated.runsTotal = 1e12
    writeFileSync(join(folder.dir, "inflated.json"), JSON.stringify(inflated))
    await refused([parts[0]!, join(folder.dir, "inflated.json")], /inflated\.json: its configs or run count do not match its grid \(2 configs, 4 runs\)/)
    const { parts: targeted } = await split("targeted", tinyScenario, [...flags, "--slo", "failed=0"], 2)
    await refused([parts[0]!, targeted[1]!], /targeted-part-2-of-2\.json was run with targets \["failed=0"\]/)
    // …unless the merge states its own, as the message says.
    const stated = await merge([parts[0]!, targeted[1]!, "--slo", "endToEnd.p95<=9", "--json"])
    expect(stated.exitCode, stated.stderr).toBe(0)
    expect(stated.stdout).toBe((await merge([...parts, "--slo", "endToEnd.p95<=9", "--json"])).stdout)
    const outOfRange = JSON.parse(readFileSync(parts[1]!, "utf8")) as { shard: { index: number } }
    outOfRange.shard.index = 6
    writeFileSync(join(folder.dir, "seventh.json"), JSON.stringify(outOfRange))
    await refused([parts[0]!, join(folder.dir, "seventh.json")], /seventh\.json claims to be shard 7 of 2/)
  })

  it("reads parts larger than a scenario may be (up to 256 MB), and refuses larger ones before reading them", { timeout: 120_000 }, async () => {
    const { parts } = await split("large", tinyScenario, flags, 2)
    // 11 MB of trailing white space: more than the 10 MB of a scenario, still a part.
    const padded = join(folder.dir, "padded.json")
    writeFileSync(padded, readFileSync(parts[1]!, "utf8") + " ".repeat(11 * 1024 * 1024))
    const merged = await merge([parts[0]!, padded, "--json"])
    expect(merged.exitCode, merged.stderr).toBe(0)
    expect(merged.stdout).toBe((await merge([...parts, "--json"])).stdout)
    const huge = join(folder.dir, "huge.json")
    writeFileSync(huge, "")
    truncateSync(huge, 300 * 1024 * 1024) // sparse: nothing is written, and nothing read
    await refused([parts[0]!, huge], /huge\.json: is 300\.0 MB; scalecast reads sweep parts up to 256 MB/)
  })
})

describe("sweep --shard", () => {
  it("takes every N-th run from the I-th: the shards cover the runs once", () => {
    expect(shardRuns(7, { index: 0, count: 3 })).toEqual([0, 3, 6])
    expect(shardRuns(7, { index: 2, count: 3 })).toEqual([2, 5])
    expect(shardRuns(2, { index: 4, count: 5 })).toEqual([])
    for (const count of [1, 2, 3, 8])
      expect(
        Array.from({ length: count }, (_, index) => shardRuns(10, { index, count }))
          .flat()
          .sort((a, b) => a - b)
      ).toEqual(Array.from({ length: 10 }, (_, i) => i))
  })

  it("reads I/N (1-based) and auto/N from Kubernetes, Slurm (offset by its first task id) and AWS Batch", () => {
    expect(parseShard("2/8", {})).toEqual({ index: 1, count: 8 })
    expect(parseShard("auto/4", { JOB_COMPLETION_INDEX: "3" })).toEqual({ index: 3, count: 4 })
    expect(parseShard("auto/4", { SLURM_ARRAY_TASK_ID: "7", SLURM_ARRAY_TASK_MIN: "5" })).toEqual({ index: 2, count: 4 })
    expect(parseShard("auto/4", { SLURM_ARRAY_TASK_ID: "2" })).toEqual({ index: 2, count: 4 })
    expect(parseShard("auto/4", { AWS_BATCH_JOB_ARRAY_INDEX: "0" })).toEqual({ index: 0, count: 4 })
  })

  it("says what is wrong with a shard", () => {
    expect(parseShard("0/4", {})).toEqual({ error: "expected a shard from 1 to 4, got 0" })
    expect(parseShard("5/4", {})).toEqual({ error: "expected a shard from 1 to 4, got 5" })
    expect(parseShard("1/0", {})).toEqual({ error: "expected a shard count from 1 to 100000, got 0" })
    expect(parseShard("1-4", {})).toMatchObject({ error: expect.stringContaining('expected --shard I/N (e.g. 2/8, I from 1 to N) or auto/N, got "1-4"') })
    expect(parseShard("auto/4", {})).toEqual({
      error: "--shard auto/4: none of JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID, AWS_BATCH_JOB_ARRAY_INDEX is set; give the shard as I/4"
    })
    expect(parseShard("auto/4", { JOB_COMPLETION_INDEX: "4" })).toEqual({ error: "--shard auto/4: JOB_COMPLETION_INDEX=4 is not a shard from 0 to 3" })
    expect(parseShard("auto/4", { JOB_COMPLETION_INDEX: "x" })).toEqual({ error: "--shard auto/4: JOB_COMPLETION_INDEX=x is not a shard from 0 to 3" })
  })

  it("refuses --html on a shard and a bad --shard before running anything", async () => {
    const file = folder.file("refuse.json", tinyScenario)
    const html = await sweep([file, "--vary", "scaling.value=1,2", "--shard", "1/2", "--html", join(folder.dir, "x.html")])
    expect(html.exitCode).toBe(2)
    expect(html.stderr).toContain("a shard prints a part for scalecast merge; give --html to the merge")
    const bad = await sweep([file, "--vary", "scaling.value=1,2", "--shard", "3/2"])
    expect(bad.exitCode).toBe(2)
    expect(bad.stderr).toContain("scalecast sweep: expected a shard from 1 to 2, got 3")
  })
})

describe("plan --shard and --screened", () => {
  const plan = inProcess("plan", { ...testLimits, maxEventsPerCommand: 1e10, maxRuns: 5000, maxConfigs: 1000 })
  const args = ["--slo", "endToEnd.p95<=30", "--duration", "120", "--screen", "2", "--replications", "3", "--json"]

  it("the screening split across shards and read back gives the unsplit plan's answer", { timeout: 300_000 }, async () => {
    const scenario = folder.file("plan.json", { ...tinyScenario, durationSeconds: 120 })
    const whole = await plan([scenario, ...args])
    const parts: Array<string> = []
    for (let i = 1; i <= 3; i++) {
      const part = await plan([scenario, ...args, "--shard", `${i}/3`])
      expect(part.exitCode, part.stderr).toBe(0)
      parts.push(folder.file(`plan-part-${i}.json`, part.stdout))
    }
    const confirmed = await plan([scenario, ...args, "--screened", ...parts])
    expect(confirmed.exitCode).toBe(whole.exitCode)
    expect(confirmed.stdout).toBe(whole.stdout)
    // A shard run with other targets screens the same runs: the plan's own targets decide.
    const retargeted = JSON.parse(readFileSync(parts[2]!, "utf8")) as { slos: Array<string> }
    retargeted.slos = ["failed=0"]
    const third = folder.file("plan-part-3-retargeted.json", retargeted)
    const mixed = await plan([scenario, ...args, "--screened", parts[0]!, parts[1]!, third])
    expect(mixed.stdout, mixed.stderr).toBe(whole.stdout)
    // Screened parts of another plan (another screen count) or a missing shard are refused, naming why.
    const other = await plan([scenario, ...args.map((a) => (a === "2" ? "3" : a)), "--screened", ...parts])
    expect(other.exitCode).toBe(2)
    expect(other.stderr).toContain("scalecast plan: the screened parts are not this plan's screening: this plan is with 3 replications, the parts with 2")
    const missing = await plan([scenario, ...args, "--screened", parts[0]!, parts[1]!])
    expect(missing.exitCode).toBe(2)
    expect(missing.stderr).toContain("scalecast plan: missing shard 3 of 3")
  })

  it("a shard takes no --out or --screened; --screened needs part files", async () => {
    const scenario = folder.file("plan-usage.json", tinyScenario)
    const out = await plan([scenario, ...args, "--shard", "1/2", "--out", join(folder.dir, "x.json")])
    expect(out.exitCode).toBe(2)
    expect(out.stderr).toContain("a shard screens its share and prints a part; give --screened and --out to the plan that confirms")
    const none = await plan([scenario, ...args, "--screened"])
    expect(none.exitCode).toBe(2)
    expect(none.stderr).toContain("--screened expects the screening's part files after it")
    const stray = await plan([scenario, ...args, "part.json"])
    expect(stray.exitCode).toBe(2)
    expect(stray.stderr).toContain('unexpected argument "part.json"')
  })
})
