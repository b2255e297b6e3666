/**
 * `scalecast simulate --jobs-out` and `scalecast backtest`, in process: records written by a run of a
 * tiny scenario are replayed through the same scenario (prediction equals observation), through a
 * slower one (the error shows), with /health polls, into HTML and Markdown, and bad input is refused.
 */
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { beforeAll, describe, expect, it } from "vitest"
import { hasStackTrace, inProcess, scratchFolder, tinyScenario } from "./cli.ts"

const scratch = scratchFolder("scalecast-backtest-")
const simulate = inProcess("simulate")
const backtest = inProcess("backtest")

/**
 * The tiny scenario with the scaler evaluated at every event rather than every second: the replay
 * starts its clock at the first recorded submission, so a 1 s scaler tick would fall at other
 * moments than in the run that made the records (see the report on the phase of scaler ticks).
 */
const scenario = { ...tinyScenario, platform: { ...tinyScenario.platform, scalerIntervalSeconds: 0 } }
/** The same endpoint and traffic with cold starts 12 times as long. */
const slow = { ...scenario, name: "slow", platform: { ...scenario.platform, coldStartSeconds: 60 } }

const origin = Date.UTC(2026, 0, 1)
const pollLine = (at: string) =>
  JSON.stringify({
    at,
    jobs: { completed: 1, failed: 0, inProgress: 0, inQueue: 2, retried: 0 },
    workers: { idle: 0, initializing: 1, ready: 0, running: 1, throttled: 0, unhealthy: 0 }
  })

let scenarioFile: string
let slowFile: string
let jobsFile: string
let simulated: { readonly requests: { readonly arrived: number; readonly completed: number } }
let records: Array<Record<string, unknown>>

beforeAll(async () => {
  scenarioFile = scratch.file("tiny.json", scenario)
  slowFile = scratch.file("slow.json", slow)
  jobsFile = join(scratch.dir, "jobs.jsonl")
  const r = await simulate([scenarioFile, "--jobs-out", jobsFile, "--json"])
  expect(r.exitCode).toBe(0)
  expect(r.messages).toEqual([`wrote ${jobsFile}`])
  simulated = JSON.parse(r.stdout)
  const text = readFileSync(jobsFile, "utf8")
  expect(text.endsWith("\n")).toBe(true)
  records = text
    .slice(0, -1)
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>)
})

describe("scalecast simulate --jobs-out", () => {
  it("writes one record per request, as RunPod returns them: id, status, delayTime and executionTime in ms, workerId, submittedAt", () => {
    expect(records.length).toBe(simulated.requests.arrived)
    expect(records.length).toBeGreaterThan(100)
    records.forEach((r, i) => {
      expect(Object.keys(r)).toEqual(["id", "status", "delayTime", "executionTime", "workerId", "submittedAt"])
      expect(r.id).toBe(`job-${i + 1}`)
      expect(r.status).toBe("COMPLETED")
      expect(Number.isInteger(r.delayTime) && (r.delayTime as number) >= 0).toBe(true)
      expect(Number.isInteger(r.executionTime) && (r.executionTime as number) >= 0).toBe(true)
      expect(r.workerId).toMatch(/^w\d+$/)
      expect(r.submittedAt).toMatch(/^2026-01-01T00:0\d:\d\d\.\d{3}Z$/)
      expect(new Date(r.submittedAt as string).toISOString()).toBe(r.submittedAt)
    })
    const submitted = records.map((r) => Date.parse(r.submittedAt as string) - origin)
    expect(submitted[0]).toBeGreaterThanOrEqual(0)
    expect(submitted[submitted.length - 1]).toBeLessThan(tinyScenario.durationSeconds * 1000)
    expect(new Set(records.map((r) => r.workerId)).size).toBeGreaterThan(1)
  })

  it("writes the same bytes for the same scenario and seed", async () => {
    const again = join(scratch.dir, "jobs-again.jsonl")
    expect((await simulate([scenarioFile, "--jobs-out", again])).exitCode).toBe(0)
    expect(readFileSync(again, "utf8")).toBe(readFileSync(jobsFile, "utf8"))
  })

  it("writes nothing for an invalid scenario", async () => {
    const out = join(scratch.dir, "never-jobs.jsonl")
    const r = await simulate([scratch.file("bad.json", { ...scenario, durationSeconds: 0 }), "--jobs-out", out])
    expect(r.exitCode).toBe(2)
    expect(existsSync(out)).toBe(false)
  })
})

describe("scalecast backtest", () => {
  it("predicts what the records observed when replayed through the scenario and seed that made them", async () => {
    const r = await backtest([scenarioFile, "--jobs", jobsFile, "--json"])
    expect(r.exitCode).toBe(0)
    expect(r.stderr).toBe("")
    const b = JSON.parse(r.stdout)
    expect(b.scenario).toBe("tiny")
    expect(b.seed).toBe(3)
    expect(b.replayed).toBe(records.length)
    expect(b.notes).toEqual([])
    expect(b.observed.requests).toEqual({ total: records.length, completed: records.length, failed: 0, timedOut: 0, cancelled: 0, inQueue: 0, inProgress: 0 })
    expect(b.predicted.requests).toEqual(b.observed.requests)
    // The records hold milliseconds: submissions and executions replay rounded, so figures agree to a few ms.
    for (const figure of ["delayTime", "endToEnd", "executionTime"] as const)
      for (const k of ["mean", "p50", "p90", "p95", "p99"] as const) expect(Math.abs(b.predicted[figure][k] - b.observed[figure][k])).toBeLessThanOrEqual(0.003)
    expect(b.observed.delayTime.p95).toBeGreaterThan(4) // the 5 s cold starts show in the tail
    expect(b.observed.workerStarts).toBe(new Set(records.map((x) => x.workerId)).size)
    expect(b.predicted.workerStarts).toBe(b.observed.workerStarts)
    expect(b.error.workerStarts).toBe(0)
    expect(b.error.delayTimeKs).toBeLessThan(0.05)
    expect(Math.abs(b.error.delayTime.p95)).toBeLessThan(0.01)
    expect(b.health).toBeNull()
    expect(b.delayQuantiles.observed.length).toBe(b.delayQuantiles.percents.length)
    expect(b.delayQuantiles.predicted.length).toBe(b.delayQuantiles.percents.length)
  })

  it("shows a large positive delayTime error for a scenario with much longer cold starts", async () => {
    const r = await backtest([slowFile, "--jobs", jobsFile, "--json"])
    expect(r.exitCode).toBe(0)
    const b = JSON.parse(r.stdout)
    expect(b.scenario).toBe("slow")
    expect(b.predicted.requests.total).toBe(records.length)
    expect(b.predicted.delayTime.p95).toBeGreaterThan(50)
    expect(b.error.delayTime.p95).toBeGreaterThan(5)
    expect(b.error.delayTimeKs).toBeGreaterThan(0.1)
  })

  it("prints the comparison as text without --json", async () => {
    const r = await backtest([scenarioFile, "--jobs", jobsFile])
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toMatch(new RegExp(`^Backtest of tiny on ${records.length} recorded jobs \\(seed 3\\)$`, "m"))
    expect(r.stdout).toMatch(/^requests \(all\)\s+\d+\s+\d+/m)
    expect(r.stdout).toMatch(/^delayTime p95\s/m)
    expect(r.stdout).toMatch(/Kolmogorov–Smirnov/)
  })

  it("prints byte-identical JSON for the same command", async () => {
    const a = await backtest([scenarioFile, "--jobs", jobsFile, "--json"])
    const b = await backtest([scenarioFile, "--jobs", jobsFile, "--json"])
    expect(a.exitCode).toBe(0)
    expect(a.stdout).toBe(b.stdout)
    expect(a.stdout.length).toBeGreaterThan(100)
  })

  it("--seed changes the seed the replay runs with", async () => {
    const r = await backtest([scenarioFile, "--jobs", jobsFile, "--json", "--seed", "11"])
    expect(r.exitCode).toBe(0)
    expect(JSON.parse(r.stdout).seed).toBe(11)
  })

  it("writes --html and --md with the delayTime chart, and the health chart with --health", async () => {
    const html = join(scratch.dir, "bt.html")
    const md = join(scratch.dir, "bt.md")
    const r = await backtest([scenarioFile, "--jobs", jobsFile, "--html", html, "--md", md])
    expect(r.exitCode).toBe(0)
    expect(r.messages).toEqual([`wrote ${html}`, `wrote ${md}`])
    const page = readFileSync(html, "utf8")
    expect(page).toMatch(/^<!doctype html>/)
    expect(page).toContain("chart-delay-cdf")
    expect(page).not.toContain("chart-health")
    const markdown = readFileSync(md, "utf8")
    expect(markdown).toMatch(/^# Backtest: tiny$/m)
    expect(markdown).toMatch(/^\| delayTime p95 \|/m)

    const health = scratch.file("health.jsonl", `${pollLine("2026-01-01T00:00:10Z")}\n${pollLine("2026-01-01T00:01:10Z")}\n`)
    const html2 = join(scratch.dir, "bt-health.html")
    const md2 = join(scratch.dir, "bt-health.md")
    const h = await backtest([scenarioFile, "--jobs", jobsFile, "--health", health, "--html", html2, "--md", md2])
    expect(h.exitCode).toBe(0)
    const page2 = readFileSync(html2, "utf8")
    expect(page2).toContain("chart-delay-cdf")
    expect(page2).toContain("chart-health")
    expect(readFileSync(md2, "utf8")).toMatch(/health polls: workers off by [\d.]+ on average, queue by [\d.]+ \(2 polls\)/)
  })

  it("--health sets the recorded workers and queue beside the run's at each poll inside the replay", async () => {
    const first = Math.min(...records.map((r) => Date.parse(r.submittedAt as string)))
    const health = scratch.file(
      "health2.jsonl",
      `${pollLine("2026-01-01T00:00:10Z")}\n${pollLine("2026-01-01T00:01:10Z")}\n${pollLine("2026-01-02T00:00:00Z")}\n`
    )
    const r = await backtest([scenarioFile, "--jobs", jobsFile, "--health", health, "--json"])
    expect(r.exitCode).toBe(0)
    const b = JSON.parse(r.stdout)
    const at = (iso: string) => Math.round(Date.parse(iso) - first) / 1000
    expect(b.health.atSeconds).toEqual([at("2026-01-01T00:00:10Z"), at("2026-01-01T00:01:10Z")])
    expect(b.health.observedWorkers).toEqual([2, 2]) // running + ready + initializing
    expect(b.health.observedInQueue).toEqual([2, 2])
    expect(b.health.predictedWorkers.length).toBe(2)
    expect(b.health.predictedInQueue.length).toBe(2)
    expect(b.health.pollsOutside).toBe(1)
    const mae = (o: Array<number>, p: Array<number>) => (Math.abs(o[0]! - p[0]!) + Math.abs(o[1]! - p[1]!)) / 2
    expect(b.health.workersMeanAbsoluteError).toBeCloseTo(mae(b.health.observedWorkers, b.health.predictedWorkers), 3)
    expect(b.health.inQueueMeanAbsoluteError).toBeCloseTo(mae(b.health.observedInQueue, b.health.predictedInQueue), 3)
    expect(b.notes).toContain("1 health poll falls outside the replayed span and was left out")
  })
})

describe("scalecast backtest: bad input", () => {
  const html = () => join(scratch.dir, "never.html")
  const md = () => join(scratch.dir, "never.md")

  /** Runs backtest with --html and --md; expects exit 2, one message line (and the usage for a usage error), no stack trace, no file. */
  const refused = async (args: ReadonlyArray<string>) => {
    const r = await backtest([...args, "--html", html(), "--md", md()])
    expect(r.exitCode).toBe(2)
    expect(r.stdout).toBe("")
    expect(hasStackTrace(r.stderr)).toBe(false)
    const lines = r.stderr.split("\n")
    if (lines.length === 2) expect(lines[1]).toMatch(/^usage: scalecast backtest /)
    else expect(lines.length).toBe(1)
    expect(existsSync(html())).toBe(false)
    expect(existsSync(md())).toBe(false)
    return lines[0]!
  }

  it("asks for --jobs when it is missing", async () => {
    expect(await refused([scenarioFile])).toBe("scalecast backtest: --jobs: expected the file of recorded job records (JSONL, JSON or CSV)")
  })

  it("names a --jobs file that does not exist", async () => {
    const missing = join(scratch.dir, "no-such-jobs.jsonl")
    expect(await refused([scenarioFile, "--jobs", missing])).toBe(`scalecast: ${missing}: no such file; expected a file of job records`)
  })

  it("names the file and line of a malformed JSONL line", async () => {
    const lines = readFileSync(jobsFile, "utf8").split("\n")
    const bad = scratch.file("malformed.jsonl", [lines[0], lines[1], '{"id":"job-3","status":"COMPLETED",', lines[3], ""].join("\n"))
    expect(await refused([scenarioFile, "--jobs", bad])).toMatch(
      new RegExp(
        `^scalecast: ${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:3: invalid JSON( at column \\d+)?; expected one job record \\(a JSON object\\) per line$`
      )
    )
  })

  it("names an unknown status with the statuses it knows", async () => {
    const bad = scratch.file(
      "status.jsonl",
      `${JSON.stringify(records[0])}\n${JSON.stringify({ ...records[1], status: "DONE" })}\n${JSON.stringify(records[2])}\n`
    )
    expect(await refused([scenarioFile, "--jobs", bad])).toBe(
      `scalecast: ${bad}:2: status: expected one of COMPLETED, FAILED, TIMED_OUT, CANCELLED, IN_QUEUE, IN_PROGRESS (any letter case), got "DONE"`
    )
  })

  it("names the known fields for --field with an unknown one", async () => {
    expect(await refused([scenarioFile, "--jobs", jobsFile, "--field", "bogus=x"])).toBe(
      'scalecast backtest: --field: unknown field "bogus"; fields: id, status, delayTime, executionTime, workerId, submittedAt'
    )
  })

  it("refuses a --jobs-format it does not read", async () => {
    expect(await refused([scenarioFile, "--jobs", jobsFile, "--jobs-format", "xml"])).toBe(
      'scalecast backtest: --jobs-format: expected jsonl, json, csv, got "xml"'
    )
  })

  it("refuses an empty jobs file", async () => {
    const empty = scratch.file("empty.jsonl", "")
    expect(await refused([scenarioFile, "--jobs", empty])).toBe(
      `scalecast: ${empty}: no job records; expected JSON objects, one per line, a JSON array of them, or CSV rows under a header`
    )
  })

  it("names the file and line of a malformed health poll", async () => {
    const health = scratch.file("bad-health.jsonl", `${pollLine("2026-01-01T00:00:10Z")}\n{"at":"2026-01-01T00:00:20Z","jobs":{}}\n`)
    expect(await refused([scenarioFile, "--jobs", jobsFile, "--health", health])).toMatch(
      new RegExp(`^scalecast: ${health.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:2: workers: missing; expected the workers object of GET /health`)
    )
  })
})

describe("the README's example", () => {
  it("backtests examples/records/whisper-jobs.jsonl against examples/scenarios/whisper-like.yaml", async () => {
    const file = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url))
    const r = await backtest([file("examples/scenarios/whisper-like.yaml"), "--jobs", file("examples/records/whisper-jobs.jsonl"), "--json"])
    expect(r.exitCode).toBe(0)
    const b = JSON.parse(r.stdout)
    const lines = readFileSync(file("examples/records/whisper-jobs.jsonl"), "utf8").trimEnd().split("\n")
    expect(b.observed.requests.total).toBe(lines.length)
    expect(b.predicted.requests.total).toBe(lines.length)
    expect(b.observed.workerStarts).toBe(new Set(lines.map((l) => JSON.parse(l).workerId)).size)
  })
})
