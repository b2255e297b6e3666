/**
 * `scalecast calibrate`, in process on records simulated from a tiny FlashBoot scenario (`simulate
 * --jobs-out`): it writes a scenario and its trace that reproduce the records, from a scenario or an
 * endpoint config, and writes nothing for bad input. One replication on no worker threads: quick.
 */
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { parse } from "yaml"
import { hasStackTrace, inProcess, scratchFolder, tinyScenario } from "./cli.ts"

const scratch = scratchFolder("scalecast-calibrate-")
const simulate = inProcess("simulate")
const calibrate = inProcess("calibrate")

/** The tiny scenario with FlashBoot on and the platform's default start times. */
const flash = { ...tinyScenario, name: "flash", endpoint: { ...tinyScenario.endpoint, flashboot: "FLASHBOOT" }, platform: {} }
const quick = ["--workers", "0", "--replications", "1"]

let scenarioFile: string
let jobsFile: string
let records: Array<{ readonly submittedAt: string; readonly executionTime: number }>

beforeAll(async () => {
  scenarioFile = scratch.file("flash.json", flash)
  jobsFile = join(scratch.dir, "jobs.jsonl")
  const r = await simulate([scenarioFile, "--jobs-out", jobsFile])
  expect(r.exitCode).toBe(0)
  records = readFileSync(jobsFile, "utf8")
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line))
  expect(records.length).toBeGreaterThan(100)
})

const estimateInRange = (e: { readonly value: number; readonly interval: readonly [number, number] }) => {
  expect(e.value).toBeGreaterThan(0)
  expect(e.interval[0]).toBeLessThanOrEqual(e.value)
  expect(e.value).toBeLessThanOrEqual(e.interval[1])
}

describe("scalecast calibrate", () => {
  it("fits the records of a scenario, writes a scenario and its trace, and the scenario runs every recorded job", async () => {
    const out = join(scratch.dir, "cal.yaml")
    const trace = join(scratch.dir, "cal.jobs.csv")
    const r = await calibrate([scenarioFile, "--jobs", jobsFile, "--out", out, ...quick, "--json"])
    expect(r.exitCode).toBe(0)
    expect(r.stderr).toBe("")
    const j = JSON.parse(r.stdout)
    expect(j.files).toEqual({ scenario: out, trace })
    const c = j.calibration
    expect(c.records).toBe(records.length)
    expect(c.trainingRecords).toBe(records.length)
    expect(c.holdout).toBeNull()
    estimateInRange(c.coldStartSeconds.median)
    estimateInRange(c.coldStartSeconds.p95)
    expect(c.coldStartSeconds.p95.value).toBeGreaterThanOrEqual(c.coldStartSeconds.median.value)
    expect(c.flashboot).not.toBeNull()
    estimateInRange(c.flashboot.startSeconds.median)
    expect(Number.isInteger(c.flashboot.hosts) && c.flashboot.hosts >= 1).toBe(true)
    estimateInRange(c.executionSeconds.median)
    expect(c.search.objectiveAfter).toBeLessThanOrEqual(c.search.objectiveBefore)
    expect(j.backtest.observed.requests.total).toBe(records.length)
    expect(j.backtest.predicted.requests.total).toBe(records.length)

    // The trace: one row per record, seconds from the first submission, the recorded executionTime.
    const rows = readFileSync(trace, "utf8").trimEnd().split("\n")
    expect(rows[0]).toBe("timestamp,executionSeconds")
    expect(rows.length - 1).toBe(records.length)
    const first = Date.parse(records[0]!.submittedAt)
    expect(rows[1]).toBe(`0,${records[0]!.executionTime / 1000}`)
    expect(rows[rows.length - 1]).toBe(
      `${(Date.parse(records[records.length - 1]!.submittedAt) - first) / 1000},${records[records.length - 1]!.executionTime / 1000}`
    )

    // The scenario: the endpoint as given, the fitted platform, the trace beside it.
    const doc = parse(readFileSync(out, "utf8"))
    expect(doc.name).toBe("flash (calibrated)")
    expect(doc.seed).toBe(tinyScenario.seed)
    expect(doc.endpoint).toEqual(flash.endpoint)
    expect(doc.workload.arrivals).toEqual({ type: "trace", path: "./cal.jobs.csv", format: "csv" })
    expect(doc.platform.coldStartSeconds).toEqual({ type: "lognormal", median: c.coldStartSeconds.median.value, p95: c.coldStartSeconds.p95.value })
    expect(doc.platform.flashboot.hosts).toBe(c.flashboot.hosts)

    const run = await simulate([out, "--json"])
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.stdout).requests.arrived).toBe(records.length)
  })

  it("with --health, sets the calibrated model's workers and queue against the polls", async () => {
    const poll = (at: string, running: number) =>
      JSON.stringify({
        at,
        jobs: { completed: 0, failed: 0, inProgress: running, inQueue: 0, retried: 0 },
        workers: { idle: 0, initializing: 0, ready: 0, running, throttled: 0, unhealthy: 0 }
      })
    // simulate --jobs-out starts its records at 2026-01-01T00:00:00Z; the first job sets the replay's 0.
    const health = scratch.file("health.jsonl", [poll("2026-01-01T00:00:30Z", 1), poll("2026-01-01T00:01:00Z", 3)].join("\n") + "\n")
    const out = join(scratch.dir, "health.yaml")
    const text = await calibrate([scenarioFile, "--jobs", jobsFile, "--health", health, "--out", out, ...quick])
    expect(text.exitCode).toBe(0)
    expect(text.stdout).toMatch(/^\/health polls \(2\): the calibrated model's workers are off by \d+\.\d\d on average, its queue by \d+\.\d\d$/m)
    const json = JSON.parse((await calibrate([scenarioFile, "--jobs", jobsFile, "--health", health, "--out", out, ...quick, "--json"])).stdout)
    expect(json.backtest.health.observedWorkers).toEqual([1, 3])
    expect(json.backtest.health.predictedWorkers).toHaveLength(2)
  })

  it("prints the fitted values and the files it wrote without --json", async () => {
    const out = join(scratch.dir, "text.yaml")
    const r = await calibrate([scenarioFile, "--jobs", jobsFile, "--out", out, ...quick])
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toMatch(new RegExp(`^Calibrated on ${records.length} of ${records.length} recorded jobs \\(\\d+ candidates in \\d+ rounds\\)$`, "m"))
    expect(r.stdout).toMatch(/^cold start median\s+\S/m)
    expect(r.stdout).toMatch(/^FlashBoot hosts per pool\s+\d+  \(\d+ – \d+ fit as well\)$/m)
    expect(r.stdout).toContain(`wrote ${join(scratch.dir, "text.jobs.csv")}`)
    expect(r.stdout).toContain(`wrote ${out}`)
  })

  it("prints byte-identical JSON for the same command", async () => {
    const a = await calibrate([scenarioFile, "--jobs", jobsFile, "--out", join(scratch.dir, "same.json"), ...quick, "--json"])
    const aScenario = readFileSync(join(scratch.dir, "same.json"), "utf8")
    const b = await calibrate([scenarioFile, "--jobs", jobsFile, "--out", join(scratch.dir, "same.json"), ...quick, "--json"])
    expect(a.exitCode).toBe(0)
    expect(b.stdout).toBe(a.stdout)
    expect(readFileSync(join(scratch.dir, "same.json"), "utf8")).toBe(aScenario)
  })

  it("takes an endpoint config (not a scenario) as the positional, and --holdout backtests the latest share", async () => {
    const endpointFile = scratch.file("endpoint.json", flash.endpoint)
    const out = join(scratch.dir, "ep-cal.json")
    const r = await calibrate([endpointFile, "--jobs", jobsFile, "--out", out, "--holdout", "0.25", ...quick, "--json"])
    expect(r.exitCode).toBe(0)
    const c = JSON.parse(r.stdout).calibration
    expect(c.records).toBe(records.length)
    expect(c.holdout).not.toBeNull()
    expect(c.holdout.records).toBe(c.records - c.trainingRecords)
    expect(c.holdout.records).toBeGreaterThan(0.15 * records.length)
    expect(c.flashboot).not.toBeNull()
    estimateInRange(c.coldStartSeconds.median)
    const doc = JSON.parse(readFileSync(out, "utf8"))
    expect(doc.name).toBe("endpoint (calibrated)")
    expect(doc.endpoint).toEqual(flash.endpoint)
    expect(doc.workload.arrivals.path).toBe("./ep-cal.jobs.csv")
    expect(existsSync(join(scratch.dir, "ep-cal.jobs.csv"))).toBe(true)
    const run = await simulate([out, "--json"])
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.stdout).requests.arrived).toBe(records.length)
  })
})

describe("scalecast calibrate: bad input", () => {
  /** Runs calibrate writing to `out`; expects exit 2, no stack trace and neither the scenario nor its trace written. */
  const refused = async (out: string | undefined, args: ReadonlyArray<string>) => {
    const r = await calibrate([...args, ...(out === undefined ? [] : ["--out", join(scratch.dir, out)]), ...quick])
    expect(r.exitCode).toBe(2)
    expect(r.stdout).toBe("")
    expect(hasStackTrace(r.stderr)).toBe(false)
    if (out !== undefined) {
      expect(existsSync(join(scratch.dir, out))).toBe(false)
      expect(existsSync(join(scratch.dir, out.replace(/\.[^.]+$/, ".jobs.csv")))).toBe(false)
    }
    return r.stderr.split("\n")
  }

  it("asks for --out when it is missing", async () => {
    expect(await refused(undefined, [scenarioFile, "--jobs", jobsFile])).toEqual([
      "scalecast calibrate: --out: expected the scenario file to write (.json, .yaml or .yml)",
      expect.stringMatching(/^usage: scalecast calibrate /)
    ])
  })

  it("refuses an --out that is not a scenario file", async () => {
    const lines = await refused("x.txt", [scenarioFile, "--jobs", jobsFile])
    expect(lines[0]).toBe(`scalecast calibrate: --out: expected a .json, .yaml or .yml file, got ${JSON.stringify(join(scratch.dir, "x.txt"))}`)
    expect(existsSync(join(scratch.dir, "x.jobs.csv"))).toBe(false)
  })

  it("refuses a --holdout share above 0.9", async () => {
    const lines = await refused("holdout.yaml", [scenarioFile, "--jobs", jobsFile, "--holdout", "1.5"])
    expect(lines[0]).toMatch(/^scalecast calibrate: --holdout: expected /)
    expect(lines[1]).toMatch(/^usage: scalecast calibrate /)
  })

  it("names the file and line of a malformed record", async () => {
    const lines = readFileSync(jobsFile, "utf8").split("\n")
    const bad = scratch.file("malformed.jsonl", [lines[0], "not json", lines[2], ""].join("\n"))
    const stderr = await refused("malformed.yaml", [scenarioFile, "--jobs", bad])
    expect(stderr).toHaveLength(1)
    expect(stderr[0]).toMatch(/^scalecast: .*malformed\.jsonl:2: invalid JSON( at column \d+)?; expected one job record \(a JSON object\) per line$/)
  })

  it("asks for --jobs when it is missing", async () => {
    const lines = await refused("nojobs.yaml", [scenarioFile])
    expect(lines[0]).toBe("scalecast calibrate: --jobs: expected the file of recorded job records (JSONL, JSON or CSV)")
  })
})
