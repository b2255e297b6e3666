/**
 * GraphQL: RunPod's legacy GraphQL dialect, the input of the `saveEndpoint` mutation and the entries
 * of `myself.endpoints`. `gpuIds` is one comma-separated string of pool ids with optional
 * `-GPU NAME` exclusions; a name ending in `-fb` turns FlashBoot on; `locations` is a list of country
 * codes, converted to the data centers RunPod lists in those countries. GraphQL documents no
 * defaults of its own ("default values will be used"), so absent fields take v2's and say so.
 */
import { Result, Schema } from "effect"
import { pushAll, type ConfigProblem } from "../ConfigProblem.ts"
import { countryOf, dataCenterIds } from "../DataCenters.ts"
import { v2Defaults, type EndpointConfig } from "../EndpointConfig.ts"
import { IntAtLeast, NonEmptyStr, OneOf, Str } from "../fields.ts"
import { findGpuType, gpuTypes, isPoolId, poolIds, type PoolId } from "../GpuCatalog.ts"
import type { PriceCatalog } from "../PriceCatalog.ts"
import { ConfigBuilder, decodeDialect, type ImportResult } from "./Normaliser.ts"

/** A `saveEndpoint` input or a `myself.endpoints` entry. */
export const GraphQLEndpoint = Schema.Struct({
  id: Schema.optionalKey(Str),
  gpuIds: Schema.optionalKey(NonEmptyStr),
  name: Schema.optionalKey(NonEmptyStr),
  templateId: Schema.optionalKey(Str),
  idleTimeout: Schema.optionalKey(IntAtLeast(0)),
  locations: Schema.optionalKey(Schema.NullOr(Str)),
  networkVolumeId: Schema.optionalKey(Schema.NullOr(Str)),
  scalerType: Schema.optionalKey(OneOf(["QUEUE_DELAY", "REQUEST_COUNT"])),
  scalerValue: Schema.optionalKey(IntAtLeast(1)),
  workersMax: Schema.optionalKey(IntAtLeast(0)),
  workersMin: Schema.optionalKey(IntAtLeast(0)),
  gpuCount: Schema.optionalKey(IntAtLeast(1)),
  executionTimeoutMs: Schema.optionalKey(IntAtLeast(0)),
  pods: Schema.optionalKey(Schema.Array(Schema.Unknown))
})

const GPU_IDS_SYNTAX = `pool ids separated by commas (${poolIds.join(", ")}), each optionally followed by "-GPU NAME" exclusions`

/** Parses `gpuIds`: pools in priority order, less pools whose every GPU type is excluded. */
export const parseGpuIds = (gpuIds: string): { pools: Array<PoolId>; problems: Array<ConfigProblem>; warnings: Array<ConfigProblem>; detail: string } => {
  const pools: Array<PoolId> = []
  const excluded: Array<string> = []
  const problems: Array<ConfigProblem> = []
  const warnings: Array<ConfigProblem> = []
  for (const raw of gpuIds.split(",")) {
    const entry = raw.trim()
    if (entry === "") continue
    if (entry.startsWith("-")) {
      const name = entry.slice(1).trim()
      if (findGpuType(name) === undefined) problems.push({ path: "gpuIds", message: `expected a known GPU type after "-", got ${JSON.stringify(name)}` })
      else excluded.push(name)
    } else if (isPoolId(entry)) {
      if (!pools.includes(entry)) pools.push(entry)
    } else {
      problems.push({ path: "gpuIds", message: `expected ${GPU_IDS_SYNTAX}, got ${JSON.stringify(entry)} in ${JSON.stringify(gpuIds)}` })
    }
  }
  const kept = pools.filter((pool) => {
    const members = gpuTypes.filter((g) => g.pool === pool)
    const allExcluded = members.every((g) => excluded.includes(g.id))
    if (allExcluded) warnings.push({ path: "gpuIds", message: `pool ${pool} dropped: every GPU type in it is excluded` })
    return !allExcluded
  })
  if (pools.length === 0 && problems.length === 0) problems.push({ path: "gpuIds", message: `expected ${GPU_IDS_SYNTAX}, got ${JSON.stringify(gpuIds)}` })
  else if (kept.length === 0 && problems.length === 0)
    problems.push({ path: "gpuIds", message: `expected at least one pool left after exclusions, got none in ${JSON.stringify(gpuIds)}` })
  const detail = `"${gpuIds}" → ${kept.join(", ")}${excluded.length > 0 ? ` (excluding ${excluded.join(", ")})` : ""}`
  return { pools: kept, problems, warnings, detail }
}

/** Converts `locations` (country codes) to data center ids. */
const dataCentersIn = (locations: string): { ids: Array<string>; warnings: Array<ConfigProblem> } => {
  const warnings: Array<ConfigProblem> = []
  const ids: Array<string> = []
  for (const code of locations
    .split(",")
    .map((s) => s.trim().toUpperCase())
    .filter((s) => s !== "")) {
    const inCountry = dataCenterIds.filter((dc) => countryOf(dc) === code)
    if (inCountry.length === 0) warnings.push({ path: "locations", message: `no RunPod data center is listed in ${code}; ignored` })
    pushAll(ids, inCountry)
  }
  return { ids, warnings }
}

const defaultNote = "v2; GraphQL documents none"

/** Imports a GraphQL `saveEndpoint` input or `myself.endpoints` entry. */
export const importGraphQL = (input: unknown, base?: EndpointConfig, catalog?: PriceCatalog): ImportResult => {
  const decoded = decodeDialect("graphql", GraphQLEndpoint, input)
  if (Result.isFailure(decoded)) return Result.fail(decoded.failure)
  const { value: c, warnings } = decoded.success
  const b = new ConfigBuilder("graphql", base, catalog)
  // A name ending in "-fb" is the FlashBoot flag of the GraphQL API, not part of the endpoint's name.
  const name = c.name
  b.required(name, "name", () => {
    const bare = name!.trim().replace(/\s*-fb$/, "")
    if (bare !== name && bare !== "") b.converted("name", bare, "name", `"${name}" without its -fb suffix (the FlashBoot flag)`)
    else b.given("name", name)
  })
  const gpuIds = c.gpuIds
  b.required(gpuIds, "gpuIds", () => {
    const gpus = parseGpuIds(gpuIds!)
    pushAll(b.problems, gpus.problems)
    pushAll(b.warnings, gpus.warnings)
    b.converted("gpu.pools", gpus.pools, "gpuIds", gpus.detail)
  })
  const or = <A>(path: string, value: A | undefined, from: string, fallback: unknown) =>
    value === undefined ? b.defaulted(path, fallback, defaultNote) : b.given(path, value, from)
  or("gpu.count", c.gpuCount, "gpuCount", v2Defaults["gpu.count"])
  or("workers.min", c.workersMin, "workersMin", v2Defaults["workers.min"])
  or("workers.max", c.workersMax, "workersMax", v2Defaults["workers.max"])
  or("scaling.type", c.scalerType, "scalerType", v2Defaults["scaling.type"])
  or("scaling.value", c.scalerValue, "scalerValue", v2Defaults["scaling.value"])
  or("scaling.idleTimeout", c.idleTimeout, "idleTimeout", v2Defaults["scaling.idleTimeout"])
  or("timeout", c.executionTimeoutMs, "executionTimeoutMs", v2Defaults.timeout)
  if (name !== undefined) {
    const fb = /-fb$/.test(name.trim())
    b.converted("flashboot", fb ? "FLASHBOOT" : "OFF", "name", fb ? 'name ends in "-fb" → FLASHBOOT' : 'name does not end in "-fb" → OFF')
  } else b.defaulted("flashboot", v2Defaults.flashboot, defaultNote)
  if (c.locations === undefined || c.locations === null || c.locations.trim() === "") b.defaulted("dataCenterIds", v2Defaults.dataCenterIds, "any region")
  else {
    const dcs = dataCentersIn(c.locations)
    pushAll(b.warnings, dcs.warnings)
    b.converted("dataCenterIds", dcs.ids, "locations", `countries "${c.locations}" → their data centers`)
  }
  if (c.networkVolumeId) b.converted("networkVolumes", [c.networkVolumeId], "networkVolumeId", "one volume → list")
  else b.defaulted("networkVolumes", v2Defaults.networkVolumes, defaultNote)
  if (c.templateId !== undefined)
    b.warnings.push({
      path: "templateId",
      message: `the image lives in template ${c.templateId}, which scalecast cannot fetch; add "image" before POSTing the v2 config`
    })
  return b.build(warnings)
}
