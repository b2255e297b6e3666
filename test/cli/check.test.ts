/** check, in process: exit 0/1/2/130 per outcome, the verdict text and JSON, the implicit completion target, and one-line refusals. */
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { seedsOf } from "../../src/cli/check.ts"
import { inProcess, interrupted, scratchFolder, tinyScenario } from "./cli.ts"

const scratch = scratchFolder("scalecast-check-")
const { file } = scratch
let scenario: string
beforeAll(() => {
  scenario = file("tiny.json", tinyScenario)
})

const run = inProcess("check")
const runInterrupted = (argv: ReadonlyArray<string>) => interrupted(() => run(argv))

/** A refusal: exit 2, one line (plus the usage line for a usage error), nothing on stdout, no stack trace. */
const expectRefused = async (argv: ReadonlyArray<string>, message: string | RegExp) => {
  const r = await run(argv)
  expect(r.exitCode).toBe(2)
  const [first, ...rest] = r.stderr.split("\n")
  if (typeof message === "string") expect(first).toBe(message)
  else expect(first).toMatch(message)
  expect(rest.every((l) => l.startsWith("usage: ") || l.startsWith("  "))).toBe(true)
  expect(r.stdout).toBe("")
  expect(r.stderr).not.toMatch(/^\s+at /m)
}

describe("scalecast check verdicts", () => {
  it("exit 0 when every target holds: a line per target, the seeds, and the verdict", async () => {
    const r = await run([scenario, "--slo", "failed=0", "--budget", "usdPerHour<=100", "--replications", "3", "--seed", "10"])
    expect(r.exitCode).toBe(0)
    expect(r.stderr).toBe("")
    const lines = r.stdout.split("\n")
    expect(lines[0]).toBe("tiny: 3 replications (seeds 10–12), 95 % confidence intervals")
    expect(lines[1]).toMatch(/^ {2}ok {4}failed=0: 0\.0 \(0\.0 – 0\.0\)$/)
    expect(lines[2]).toMatch(/^ {2}ok {4}usdPerHour<=100: \$[\d.]+ \(\$[\d.]+ – \$[\d.]+\)$/)
    expect(lines[3]).toBe("Meets every target.")
    expect(lines).toHaveLength(4)
  })

  it("a budget alone is enough", async () => {
    expect((await run([scenario, "--budget", "usdPerHour<=100", "--replications", "2"])).exitCode).toBe(0)
  })

  it("exit 1 when a target is missed, saying by how much", async () => {
    const r = await run([scenario, "--slo", "endToEnd.p95<=0.5", "--slo", "failed=0", "--replications", "2"])
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toBe("scalecast: 1 of 2 targets not met")
    expect(r.stdout).toMatch(/^ {2}FAIL {2}endToEnd\.p95<=0\.5: [\d.]+ s \([-\d.]+ s – [\d.]+ s\); misses by [\d.]+ s at the confidence bound$/m)
    expect(r.stdout).toMatch(/^ {2}ok {4}failed=0/m)
    expect(r.stdout).toMatch(/^Fails 1 of 2 targets\.$/m)
  })

  it("--json prints only the verdict object; the high bound decides", async () => {
    const r = await run([scenario, "--slo", "endToEnd.p95<=1000", "--slo", "endToEnd.p95<=0.5", "--replications", "3", "--json"])
    expect(r.exitCode).toBe(1)
    const v = JSON.parse(r.stdout) as { meetsAll: boolean; complete: boolean; replications: number; targets: Array<Record<string, unknown>> }
    expect(Object.keys(v)).toEqual(["meetsAll", "complete", "replications", "targets"])
    expect([v.meetsAll, v.complete, v.replications]).toEqual([false, true, 3])
    expect(v.targets.map((t) => [t.target, t.meets])).toEqual([
      ["endToEnd.p95<=1000", true],
      ["endToEnd.p95<=0.5", false]
    ])
    const [pass, fail] = v.targets as Array<{ mean: number; low: number; high: number; shortfall: number }>
    expect(pass!.low).toBeLessThanOrEqual(pass!.mean)
    expect(pass!.mean).toBeLessThanOrEqual(pass!.high)
    expect(pass!.shortfall).toBe(0)
    expect(fail!.shortfall).toBeCloseTo(fail!.high - 0.5, 9)
    expect(r.messages).toEqual([])
  })

  it("fails a config whose requests do not complete, whatever the targets read, unless an unfinishedShare target is stated", async () => {
    const failing = file("failing.json", { ...tinyScenario, endpoint: { ...tinyScenario.endpoint, timeout: 1 } })
    const r = await run([failing, "--budget", "usdPerHour<=100", "--replications", "2", "--json"])
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toBe("scalecast: 1 of 2 targets not met")
    const v = JSON.parse(r.stdout) as { targets: Array<{ target: string; meets: boolean; shortfall: number | null; reason?: string }> }
    expect(v.targets.map((t) => [t.target, t.meets])).toEqual([
      ["usdPerHour<=100", true],
      ["(always) endToEnd.p95 reached", false]
    ])
    expect(v.targets[1]!.shortfall).toBeNull()
    expect(v.targets[1]!.reason).toMatch(/^100\.0 % of requests did not complete/)
    expect((await run([failing, "--budget", "usdPerHour<=100", "--slo", "unfinishedShare<=1", "--replications", "2"])).exitCode).toBe(0)
  })

  it("an interrupted check is never a verdict: exit 130, marked incomplete", async () => {
    const r = await runInterrupted([scenario, "--slo", "failed=0", "--replications", "60"])
    expect(r.exitCode).toBe(130)
    expect(r.stderr).toMatch(/^scalecast: interrupted: \d+ of 60 replications finished; no verdict$/)
    expect(r.stdout).toMatch(/^tiny: \d+ replications? \(seeds .*\), 95 % confidence intervals — INCOMPLETE \(interrupted\): no verdict$/m)
    // The seeds are those of the finished replications, not the planned 60 (seeds 3–62 from seed 3).
    const [, done, seeds] = /^tiny: (\d+) replications? \(seeds ([^)]*)\)/m.exec(r.stdout)!
    expect(seeds).toBe(Number(done) === 0 ? "none" : Number(done) === 1 ? "3" : `3–${2 + Number(done)}`)
    expect(r.stdout).toMatch(/^Interrupted before every run finished: this is not a verdict\.$/m)
    expect(r.stdout).not.toMatch(/Meets every target/)
    const json = await runInterrupted([scenario, "--slo", "failed=0", "--replications", "60", "--json"])
    expect(json.exitCode).toBe(130)
    const v = JSON.parse(json.stdout) as { meetsAll: boolean; complete: boolean; replications: number }
    expect([v.meetsAll, v.complete]).toEqual([false, false])
    expect(v.replications).toBeLessThan(60)
    expect(json.stderr).toBe(`scalecast: interrupted: ${v.replications} of 60 replications finished; no verdict`)
  })
})

describe("scalecast check refuses bad input in one line, before any run", () => {
  it("no target", async () => {
    await expectRefused([scenario], 'scalecast check: expected at least one --slo or --budget, e.g. --slo "endToEnd.p95<=8"')
    await expectRefused([scenario, "--json"], 'scalecast check: expected at least one --slo or --budget, e.g. --slo "endToEnd.p95<=8"')
  })

  it("targets that cannot be read or cannot mean anything, naming the flag", async () => {
    await expectRefused([scenario, "--slo", "p95 below 3"], /^scalecast check: --slo: cannot read the target "p95 below 3"/)
    await expectRefused([scenario, "--slo", "latency<=3"], /^scalecast check: --slo: unknown metric "latency" in "latency<=3"/)
    await expectRefused(
      [scenario, "--slo", "unfinishedShare<=2"],
      'scalecast check: --slo: unfinishedShare is a share from 0 to 1 (0.05 = 5 %), got 2 in "unfinishedShare<=2"'
    )
    await expectRefused(
      [scenario, "--budget", "failed=0"],
      "scalecast check: --budget: expected a cost target (usdPerHour or usdPer1000), got failed; state latency and reliability targets with --slo"
    )
  })

  it("bad flags and positionals", async () => {
    await expectRefused([scenario, "--slo", "failed=0", "--replication", "2"], "scalecast check: unknown option --replication; did you mean --replications?")
    await expectRefused([scenario, "--slo", "failed=0", "--seed", "1", "--seed", "2"], "scalecast check: --seed given twice; give it once")
    await expectRefused([scenario, "--slo", "failed=0", "--replications", "0"], 'scalecast check: --replications: expected an integer from 1 to 100, got "0"')
    await expectRefused(["--slo", "failed=0"], "scalecast check: expected <scenario>, got nothing")
    await expectRefused([scenario, scenario, "--slo", "failed=0"], `scalecast check: unexpected argument ${JSON.stringify(scenario)}`)
  })

  it("a missing file, and an invalid scenario with every problem's field path", async () => {
    const missing = join(scratch.dir, "missing.yaml")
    await expectRefused([missing, "--slo", "failed=0"], `scalecast: ${missing}: no such file`)
    const bad = file("bad.json", { ...tinyScenario, endpoint: { ...tinyScenario.endpoint, scaling: { value: 0 } } })
    await expectRefused([bad, "--slo", "failed=0"], `scalecast: ${bad}: invalid scenario: 1 problem`)
    expect((await run([bad, "--slo", "failed=0"])).stderr.split("\n")[1]).toBe("  endpoint.scaling.value: expected an integer >= 1, got 0")
  })
})

describe("seedsOf", () => {
  it("names the finished replications' seeds: a range, one seed, a count when some are missing, or none", () => {
    expect(seedsOf([3, 4, 5, 6, 7])).toBe("3–7")
    expect(seedsOf([7, 5, 6])).toBe("5–7") // threads finish out of order
    expect(seedsOf([3])).toBe("3")
    expect(seedsOf([3, 4, 9])).toBe("3 of 3–9")
    expect(seedsOf([])).toBe("none")
  })
})
