import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { beforeAll, describe, expect, it } from "vitest"
import { hasStackTrace, scalecast } from "./cli.ts"

let dir: string
const file = (name: string, content: unknown): string => {
  const path = join(dir, name)
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content))
  return path
}
const example = (name: string) => fileURLToPath(new URL(`../../examples/scenarios/${name}`, import.meta.url))

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "scalecast-simulate-"))
})

const small = {
  name: "small",
  durationSeconds: 600,
  endpoint: { name: "x", image: "i", gpu: { pools: ["ADA_24"] } },
  workload: { arrivals: { type: "poisson", ratePerSecond: 0.5 }, executionSeconds: 2 }
}

describe("scalecast simulate", () => {
  it("prints a readable summary of a YAML scenario that fits 80 columns", () => {
    const r = scalecast(["simulate", example("quickstart.yaml")])
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^quickstart: 1 h simulated, seed 42$/m)
    expect(r.stdout).toMatch(/^ {2}delayTime(\s+[\d.,]+){6}$/m)
    expect(r.stdout).toMatch(/^Cost {6}\$[\d.]+ over 1 h: \$[\d.]+\/h/m)
    for (const line of r.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(80)
  })

  it("--json prints only the report object, byte-identical for the same seed, different for another", () => {
    const a = scalecast(["simulate", example("flash-endpoint.json"), "--json"])
    const b = scalecast(["simulate", example("flash-endpoint.json"), "--json"])
    expect(a.status).toBe(0)
    expect(a.stdout).toBe(b.stdout)
    const report = JSON.parse(a.stdout)
    expect(Object.keys(report)).toEqual(expect.arrayContaining(["scenario", "endpoint", "requests", "latency", "coldStarts", "workers", "cost", "timeline"]))
    expect(report.endpoint.workers).toEqual({ min: 1, max: 5 })
    expect(report.endpoint.flashboot).toBe("FLASHBOOT") // the Flash SDK's default
    const c = scalecast(["simulate", example("flash-endpoint.json"), "--json", "--seed", "2"])
    expect(JSON.parse(c.stdout).scenario.seed).toBe(2)
    expect(c.stdout).not.toBe(a.stdout)
  })

  it("--duration overrides the scenario's duration", () => {
    const r = scalecast(["simulate", file("small.json", small), "--json", "--duration", "60"])
    expect(JSON.parse(r.stdout).scenario.durationSeconds).toBe(60)
  })

  it("lists every problem of a bad scenario with its path, exit 2, no output on stdout", () => {
    const r = scalecast([
      "simulate",
      file("bad.json", {
        ...small,
        durationSeconds: -5,
        endpoint: { ...small.endpoint, scaling: { value: 0 } },
        workload: { arrivals: { type: "poison" }, executionSeconds: "2" }
      })
    ])
    expect(r.status).toBe(2)
    expect(r.stdout).toBe("")
    expect(r.stderr).toContain("durationSeconds: expected a number > 0, got -5")
    expect(r.stderr).toContain("endpoint.scaling.value: expected an integer >= 1, got 0")
    expect(r.stderr).toMatch(/workload\.arrivals(\.type)?: expected/)
    expect(r.stderr).toMatch(/workload\.executionSeconds: expected a number of seconds or/)
    expect(hasStackTrace(r.stderr)).toBe(false)
  })

  it("asks for a price when a pool has none published", () => {
    const r = scalecast(["simulate", file("nopx.json", { ...small, endpoint: { ...small.endpoint, gpu: { pools: ["ADA_32_PRO"] } } })])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/platform\.pools\.ADA_32_PRO\.flexPerSecondUsd: expected a price in USD per GPU-second/)
  })

  it("rejects bad flag values as usage errors", () => {
    for (const args of [["--seed=-1"], ["--seed", "1.5"], ["--duration", "0"], ["--duration", "abc"]]) {
      const r = scalecast(["simulate", file("ok.json", small), ...args])
      expect(r.status).toBe(2)
      expect(r.stderr).toMatch(/^scalecast simulate: --(seed|duration): expected /)
    }
  })
})

describe("scalecast simulate --html / --md", () => {
  it("writes both reports and says where", () => {
    const html = join(dir, "r.html")
    const md = join(dir, "r.md")
    const r = scalecast(["simulate", file("rep.json", small), "--html", html, "--md", md])
    expect(r.status).toBe(0)
    expect(r.stderr).toContain(`wrote ${html}`)
    expect(readFileSync(html, "utf8")).toMatch(/^<!doctype html>/)
    expect(readFileSync(md, "utf8")).toMatch(/^# small/)
  })

  it("writes nothing when the scenario is invalid or the folder does not exist", () => {
    const html = join(dir, "never.html")
    const bad = scalecast(["simulate", file("bad2.json", { ...small, durationSeconds: 0 }), "--html", html])
    expect(bad.status).toBe(2)
    expect(existsSync(html)).toBe(false)
    const nowhere = scalecast(["simulate", file("ok2.json", small), "--html", join(dir, "no", "such", "r.html")])
    expect(nowhere.status).toBe(2)
    expect(nowhere.stderr).toMatch(/r\.html: cannot write: /)
    expect(hasStackTrace(nowhere.stderr)).toBe(false)
  })
})

describe("scalecast simulate with a trace", () => {
  it("resolves the trace path against the scenario file's folder, from any working directory", () => {
    const r = scalecast(["simulate", example("recorded-day.yaml"), "--json"], tmpdir())
    expect(r.status).toBe(0)
    // Its minutes are spread as a Poisson process (spread: poisson), which draws their counts.
    expect(JSON.parse(r.stdout).workload.arrivals).toMatch(/^trace azure2019-sample\.csv \(azure2019, about [\d,]+ requests\)$/)
  })

  it("names the trace file, line and column of a bad row, exit 2", () => {
    writeFileSync(join(dir, "trace.csv"), "timestamp\n1\n2\nlater\n")
    const r = scalecast(["simulate", file("traced.json", { ...small, workload: { ...small.workload, arrivals: { type: "trace", path: "trace.csv" } } })])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('workload.arrivals: trace.csv:4:1: timestamp: expected seconds or an ISO-8601 date-time, got "later"')
  })
})

describe("scalecast simulate --slo", () => {
  it("reads the targets on the run in the summary and in the JSON, and exits 0 whether they are met or not", () => {
    const scenario = file("slo.json", small)
    const text = scalecast(["simulate", scenario, "--slo", "endToEnd.p95<=0.5", "--budget", "usdPerHour<=100"])
    expect(text.status).toBe(0)
    expect(text.stdout).toMatch(/^Targets, read on this one run \(scalecast check decides with replications\)$/m)
    expect(text.stdout).toMatch(/^ {2}FAIL {2}endToEnd\.p95<=0\.5: \d+\.\d+ s; misses by \d+\.\d+ s$/m)
    expect(text.stdout).toMatch(/^ {2}ok {4}usdPerHour<=100: \$\d+\.\d{4}$/m)
    for (const line of text.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(80)
    const json = scalecast(["simulate", scenario, "--slo", "endToEnd.p95<=0.5", "--json"])
    expect(json.status).toBe(0)
    const report = JSON.parse(json.stdout) as { figures: Record<string, number>; targets: Array<Record<string, unknown>> }
    expect(report.targets).toEqual([
      { target: "endToEnd.p95<=0.5", meets: false, value: report.figures["endToEnd.p95"], shortfall: report.figures["endToEnd.p95"]! - 0.5 }
    ])
  })

  it("--html and --md carry the same verdicts", () => {
    const html = join(dir, "slo.html")
    const md = join(dir, "slo.md")
    const r = scalecast(["simulate", file("slo-pages.json", small), "--slo", "endToEnd.p95<=0.5", "--html", html, "--md", md])
    expect(r.status).toBe(0)
    expect(readFileSync(html, "utf8")).toMatch(/<li class="fail">FAIL {2}endToEnd\.p95&lt;=0\.5: /)
    expect(readFileSync(html, "utf8")).toContain('<div class="tile fail" data-label="End-to-end p95">')
    expect(readFileSync(md, "utf8")).toMatch(/^- ✗ \*\*missed\*\*: endToEnd\.p95<=0\.5: /m)
  })

  it("without targets the JSON is the report object alone", () => {
    const r = scalecast(["simulate", file("noslo.json", small), "--json"])
    expect(Object.keys(JSON.parse(r.stdout) as object)).not.toContain("targets")
  })

  it("an unreadable target is a usage error naming the flag, before anything runs", () => {
    const html = join(dir, "slo-never.html")
    const r = scalecast(["simulate", file("slo-bad.json", small), "--slo", "p95<6", "--html", html])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^scalecast simulate: --slo: unknown metric "p95"/)
    expect(hasStackTrace(r.stderr)).toBe(false)
    expect(existsSync(html)).toBe(false)
    const budget = scalecast(["simulate", file("slo-bad2.json", small), "--budget", "endToEnd.p95<=6"])
    expect(budget.status).toBe(2)
    expect(budget.stderr).toContain("--budget: expected a cost target")
  })
})
