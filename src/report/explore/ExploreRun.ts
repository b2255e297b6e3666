/**
 * ExploreRun: one run of the explore page: the knob values' scenario (see Knobs.ts) simulated by
 * the same `runScenario` the CLI calls, with RunPod's models. Runs in the page's Web Worker and in
 * Node (tests); synchronous, so a run is cancelled by ending the worker it runs in.
 */
import { Effect } from "effect"
import { PriceCatalogs } from "../../models/Billing.ts"
import { toCreateEndpointRequest, type EndpointConfig } from "../../models/EndpointConfig.ts"
import { RunPodModels } from "../../models/Models.ts"
import { problemLines } from "../../models/ConfigProblem.ts"
import { decodeScenario } from "../../models/Scenario.ts"
import type { SimResult } from "../../sim/SimResult.ts"
import { runScenario } from "../../sim/simulate.ts"
import { applyKnobs, type ExploreBase, type KnobValues } from "./Knobs.ts"

/**
 * The most events one run on the page may take (5·10⁸, about half a minute in Chromium here): a
 * knob moved too far is refused with the reason instead of keeping the page busy for an hour.
 */
export const pageMaxEvents = 5e8

export type ExploreOutcome = { readonly result: SimResult; readonly request: EndpointConfig } | { readonly problems: ReadonlyArray<string> }

/** Decodes the scenario as written (the page ships the document, not the decoded scenario). */
export const exploreBase = (input: Record<string, unknown>, durationSeconds?: number): ExploreBase | { readonly problems: ReadonlyArray<string> } =>
  Effect.runSync(
    Effect.gen(function* () {
      const catalog = yield* PriceCatalogs
      const decoded = decodeScenario(input, catalog, { overrides: { durationSeconds } })
      if (decoded._tag === "Failure") return { problems: problemLines(decoded.failure.problems) }
      return { input, scenario: decoded.success.scenario, durationSeconds: decoded.success.scenario.durationSeconds }
    }).pipe(Effect.provide(RunPodModels))
  )

/** Simulates the knob values; `onProgress` gets the simulated seconds about every million events. */
export const exploreRun = (base: ExploreBase, values: KnobValues, onProgress?: (simulatedSeconds: number) => void): ExploreOutcome =>
  Effect.runSync(
    Effect.gen(function* () {
      const catalog = yield* PriceCatalogs
      const applied = applyKnobs(base, values, catalog, pageMaxEvents)
      if ("problems" in applied) return applied
      const result = yield* runScenario(applied.scenario, { onProgress })
      return { result, request: toCreateEndpointRequest(applied.scenario.endpoint) }
    }).pipe(Effect.provide(RunPodModels))
  )
