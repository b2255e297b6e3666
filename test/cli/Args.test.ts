/** Args: flag parsing (`--x=1` vs `--x 1`, dashed values, duplicates, hints, positionals) and the value checks' messages. */
import { fc, test } from "@fast-check/vitest"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { listFlag, numberFlag, oneOfFlag, parseCommandLine, stringFlag, type CommandSpec } from "../../src/cli/Args.ts"
import { runCli } from "../../src/cli/Cli.ts"
import type { CommandLimits } from "../../src/cli/Limits.ts"

const spec: CommandSpec = {
  name: "demo",
  usage: "scalecast demo <file> [--seed N] [--json] [--slo T …]",
  positionals: ["file"],
  flags: { seed: { type: "string" }, duration: { type: "string" }, json: { type: "boolean" }, slo: { type: "string", multiple: true } }
}

type Parsed =
  | { readonly ok: { readonly positionals: ReadonlyArray<string>; readonly flags: Record<string, unknown> } }
  | { readonly error: string; readonly usage: string; readonly tag: string }

const parse = (argv: ReadonlyArray<string>): Parsed =>
  Effect.runSync(
    parseCommandLine(spec, argv).pipe(
      Effect.match({
        onFailure: (e) => ({ error: e.message, usage: e.usage, tag: e._tag }),
        onSuccess: (a) => ({ ok: { positionals: a.positionals, flags: { ...a.flags } } })
      })
    )
  )
const error = (argv: ReadonlyArray<string>): string => {
  const r = parse(argv)
  if (!("error" in r)) throw new Error(`expected ${JSON.stringify(argv)} to fail, got ${JSON.stringify(r.ok)}`)
  return r.error
}
const flags = (argv: ReadonlyArray<string>): Record<string, unknown> => {
  const r = parse(argv)
  if (!("ok" in r)) throw new Error(`expected ${JSON.stringify(argv)} to parse: ${r.error}`)
  return r.ok.flags
}

describe("parseCommandLine", () => {
  it("reads --x=1 and --x 1 alike", () => {
    expect(parse(["f", "--seed=1"])).toEqual({ ok: { positionals: ["f"], flags: { seed: "1" } } })
    expect(parse(["f", "--seed", "1"])).toEqual({ ok: { positionals: ["f"], flags: { seed: "1" } } })
    expect(flags(["--seed", "7", "f", "--json"])).toEqual({ seed: "7", json: true })
    // Everything after the first "=" is the value.
    expect(flags(["f", "--seed=1=2"])).toEqual({ seed: "1=2" })
  })

  it("takes a dashed value as the value, unless it is one of the command's flags", () => {
    expect(flags(["f", "--seed", "-1"])).toEqual({ seed: "-1" })
    expect(flags(["f", "--duration", "-0.5"])).toEqual({ duration: "-0.5" })
    expect(flags(["f", "--slo", "-b", "--slo=-a"])).toEqual({ slo: ["-b", "-a"] })
    expect(flags(["f", "--slo", "--nonflag"])).toEqual({ slo: ["--nonflag"] })
    expect(error(["f", "--seed", "--json"])).toBe("scalecast demo: --seed: expected a value")
    expect(error(["f", "--seed", "--seed"])).toBe("scalecast demo: --seed: expected a value")
    expect(error(["f", "--slo", "--"])).toBe("scalecast demo: --slo: expected a value")
    expect(error(["f", "--seed"])).toBe("scalecast demo: --seed: expected a value")
  })

  it("refuses a flag given twice unless it is repeatable", () => {
    expect(error(["f", "--seed", "1", "--seed", "2"])).toBe("scalecast demo: --seed given twice; give it once")
    expect(error(["f", "--seed=1", "--seed=1"])).toBe("scalecast demo: --seed given twice; give it once")
    expect(error(["f", "--json", "--json"])).toBe("scalecast demo: --json given twice; give it once")
    expect(flags(["f", "--slo", "a<=1", "--slo=b<=2", "--slo", "c<=3"])).toEqual({ slo: ["a<=1", "b<=2", "c<=3"] })
  })

  it("names an unknown option, with the nearest flag when one is close", () => {
    expect(error(["f", "--sed", "1"])).toBe("scalecast demo: unknown option --sed; did you mean --seed?")
    expect(error(["f", "--SEED", "1"])).toBe("scalecast demo: unknown option --SEED; did you mean --seed?")
    expect(error(["f", "--jsno"])).toBe("scalecast demo: unknown option --jsno; did you mean --json?")
    expect(error(["f", "--zzzzzzzz"])).toBe("scalecast demo: unknown option --zzzzzzzz")
    expect(error(["f", "-x"])).toBe("scalecast demo: unknown option -x")
    expect(error(["f", "--json=1"])).toBe("scalecast demo: --json takes no value")
  })

  it("checks the number of positionals; -- ends the flags", () => {
    expect(error([])).toBe("scalecast demo: expected <file>, got nothing")
    expect(error(["--json"])).toBe("scalecast demo: expected <file>, got nothing")
    expect(error(["a", "b"])).toBe('scalecast demo: unexpected argument "b"')
    expect(error(["a", "--", "--json"])).toBe('scalecast demo: unexpected argument "--json"')
    expect(parse(["--", "-file.json"])).toEqual({ ok: { positionals: ["-file.json"], flags: {} } })
    expect(parse(["-"])).toEqual({ ok: { positionals: ["-"], flags: {} } })
  })

  it("every refusal is a UsageError carrying the command's usage", () => {
    for (const argv of [[], ["a", "b"], ["f", "--bogus"], ["f", "--seed"], ["f", "--json=x"], ["f", "--seed=1", "--seed=2"]]) {
      const r = parse(argv)
      expect(r).toMatchObject({ tag: "UsageError", usage: spec.usage })
      expect("error" in r && r.error.startsWith("scalecast demo: ")).toBe(true)
    }
  })

  const known = new Set(Object.keys(spec.flags))
  test.prop([fc.string({ minLength: 1, maxLength: 20 }).filter((v) => !v.startsWith("--") && !v.includes("\n"))])(
    "a string flag's value comes back exactly, however it is written",
    (value) => {
      expect(flags(["f", `--seed=${value}`])).toEqual({ seed: value })
      expect(flags(["f", "--seed", value])).toEqual({ seed: value })
    }
  )

  test.prop([
    fc.array(
      fc.stringMatching(/^[a-z][a-z-]{0,11}$/).filter((n) => !known.has(n)),
      { minLength: 1, maxLength: 4 }
    )
  ])("any unknown long flag is named in one line", (names) => {
    const message = error(["f", ...names.map((n) => `--${n}`)])
    expect(message).toMatch(new RegExp(`^scalecast demo: unknown option --${names[0]}(; did you mean --(seed|duration|json|slo)\\?)?$`))
  })
})

describe("value checks", () => {
  const num = (value: string | boolean | ReadonlyArray<string> | undefined, rule: Parameters<typeof numberFlag>[3]) =>
    Effect.runSync(numberFlag(spec, "n", value, rule).pipe(Effect.match({ onFailure: (e) => e.message, onSuccess: (n) => n })))

  it("numberFlag accepts numbers in range and says what it expected otherwise", () => {
    const int = { integer: true, min: 1 }
    expect(num(undefined, int)).toBeUndefined()
    expect(num("3", int)).toBe(3)
    expect(num("1.5", int)).toBe('scalecast demo: --n: expected an integer >= 1, got "1.5"')
    expect(num("0", int)).toBe('scalecast demo: --n: expected an integer >= 1, got "0"')
    for (const bad of ["", " ", "abc", "NaN", "Infinity", "1e400"])
      expect(num(bad, int)).toBe(`scalecast demo: --n: expected an integer >= 1, got ${JSON.stringify(bad)}`)
    expect(num(true, int)).toBe("scalecast demo: --n: expected an integer >= 1, got true")
    expect(num("1001", { integer: true, min: 0, max: 1000, maxReason: "the cores" })).toBe(
      'scalecast demo: --n: expected an integer from 0 to 1,000 (the cores), got "1001"'
    )
    expect(num("1000", { integer: true, min: 0, max: 1000 })).toBe(1000)
    expect(num("-0.1", { integer: false, min: 0, max: 2.5 })).toBe('scalecast demo: --n: expected a number from 0 to 2.5, got "-0.1"')
    expect(num("0", { integer: false, min: Number.MIN_VALUE })).toBe('scalecast demo: --n: expected a number > 0, got "0"')
    expect(num("1e-9", { integer: false, min: Number.MIN_VALUE })).toBe(1e-9)
    expect(num("0.25", { integer: false, min: 0.5 })).toBe('scalecast demo: --n: expected a number >= 0.5, got "0.25"')
  })

  test.prop([fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })])("an integer round-trips through --seed N and --seed=N", (n) => {
    for (const argv of [
      ["f", "--seed", String(n)],
      ["f", `--seed=${n}`]
    ]) {
      const value = flags(argv).seed as string
      expect(Effect.runSync(numberFlag(spec, "seed", value, { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER }))).toBe(n)
    }
  })

  it("oneOfFlag, stringFlag and listFlag", () => {
    const one = (v: string | boolean | undefined) =>
      Effect.runSync(oneOfFlag(spec, "from", v, ["v2", "v1"]).pipe(Effect.match({ onFailure: (e) => e.message, onSuccess: (x) => x })))
    expect(one(undefined)).toBeUndefined()
    expect(one("v1")).toBe("v1")
    expect(one("V1")).toBe('scalecast demo: --from: expected one of v2, v1, got "V1"')
    expect(one(true)).toBe("scalecast demo: --from: expected one of v2, v1, got true")
    expect(stringFlag("x")).toBe("x")
    expect(stringFlag(true)).toBeUndefined()
    expect(stringFlag(["x"])).toBeUndefined()
    expect(listFlag("a")).toEqual(["a"])
    expect(listFlag(["a", "b"])).toEqual(["a", "b"])
    expect(listFlag(undefined)).toEqual([])
    expect(listFlag(true)).toEqual([])
  })
})

describe("through the command line", () => {
  const limits: CommandLimits = {
    maxEventsPerRun: 1e6,
    maxEventsPerCommand: 1e7,
    maxRuns: 10,
    maxConfigs: 5,
    maxReplications: 5,
    maxWorkers: 1,
    defaultWorkers: 0
  }
  const quiet = Object.assign(Object.create(console) as Console, { log: () => undefined, error: () => undefined })
  const commandFlags: Record<string, ReadonlyArray<string>> = {
    simulate: ["seed", "duration", "json", "html", "md"],
    sweep: ["replications", "workers", "seed", "duration", "json", "vary", "slo", "budget", "html"],
    compare: ["replications", "workers", "seed", "duration", "json"],
    check: ["replications", "workers", "seed", "duration", "json", "slo", "budget"],
    plan: ["replications", "workers", "seed", "duration", "json", "slo", "budget", "out", "screen"],
    validate: ["from", "endpoint", "base", "json"]
  }

  test.prop(
    [
      fc.constantFrom(...Object.keys(commandFlags)),
      fc.array(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/), fc.option(fc.constantFrom("1", "-1", "x", ""), { nil: undefined })), {
        minLength: 1,
        maxLength: 4
      })
    ],
    { numRuns: 60 }
  )("any argv of unknown flags exits 2 with one line and the usage, no stack trace", async (command, tokens) => {
    const unknown = tokens.filter(([n]) => !commandFlags[command]!.includes(n) && n !== "help" && n !== "h")
    fc.pre(unknown.length > 0)
    const argv = [command, ...unknown.map(([n, v]) => (v === undefined ? `--${n}` : `--${n}=${v}`))]
    const ending = await runCli(argv, { console: quiet, limits })
    expect(ending.exitCode).toBe(2)
    const lines = ending.stderr.split("\n")
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(new RegExp(`^scalecast ${command}: unknown option --${unknown[0]![0]}`))
    expect(lines[1]).toMatch(new RegExp(`^usage: scalecast ${command} `))
    expect(ending.stderr).not.toMatch(/^\s+at /m)
  })
})
