/**
 * explore: `scalecast explore <scenario> [--html FILE] [--open] [--seed N] [--duration SECONDS]`.
 * Writes one self-contained HTML page that re-simulates the scenario in the browser as its knobs
 * move (see report/explore/). Scenarios that replay a trace or recorded jobs are refused: the page
 * cannot read files. `--open` hands the page to the system's browser.
 */
import { Console, Effect } from "effect"
import { spawn } from "node:child_process"
import { basename, extname } from "node:path"
import { pathToFileURL } from "node:url"
import { exploreHtml } from "../report/explore/ExploreHtml.ts"
import { pageMaxEvents } from "../report/explore/ExploreRun.ts"
import { applyKnobs, knobValues, scalesTraffic } from "../report/explore/Knobs.ts"
import { PriceCatalogs } from "../models/Billing.ts"
import { parseCommandLine, type CommandSpec } from "./Args.ts"
import { checkOutputs, loadBase } from "./Experiment.ts"
import { Files } from "./Files.ts"
import { InvalidInput } from "./Outcome.ts"

export const exploreSpec: CommandSpec = {
  name: "explore",
  usage: "scalecast explore <scenario.json|yaml> [--html FILE] [--open] [--seed N] [--duration SECONDS]",
  positionals: ["scenario"],
  flags: {
    html: { type: "string" },
    open: { type: "boolean" },
    seed: { type: "string" },
    duration: { type: "string" }
  }
}

/** Opens a file in the system's browser; says so when it cannot (the page is written either way). */
const openInBrowser = (file: string) =>
  Effect.callback<string>((resume) => {
    const url = pathToFileURL(file).href
    const [command, args] =
      process.platform === "darwin" ? ["open", [url]] : process.platform === "win32" ? ["cmd", ["/c", "start", "", url]] : ["xdg-open", [url]]
    const child = spawn(command, args, { detached: true, stdio: "ignore" })
    child.once("error", () => resume(Effect.succeed(`could not open a browser (${command}); open ${url} yourself`)))
    child.once("spawn", () => {
      child.unref()
      resume(Effect.succeed(`opening ${url} with ${command}`))
    })
  })

export const explore = (argv: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const args = yield* parseCommandLine(exploreSpec, argv)
    const file = args.positionals[0]!
    const out = typeof args.flags.html === "string" ? args.flags.html : `${basename(file, extname(file))}.explore.html`
    yield* checkOutputs({ ...args, flags: { ...args.flags, html: out } }, ["html"])
    const base = yield* loadBase(exploreSpec, file, args)
    const arrivals = base.scenario.workload.arrivals.type
    if (arrivals === "trace" || arrivals === "recorded")
      return yield* new InvalidInput({
        message: `${file}: workload.arrivals: explore runs in the browser and cannot read the ${arrivals === "trace" ? "trace" : "records"} file; use synthetic arrivals (poisson, piecewise, diurnal, bursts, list) or scalecast simulate / sweep`
      })
    const initial = knobValues(base.scenario)
    const onPage = applyKnobs(
      { input: base.input, scenario: base.scenario, durationSeconds: base.scenario.durationSeconds },
      initial,
      yield* PriceCatalogs,
      pageMaxEvents
    )
    if ("problems" in onPage)
      return yield* new InvalidInput({ message: [`${file}: too big to explore in a browser:`, ...onPage.problems.map((p) => `  ${p}`)].join("\n") })
    const html = yield* Effect.promise(() =>
      exploreHtml({
        name: base.scenario.name,
        input: base.input,
        durationSeconds: base.scenario.durationSeconds,
        initial,
        scalesTraffic: scalesTraffic(base.scenario)
      })
    )
    yield* Files.use((f) => f.writeTexts([{ file: out, text: html }]))
    yield* Console.error(`wrote ${out}`)
    if (args.flags.open === true) yield* Console.error(yield* openInBrowser(out))
  })
