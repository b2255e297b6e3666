/**
 * EndpointConfig: the normalised endpoint config, in the shape of RunPod's v2
 * `POST /v2/serverless` request (`CreateEndpointRequest`) with every default filled in.
 * Every dialect importer produces one; the simulator reads only this.
 *
 * Invariants (checked by `EndpointConfig` itself): at least one known pool; `gpu.count >= 1`;
 * `0 <= workers.min <= workers.max`; `scaling.value >= 1`; `scaling.idleTimeout >= 0` seconds;
 * `timeout >= 0` milliseconds (0 = no limit).
 */
import { Schema } from "effect"
import { dataCenterIds } from "./DataCenters.ts"
import { poolIds } from "./GpuCatalog.ts"
import type { ConfigProblem } from "./ConfigProblem.ts"
import type { PriceCatalog } from "./PriceCatalog.ts"
import { IntAtLeast, NonEmptyStr, OneOf, Str, StrList, StrMap } from "./fields.ts"

/** RunPod's two scalers. */
export const ScalerType = OneOf(["QUEUE_DELAY", "REQUEST_COUNT"])
export type ScalerType = typeof ScalerType.Type

/** FlashBoot modes of the v2 API. */
export const FlashBoot = OneOf(["OFF", "FLASHBOOT", "PRIORITY_FLASHBOOT"])
export type FlashBoot = typeof FlashBoot.Type

/** A Serverless GPU pool id, e.g. `ADA_24`. */
export const PoolIdField = OneOf(poolIds)

/** The v2 defaults (runpod-model.md section 1), applied to a v2 config with a field absent. */
export const v2Defaults = {
  "gpu.count": 1,
  "workers.min": 0,
  "workers.max": 3,
  "scaling.type": "QUEUE_DELAY",
  "scaling.value": 4,
  "scaling.idleTimeout": 5,
  timeout: 300000,
  flashboot: "OFF",
  dataCenterIds: [] as ReadonlyArray<string>,
  networkVolumes: [] as ReadonlyArray<string>
} as const

/** The container fields of v2's `ContainerConfig`, kept so the normalised config can be POSTed. */
export const containerFields = {
  image: Schema.optionalKey(Str),
  args: Schema.optionalKey(Str),
  disk: Schema.optionalKey(IntAtLeast(1)),
  ports: Schema.optionalKey(StrList),
  env: Schema.optionalKey(StrMap),
  registry: Schema.optionalKey(Schema.NullOr(Str))
}

/** The rule no endpoint can break: it cannot keep more active workers than it may have. */
export const workersMinAtMostMax = Schema.makeFilter<{ readonly workers: { readonly min: number; readonly max: number } }>(
  (c) =>
    c.workers.min <= c.workers.max || {
      path: ["workers", "min"],
      issue: `expected at most workers.max (${c.workers.max}), got ${c.workers.min}`
    }
)

export const EndpointConfig = Schema.Struct({
  name: NonEmptyStr,
  ...containerFields,
  gpu: Schema.Struct({
    pools: Schema.Array(PoolIdField)
      .check(Schema.isMinLength(1, { expected: "at least one pool id" }))
      .check(
        Schema.makeFilter(
          (ps) =>
            (ps.length <= poolIds.length && new Set(ps).size === ps.length) || {
              path: [],
              issue: `expected distinct pool ids (at most ${poolIds.length}), got ${ps.length} with ${ps.length - new Set(ps).size} repeated`
            }
        )
      ),
    count: IntAtLeast(1)
  }),
  workers: Schema.Struct({ min: IntAtLeast(0), max: IntAtLeast(0) }),
  scaling: Schema.Struct({ type: ScalerType, value: IntAtLeast(1), idleTimeout: IntAtLeast(0) }),
  timeout: IntAtLeast(0),
  flashboot: FlashBoot,
  dataCenterIds: StrList,
  networkVolumes: StrList
}).check(workersMinAtMostMax)

export type EndpointConfig = typeof EndpointConfig.Type

/** Where a field of the normalised config came from. */
export type FieldOrigin =
  | { readonly source: "given"; readonly from: string }
  | { readonly source: "default"; readonly dialect: string }
  | { readonly source: "converted"; readonly from: string; readonly detail: string }
  | { readonly source: "base" }

/** Field origins keyed by the normalised config's dotted path (`scaling.idleTimeout`). */
export type Provenance = Readonly<Record<string, FieldOrigin>>

/** The v2 paths that every normalised config has, in the order reports list them. */
export const endpointConfigPaths = [
  "name",
  "image",
  "gpu.pools",
  "gpu.count",
  "workers.min",
  "workers.max",
  "scaling.type",
  "scaling.value",
  "scaling.idleTimeout",
  "timeout",
  "flashboot",
  "dataCenterIds",
  "networkVolumes",
  "args",
  "disk",
  "ports",
  "env",
  "registry"
] as const

/** RunPod's default account worker quota over all endpoints (5 to 60 depending on balance). */
export const accountWorkerQuota = 5

/** Remarks on a valid config that a user should see before relying on it; prices from `catalog`. */
export const adviseEndpointConfig = (config: EndpointConfig, catalog: PriceCatalog): Array<ConfigProblem> => {
  const out: Array<ConfigProblem> = []
  if (config.workers.max > accountWorkerQuota) {
    out.push({
      path: "workers.max",
      code: "accountQuota",
      message: `${config.workers.max} exceeds RunPod's default account quota of ${accountWorkerQuota} workers (5 to 60 over all endpoints, depending on balance)`
    })
  }
  if (config.workers.max === 0)
    out.push({ path: "workers.max", code: "noWorkers", message: "0: no worker can ever start, so every request waits until it expires" })
  config.dataCenterIds.forEach((id, i) => {
    if (!(dataCenterIds as ReadonlyArray<string>).includes(id)) {
      out.push({
        path: `dataCenterIds[${i}]`,
        code: "unknownDataCenter",
        message: `${JSON.stringify(id.slice(0, 40))} is not a data center RunPod lists (${dataCenterIds.length} ids, e.g. EU-RO-1, US-TX-3); RunPod would refuse it. scalecast does not model data centers, so the simulation is unaffected`
      })
    }
  })
  config.gpu.pools.forEach((pool, i) => {
    if (catalog.pools[pool].flexPerSecondUsd === null) {
      out.push({
        path: `gpu.pools[${i}]`,
        code: "unpricedPool",
        message: `${pool} has no published price (catalog of ${catalog.asOf}); a simulation needs platform.pools.${pool}.flexPerSecondUsd`
      })
    }
  })
  return out
}

/**
 * The config as the body of `POST /v2/serverless`: the same fields, keys in the OpenAPI order (so
 * printed JSON reads like RunPod's documents), absent extras omitted.
 */
export const toCreateEndpointRequest = (config: EndpointConfig): EndpointConfig => {
  const out: Record<string, unknown> = {}
  for (const path of endpointConfigPaths) {
    const [head, tail] = path.split(".") as [keyof EndpointConfig, string | undefined]
    const value = config[head]
    if (value === undefined) continue
    if (tail === undefined) out[head] = value
    else out[head] = { ...(out[head] as object | undefined), [tail]: (value as Record<string, unknown>)[tail] }
  }
  // Every field of `config` was copied, only the key order differs.
  return out as EndpointConfig
}

/**
 * What a normalised config still lacks to be POSTed as v2's `CreateEndpointRequest` (the simulator
 * does not need them): `image`, when the dialect only named a template.
 */
export const missingToCreate = (config: EndpointConfig): ReadonlyArray<string> => (config.image === undefined || config.image === "" ? ["image"] : [])

/** The value at a dotted path of the config. */
export const valueAt = (config: EndpointConfig, path: string): unknown =>
  path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], config)
