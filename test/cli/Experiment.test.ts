/** Experiment: the shared helpers of sweep/check/compare/plan: base loading, target parsing, run settings, output checks, work limits, the run pool. */
import { Console, Effect, Layer } from "effect"
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { CommandSpec, ParsedArgs } from "../../src/cli/Args.ts"
import {
  checkOutputs,
  checkWork,
  experimentFlags,
  failIfInterrupted,
  invalidScenario,
  loadBase,
  readTargets,
  runSettings,
  runTasks
} from "../../src/cli/Experiment.ts"
import { Files } from "../../src/cli/Files.ts"
import { Limits, type CommandLimits } from "../../src/cli/Limits.ts"
import type { Scenario } from "../../src/models/Scenario.ts"
import { estimateWork } from "../../src/models/WorkBudget.ts"
import { ScenarioError } from "../../src/sim/simulate.ts"
import { tinyScenario } from "./cli.ts"
import { RunPodModels, type Models } from "../../src/models/Models.ts"

const spec: CommandSpec = {
  name: "exp",
  usage: "scalecast exp <scenario>",
  positionals: ["scenario"],
  flags: {
    ...experimentFlags,
    slo: { type: "string", multiple: true },
    budget: { type: "string", multiple: true },
    html: { type: "string" },
    out: { type: "string" }
  }
}
const limits: CommandLimits = {
  maxEventsPerRun: 1e7,
  maxEventsPerCommand: 1e5,
  maxRuns: 6,
  maxConfigs: 4,
  maxReplications: 8,
  maxWorkers: 2,
  defaultWorkers: 0
}

let dir: string
let scenario: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "scalecast-experiment-"))
  scenario = join(dir, "tiny.json")
  writeFileSync(scenario, JSON.stringify(tinyScenario))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const args = (flags: ParsedArgs["flags"] = {}, positionals: ReadonlyArray<string> = []): ParsedArgs => ({ positionals, flags })

/** Runs a helper with the Files service, the test limits and a console collecting stderr lines. */
const run = async <A, E extends { readonly _tag: string; readonly message: string }>(effect: Effect.Effect<A, E, Files | Models>) => {
  const stderr: Array<string> = []
  const console_ = Object.assign(Object.create(console) as Console, {
    log: () => undefined,
    error: (...a: ReadonlyArray<unknown>) => void stderr.push(a.join(" "))
  })
  const result = await Effect.runPromise(
    effect.pipe(
      Effect.provide(Layer.mergeAll(Files.layer, RunPodModels)),
      Effect.provideService(Limits, limits),
      Effect.provideService(Console.Console, console_ as unknown as Console.Console),
      Effect.match({ onFailure: (e) => ({ error: `${e._tag}: ${e.message}` }) as const, onSuccess: (value) => ({ value }) as const })
    )
  )
  return { ...result, stderr }
}
const value = async <A, E extends { readonly _tag: string; readonly message: string }>(effect: Effect.Effect<A, E, Files | Models>): Promise<A> => {
  const r = await run(effect)
  if (!("value" in r)) throw new Error(r.error)
  return r.value
}
const error = async <A, E extends { readonly _tag: string; readonly message: string }>(effect: Effect.Effect<A, E, Files | Models>): Promise<string> => {
  const r = await run(effect)
  return "error" in r ? r.error : "succeeded"
}

describe("experimentFlags", () => {
  it("are the flags every experiment command shares", () => {
    expect(experimentFlags).toEqual({
      replications: { type: "string" },
      workers: { type: "string" },
      seed: { type: "string" },
      duration: { type: "string" },
      json: { type: "boolean" }
    })
  })
})

describe("readTargets", () => {
  it("reads every --slo, then every --budget, normalised", async () => {
    const slos = await value(readTargets(spec, args({ slo: ["e2e.p95 <= 8", "failed==0"], budget: ["usdPerHour<=2"] })))
    expect(slos).toEqual([
      { text: "endToEnd.p95<=8", metric: "endToEnd.p95", op: "<=", limit: 8 },
      { text: "failed=0", metric: "failed", op: "=", limit: 0 },
      { text: "usdPerHour<=2", metric: "usdPerHour", op: "<=", limit: 2 }
    ])
    expect(await value(readTargets(spec, args()))).toEqual([])
  })

  it("names the flag a bad target came from", async () => {
    expect(await error(readTargets(spec, args({ slo: ["failed=0", "p95 below 3"] })))).toMatch(
      /^UsageError: scalecast exp: --slo: cannot read the target "p95 below 3": expected <metric> <= <number>, e\.g\. /
    )
    expect(await error(readTargets(spec, args({ budget: ["coldStartShare<=5"] })))).toBe(
      'UsageError: scalecast exp: --budget: coldStartShare is a share from 0 to 1 (0.05 = 5 %), got 5 in "coldStartShare<=5"'
    )
    expect(await error(readTargets(spec, args({ budget: ["endToEnd.p95<=3"] })))).toBe(
      "UsageError: scalecast exp: --budget: expected a cost target (usdPerHour or usdPer1000), got endToEnd.p95; state latency and reliability targets with --slo"
    )
    expect(await value(readTargets(spec, args({ budget: ["usdPer1000<1.5"] })))).toEqual([
      { text: "usdPer1000<1.5", metric: "usdPer1000", op: "<", limit: 1.5 }
    ])
  })
})

describe("runSettings", () => {
  it("defaults to the command's replications and the limits' default workers", async () => {
    expect(await value(runSettings(spec, args(), 7))).toEqual({ replications: 7, workers: 0 })
    expect(await value(runSettings(spec, args({ replications: "8", workers: "2" }), 7))).toEqual({ replications: 8, workers: 2 })
  })

  it("holds both within the limits", async () => {
    expect(await error(runSettings(spec, args({ replications: "9" }), 7))).toBe(
      'UsageError: scalecast exp: --replications: expected an integer from 1 to 8, got "9"'
    )
    expect(await error(runSettings(spec, args({ replications: "2.5" }), 7))).toBe(
      'UsageError: scalecast exp: --replications: expected an integer from 1 to 8, got "2.5"'
    )
    expect(await error(runSettings(spec, args({ workers: "-1" }), 7))).toBe(
      'UsageError: scalecast exp: --workers: expected an integer from 0 to 2 (this machine\'s cores), got "-1"'
    )
  })
})

describe("loadBase", () => {
  it("applies --seed and --duration, keeps the document and its folder", async () => {
    const base = await value(loadBase(spec, scenario, args({ seed: "11", duration: "60" }, [scenario])))
    expect(base.scenario.seed).toBe(11)
    expect(base.scenario.durationSeconds).toBe(60)
    expect(base.input).toEqual(tinyScenario)
    expect(base.baseDir).toBe(dir)
    const plain = await value(loadBase(spec, scenario, args({}, [scenario])))
    expect([plain.scenario.seed, plain.scenario.durationSeconds]).toEqual([3, 300])
  })

  it("checks the flags before reading the file", async () => {
    const missing = join(dir, "missing.json")
    expect(await error(loadBase(spec, missing, args({ seed: "-1" })))).toMatch(
      /^UsageError: scalecast exp: --seed: expected an integer from 0 to [\d,]+, got "-1"$/
    )
    expect(await error(loadBase(spec, missing, args({ duration: "0" })))).toBe('UsageError: scalecast exp: --duration: expected a number > 0, got "0"')
    expect(await error(loadBase(spec, missing, args()))).toBe(`InputError: ${missing}: no such file`)
  })

  it("lists every problem of an invalid scenario under one header, each with its field path", async () => {
    const bad = join(dir, "bad.json")
    writeFileSync(bad, JSON.stringify({ ...tinyScenario, durationSeconds: -5, endpoint: { ...tinyScenario.endpoint, workers: { min: 0, max: "many" } } }))
    const message = await error(loadBase(spec, bad, args()))
    const lines = message.split("\n")
    expect(lines[0]).toBe(`InvalidInput: ${bad}: invalid scenario: 2 problems`)
    expect(lines.slice(1).sort()).toEqual(["  durationSeconds: expected a number > 0, got -5", '  endpoint.workers.max: expected a number, got "many"'])
  })

  it("prints warnings on stderr, naming the file", async () => {
    const odd = join(dir, "odd.json")
    writeFileSync(odd, JSON.stringify({ ...tinyScenario, colour: "blue", endpoint: { ...tinyScenario.endpoint, scalerValue: 3 } }))
    const r = await run(loadBase(spec, odd, args()))
    expect("value" in r).toBe(true)
    expect(r.stderr).toEqual([
      `warning: ${odd}: colour: unknown field, ignored`,
      `warning: ${odd}: endpoint.scalerValue: unknown field, ignored (did you mean scaling.value? scalerValue is the v1 REST / GraphQL name)`
    ])
  })

  it("invalidScenario counts one problem in the singular", async () => {
    const e = await error(invalidScenario("f.yaml")(new ScenarioError({ problems: [{ path: "a.b", message: "expected x, got y" }], warnings: [] })))
    expect(e).toBe("InvalidInput: f.yaml: invalid scenario: 1 problem\n  a.b: expected x, got y")
  })
})

describe("checkOutputs", () => {
  it("checks only the flags given, and leaves nothing behind", async () => {
    const before = readdirSync(dir)
    expect(await value(checkOutputs(args({ html: join(dir, "r.html"), json: true }), ["html", "out"]))).toBeUndefined()
    expect(readdirSync(dir)).toEqual(before)
    expect(existsSync(join(dir, "r.html"))).toBe(false)
    // --out is not checked when only --html is named.
    expect(await value(checkOutputs(args({ out: join(dir, "no", "such", "x.json") }), ["html"]))).toBeUndefined()
  })

  it("refuses an empty name, a missing folder and a directory", async () => {
    expect(await error(checkOutputs(args({ html: " " }), ["html"]))).toBe("InputError: an output file name is empty; expected a path such as report.html")
    const nowhere = join(dir, "no", "such", "r.html")
    expect(await error(checkOutputs(args({ out: nowhere }), ["out"]))).toBe(
      `InputError: ${nowhere}: cannot write: the folder ${join(dir, "no", "such")} does not exist`
    )
    expect(await error(checkOutputs(args({ html: dir }), ["html"]))).toBe(`InputError: ${dir}: cannot write: is a directory, not a file`)
  })
})

describe("checkWork and runTasks", () => {
  let tiny: Scenario
  beforeAll(async () => {
    tiny = (await value(loadBase(spec, scenario, args({ duration: "60" })))).scenario
  })

  it("returns the estimated events, and refuses too many runs or events with the advice", async () => {
    const events = estimateWork(tiny).events
    expect(await value(checkWork(spec, [{ scenario: tiny, replications: 2 }], "advice"))).toBe(events * 2)
    expect(
      await value(
        checkWork(
          spec,
          [
            { scenario: tiny, replications: 2 },
            { scenario: tiny, replications: 4 }
          ],
          "advice"
        )
      )
    ).toBe(events * 6)
    expect(
      await error(
        checkWork(
          spec,
          [
            { scenario: tiny, replications: 4 },
            { scenario: tiny, replications: 3 }
          ],
          "use fewer"
        )
      )
    ).toBe("UsageError: scalecast exp: 7 runs is more than 6; use fewer")
    const heavy = { ...tiny, durationSeconds: 3 * 60 * Math.ceil(limits.maxEventsPerCommand / events) }
    expect(await error(checkWork(spec, [{ scenario: heavy, replications: 1 }], "shorter"))).toMatch(
      /^UsageError: scalecast exp: about [\d.]+e\+5 simulated events in all is more than 1e\+5 \(about a day on two cores\); shorter$/
    )
  })

  it("runs every task in order, same seed same metrics, and removes its Ctrl-C handler", async () => {
    const listeners = process.listenerCount("SIGINT")
    const finished: Array<number> = []
    const outcome = await value(
      runTasks(
        [
          { scenario: tiny, seed: 5 },
          { scenario: tiny, seed: 6 },
          { scenario: tiny, seed: 5 }
        ],
        0,
        true,
        (i) => void finished.push(i)
      )
    )
    expect(outcome.complete).toBe(true)
    expect(finished).toEqual([0, 1, 2])
    expect(outcome.metrics).toHaveLength(3)
    expect(outcome.metrics[2]).toEqual(outcome.metrics[0])
    expect(outcome.metrics[1]).not.toEqual(outcome.metrics[0])
    expect(process.listenerCount("SIGINT")).toBe(listeners)
  })

  it("failIfInterrupted fails only an incomplete outcome, with exit-130's Interrupted", async () => {
    expect(await value(failIfInterrupted({ metrics: [], jobs: [], complete: true }, "x"))).toBeUndefined()
    expect(await error(failIfInterrupted({ metrics: [undefined], jobs: [], complete: false }, "0 of 1 runs finished"))).toBe(
      "Interrupted: interrupted: 0 of 1 runs finished"
    )
  })
})
