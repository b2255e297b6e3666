/**
 * Models: the model services every run needs (scaler, dispatch rule, cold-start model, pool
 * placement, price catalog) and RunPod's own as one layer. A run's type names what it needs
 * (`Effect<SimResult, never, Models>`), so a caller provides `RunPodModels`, or replaces one service
 * on top of it: `Effect.provide(Layer.succeed(Scalers, mine))` inside `Effect.provide(RunPodModels)`.
 */
import { Layer } from "effect"
import { PriceCatalogs } from "./Billing.ts"
import { ColdStarts, runpodColdStart } from "./ColdStart.ts"
import { Dispatchers, runpodDispatchers } from "./Dispatch.ts"
import { firstFit, Placements } from "./GpuPools.ts"
import { defaultPriceCatalog } from "./PriceCatalog.ts"
import { runpodScalers, Scalers } from "./scalers/Scalers.ts"

/** Every model service a run reads. */
export type Models = Scalers | Dispatchers | ColdStarts | Placements | PriceCatalogs

/** RunPod's models: its scalers and dispatch, the default cold starts, first-fit placement, the built-in prices. */
export const RunPodModels: Layer.Layer<Models> = Layer.mergeAll(
  Layer.succeed(Scalers, runpodScalers),
  Layer.succeed(Dispatchers, runpodDispatchers),
  Layer.succeed(ColdStarts, runpodColdStart),
  Layer.succeed(Placements, firstFit),
  Layer.succeed(PriceCatalogs, defaultPriceCatalog)
)

/** The services RunPodModels provides, to tell a caller's own from RunPod's. */
export const runpodModelValues = [
  [Scalers.key, runpodScalers],
  [Dispatchers.key, runpodDispatchers],
  [ColdStarts.key, runpodColdStart],
  [Placements.key, firstFit],
  [PriceCatalogs.key, defaultPriceCatalog]
] as const
