/**
 * The deploy gate cannot be fooled, through the real `scalecast` command: requests that do not
 * complete count against latency targets; out-of-range targets and work beyond the limits are
 * refused up front (exit 2, one clear line, no stack trace); an interrupted plan or compare never
 * presents a partial answer as a full one; output files are checked before hours of work.
 */
import { spawn, spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, openSync, readdirSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { beforeAll, describe, expect, it } from "vitest"
import { hasStackTrace, scalecast, tinyScenario } from "./cli.ts"

let dir: string
const file = (name: string, content: unknown): string => {
  const path = join(dir, name)
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content))
  return path
}

const tiny = tinyScenario
let scenario: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "scalecast-gate-"))
  scenario = file("tiny.json", tiny)
})

/** A clean refusal: exit 2, the message on stderr, no stack trace, nothing on stdout. */
const expectRefused = (args: ReadonlyArray<string>, message: RegExp) => {
  const r = scalecast(args)
  expect(r.stderr).toMatch(message)
  expect(r.status).toBe(2)
  expect(hasStackTrace(r.stderr + r.stdout)).toBe(false)
  expect(r.stdout).toBe("")
}

describe("requests that do not complete count against targets", () => {
  it("check fails a config whose execution timeout fails every request (it passed with p95 0 before)", () => {
    const failing = file("failing.json", { ...tiny, endpoint: { ...tiny.endpoint, timeout: 1 } })
    const r = scalecast(["check", failing, "--slo", "endToEnd.p95<=30", "--replications", "2", "--workers", "0"])
    expect(r.status).toBe(1)
    expect(r.stdout).toMatch(/FAIL {2}endToEnd\.p95<=30: —; no request completed/)
    expect(r.stdout).not.toMatch(/0\.000 s/)
  })

  it("check fails latency targets on an empty trace", () => {
    const trace = file("empty.csv", "timestamp\n")
    const empty = file("empty-trace.json", { ...tiny, workload: { arrivals: { type: "trace", path: trace }, executionSeconds: 1 } })
    const r = scalecast(["check", empty, "--slo", "endToEnd.p95<=30", "--replications", "1", "--workers", "0"])
    expect(r.status).toBe(1)
    expect(r.stdout).toMatch(/FAIL/)
  })

  it("sweep never recommends a 1 ms timeout that fails every request, cheap as it is", () => {
    const r = scalecast(["sweep", scenario, "--vary", "timeout=1,300000", "--replications", "2", "--workers", "0", "--json"])
    expect(r.status).toBe(0)
    const s = JSON.parse(r.stdout)
    expect(s.recommendation.label).toBe("timeout=300000")
    const failing = s.configs.find((c: { label: string }) => c.label === "timeout=1")
    expect(failing.metrics["endToEnd.p95"].mean).toBeNull()
    expect(failing.metrics.unfinishedShare.mean).toBe(1)
    expect(failing.pareto).toBe(false)
  })

  it("the simulate summary and HTML say no request completed instead of showing 0 s", () => {
    const failing = file("failing2.json", { ...tiny, endpoint: { ...tiny.endpoint, timeout: 1 } })
    const html = join(dir, "failing.html")
    const r = scalecast(["simulate", failing, "--html", html])
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^ {2}end-to-end +— +— +— +— +— +—$/m)
    expect(r.stdout).toMatch(/no request completed/)
    const page = scalecast(["simulate", failing, "--json"]).stdout
    expect(JSON.parse(page).latency.endToEnd.p95).toBeNull()
  })
})

describe("a config whose requests do not complete never passes, whatever the targets read", () => {
  // 20 requests/s on at most 3 workers with a 10 s job TTL: most requests expire in the queue.
  const expiring = () =>
    file("expiring.json", {
      ...tiny,
      durationSeconds: 600,
      workload: { ...tiny.workload, arrivals: { type: "poisson", ratePerSecond: 20 } },
      platform: { ...tiny.platform, jobTtlSeconds: 10 }
    })

  it("check fails it even when only failed=0 and a budget are stated", () => {
    const r = scalecast(["check", expiring(), "--slo", "failed=0", "--budget", "usdPerHour<=100", "--replications", "2", "--workers", "0"])
    expect(r.status).toBe(1)
    expect(r.stdout).toMatch(/FAIL {2}\(always\) endToEnd\.p95 reached: .*of requests did not complete/)
    // Stating one's own limit on unfinished requests replaces the implicit one.
    const own = scalecast(["check", expiring(), "--slo", "failed=0", "--slo", "unfinishedShare<=1", "--replications", "2", "--workers", "0"])
    expect(own.status).toBe(0)
  })

  it("sweep with --slo failed=0 recommends the config that completes, not the cheap one that does not", () => {
    const r = scalecast(["sweep", expiring(), "--vary", "workers.max=1,60", "--replications", "2", "--slo", "failed=0", "--workers", "0", "--json"])
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout).recommendation.label).toBe("workers.max=60")
  })
})

describe("targets that cannot mean anything are refused", () => {
  it("a share above 1, a negative limit, a latency target given as --budget", () => {
    expectRefused(["check", scenario, "--slo", "coldStartShare<=5"], /^scalecast check: --slo: coldStartShare is a share from 0 to 1/)
    expectRefused(["check", scenario, "--slo", "endToEnd.p95<=-3"], /--slo: endToEnd\.p95 is never negative/)
    expectRefused(
      ["check", scenario, "--budget", "endToEnd.p95<=3"],
      /^scalecast check: --budget: expected a cost target \(usdPerHour or usdPer1000\), got endToEnd\.p95/
    )
    expectRefused(["plan", scenario, "--slo", "failed=0", "--budget", "dollars<2"], /^scalecast plan: --budget: unknown metric "dollars"/)
  })
})

describe("work beyond the limits is refused up front", () => {
  it.each([
    [["sweep", "SCENARIO", "--vary", "scaling.value=1..3", "--replications", "1e9"], /--replications: expected an integer from 1 to 1,000, got "1e9"/],
    [["check", "SCENARIO", "--slo", "failed=0", "--replications", "1e9"], /--replications: expected an integer from 1 to 1,000/],
    [["compare", "SCENARIO", "SCENARIO", "--replications", "1e9"], /--replications: expected an integer from 1 to 1,000/],
    [["plan", "SCENARIO", "--slo", "failed=0", "--replications", "1e9"], /--replications: expected an integer from 1 to 1,000/],
    [
      ["sweep", "SCENARIO", "--vary", "scaling.value=1..1000", "--vary", "workers.max=1..1000", "--vary", "scaling.idleTimeout=1..1000"],
      /the grid has 1,000,000,000 configs \(1000 × 1000 × 1000\), more than 10,000/
    ],
    [["check", "SCENARIO", "--slo", "failed=0", "--workers", "200"], /--workers: expected an integer from 0 to \d+ \(this machine's cores\), got "200"/],
    [["simulate", "SCENARIO", "--duration", "1e15"], /durationSeconds: expected a run within scalecast's work budget of 1\.0e\+10 events per run/],
    [["sweep", "SCENARIO", "--vary", "platform.bogus=1,2"], /--vary platform\.bogus: platform\.bogus is not a platform setting/],
    [["sweep", "SCENARIO", "--vary", "platform.scalerIntervalSecond=1,2"], /did you mean platform\.scalerIntervalSeconds\?/],
    [["sweep", "SCENARIO", "--vary", "scaling.value=1,2", "--vary", "scaling.value=3"], /--vary scaling\.value given twice/],
    [
      ["sweep", "SCENARIO", "--vary", "workers.max=-1,-2"],
      /no config in the grid is valid \(2 combinations\):\n {2}workers\.max=-1: endpoint\.workers\.max: expected an integer >= 0, got -1/
    ],
    [["simulate", "SCENARIO", "--seed", "-1"], /^scalecast simulate: --seed: expected an integer from 0 to [\d,]+, got "-1"/],
    [["simulate", "SCENARIO", "--duration", "-5"], /^scalecast simulate: --duration: expected a number > 0, got "-5"/],
    [["simulate", "SCENARIO", "--seed"], /^scalecast simulate: --seed: expected a value/],
    [["simulate", "SCENARIO", "--seed", "1", "--seed", "2"], /--seed given twice/],
    [["simulate", "/dev/zero"], /\/dev\/zero: .*not a regular file/],
    [
      ["simulate", "/etc/passwd"],
      /^scalecast: \/etc\/passwd: expected a JSON or YAML object \(fields and their values\), got a single text of [\d,]+ characters$/m
    ],
    [["sweep", "SCENARIO", "--vary", "platform.__proto__=1"], /--vary platform\.__proto__: not a setting/],
    [["simulate", "SCENARIO", "--html", ""], /an output file name is empty/]
  ])("%j", (args, message) =>
    expectRefused(
      args.map((a) => (a === "SCENARIO" ? scenario : a)),
      message
    )
  )

  it("an output path that cannot be written is refused before any run, and leaves nothing behind", () => {
    const r = scalecast(["sweep", scenario, "--vary", "scaling.value=1,2", "--html", dir, "--workers", "0"])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/cannot write/)
    expect(r.stdout).toBe("")
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([])
    expectRefused(["plan", scenario, "--slo", "failed=0", "--out", join(dir, "no-such-folder", "plan.json")], /cannot write/)
    expectRefused(["simulate", scenario, "--md", join(dir, "tiny.json", "x.md")], /cannot write/)
  })
})

const bin = fileURLToPath(new URL("../../bin/scalecast.js", import.meta.url))

/** Starts scalecast, sends Ctrl-C after `ms`, and collects what it printed. */
const interrupt = async (args: ReadonlyArray<string>, ms: number) => {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } })
  let stdout = ""
  let stderr = ""
  child.stdout.on("data", (d) => (stdout += d))
  child.stderr.on("data", (d) => (stderr += d))
  const closed = new Promise<number | null>((resolve) => child.on("close", resolve))
  await new Promise((resolve) => setTimeout(resolve, ms))
  child.kill("SIGINT")
  return { code: await closed, stdout, stderr }
}

describe("Ctrl-C never leaves a wrong answer", () => {
  // Runs of ~10⁶ requests each: far longer than the seconds after which Ctrl-C comes.
  const big = () =>
    file("big.json", {
      ...tiny,
      durationSeconds: 200_000,
      workload: { ...tiny.workload, arrivals: { type: "poisson", ratePerSecond: 5 } },
      endpoint: { ...tiny.endpoint, workers: { min: 0, max: 10 } }
    })

  it("an interrupted plan says so, recommends nothing and writes no --out", async () => {
    const out = join(dir, "interrupted-plan.json")
    const r = await interrupt(["plan", big(), "--slo", "endToEnd.p95<=30", "--out", out, "--workers", "1"], 5000)
    expect(r.code).toBe(130)
    expect(r.stdout).toMatch(/^INCOMPLETE: interrupted while screening \(\d+ of \d+ runs\); no recommendation, nothing written\.$/m)
    expect(r.stdout).not.toMatch(/Recommended/)
    expect(existsSync(out)).toBe(false)
    expect(hasStackTrace(r.stderr)).toBe(false)
  })

  it("an interrupted compare exits 130 with the pairs that finished, marked incomplete", async () => {
    const r = await interrupt(["compare", big(), scenario, "--replications", "20", "--workers", "1"], 5000)
    expect(r.code).toBe(130)
    expect(r.stdout).toMatch(/INCOMPLETE \(interrupted\)/)
    expect(r.stderr).not.toMatch(/internal error|Cannot read/)
    expect(hasStackTrace(r.stderr)).toBe(false)
  })
})

describe("the command line itself", () => {
  it("--version prints the package version", () => {
    const r = scalecast(["--version"])
    expect(r.status).toBe(0)
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it("a closed pipe ends the output quietly, without an EPIPE stack trace", async () => {
    for (const args of [
      ["simulate", scenario, "--json"],
      ["validate", join(dir, "tiny.json"), "--json"]
    ]) {
      const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] })
      let stderr = ""
      child.stderr.on("data", (d) => (stderr += d))
      child.stdout.once("data", () => child.stdout.destroy())
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve))
      expect(stderr).not.toMatch(/EPIPE|Error/)
      expect(hasStackTrace(stderr)).toBe(false)
      expect([0, 2]).toContain(code)
    }
  })

  it("an output that cannot be written (a full disk) is one line and exit 2, never a verdict", () => {
    const r = spawnSync(process.execPath, [bin, "check", scenario, "--slo", "usdPerHour<=100", "--replications", "1", "--workers", "0"], {
      encoding: "utf8",
      stdio: ["ignore", openSync("/dev/full", "w"), "pipe"]
    })
    expect(r.status).toBe(2)
    expect(r.stderr.trim()).toBe("scalecast: cannot write the output: no space left on the device")
  })

  it("validate --endpoint must name the endpoint a single-endpoint file holds", () => {
    const path = file("gql.json", { data: { saveEndpoint: { name: "whisper-fb", gpuIds: "AMPERE_16", templateId: "t1" } } })
    expect(scalecast(["validate", path, "--endpoint", "whisper"]).status).toBe(0)
    expectRefused(["validate", path, "--endpoint", "llama", "--json"], /name: expected the endpoint "llama" \(--endpoint\), got one endpoint, "whisper-fb"/)
  })
})
