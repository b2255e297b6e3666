/** plan, in process: the recommendation (text, JSON, --out), exit 1 when nothing meets the targets, refusals before any run, and Ctrl-C writing nothing. */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { inProcess, interrupted, scratchFolder, tinyScenario, testLimits } from "./cli.ts"

const scratch = scratchFolder("scalecast-plan-")
const { file } = scratch
let scenario: string
beforeAll(() => {
  scenario = file("tiny.json", { ...tinyScenario, durationSeconds: 120 })
})

const run = inProcess("plan", { ...testLimits, maxEventsPerCommand: 1e10, maxRuns: 5000, maxConfigs: 1000 })
/** Stops the `stage`-th run pool (1 screening, 2 confirming) as Ctrl-C would. */
const runInterrupted = (argv: ReadonlyArray<string>, stage: number) => interrupted(() => run(argv), { stage })

interface Figures {
  readonly [metric: string]: { readonly mean: number | null; readonly high: number | null }
}
interface PlanJson {
  readonly complete: boolean
  readonly endpoint: Record<string, unknown> | null
  readonly config: string | null
  readonly figures: Figures | null
  readonly runnersUp: ReadonlyArray<{ readonly config: string; readonly meetsAll: boolean; readonly endpoint: unknown; readonly figures: Figures | null }>
  readonly message: string
}

describe("scalecast plan", () => {
  it("--json: the cheapest config meeting the target, written alone to --out", async () => {
    const out = join(scratch.dir, "plan.json")
    const r = await run([scenario, "--slo", "endToEnd.p95<=30", "--screen", "1", "--replications", "2", "--json", "--out", out])
    expect(r.exitCode).toBe(0)
    const p = JSON.parse(r.stdout) as PlanJson
    expect(Object.keys(p)).toEqual(["complete", "endpoint", "config", "figures", "runnersUp", "message"])
    expect(p.complete).toBe(true)
    expect(p.message).toMatch(
      new RegExp(`^Recommended: ${p.config!.replace(/[.+]/g, "\\$&")} at \\$[\\d.]+/h, the cheapest of \\d+ configs? meeting endToEnd\\.p95<=30\\.$`)
    )
    expect(p.figures!["endToEnd.p95"]!.high).toBeLessThanOrEqual(30)
    expect(p.config).toMatch(
      /^workers\.min=\d+ workers\.max=\d+ scaling\.type=(QUEUE_DELAY|REQUEST_COUNT) scaling\.value=\d+ scaling\.idleTimeout=\d+ flashboot=(OFF|FLASHBOOT)$/
    )
    expect(p.endpoint).toMatchObject({ name: "tiny", image: "img", gpu: { pools: ["AMPERE_24"] } })
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(p.endpoint)
    // --json keeps stderr for the file written only.
    expect(r.messages).toEqual([`wrote ${out}`])
    expect(p.runnersUp.length).toBeLessThanOrEqual(3)
    for (const u of p.runnersUp) {
      expect(u.config).not.toBe(p.config)
      if (u.meetsAll) expect(u.figures!.usdPerHour!.mean).toBeGreaterThanOrEqual(p.figures!.usdPerHour!.mean!)
    }
  })

  it("text: Little's law and the stages on stderr, the v2 config and its figures on stdout", async () => {
    const r = await run([scenario, "--slo", "endToEnd.p95<=30", "--screen", "1", "--replications", "2"])
    expect(r.exitCode).toBe(0)
    expect(r.messages).toEqual(["Little's law: 0.50 busy workers. Screening 216 configs × 1 replications…", "Confirming 8 configs × 2 replications…"])
    const m = /\nRecommended v2 config \((.+)\):\n(\{[\s\S]*?\n\})\n/.exec(r.stdout)
    expect(m).not.toBeNull()
    expect(JSON.parse(m![2]!)).toMatchObject({ name: "tiny", workers: { min: expect.any(Number), max: expect.any(Number) } })
    expect(r.stdout).toMatch(/^Figures \(2 replications, 95 % intervals\): \$[\d.]+\/h \(up to \$[\d.]+\), end-to-end p95 [\d.]+ s \(up to [\d.]+ s\)/m)
    expect(r.stdout).toMatch(/^Runners-up:$/m)
  })

  it("exit 1 when no config meets the targets; nothing written", async () => {
    const out = join(scratch.dir, "none.json")
    const r = await run([scenario, "--slo", "endToEnd.p95<=0.01", "--screen", "1", "--replications", "2", "--json", "--out", out])
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toBe("scalecast: no config found that meets every target")
    const p = JSON.parse(r.stdout) as PlanJson
    expect([p.complete, p.endpoint, p.config, p.figures]).toEqual([true, null, null, null])
    expect(p.message).toMatch(/^No config in this grid meets endToEnd\.p95<=0\.01; closest is .+: endToEnd\.p95<=0\.01 \(misses by [\d.]+\)\.$/)
    expect(p.runnersUp.length).toBeGreaterThan(0)
    expect(p.runnersUp.every((u) => !u.meetsAll)).toBe(true)
    expect(existsSync(out)).toBe(false)
    expect(r.messages).toEqual([])
  })

  it("Ctrl-C while screening: exit 130, no recommendation, nothing written", async () => {
    const out = join(scratch.dir, "screen.json")
    const r = await runInterrupted([scenario, "--slo", "endToEnd.p95<=30", "--screen", "1", "--json", "--out", out], 1)
    expect(r.exitCode).toBe(130)
    expect(r.stderr).toBe("scalecast: interrupted: while screening; no recommendation")
    const p = JSON.parse(r.stdout) as PlanJson
    expect(p).toMatchObject({ complete: false, endpoint: null, config: null, figures: null, runnersUp: [] })
    expect(p.message).toMatch(/^INCOMPLETE: interrupted while screening \(\d+ of 216 runs\); no recommendation, nothing written\.$/)
    expect(existsSync(out)).toBe(false)
  })

  it("Ctrl-C while confirming: exit 130, nothing recommended or written", async () => {
    const out = join(scratch.dir, "confirm.json")
    const r = await runInterrupted([scenario, "--slo", "endToEnd.p95<=30", "--screen", "1", "--replications", "40", "--out", out], 2)
    expect(r.exitCode).toBe(130)
    expect(r.stderr).toBe("scalecast: interrupted: while confirming; no recommendation")
    expect(r.stdout).toMatch(/^INCOMPLETE: interrupted while confirming \(\d+ of 320 runs\); no recommendation, nothing written\.$/m)
    expect(r.stdout).not.toMatch(/Recommended/)
    expect(r.stdout).toMatch(/^Finished so far \(not a recommendation\):$/m)
    expect(existsSync(out)).toBe(false)
    expect(readdirSync(scratch.dir).filter((f) => f.includes("confirm"))).toEqual([])
  })
})

describe("scalecast plan refuses bad input before any run", () => {
  const refused = async (argv: ReadonlyArray<string>, first: string | RegExp) => {
    const r = await run(argv)
    expect(r.exitCode).toBe(2)
    if (typeof first === "string") expect(r.stderr.split("\n")[0]).toBe(first)
    else expect(r.stderr.split("\n")[0]).toMatch(first)
    expect(r.stdout).toBe("")
    expect(r.messages).toEqual([])
    expect(r.stderr).not.toMatch(/^\s+at /m)
    return r.stderr
  }

  it("no target, bad targets, bad --screen", async () => {
    await refused([scenario], 'scalecast plan: expected at least one --slo, e.g. --slo "endToEnd.p95<=8"')
    await refused([scenario, "--slo", "endToEnd.p95<=-1"], /^scalecast plan: --slo: endToEnd\.p95 is never negative \(seconds\), got -1/)
    await refused([scenario, "--slo", "failed=0", "--budget", "coldStartShare<=0.1"], /^scalecast plan: --budget: expected a cost target/)
    await refused([scenario, "--slo", "failed=0", "--screen", "0"], 'scalecast plan: --screen: expected an integer from 1 to 100, got "0"')
    await refused([scenario, "--slo", "failed=0", "--screen", "2.5"], 'scalecast plan: --screen: expected an integer from 1 to 100, got "2.5"')
    await refused([scenario, "--slo", "failed=0", "--out", "a.json", "--out", "b.json"], "scalecast plan: --out given twice; give it once")
  })

  it("an --out that cannot be written is refused before the scenario is even read", async () => {
    const missing = join(scratch.dir, "missing.json")
    await refused([missing, "--slo", "failed=0", "--out", ""], "scalecast: an output file name is empty; expected a path such as report.html")
    const nowhere = join(scratch.dir, "no-such-folder", "plan.json")
    await refused(
      [missing, "--slo", "failed=0", "--out", nowhere],
      `scalecast: ${nowhere}: cannot write: the folder ${join(scratch.dir, "no-such-folder")} does not exist`
    )
    await refused([missing, "--slo", "failed=0", "--out", scratch.dir], `scalecast: ${scratch.dir}: cannot write: is a directory, not a file`)
  })

  it("an invalid scenario names the field and writes no --out", async () => {
    const bad = file("bad.json", { ...tinyScenario, workload: { ...tinyScenario.workload, arrivals: { type: "poisson", ratePerSecond: -1 } } })
    const out = join(scratch.dir, "bad-out.json")
    const stderr = await refused([bad, "--slo", "failed=0", "--out", out], `scalecast: ${bad}: invalid scenario: 1 problem`)
    expect(stderr.split("\n")[1]).toMatch(/^ {2}workload\.arrivals\.ratePerSecond: expected /)
    expect(existsSync(out)).toBe(false)
    expect(readdirSync(scratch.dir).filter((f) => f.startsWith(".bad-out"))).toEqual([])
  })
})
