/**
 * FlashSdk: the parameters of the Python Flash SDK's `Endpoint(...)`, written as JSON
 * (`{"name": "api", "gpu": ["GpuGroup.ADA_24"], "workers": [1, 5], "idle_timeout": 120}`), with the
 * Flash defaults: workers (0, 1), idle_timeout 60 s, flashboot on, no execution timeout,
 * gpu GpuGroup.ANY, scaler QUEUE_DELAY 4, datacenter EU-RO-1.
 *
 * `GpuGroup.X` is pool X; `GpuType.X` (or the GPU's own name) maps to its pool through the GPU
 * catalog. `GpuGroup.ANY` means RunPod places each worker on any pool with capacity, which no config
 * says in advance: scalecast reads it as every pool with published flex and active prices, cheapest
 * first (so with unlimited capacity every worker lands on the cheapest), and warns with the price
 * range that reading hides.
 *
 * `scaler_value` under QUEUE_DELAY: the Flash docs call it "target jobs per worker", RunPod's
 * endpoint API (v1 `scalerValue`, v2 `scaling.value`) seconds of queue delay; scalecast reads it as
 * the API does, seconds, and says so.
 */
import { Result, Schema } from "effect"
import { childPath, type ConfigProblem } from "../ConfigProblem.ts"
import { IntAtLeast, NonEmptyStr, Str, StrList, StrMap } from "../fields.ts"
import { findGpuType, findGpuTypeByFlashName, isPoolId, poolIds, serverlessGpuTypeIds, type PoolId } from "../GpuCatalog.ts"
import { defaultPriceCatalog, type PriceCatalog } from "../PriceCatalog.ts"
import type { EndpointConfig } from "../EndpointConfig.ts"
import { ConfigBuilder, decodeDialect, type ImportResult } from "./Normaliser.ts"

const Workers = Schema.Union([IntAtLeast(0), Schema.Tuple([IntAtLeast(0), IntAtLeast(0)])]).annotate({
  expected: "a max worker count N or a [min, max] pair"
})

/** `Endpoint(...)` keyword arguments as JSON. */
export const FlashEndpoint = Schema.Struct({
  name: Schema.optionalKey(NonEmptyStr),
  id: Schema.optionalKey(Str),
  gpu: Schema.optionalKey(Schema.Union([Str, StrList])),
  cpu: Schema.optionalKey(Str),
  workers: Schema.optionalKey(Workers),
  idle_timeout: Schema.optionalKey(IntAtLeast(0)),
  dependencies: Schema.optionalKey(StrList),
  system_dependencies: Schema.optionalKey(StrList),
  accelerate_downloads: Schema.optionalKey(Schema.Boolean),
  volume: Schema.optionalKey(Schema.Union([Str, Schema.Struct({ name: Str })])),
  datacenter: Schema.optionalKey(Str),
  env: Schema.optionalKey(StrMap),
  gpu_count: Schema.optionalKey(IntAtLeast(1)),
  execution_timeout_ms: Schema.optionalKey(IntAtLeast(0)),
  flashboot: Schema.optionalKey(Schema.Boolean),
  image: Schema.optionalKey(Str),
  scaler_type: Schema.optionalKey(Str),
  scaler_value: Schema.optionalKey(IntAtLeast(1)),
  template: Schema.optionalKey(
    Schema.Struct({
      containerDiskInGb: Schema.optionalKey(IntAtLeast(1)),
      env: Schema.optionalKey(Schema.Array(Schema.Struct({ key: Str, value: Str })))
    })
  )
})

const strip = (value: string, prefix: string): string => (value.startsWith(prefix) ? value.slice(prefix.length) : value)

/** `GpuGroup.ANY`: every pool with published flex and active prices in `catalog`, cheapest first. */
export const anyGpuPools = (catalog: PriceCatalog = defaultPriceCatalog): Array<PoolId> =>
  poolIds
    .filter((p) => catalog.pools[p].flexPerSecondUsd !== null && catalog.pools[p].activePerSecondUsd !== null)
    .sort((a, b) => catalog.pools[a].flexPerSecondUsd! - catalog.pools[b].flexPerSecondUsd!)

/** The warning that comes with `GpuGroup.ANY`: the reading, and the price range it hides. */
const anyWarning = (path: string, catalog: PriceCatalog): ConfigProblem => {
  const pools = anyGpuPools(catalog)
  const [cheap, dear] = [pools[0]!, pools[pools.length - 1]!]
  const price = (p: PoolId) => catalog.pools[p].flexPerSecondUsd!
  return {
    path,
    message: `GpuGroup.ANY: RunPod places workers on any pool with capacity; scalecast assumes the ${pools.length} pools with published prices, cheapest first, so with unlimited capacity every worker is priced as ${cheap} ($${price(cheap)}/s flex), the cheapest case; on ${dear} ($${price(dear)}/s) a worker costs ${Math.round(price(dear) / price(cheap))}× as much. Name the pools you expect, or limit platform.pools.<POOL>.capacityGpus`
  }
}

const GPU_SYNTAX = `GpuGroup.<POOL> (${poolIds.join(", ")}, ANY) or GpuType.<GPU> (e.g. GpuType.NVIDIA_GEFORCE_RTX_4090)`

/** Resolves one `gpu` entry to pools, or a problem. */
const poolsOf = (entry: string, path: string, catalog: PriceCatalog): { pools: Array<PoolId>; problem?: ConfigProblem } => {
  if (entry.startsWith("GpuGroup.") || isPoolId(entry) || entry.toLowerCase() === "any") {
    const group = strip(entry, "GpuGroup.")
    if (group.toUpperCase() === "ANY") return { pools: anyGpuPools(catalog) }
    if (isPoolId(group)) return { pools: [group] }
    return { pools: [], problem: { path, message: `expected ${GPU_SYNTAX}, got ${JSON.stringify(entry)}` } }
  }
  const gpu = entry.startsWith("GpuType.") ? findGpuTypeByFlashName(strip(entry, "GpuType.")) : (findGpuType(entry) ?? findGpuTypeByFlashName(entry))
  if (gpu === undefined) return { pools: [], problem: { path, message: `expected ${GPU_SYNTAX}, got ${JSON.stringify(entry)}` } }
  if (gpu.pool === null) {
    return {
      pools: [],
      problem: {
        path,
        message: `expected a GPU type RunPod Serverless offers (one of: ${serverlessGpuTypeIds().join(", ")}), got ${JSON.stringify(entry)}, which is offered for Pods only`
      }
    }
  }
  return { pools: [gpu.pool] }
}

/** Imports Flash SDK `Endpoint(...)` parameters. */
export const importFlash = (input: unknown, base?: EndpointConfig, catalog: PriceCatalog = defaultPriceCatalog): ImportResult => {
  const decoded = decodeDialect("flash", FlashEndpoint, input)
  if (Result.isFailure(decoded)) return Result.fail(decoded.failure)
  const { value: c, warnings } = decoded.success
  const b = new ConfigBuilder("flash", base, catalog)
  if (c.name !== undefined) b.given("name", c.name)
  else if (c.id !== undefined) b.converted("name", c.id, "id", "no name given; the endpoint id stands in")
  else b.problems.push({ path: "name", message: "expected a value (required unless id is given), got nothing" })
  if (c.cpu !== undefined) b.problems.push({ path: "cpu", message: `expected no cpu (CPU endpoints are not simulated), got ${JSON.stringify(c.cpu)}` })
  if (c.image !== undefined) b.given("image", c.image)

  if (c.gpu === undefined) {
    b.defaulted("gpu.pools", anyGpuPools(catalog), "Flash SDK: GpuGroup.ANY, every priced pool, cheapest first")
    b.warnings.push(anyWarning("gpu", catalog))
  } else {
    const entries = typeof c.gpu === "string" ? [c.gpu] : c.gpu
    const pools: Array<PoolId> = []
    entries.forEach((entry, i) => {
      const path = typeof c.gpu === "string" ? "gpu" : childPath("gpu", i)
      const r = poolsOf(entry, path, catalog)
      if (r.problem) b.problems.push(r.problem)
      if (/^(GpuGroup\.)?any$/i.test(entry)) b.warnings.push(anyWarning(path, catalog))
      for (const p of r.pools) if (!pools.includes(p)) pools.push(p)
    })
    if (entries.length === 0) b.problems.push({ path: "gpu", message: "expected at least one GpuGroup or GpuType, got []" })
    b.converted("gpu.pools", pools, "gpu", `${entries.join(", ")} → ${pools.join(", ")}`)
  }
  b.givenOr("gpu.count", c.gpu_count, 1, "gpu_count")

  if (c.workers === undefined) {
    b.defaulted("workers.min", 0)
    b.defaulted("workers.max", 1)
  } else if (typeof c.workers === "number") {
    b.converted("workers.min", 0, "workers", `workers=${c.workers} means (0, ${c.workers})`)
    b.converted("workers.max", c.workers, "workers", `workers=${c.workers} means (0, ${c.workers})`)
  } else {
    b.converted("workers.min", c.workers[0], "workers[0]", "(min, max) pair")
    b.converted("workers.max", c.workers[1], "workers[1]", "(min, max) pair")
  }

  if (c.scaler_type === undefined) b.defaulted("scaling.type", "QUEUE_DELAY", "Flash SDK: queue-based endpoints")
  else {
    const type = strip(c.scaler_type, "ServerlessScalerType.")
    if (type === "QUEUE_DELAY" || type === "REQUEST_COUNT") b.given("scaling.type", type, "scaler_type")
    else
      b.problems.push({
        path: "scaler_type",
        message: `expected "QUEUE_DELAY" | "REQUEST_COUNT" (optionally prefixed by ServerlessScalerType.), got ${JSON.stringify(c.scaler_type)}`
      })
  }
  b.givenOr("scaling.value", c.scaler_value, 4, "scaler_value")
  if (c.scaler_value !== undefined && (c.scaler_type === undefined || c.scaler_type.endsWith("QUEUE_DELAY"))) {
    b.warnings.push({
      path: "scaler_value",
      message: `read as seconds of queue delay (RunPod's endpoint API meaning of scalerValue under QUEUE_DELAY); the Flash docs call it "target jobs per worker"`
    })
  }
  b.givenOr("scaling.idleTimeout", c.idle_timeout, 60, "idle_timeout")
  b.givenOr("timeout", c.execution_timeout_ms, 0, "execution_timeout_ms")
  const fb = c.flashboot ?? true
  if (c.flashboot === undefined) b.defaulted("flashboot", "FLASHBOOT")
  else b.converted("flashboot", fb ? "FLASHBOOT" : "OFF", "flashboot", `${fb} → ${fb ? "FLASHBOOT" : "OFF"}`)

  if (c.datacenter === undefined) b.defaulted("dataCenterIds", ["EU-RO-1"], "Flash SDK: DataCenter.EU_RO_1")
  else {
    const dc = strip(c.datacenter, "DataCenter.").replace(/_/g, "-")
    b.converted("dataCenterIds", [dc], "datacenter", `${c.datacenter} → ${dc}`)
  }
  b.defaulted("networkVolumes", [])
  if (c.volume !== undefined) {
    const name = typeof c.volume === "string" ? c.volume : c.volume.name
    b.warnings.push({
      path: "volume",
      message: `the network volume ${JSON.stringify(name)} is named, but v2 networkVolumes takes volume ids: left out of the v2 config; add its id before POSTing (it does not change the simulation)`
    })
  }
  if (c.id !== undefined) {
    b.warnings.push({
      path: "id",
      message: `Endpoint(id=${JSON.stringify(c.id)}) connects to an endpoint whose settings live on RunPod; this config fills them from Flash defaults, which may not be its settings: validate the endpoint's v2 GET response instead`
    })
  }
  for (const field of ["dependencies", "system_dependencies"] as const) {
    if (c[field] !== undefined && c[field].length > 0) {
      b.warnings.push({
        path: field,
        message: `${c[field].length} package${c[field].length === 1 ? "" : "s"} installed when a worker starts: they lengthen every cold start, which scalecast takes from platform.coldStartSeconds; measure a start with them and set it`
      })
    }
  }
  if (c.env !== undefined) b.given("env", c.env)
  else if (c.template?.env !== undefined)
    b.converted("env", Object.fromEntries(c.template.env.map((e) => [e.key, e.value])), "template.env", "key/value list → object")
  if (c.template?.containerDiskInGb !== undefined)
    b.converted("disk", c.template.containerDiskInGb, "template.containerDiskInGb", "the template's container disk")
  return b.build(warnings)
}
