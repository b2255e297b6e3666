/**
 * Scaler: the contract between the engine and a scaling policy. At each evaluation the engine hands
 * the scaler an observation of the endpoint and the scaler answers how many workers to add (> 0) or
 * how many idle flex workers to stop (< 0). The engine clamps the answer to
 * `[workers.min, workers.max]`. RunPod's two scalers live in QueueDelay.ts and RequestCount.ts; a
 * user's own scaler is a `ScalerFactory` provided through the `Scalers` reference.
 */
import { Context } from "effect"
import type { EndpointConfig } from "./EndpointConfig.ts"
import type { Platform } from "./Platform.ts"
import { queueDelayScaler } from "./QueueDelay.ts"
import { requestCountScaler } from "./RequestCount.ts"

/** What a scaler sees. The engine reuses one object; read it during `decide` only. */
export interface ScalerObservation {
  /** Simulated time, seconds. */
  readonly now: number
  /** Requests waiting in the queue. */
  readonly queued: number
  /** Jobs executing on workers. */
  readonly inProgress: number
  readonly running: number
  readonly idle: number
  readonly initializing: number
  readonly throttled: number
  /** All workers: initializing + idle + running + throttled. */
  readonly workers: number
  readonly min: number
  readonly max: number
  /** How many queued requests have waited at least `seconds`. */
  queuedWaitingAtLeast(seconds: number): number
}

export interface Scaler {
  /** Name shown in reports. */
  readonly name: string
  /** Workers to add (> 0), idle flex workers to stop (< 0), or 0. */
  decide(observation: ScalerObservation): number
}

/** Builds the scaler for an endpoint. */
export type ScalerFactory = (endpoint: EndpointConfig, platform: Platform) => Scaler

/** RunPod's scalers, chosen by `scaling.type`. */
export const runpodScalers: ScalerFactory = (endpoint, platform) =>
  endpoint.scaling.type === "QUEUE_DELAY"
    ? queueDelayScaler(endpoint.scaling.value)
    : requestCountScaler(endpoint.scaling.value, endpoint.workers.min, endpoint.workers.max, platform.requestCountScaleDown)

/** The scaler service. Defaults to RunPod's; `Layer.succeed(Scalers, myFactory)` plugs in your own. */
export const Scalers = Context.Reference<ScalerFactory>("scalecast/Scalers", { defaultValue: () => runpodScalers })
