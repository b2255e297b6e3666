/**
 * V1Rest: RunPod's v1 REST dialect, both the input of `POST /v1/endpoints/{id}/update` and the
 * endpoint object it returns (with its nested `template`). GPU type names map to Serverless pools
 * through the GPU catalog. v1 documents defaults for `gpuCount` (1), `idleTimeout` (5),
 * `scalerType` (QUEUE_DELAY) and `scalerValue` (4); the others are v2's and say so.
 */
import { Result, Schema } from "effect"
import { pushAll, childPath, type ConfigProblem } from "../ConfigProblem.ts"
import { v2Defaults, type EndpointConfig } from "../EndpointConfig.ts"
import { IntAtLeast, IntBetween, NonEmptyStr, OneOf, Str, StrList, StrMap } from "../fields.ts"
import { findGpuType, serverlessGpuTypeIds } from "../GpuCatalog.ts"
import type { PriceCatalog } from "../PriceCatalog.ts"
import { ConfigBuilder, decodeDialect, type ImportResult } from "./Normaliser.ts"

const Template = Schema.Struct({
  category: Schema.optionalKey(Str),
  containerDiskInGb: Schema.optionalKey(IntAtLeast(1)),
  containerRegistryAuthId: Schema.optionalKey(Schema.NullOr(Str)),
  dockerEntrypoint: Schema.optionalKey(StrList),
  dockerStartCmd: Schema.optionalKey(StrList),
  earned: Schema.optionalKey(Schema.Number),
  env: Schema.optionalKey(StrMap),
  id: Schema.optionalKey(Str),
  imageName: Schema.optionalKey(Str),
  isPublic: Schema.optionalKey(Schema.Boolean),
  isRunpod: Schema.optionalKey(Schema.Boolean),
  isServerless: Schema.optionalKey(Schema.Boolean),
  name: Schema.optionalKey(Str),
  ports: Schema.optionalKey(StrList),
  readme: Schema.optionalKey(Str),
  runtimeInMin: Schema.optionalKey(Schema.Number),
  volumeInGb: Schema.optionalKey(Schema.Number),
  volumeMountPath: Schema.optionalKey(Str)
})

/** The v1 update input and the v1 endpoint response, as one flat shape. */
export const V1Endpoint = Schema.Struct({
  allowedCudaVersions: Schema.optionalKey(StrList),
  computeType: Schema.optionalKey(OneOf(["GPU", "CPU"])),
  cpuFlavorIds: Schema.optionalKey(StrList),
  createdAt: Schema.optionalKey(Str),
  dataCenterIds: Schema.optionalKey(Schema.Union([StrList, Str])),
  env: Schema.optionalKey(StrMap),
  executionTimeoutMs: Schema.optionalKey(IntAtLeast(0)),
  flashboot: Schema.optionalKey(Schema.Boolean.annotate({ expected: "true or false" })),
  gpuCount: Schema.optionalKey(IntAtLeast(1)),
  gpuTypeIds: Schema.optionalKey(StrList.check(Schema.isMinLength(1, { expected: "at least one GPU type id" }))),
  id: Schema.optionalKey(Str),
  idleTimeout: Schema.optionalKey(IntBetween(1, 3600)),
  instanceIds: Schema.optionalKey(StrList),
  name: Schema.optionalKey(NonEmptyStr.check(Schema.isMaxLength(191, { expected: "a non-empty string of at most 191 characters" }))),
  networkVolumeId: Schema.optionalKey(Schema.NullOr(Str)),
  networkVolumeIds: Schema.optionalKey(StrList),
  scalerType: Schema.optionalKey(OneOf(["QUEUE_DELAY", "REQUEST_COUNT"])),
  scalerValue: Schema.optionalKey(IntAtLeast(1)),
  template: Schema.optionalKey(Template),
  templateId: Schema.optionalKey(Str),
  userId: Schema.optionalKey(Str),
  vcpuCount: Schema.optionalKey(IntAtLeast(1)),
  version: Schema.optionalKey(Schema.Number),
  workers: Schema.optionalKey(Schema.Array(Schema.Unknown)),
  workersMax: Schema.optionalKey(IntAtLeast(0)),
  workersMin: Schema.optionalKey(IntAtLeast(0))
})

/** The CUDA versions v1 `allowedCudaVersions` accepts (its enum in the seed documents). */
export const cudaVersions = ["12.9", "12.8", "12.7", "12.6", "12.5", "12.4", "12.3", "12.2", "12.1", "12.0", "11.8"] as const

/** Maps GPU type ids to pools (first occurrence order), or explains which names are wrong. */
export const poolsForGpuTypes = (
  ids: ReadonlyArray<string>,
  at: string
): { readonly pools: Array<string>; readonly problems: Array<ConfigProblem>; readonly detail: string } => {
  const pools: Array<string> = []
  const problems: Array<ConfigProblem> = []
  const steps: Array<string> = []
  ids.forEach((id, i) => {
    const gpu = findGpuType(id)
    const path = childPath(at, i)
    if (gpu === undefined) {
      problems.push({ path, message: `expected a GPU type id the catalog knows (one of: ${serverlessGpuTypeIds().join(", ")}), got ${JSON.stringify(id)}` })
    } else if (gpu.pool === null) {
      problems.push({
        path,
        message: `expected a GPU type RunPod Serverless offers (one of: ${serverlessGpuTypeIds().join(", ")}), got ${JSON.stringify(id)}, which is offered for Pods only`
      })
    } else {
      steps.push(`${id} → ${gpu.pool}`)
      if (!pools.includes(gpu.pool)) pools.push(gpu.pool)
    }
  })
  return { pools, problems, detail: steps.join("; ") }
}

/** Imports a v1 REST update input or endpoint response. */
export const importV1 = (input: unknown, base?: EndpointConfig, catalog?: PriceCatalog): ImportResult => {
  const decoded = decodeDialect("v1", V1Endpoint, input)
  if (Result.isFailure(decoded)) return Result.fail(decoded.failure)
  const { value: c, warnings } = decoded.success
  const b = new ConfigBuilder("v1", base, catalog)
  b.required(c.name, "name", () => b.given("name", c.name))
  if (c.computeType === "CPU") b.problems.push({ path: "computeType", message: 'expected "GPU"; CPU endpoints are not simulated, got "CPU"' })
  b.required(c.gpuTypeIds, "gpuTypeIds", () => {
    const gpus = poolsForGpuTypes(c.gpuTypeIds!, "gpuTypeIds")
    pushAll(b.problems, gpus.problems)
    b.converted("gpu.pools", gpus.pools, "gpuTypeIds", gpus.detail)
  })
  b.givenOr("gpu.count", c.gpuCount, 1, "gpuCount")
  b.givenOr("workers.min", c.workersMin, v2Defaults["workers.min"], "workersMin")
  if (c.workersMax === undefined) b.defaulted("workers.max", v2Defaults["workers.max"], "v2; v1 documents none")
  else b.given("workers.max", c.workersMax, "workersMax")
  b.givenOr("scaling.type", c.scalerType, "QUEUE_DELAY", "scalerType")
  b.givenOr("scaling.value", c.scalerValue, 4, "scalerValue")
  b.givenOr("scaling.idleTimeout", c.idleTimeout, 5, "idleTimeout")
  if (c.executionTimeoutMs === undefined) b.defaulted("timeout", v2Defaults.timeout, "v2; v1 documents none")
  else b.given("timeout", c.executionTimeoutMs, "executionTimeoutMs")
  if (c.flashboot === undefined) b.defaulted("flashboot", v2Defaults.flashboot, "v2; v1 documents none")
  else b.converted("flashboot", c.flashboot ? "FLASHBOOT" : "OFF", "flashboot", `${c.flashboot} → ${c.flashboot ? "FLASHBOOT" : "OFF"}`)
  c.allowedCudaVersions?.forEach((v, i) => {
    if (!(cudaVersions as ReadonlyArray<string>).includes(v))
      b.warnings.push({
        path: `allowedCudaVersions[${i}]`,
        message: `${JSON.stringify(v.slice(0, 20))} is not a CUDA version RunPod offers (${cudaVersions.join(", ")}); RunPod would refuse it. scalecast does not model CUDA versions`
      })
  })
  if (c.dataCenterIds === undefined) b.defaulted("dataCenterIds", v2Defaults.dataCenterIds)
  else if (typeof c.dataCenterIds === "string") {
    b.converted(
      "dataCenterIds",
      c.dataCenterIds
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== ""),
      "dataCenterIds",
      "comma-separated string → list"
    )
  } else b.given("dataCenterIds", c.dataCenterIds)
  const volumes = [...(c.networkVolumeIds ?? []), ...(c.networkVolumeId ? [c.networkVolumeId] : [])].filter((v, i, all) => all.indexOf(v) === i)
  if (volumes.length === 0) b.defaulted("networkVolumes", v2Defaults.networkVolumes)
  else b.converted("networkVolumes", volumes, "networkVolumeIds", "networkVolumeIds and networkVolumeId, merged")
  if (c.template?.imageName !== undefined) b.converted("image", c.template.imageName, "template.imageName", "the template's image")
  else if (c.templateId !== undefined)
    b.warnings.push({
      path: "templateId",
      message: `the image lives in template ${c.templateId}, which scalecast cannot fetch; add "image" before POSTing the v2 config`
    })
  if (c.template?.containerDiskInGb !== undefined)
    b.converted("disk", c.template.containerDiskInGb, "template.containerDiskInGb", "the template's container disk")
  if (c.template?.ports !== undefined) b.converted("ports", c.template.ports, "template.ports", "the template's ports")
  if (c.env !== undefined) b.given("env", c.env)
  else if (c.template?.env !== undefined) b.converted("env", c.template.env, "template.env", "the template's environment")
  return b.build(warnings)
}
