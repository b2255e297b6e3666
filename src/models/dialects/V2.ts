/**
 * V2: RunPod's v2 REST dialect, the `CreateEndpointRequest` of `POST /v2/serverless` and the
 * `Endpoint` object the API returns, exactly as the OpenAPI text has them, with the v2 defaults
 * (runpod-model.md section 1).
 *
 * The docs' own example `Endpoint` omits `scaling.type` and `flashboot`, which the OpenAPI text marks
 * required in a response; they are accepted as absent (with a warning) and take the v2 defaults.
 */
import { Result, Schema } from "effect"
import { type ConfigProblem } from "../ConfigProblem.ts"
import { containerFields, FlashBoot, PoolIdField, ScalerType, v2Defaults, type EndpointConfig } from "../EndpointConfig.ts"
import { IntAtLeast, NonEmptyStr, Str, StrList } from "../fields.ts"
import type { PriceCatalog } from "../PriceCatalog.ts"
import { ConfigBuilder, decodeDialect, type ImportResult } from "./Normaliser.ts"

const EndpointGpuConfig = Schema.Struct({
  pools: Schema.Array(PoolIdField).check(Schema.isMinLength(1, { expected: "at least one pool id" })),
  count: Schema.optionalKey(IntAtLeast(1))
})

/** The request body of `POST /v2/serverless`. */
export const CreateEndpointRequest = Schema.Struct({
  ...containerFields,
  image: Str,
  name: NonEmptyStr,
  gpu: EndpointGpuConfig,
  workers: Schema.optionalKey(Schema.Struct({ min: Schema.optionalKey(IntAtLeast(0)), max: Schema.optionalKey(IntAtLeast(0)) })),
  scaling: Schema.optionalKey(
    Schema.Struct({
      type: Schema.optionalKey(ScalerType),
      value: Schema.optionalKey(IntAtLeast(1)),
      idleTimeout: Schema.optionalKey(IntAtLeast(0))
    })
  ),
  dataCenterIds: Schema.optionalKey(StrList),
  networkVolumes: Schema.optionalKey(StrList),
  timeout: Schema.optionalKey(IntAtLeast(0)),
  flashboot: Schema.optionalKey(FlashBoot)
})

const CpuConfig = Schema.Struct({ id: NonEmptyStr, vcpuCount: IntAtLeast(2), memory: IntAtLeast(1) })

/** The `Endpoint` object the v2 API returns (what a user may paste from a response). */
export const EndpointObject = Schema.Struct({
  ...containerFields,
  id: Str,
  name: NonEmptyStr,
  gpu: Schema.optionalKey(Schema.NullOr(EndpointGpuConfig)),
  cpu: Schema.optionalKey(Schema.NullOr(CpuConfig)),
  workers: Schema.Struct({ min: IntAtLeast(0), max: IntAtLeast(0) }),
  scaling: Schema.Struct({ type: Schema.optionalKey(ScalerType), value: IntAtLeast(1), idleTimeout: IntAtLeast(0) }),
  dataCenterIds: StrList,
  networkVolumes: StrList,
  timeout: IntAtLeast(0),
  flashboot: Schema.optionalKey(FlashBoot),
  createdAt: Str
})

type Container = Partial<Record<"image" | "args" | "disk" | "ports" | "env" | "registry", unknown>>

const copyContainer = (b: ConfigBuilder, input: Container): void => {
  for (const key of ["image", "args", "disk", "ports", "env", "registry"] as const) {
    if (input[key] !== undefined) b.given(key, input[key])
  }
}

/** True when the input looks like an API response rather than a create request. */
export const isEndpointObject = (input: Record<string, unknown>): boolean => "id" in input && "createdAt" in input

/** Imports a v2 create request or `Endpoint` response. */
export const importV2 = (input: unknown, base?: EndpointConfig, catalog?: PriceCatalog): ImportResult => {
  const asObject = input !== null && typeof input === "object" ? (input as Record<string, unknown>) : {}
  const response = isEndpointObject(asObject)
  const schema = response ? EndpointObject : CreateEndpointRequest
  const decoded = decodeDialect("v2", schema, input)
  if (Result.isFailure(decoded)) return Result.fail(decoded.failure)
  const warnings = decoded.success.warnings
  const c = decoded.success.value as typeof CreateEndpointRequest.Type & Partial<typeof EndpointObject.Type>
  const b = new ConfigBuilder("v2", base, catalog)
  b.given("name", c.name)
  copyContainer(b, c)
  if (c.gpu === undefined || c.gpu === null) {
    b.problems.push({
      path: "gpu",
      message: c.cpu ? "expected a GPU config; this is a CPU endpoint, which scalecast does not simulate" : "expected a GPU config, got null"
    })
    return b.build(warnings)
  }
  b.given("gpu.pools", c.gpu.pools)
  b.givenOr("gpu.count", c.gpu.count, v2Defaults["gpu.count"])
  b.givenOr("workers.min", c.workers?.min, v2Defaults["workers.min"])
  b.givenOr("workers.max", c.workers?.max, v2Defaults["workers.max"])
  b.givenOr("scaling.type", c.scaling?.type, v2Defaults["scaling.type"])
  b.givenOr("scaling.value", c.scaling?.value, v2Defaults["scaling.value"])
  b.givenOr("scaling.idleTimeout", c.scaling?.idleTimeout, v2Defaults["scaling.idleTimeout"])
  b.givenOr("timeout", c.timeout, v2Defaults.timeout)
  b.givenOr("flashboot", c.flashboot, v2Defaults.flashboot)
  b.givenOr("dataCenterIds", c.dataCenterIds, v2Defaults.dataCenterIds)
  b.givenOr("networkVolumes", c.networkVolumes, v2Defaults.networkVolumes)
  const responseWarnings: Array<ConfigProblem> = []
  if (response) {
    if (c.scaling?.type === undefined)
      responseWarnings.push({ path: "scaling.type", message: "missing from an Endpoint response (the API always returns it); assumed QUEUE_DELAY" })
    if (c.flashboot === undefined)
      responseWarnings.push({ path: "flashboot", message: "missing from an Endpoint response (the API always returns it); assumed OFF" })
    if (c.cpu !== undefined && c.cpu !== null)
      responseWarnings.push({ path: "cpu", message: "ignored: the endpoint has a GPU config, which scalecast simulates" })
  }
  return b.build([...warnings, ...responseWarnings])
}
