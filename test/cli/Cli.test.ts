/**
 * The CLI entry point in-process, under fuzzing: random argument vectors from a vocabulary of
 * commands, flags, hostile values and files (good, broken, empty, huge, devices) never throw, always
 * end with exit code 0, 1 or 2 (never 70, a bug), and stay within the limits given. And the
 * scenario decoder, fed random and mutated scenarios, never throws and never accepts a run beyond
 * the work budget.
 */
import { fc, test } from "@fast-check/vitest"
import { Result } from "effect"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { runCli } from "../../src/cli/Cli.ts"
import type { CommandLimits } from "../../src/cli/Limits.ts"
import { defaultPriceCatalog } from "../../src/models/PriceCatalog.ts"
import { decodeScenario } from "../../src/models/Scenario.ts"
import { estimateWork } from "../../src/models/WorkBudget.ts"

/** Small limits: a fuzzed command may start at most 40 runs of at most 200,000 events each. */
const limits: CommandLimits = {
  maxEventsPerRun: 2e5,
  maxEventsPerCommand: 2e6,
  maxRuns: 40,
  maxConfigs: 20,
  maxReplications: 5,
  maxWorkers: 1,
  defaultWorkers: 0
}

const captured = () => {
  const out: Array<string> = []
  const console_ = Object.assign(Object.create(console) as Console, {
    log: (...args: ReadonlyArray<unknown>) => void out.push(args.join(" ")),
    error: (...args: ReadonlyArray<unknown>) => void out.push(args.join(" "))
  })
  return { out, console: console_ }
}

/** A YAML alias bomb: nine levels of nine aliases each, 9⁹ ≈ 387 million strings once expanded. */
const billionLaughs = (): string => {
  const names = "abcdefghij"
  const lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
  for (let i = 1; i < names.length; i++) lines.push(`${names[i]}: &${names[i]} [${Array.from({ length: 9 }, () => `*${names[i - 1]}`).join(", ")}]`)
  return `${lines.join("\n")}\n`
}

let dir: string
const files: Record<string, string> = {}
const tiny = {
  name: "tiny",
  durationSeconds: 60,
  endpoint: { name: "tiny", image: "img", gpu: { pools: ["AMPERE_24"] }, workers: { min: 0, max: 2 } },
  workload: { arrivals: { type: "poisson", ratePerSecond: 0.5 }, executionSeconds: 1 },
  platform: { coldStartSeconds: 2 }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "scalecast-fuzz-"))
  const write = (name: string, content: string) => {
    files[name] = join(dir, name)
    writeFileSync(files[name], content)
  }
  write("tiny.json", JSON.stringify(tiny))
  write("failing.json", JSON.stringify({ ...tiny, endpoint: { ...tiny.endpoint, timeout: 1 } }))
  write("huge.json", JSON.stringify({ ...tiny, durationSeconds: 1e15 }))
  write("endpoint.json", JSON.stringify(tiny.endpoint))
  write("empty.json", "")
  write("bad.json", "{ nope")
  write("bomb.yaml", billionLaughs())
  write("two.yaml", "name: a\n---\nname: b\n")
  files.dir = dir
  files.devzero = "/dev/zero"
  files.missing = join(dir, "missing.json")
})

const commands = ["simulate", "sweep", "compare", "check", "plan", "validate", "bogus", "--help", "--version"]
const values = ["1", "0", "-1", "2", "1e9", "1e400", "-5", "NaN", "", "abc", "0.5", "99999999999999999999", "3.7"]
const targets = ["endToEnd.p95<=30", "failed=0", "usdPerHour<=2", "coldStartShare<=5", "nonsense", "endToEnd.p95<=-1", "unfinishedShare<=0.1"]
const varies = ["scaling.value=1..3", "timeout=1,300000", "platform.bogus=1,2", "scaling.value=1..1000", "workers.max=0,1", "scaling.value=5..1", "x"]

const token = fc.oneof(
  fc
    .constantFrom("tiny.json", "failing.json", "huge.json", "endpoint.json", "empty.json", "bad.json", "bomb.yaml", "two.yaml", "dir", "devzero", "missing")
    .map((k) => ({ file: k })),
  fc.constantFrom("--replications", "--workers", "--seed", "--duration", "--screen").chain((flag) => fc.constantFrom(...values).map((v) => [flag, v])),
  fc.constantFrom("--slo", "--budget").chain((flag) => fc.constantFrom(...targets).map((v) => [flag, v])),
  fc.constantFrom(...varies).map((v) => ["--vary", v]),
  fc.constantFrom("--json", "--help", "--bogus", "--out", "--html", "--md", "--from", "--endpoint", "-x", "--", "-1")
)

describe("the CLI under fuzzing", () => {
  test.prop([fc.constantFrom(...commands), fc.array(token, { maxLength: 7 })], { numRuns: 150 })(
    "never throws and ends with exit 0, 1 or 2",
    async (command, tokens) => {
      const argv = [command, ...tokens.flatMap((t) => (Array.isArray(t) ? t : typeof t === "string" ? [t] : [files[t.file]!]))]
      const { console: console_ } = captured()
      const ending = await runCli(argv, { console: console_, limits })
      expect([0, 1, 2], `${JSON.stringify(argv)} → ${ending.exitCode}: ${ending.stderr}`).toContain(ending.exitCode)
      expect(ending.stderr).not.toMatch(/internal error|^\s+at /m)
    }
  )

  it("refuses work beyond its limits before running anything", async () => {
    const run = (argv: ReadonlyArray<string>) => runCli(argv, { console: captured().console, limits })
    expect((await run(["sweep", files["tiny.json"]!, "--vary", "scaling.value=1..30"])).stderr).toMatch(/the grid has 30 configs \(30\), more than 20/)
    expect((await run(["check", files["tiny.json"]!, "--slo", "failed=0", "--replications", "6"])).stderr).toMatch(
      /--replications: expected an integer from 1 to 5, got "6"/
    )
    expect((await run(["check", files["tiny.json"]!, "--slo", "failed=0", "--workers", "2"])).stderr).toMatch(
      /--workers: expected an integer from 0 to 1 \(this machine's cores\), got "2"/
    )
    expect((await run(["simulate", files["tiny.json"]!, "--duration", "1e6"])).stderr).toMatch(/work budget of 200,000 events per run/)
  })
})

/** Values that break things: extremes, wrong types, empties. */
const hostile = fc.constantFrom<unknown>(
  -1,
  0,
  1e-9,
  1e308,
  1e15,
  Number.MAX_SAFE_INTEGER,
  "",
  "x",
  null,
  [],
  {},
  true,
  [1e308],
  { type: "lognormal", median: 1, p95: 1e300 },
  { type: "list", atSeconds: [0, 1e15] }
)

/** Every path (as key lists) in a JSON value. */
const paths = (value: unknown, at: Array<string> = []): Array<Array<string>> =>
  value !== null && typeof value === "object" ? Object.entries(value).flatMap(([k, v]) => [[...at, k], ...paths(v, [...at, k])]) : []

const valid = {
  name: "v",
  durationSeconds: 600,
  endpoint: {
    name: "e",
    image: "i",
    gpu: { pools: ["ADA_24"], count: 1 },
    workers: { min: 0, max: 3 },
    scaling: { type: "QUEUE_DELAY", value: 4, idleTimeout: 5 },
    timeout: 300000
  },
  workload: { arrivals: { type: "poisson", ratePerSecond: 1 }, executionSeconds: { type: "lognormal", median: 1, p95: 3 } },
  platform: { scalerIntervalSeconds: 1, coldStartSeconds: 10, jobTtlSeconds: 3600, queueLimit: 100, concurrencyPerWorker: 1, initTimeoutSeconds: 420 }
}
const validPaths = paths(valid)

const mutated = fc.array(fc.tuple(fc.constantFrom(...validPaths), hostile), { minLength: 1, maxLength: 4 }).map((edits) => {
  const copy = JSON.parse(JSON.stringify(valid)) as Record<string, unknown>
  for (const [path, value] of edits) {
    let node = copy as Record<string, unknown>
    for (const key of path.slice(0, -1)) {
      if (node[key] === null || typeof node[key] !== "object") break
      node = node[key] as Record<string, unknown>
    }
    node[path[path.length - 1]!] = value
  }
  return copy
})

describe("the scenario decoder under fuzzing", () => {
  test.prop([fc.oneof(mutated, fc.anything())], { numRuns: 400 })("never throws and never accepts a run beyond the work budget", (input) => {
    const budget = 1e7
    const r = decodeScenario(input, defaultPriceCatalog, { maxEvents: budget })
    if (Result.isSuccess(r)) expect(estimateWork(r.success.scenario).events).toBeLessThanOrEqual(budget)
    else expect(r.failure.problems.length).toBeGreaterThan(0)
  })
})
