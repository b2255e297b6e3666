/**
 * explore: writes one self-contained page holding the scenario document and its knobs' starting
 * values (the --seed and --duration overrides applied), named <stem>.explore.html in the working
 * directory by default; refuses trace arrivals, invalid scenarios and unwritable outputs with exit 2,
 * one message, no stack trace and no file.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { spawnSync } from "node:child_process"
import { fileURLToPath, pathToFileURL } from "node:url"
import { stringify } from "yaml"
import { beforeAll, describe, expect, it } from "vitest"
import { hasStackTrace, inProcess, scalecast, scratchFolder, tinyScenario } from "./cli.ts"

const scratch = scratchFolder("scalecast-explore-cli-")
const { file } = scratch
let scenario: string
beforeAll(() => {
  scenario = file("tiny.json", tinyScenario)
})

const run = inProcess("explore")
const traces = fileURLToPath(new URL("../fixtures/traces/", import.meta.url))

interface ExploreData {
  readonly name: string
  readonly input: Record<string, unknown>
  readonly durationSeconds: number
  readonly initial: Record<string, string | number>
  readonly scalesTraffic: boolean
}

/** The JSON the page embeds for its script (id scalecast-data). */
const dataOf = (html: string): ExploreData => {
  const m = /<script type="application\/json" id="scalecast-data">([^<]*)<\/script>/.exec(html)
  expect(m).not.toBeNull()
  return JSON.parse(m![1]!) as ExploreData
}

/** A refusal: exit 2, a one-line message (the usage line may follow), nothing on stdout, no stack trace. */
const expectRefused = (r: { exitCode: number; stdout: string; stderr: string }, message: RegExp) => {
  expect(r.exitCode).toBe(2)
  const [first, ...rest] = r.stderr.split("\n")
  expect(first).toMatch(message)
  expect(rest.every((l) => l.startsWith("usage: "))).toBe(true)
  expect(r.stdout).toBe("")
  expect(hasStackTrace(r.stderr)).toBe(false)
}

describe("scalecast explore: the page", () => {
  it("writes a self-contained page to --html holding the document and the knobs' starting values (--seed applied)", async () => {
    const out = join(scratch.dir, "page.html")
    const r = await run([scenario, "--html", out, "--seed", "9"])
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.messages).toEqual([`wrote ${out}`])
    expect(r.stdout).toBe("")
    const html = readFileSync(out, "utf8")
    expect(html.startsWith("<!doctype html>")).toBe(true)
    expect(html).toContain("<title>scalecast explore: tiny</title>")
    expect(html).toContain("<h1>tiny: explore</h1>")
    expect(html).toContain('id="scalecast-worker"')
    expect(html).toContain('<script type="application/json" id="scalecast-data">')
    // Self-contained: no script, style sheet or other resource is fetched.
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i)
    expect(html).not.toMatch(/<link/i)
    expect(html).not.toMatch(/<img[^>]*\ssrc="?https?:/i)
    // Three script elements (data, worker, page), each closed once.
    expect(html.match(/<script\b/g)).toHaveLength(3)
    expect(html.match(/<\/script>/gi)).toHaveLength(3)
    expect(html.trimEnd().endsWith("</html>")).toBe(true)

    const data = dataOf(html)
    expect(data.name).toBe("tiny")
    expect(data.input).toEqual(tinyScenario) // the document as written: seed 3, not the override
    expect(data.durationSeconds).toBe(300)
    expect(data.scalesTraffic).toBe(true)
    expect(data.initial).toEqual({
      "scaling.type": "QUEUE_DELAY",
      "scaling.value": 4,
      "scaling.idleTimeout": 5,
      "workers.min": 0,
      "workers.max": 3,
      flashboot: "OFF",
      "gpu.pools": "AMPERE_24",
      timeout: 300000,
      "workload.arrivals.rateMultiplier": 1,
      seed: 9
    })
  })

  it("without --seed starts from the document's seed; --duration sets the run length the page simulates", async () => {
    const out = join(scratch.dir, "short.html")
    const r = await run([scenario, "--html", out, "--duration", "60"])
    expect(r.exitCode, r.stderr).toBe(0)
    const data = dataOf(readFileSync(out, "utf8"))
    expect(data.initial.seed).toBe(3)
    expect(data.durationSeconds).toBe(60)
    expect(data.input.durationSeconds).toBe(300)
  })

  it("reads YAML, other dialects and listed-time arrivals (whose traffic the page cannot scale)", async () => {
    const doc = {
      ...tinyScenario,
      name: "listed",
      endpoint: { name: "v1", templateId: "t", gpuTypeIds: ["NVIDIA GeForce RTX 4090"], workersMax: 2, scalerType: "REQUEST_COUNT", scalerValue: 2 },
      workload: { arrivals: { type: "list", atSeconds: [1, 2, 3] }, executionSeconds: 1 }
    }
    const out = join(scratch.dir, "listed.html")
    const r = await run([file("listed.yaml", stringify(doc)), "--html", out])
    expect(r.exitCode, r.stderr).toBe(0)
    const data = dataOf(readFileSync(out, "utf8"))
    expect(data.input).toEqual(doc)
    expect(data.scalesTraffic).toBe(false)
    expect(data.initial).toMatchObject({ "scaling.type": "REQUEST_COUNT", "scaling.value": 2, "workers.max": 2, "gpu.pools": "ADA_24" })
  })

  it("a name with markup is escaped in the page and survives in the data", async () => {
    const name = "</script><script>alert(1)</script> & <!-- co"
    const out = join(scratch.dir, "markup.html")
    const r = await run([file("markup.json", { ...tinyScenario, name }), "--html", out])
    expect(r.exitCode, r.stderr).toBe(0)
    const html = readFileSync(out, "utf8")
    expect(html).not.toContain("<script>alert(1)")
    expect(html).toContain("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!-- co")
    expect(html.match(/<\/script>/gi)).toHaveLength(3)
    expect(dataOf(html).name).toBe(name)
  })

  it("writes <stem>.explore.html in the working directory by default", () => {
    const sub = join(scratch.dir, "scenarios")
    mkdirSync(sub, { recursive: true })
    writeFileSync(join(sub, "my-scenario.yaml"), stringify(tinyScenario))
    const r = scalecast(["explore", join("scenarios", "my-scenario.yaml")], scratch.dir)
    expect(r.status, r.stderr).toBe(0)
    expect(r.stderr.trim()).toBe("wrote my-scenario.explore.html")
    const out = join(scratch.dir, "my-scenario.explore.html")
    expect(readFileSync(out, "utf8").startsWith("<!doctype html>")).toBe(true)
    expect(dataOf(readFileSync(out, "utf8")).name).toBe("tiny")
    // Not beside the scenario, and no temporary file left behind.
    expect(readdirSync(sub)).toEqual(["my-scenario.yaml"])
    expect(readdirSync(scratch.dir).filter((f) => f.includes("tmp"))).toEqual([])
  })
})

describe("scalecast explore: refusals", () => {
  it("refuses trace arrivals with one line naming workload.arrivals, exit 2, no file", async () => {
    const traced = file("traced.json", {
      ...tinyScenario,
      workload: { ...tinyScenario.workload, arrivals: { type: "trace", path: join(traces, "azure2021.csv") } }
    })
    const out = join(scratch.dir, "traced.html")
    const r = await run([traced, "--html", out])
    expectRefused(
      r,
      new RegExp(
        `^scalecast: ${traced.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: workload\\.arrivals: explore runs in the browser and cannot read the trace file; `
      )
    )
    expect(r.stderr.split("\n")).toHaveLength(1)
    expect(existsSync(out)).toBe(false)
    expect(existsSync(join(scratch.dir, "traced.explore.html"))).toBe(false)
  })

  it("a trace scenario run as a command: exit 2, the same one line, no stack trace, no default file", () => {
    const traced = file("traced2.json", {
      ...tinyScenario,
      workload: { ...tinyScenario.workload, arrivals: { type: "trace", path: join(traces, "azure2021.csv") } }
    })
    const r = scalecast(["explore", traced], scratch.dir)
    expect(r.status).toBe(2)
    expect(r.stderr.trim().split("\n")).toHaveLength(1)
    expect(r.stderr).toContain("workload.arrivals: explore runs in the browser")
    expect(hasStackTrace(r.stderr)).toBe(false)
    expect(existsSync(join(scratch.dir, "traced2.explore.html"))).toBe(false)
  })

  it("lists every problem of an invalid scenario, exit 2, no file", async () => {
    const bad = file("bad.json", {
      ...tinyScenario,
      durationSeconds: 0,
      endpoint: { ...tinyScenario.endpoint, scaling: { value: 0 } }
    })
    const out = join(scratch.dir, "bad.html")
    const r = await run([bad, "--html", out])
    expect(r.exitCode).toBe(2)
    const lines = r.stderr.split("\n")
    expect(lines[0]).toMatch(/bad\.json: invalid scenario: 2 problems$/)
    expect(lines.slice(1)).toEqual(["  durationSeconds: expected a number > 0, got 0", "  endpoint.scaling.value: expected an integer >= 1, got 0"])
    expect(hasStackTrace(r.stderr)).toBe(false)
    expect(existsSync(out)).toBe(false)
  })

  it("refuses an --html that is a directory before reading the scenario, and writes nothing", async () => {
    const before = readdirSync(scratch.dir).sort()
    // The scenario does not exist: the output is checked first, so that is not what is reported.
    const r = await run([join(scratch.dir, "missing.json"), "--html", scratch.dir])
    expectRefused(r, /: cannot write: is a directory, not a file$/)
    expect(r.stderr).toBe(`scalecast: ${scratch.dir}: cannot write: is a directory, not a file`)
    expect(r.stderr).not.toContain("missing.json")
    expect(readdirSync(scratch.dir).sort()).toEqual(before)
  })

  it("refuses an --html in a missing folder before reading the scenario, and writes nothing", async () => {
    const out = join(scratch.dir, "no", "such", "page.html")
    const bad = file("bad-too.json", { ...tinyScenario, durationSeconds: -1 })
    const r = await run([bad, "--html", out])
    expectRefused(r, /page\.html: cannot write: .*does not exist/)
    expect(r.stderr).not.toContain("invalid scenario")
    expect(existsSync(join(scratch.dir, "no"))).toBe(false)
  })

  it("refuses an empty --html and bad flag values as usage errors", async () => {
    expectRefused(await run([scenario, "--html", ""]), /^scalecast: an output file name is empty; /)
    expectRefused(await run([scenario, "--seed", "-1"]), /^scalecast explore: --seed: expected /)
    expectRefused(await run([scenario, "--seed", "1.5"]), /^scalecast explore: --seed: expected /)
    expectRefused(await run([scenario, "--duration", "0"]), /^scalecast explore: --duration: expected /)
    expectRefused(await run([scenario, "--vary", "workers.max=1,2"]), /^scalecast explore: unknown option --vary$/)
    expect((await run([])).exitCode).toBe(2)
  })
})

describe("scalecast explore: help", () => {
  it("explore --help prints its usage", async () => {
    const r = await run(["--help"])
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe("usage: scalecast explore <scenario.json|yaml> [--html FILE] [--open] [--seed N] [--duration SECONDS]")
  })

  it("scalecast --help lists explore", () => {
    const r = scalecast(["--help"])
    expect(r.status).toBe(0)
    expect(r.stdout).toContain("  scalecast explore <scenario.json|yaml> [--html FILE] [--open] [--seed N] [--duration SECONDS]\n")
    expect(r.stdout).toMatch(/^ {6}write a page that re-simulates the scenario in the browser/m)
  })
})

// Reason for skipIf: the opener is xdg-open on Linux only (open on macOS, start on Windows).
describe.skipIf(process.platform !== "linux")("scalecast explore --open", () => {
  const bin = fileURLToPath(new URL("../../bin/scalecast.js", import.meta.url))
  const run = (pathDir: string, out: string) =>
    spawnSync(process.execPath, [bin, "explore", scratch.file("open.json", tinyScenario), "--html", out, "--open"], {
      encoding: "utf8",
      env: { ...process.env, PATH: pathDir }
    })

  it("hands the written page's file URL to xdg-open", async () => {
    const tools = join(scratch.dir, "tools")
    mkdirSync(tools, { recursive: true })
    const seen = join(scratch.dir, "opened.txt")
    writeFileSync(join(tools, "xdg-open"), `#!/bin/sh\necho "$1" > ${JSON.stringify(seen)}\n`, { mode: 0o755 })
    const out = join(scratch.dir, "opened.html")
    const r = run(tools, out)
    expect(r.status, r.stderr).toBe(0)
    expect(r.stderr).toContain(`opening ${pathToFileURL(out).href} with xdg-open`)
    await expect.poll(() => (existsSync(seen) ? readFileSync(seen, "utf8").trim() : "")).toBe(pathToFileURL(out).href)
  })

  it("without a browser opener, says so and still writes the page (exit 0)", () => {
    const empty = join(scratch.dir, "no-tools")
    mkdirSync(empty, { recursive: true })
    const out = join(scratch.dir, "unopened.html")
    const r = run(empty, out)
    expect(r.status, r.stderr).toBe(0)
    expect(r.stderr).toContain(`could not open a browser (xdg-open); open ${pathToFileURL(out).href} yourself`)
    expect(existsSync(out)).toBe(true)
  })
})
