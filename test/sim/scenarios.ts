/** Builders for small test scenarios (JSON-shaped, as a user would write them). */
import { Effect } from "effect"
import { simulate } from "../../src/sim/simulate.ts"
import type { SimResult } from "../../src/sim/SimResult.ts"
import { RunPodModels } from "../../src/models/Models.ts"

export const endpoint = (over: Record<string, unknown> = {}) => ({
  name: "test",
  image: "img",
  gpu: { pools: ["AMPERE_80"] },
  ...over
})

export const at = (...atSeconds: Array<number>) => ({ type: "list", atSeconds })

export const run = (scenario: Record<string, unknown>): Promise<SimResult> =>
  Effect.runPromise(simulate({ name: "t", durationSeconds: 100, ...scenario }).pipe(Effect.provide(RunPodModels)))
