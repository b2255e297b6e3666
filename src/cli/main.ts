/**
 * main: the `scalecast` command. Picks the command from argv, runs it as an Effect with the
 * services it needs, and turns its outcome into an exit code (0 ok, 1 check failed, 2 bad input or
 * usage, 70 internal error). Nothing a user types produces a stack trace.
 */
import { Console, Effect, Exit } from "effect"
import { UsageError } from "./Args.ts"
import { Files } from "./Files.ts"
import { endingOf } from "./Outcome.ts"
import { check, checkSpec } from "./check.ts"
import { compare, compareSpec } from "./compare.ts"
import { plan, planSpec } from "./plan.ts"
import { simulate, simulateSpec } from "./simulate.ts"
import { sweep, sweepSpec } from "./sweep.ts"
import { validate, validateSpec } from "./validate.ts"

const commands = {
  simulate: { run: simulate, spec: simulateSpec, summary: "simulate a scenario: latency, cold starts, workers and cost" },
  sweep: { run: sweep, spec: sweepSpec, summary: "simulate every combination of knobs with confidence intervals; recommend the cheapest that meets the targets" },
  compare: { run: compare, spec: compareSpec, summary: "two configs on identical traffic, side by side, with the difference and its confidence interval" },
  check: { run: check, spec: checkSpec, summary: "exit 0 if the config meets every target and budget, 1 if not (for deploy pipelines)" },
  plan: { run: plan, spec: planSpec, summary: "search the knobs for the cheapest config meeting the targets; print it as v2 JSON" },
  validate: { run: validate, spec: validateSpec, summary: "read an endpoint config (any dialect), show the normalised v2 config" }
} as const

const help = (): string =>
  [
    "scalecast: autoscaling simulator and capacity planner for RunPod Serverless endpoints",
    "",
    "Commands:",
    ...Object.values(commands).map((c) => `  ${c.spec.usage}\n      ${c.summary}`),
    "",
    "Exit codes: 0 ok, 1 a check or plan found no config meeting the targets, 2 invalid input or usage, 130 interrupted."
  ].join("\n")

const program = (argv: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const [name, ...rest] = argv
    if (name === undefined || name === "--help" || name === "-h" || name === "help") return yield* Console.log(help())
    if (!Object.hasOwn(commands, name)) {
      return yield* new UsageError({ message: `scalecast: unknown command ${JSON.stringify(name)}; commands: ${Object.keys(commands).join(", ")}`, usage: "scalecast <command> …  (scalecast --help)" })
    }
    const command = commands[name as keyof typeof commands]
    if (rest.includes("--help") || rest.includes("-h")) return yield* Console.log(`usage: ${command.spec.usage}`)
    yield* command.run(rest)
  })

const exit = await Effect.runPromiseExit(program(process.argv.slice(2)).pipe(Effect.provide(Files.layer)))
const ending = endingOf(exit)
if (ending.stderr !== "") process.stderr.write(`${ending.stderr}\n`)
if (!Exit.isSuccess(exit)) process.exitCode = ending.exitCode
