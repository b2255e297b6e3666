/**
 * PriceCatalog: RunPod Serverless prices per GPU pool, in USD per second per GPU, as one dated table.
 *
 * Flex rates were unchanged from 2025-05-14 to 2026-06-08; active rates come from the 2025-08-25
 * table (since 2026-05 RunPod negotiates active discounts). `null` means RunPod publishes no price:
 * a scenario using that pool must give its own (`platform.pools.<POOL>.flexPerSecondUsd`).
 * Sources: docs.runpod.io/serverless/pricing and the serverless-gpu-pricing-table snippet.
 */
import type { PoolId } from "./GpuCatalog.ts"

export interface PoolPrice {
  readonly flexPerSecondUsd: number | null
  readonly activePerSecondUsd: number | null
}

export interface PriceCatalog {
  /** Date of the newest price in the table (ISO date). */
  readonly asOf: string
  readonly pools: Readonly<Record<PoolId, PoolPrice>>
}

const p = (flexPerSecondUsd: number | null, activePerSecondUsd: number | null): PoolPrice => ({
  flexPerSecondUsd,
  activePerSecondUsd
})

/** The prices scalecast uses unless a scenario overrides them. */
export const defaultPriceCatalog: PriceCatalog = {
  asOf: "2026-06-08",
  pools: {
    AMPERE_16: p(0.00016, 0.00011),
    AMPERE_24: p(0.00019, 0.00013),
    ADA_24: p(0.00031, 0.00021),
    ADA_32_PRO: p(null, null),
    AMPERE_48: p(0.00034, 0.00024),
    ADA_48_PRO: p(0.00053, 0.00037),
    AMPERE_80: p(0.00076, 0.0006),
    ADA_80_PRO: p(0.00116, 0.00093),
    BLACKWELL_96: p(0.00111, null),
    HOPPER_141: p(0.00155, 0.00124),
    BLACKWELL_180: p(0.0024, 0.0019)
  }
}
