/**
 * Scalers: which scaler an endpoint runs. RunPod's two (QueueDelay.ts, RequestCount.ts) chosen by
 * `scaling.type`, as a service a caller may replace with their own factory.
 */
import { Context } from "effect"
import type { EndpointConfig } from "../EndpointConfig.ts"
import type { Platform } from "../Platform.ts"
import { queueDelayScaler } from "./QueueDelay.ts"
import { requestCountScaler } from "./RequestCount.ts"
import type { Scaler } from "./Scaler.ts"

/** Builds the scaler for an endpoint. */
export type ScalerFactory = (endpoint: EndpointConfig, platform: Platform) => Scaler

/** RunPod's scalers, chosen by `scaling.type`. */
export const runpodScalers: ScalerFactory = (endpoint, platform) =>
  endpoint.scaling.type === "QUEUE_DELAY"
    ? queueDelayScaler(endpoint.scaling.value)
    : requestCountScaler(endpoint.scaling.value, endpoint.workers.min, endpoint.workers.max, platform.requestCountScaleDown)

/** The scaler service (RunPod's: `runpodScalers`, in the RunPodModels layer); `Layer.succeed(Scalers, myFactory)` plugs in your own. */
export class Scalers extends Context.Service<Scalers, ScalerFactory>()("scalecast/Scalers") {}
