import { spawn } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { beforeAll, describe, expect, it } from "vitest"
import { hasStackTrace, scalecast, tinyScenario } from "./cli.ts"

let dir: string
let scenario: string
const small = tinyScenario

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "scalecast-exp-"))
  scenario = join(dir, "tiny.json")
  writeFileSync(scenario, JSON.stringify(small))
})

describe("scalecast check", () => {
  it("exits 0 when every target holds, 1 when one does not (saying by how much), 2 on bad input", () => {
    const ok = scalecast(["check", scenario, "--slo", "failed=0", "--budget", "usdPerHour<=5", "--workers", "0"])
    expect(ok.status).toBe(0)
    expect(ok.stdout).toMatch(/^ {2}ok {4}failed=0/m)
    const fail = scalecast(["check", scenario, "--slo", "endToEnd.p95<=0.5", "--workers", "0"])
    expect(fail.status).toBe(1)
    expect(fail.stdout).toMatch(/FAIL {2}endToEnd\.p95<=0\.5: .* misses by [\d.]+ s at the confidence bound/)
    const bad = scalecast(["check", scenario, "--slo", "p95 below 3"])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/cannot read the target "p95 below 3": expected <metric> <= <number>, e\.g\./)
    expect(scalecast(["check", scenario]).status).toBe(2)
    expect(hasStackTrace(bad.stderr)).toBe(false)
  })
})

describe("scalecast sweep", () => {
  it("--json reports every config with intervals, targets and a recommendation", () => {
    const r = scalecast([
      "sweep",
      scenario,
      "--vary",
      "workers.max=1,3",
      "--vary",
      "scaling.idleTimeout=5,60",
      "--replications",
      "3",
      "--slo",
      "endToEnd.p95<=60",
      "--json",
      "--workers",
      "2"
    ])
    expect(r.status).toBe(0)
    const s = JSON.parse(r.stdout)
    expect(s.configs.map((c: { label: string }) => c.label)).toEqual([
      "workers.max=1 scaling.idleTimeout=5",
      "workers.max=1 scaling.idleTimeout=60",
      "workers.max=3 scaling.idleTimeout=5",
      "workers.max=3 scaling.idleTimeout=60"
    ])
    expect(s.runsDone).toBe(12)
    expect(s.configs[0].metrics.usdPerHour).toEqual({
      mean: expect.any(Number),
      low: expect.any(Number),
      high: expect.any(Number),
      halfWidth: expect.any(Number)
    })
    expect(s.recommendation.endpoint.workers.max).toBeGreaterThan(0)
  })

  it("marks impossible combinations invalid and refuses bad --vary", () => {
    const r = scalecast(["sweep", scenario, "--vary", "workers.min=0,2", "--vary", "workers.max=1", "--replications", "2", "--workers", "0"])
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/workers\.min=2 workers\.max=1: endpoint\.workers\.min: expected at most workers\.max \(1\), got 2/)
    const bad = scalecast(["sweep", scenario, "--vary", "scaling.speed=1..3"])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/--vary scaling\.speed: expected an endpoint field \(.*\) or platform\.<setting>/)
    expect(scalecast(["sweep", scenario, "--vary", "scaling.value=5..1"]).stderr).toMatch(/expected a range low\.\.high/)
  })

  it("Ctrl-C keeps finished runs and prints the table marked incomplete", async () => {
    const big = join(dir, "big.json")
    // 200 runs of ~10⁶ requests: far longer than the 8 s after which Ctrl-C comes (8 s, not less:
    // on a busy machine starting tsx and loading the scenario alone has taken over 4 s, and a
    // Ctrl-C before the sweep's handler is installed ends the process the default way).
    writeFileSync(
      big,
      JSON.stringify({
        ...small,
        durationSeconds: 200_000,
        workload: { ...small.workload, arrivals: { type: "poisson", ratePerSecond: 5 } },
        endpoint: { ...small.endpoint, workers: { min: 0, max: 10 } }
      })
    )
    const bin = fileURLToPath(new URL("../../bin/scalecast.js", import.meta.url))
    const child = spawn(process.execPath, [bin, "sweep", big, "--vary", "scaling.value=1..40", "--replications", "5", "--workers", "1"], {
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    child.stdout.on("data", (d) => (stdout += d))
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve))
    await new Promise((resolve) => setTimeout(resolve, 8000))
    child.kill("SIGINT")
    const code = await closed
    expect(code).toBe(130)
    expect(stdout).toMatch(/INCOMPLETE: \d+ of 200 runs/)
  })
})

describe("scalecast compare and plan", () => {
  it("compare runs both on identical traffic: identical configs differ by exactly 0", () => {
    const r = scalecast(["compare", scenario, scenario, "--replications", "3", "--json", "--workers", "0"])
    expect(r.status).toBe(0)
    const c = JSON.parse(r.stdout)
    expect(c.difference.usdPerHour).toEqual({ mean: 0, low: 0, high: 0, halfWidth: 0 })
    expect(c.difference["endToEnd.p95"].mean).toBe(0)
  })

  it("compare takes an endpoint config as b", () => {
    const endpoint = join(dir, "ep.json")
    writeFileSync(endpoint, JSON.stringify({ ...small.endpoint, workers: { min: 1, max: 3 } }))
    const r = scalecast(["compare", scenario, endpoint, "--replications", "3", "--workers", "0"])
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^usdPerHour .*\*$/m)
  })

  it("plan writes the recommended v2 config and explains it", () => {
    const out = join(dir, "plan.json")
    const r = scalecast(["plan", scenario, "--slo", "endToEnd.p95<=30", "--replications", "3", "--screen", "1", "--json", "--out", out])
    expect(r.status).toBe(0)
    const p = JSON.parse(r.stdout)
    expect(Object.keys(p)).toEqual(["complete", "endpoint", "config", "figures", "runnersUp", "message"])
    expect(p.complete).toBe(true)
    expect(p.figures["endToEnd.p95"].high).toBeLessThanOrEqual(30)
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(p.endpoint)
    expect(p.endpoint.image).toBe("img")
    const none = scalecast(["plan", scenario, "--slo", "endToEnd.p95<=0.01", "--replications", "2", "--screen", "1", "--out", join(dir, "none.json")])
    expect(none.status).toBe(1)
    expect(none.stdout).toMatch(/^No config in this grid meets endToEnd\.p95<=0\.01; closest is /m)
    expect(existsSync(join(dir, "none.json"))).toBe(false)
  })
})
