/**
 * Billing: what a worker session costs (runpod-model.md section 7). RunPod bills per second from
 * the worker's start (after any image pull) until it stops, rounded up to the whole second, per
 * worker session; throttled time is free. Flex workers pay the flex rate, active workers the active
 * rate, both per GPU, times `gpu.count`. Container disk (off by default) costs $0.000011574 per GB
 * per started 5-minute block.
 */
import { Context } from "effect"
import type { PoolId } from "./GpuCatalog.ts"
import type { Platform } from "./Platform.ts"
import type { PriceCatalog } from "./PriceCatalog.ts"

export const containerDiskUsdPerGbPerBlock = 0.000011574
export const containerDiskBlockSeconds = 300

/** Billed seconds of a session, after rounding. */
export const billedSeconds = (seconds: number, roundUp: boolean): number => (seconds <= 0 ? 0 : roundUp ? Math.ceil(seconds - 1e-9) : seconds)

/** Container disk cost of one session. */
export const containerDiskUsd = (seconds: number, diskGb: number): number =>
  diskGb <= 0 || seconds <= 0 ? 0 : Math.ceil(seconds / containerDiskBlockSeconds - 1e-9) * diskGb * containerDiskUsdPerGbPerBlock

/** The rates a run uses for one pool, per GPU-second. */
export interface PoolRates {
  readonly flexPerSecondUsd: number | null
  readonly activePerSecondUsd: number | null
}

/** A pool's rates: the scenario's override, else the catalog's. */
export const ratesFor = (catalog: PriceCatalog, platform: Platform, pool: PoolId): PoolRates => ({
  flexPerSecondUsd: platform.pools[pool].flexPerSecondUsd ?? catalog.pools[pool].flexPerSecondUsd,
  activePerSecondUsd: platform.pools[pool].activePerSecondUsd ?? catalog.pools[pool].activePerSecondUsd
})

/** The price catalog service (a dated table; the built-in one is in the RunPodModels layer); provide another to price a negotiated discount. */
export class PriceCatalogs extends Context.Service<PriceCatalogs, PriceCatalog>()("scalecast/PriceCatalog") {}
