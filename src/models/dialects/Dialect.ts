/**
 * Dialect: which RunPod API or SDK an endpoint config on disk was written for, detected from the
 * fields present (or forced by the user), and the one entry point that imports any of them into the
 * normalised v2 config. GraphQL response envelopes (`data.saveEndpoint`, `data.myself.endpoints`)
 * are unwrapped here; an envelope with several endpoints needs the user to pick one.
 */
import { Result } from "effect"
import type { EndpointConfig } from "../EndpointConfig.ts"
import { defaultPriceCatalog, type PriceCatalog } from "../PriceCatalog.ts"
import { dialectLabels, type DialectId } from "./FieldNames.ts"
import { importFlash } from "./FlashSdk.ts"
import { importGraphQL } from "./GraphQL.ts"
import { EndpointConfigError, type ImportResult } from "./Normaliser.ts"
import { importV1 } from "./V1Rest.ts"
import { importV2 } from "./V2.ts"

export { dialectLabels, type DialectId }

export const dialectIds: ReadonlyArray<DialectId> = ["v2", "v1", "graphql", "flash"]

const importers: Record<DialectId, (input: unknown, base: EndpointConfig | undefined, catalog: PriceCatalog) => ImportResult> = {
  v2: importV2,
  v1: importV1,
  graphql: importGraphQL,
  flash: importFlash
}

/** Fields that only one dialect uses, with their weight as evidence. */
const markers: Record<DialectId, ReadonlyArray<readonly [string, number, (v: unknown) => boolean]>> = {
  v2: [
    ["gpu", 3, (v) => v !== null && typeof v === "object" && !Array.isArray(v)],
    ["scaling", 2, () => true],
    ["workers", 2, (v) => v !== null && typeof v === "object" && !Array.isArray(v)],
    ["networkVolumes", 1, () => true],
    ["timeout", 1, () => true],
    ["flashboot", 1, (v) => typeof v === "string"]
  ],
  v1: [
    ["gpuTypeIds", 3, () => true],
    ["gpuCount", 1, () => true],
    ["networkVolumeIds", 1, () => true],
    ["computeType", 1, () => true],
    ["template", 1, () => true],
    ["allowedCudaVersions", 1, () => true],
    ["flashboot", 1, (v) => typeof v === "boolean"]
  ],
  graphql: [
    ["gpuIds", 3, () => true],
    ["locations", 1, () => true],
    ["pods", 1, () => true]
  ],
  flash: [
    ["gpu", 3, (v) => typeof v === "string" || Array.isArray(v)],
    ["workers", 2, (v) => typeof v === "number" || Array.isArray(v)],
    ["idle_timeout", 2, () => true],
    ["scaler_type", 2, () => true],
    ["scaler_value", 2, () => true],
    ["gpu_count", 2, () => true],
    ["execution_timeout_ms", 2, () => true],
    ["accelerate_downloads", 1, () => true],
    ["dependencies", 1, () => true],
    ["datacenter", 1, () => true]
  ]
}

/** The dialect the fields point to, and which fields said so. v2 wins ties and empty evidence. */
export const detectDialect = (input: unknown): { readonly dialect: DialectId; readonly evidence: ReadonlyArray<string> } => {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return { dialect: "v2", evidence: [] }
  const record = input as Record<string, unknown>
  let best: { dialect: DialectId; score: number; evidence: Array<string> } = { dialect: "v2", score: 0, evidence: [] }
  for (const dialect of dialectIds) {
    const evidence = markers[dialect].filter(([key, , test]) => key in record && test(record[key])).map(([key]) => key)
    const score = markers[dialect].reduce((sum, [key, weight, test]) => (key in record && test(record[key]) ? sum + weight : sum), 0)
    if (score > best.score) best = { dialect, score, evidence }
  }
  return { dialect: best.dialect, evidence: best.evidence }
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v)

/** Whether `wanted` is the endpoint's id or name (a GraphQL name's "-fb" FlashBoot flag optional). */
const namesEndpoint = (e: Record<string, unknown>, wanted: string): boolean =>
  e.id === wanted || (typeof e.name === "string" && (e.name === wanted || e.name.replace(/\s*-fb$/, "") === wanted))

/** Unwraps a GraphQL response envelope; picks one endpoint from `myself.endpoints`. */
export const unwrapEnvelope = (
  input: unknown,
  endpoint: string | undefined
): Result.Result<{ readonly body: unknown; readonly envelope: string | undefined }, EndpointConfigError> => {
  if (!isRecord(input)) return Result.succeed({ body: input, envelope: undefined })
  const data = isRecord(input.data) ? input.data : input
  if (isRecord(data.myself) && Array.isArray(data.myself.endpoints)) {
    const all = data.myself.endpoints.filter(isRecord)
    const chosen = endpoint === undefined ? all : all.filter((e) => namesEndpoint(e, endpoint))
    const names = all.map((e) => JSON.stringify(e.name ?? e.id)).join(", ")
    const fail = (message: string) =>
      Result.fail(new EndpointConfigError({ dialect: "graphql", problems: [{ path: "data.myself.endpoints", message }], warnings: [] }))
    if (chosen.length === 1) {
      const index = all.indexOf(chosen[0]!)
      return Result.succeed({ body: chosen[0], envelope: `data.myself.endpoints[${index}]` })
    }
    if (all.length === 0) return fail("expected at least one endpoint, got none")
    if (endpoint === undefined) return fail(`expected one endpoint, got ${all.length} (${names}); choose one with --endpoint <name or id>`)
    return fail(`expected an endpoint named or with id ${JSON.stringify(endpoint)}, got only ${names}`)
  }
  const body = isRecord(data.saveEndpoint) ? data.saveEndpoint : input
  // One endpoint and a name asked for: it must be that endpoint (a GraphQL name may carry the -fb flag).
  if (endpoint !== undefined && isRecord(body)) {
    const names = [body.name, body.id].filter((x): x is string => typeof x === "string")
    if (!namesEndpoint(body, endpoint)) {
      const found = names.length === 0 ? "an endpoint with no name or id" : `one endpoint, ${names.map((n) => JSON.stringify(n)).join(" / ")}`
      return Result.fail(
        new EndpointConfigError({
          dialect: detectDialect(body).dialect,
          problems: [{ path: "name", message: `expected the endpoint ${JSON.stringify(endpoint)} (--endpoint), got ${found}` }],
          warnings: []
        })
      )
    }
  }
  return Result.succeed(isRecord(data.saveEndpoint) ? { body: data.saveEndpoint, envelope: "data.saveEndpoint" } : { body: input, envelope: undefined })
}

export interface ImportOptions {
  /** Force a dialect instead of detecting it. */
  readonly from?: DialectId | undefined
  /** The endpoint (name or id) to take from a GraphQL `myself.endpoints` list. */
  readonly endpoint?: string | undefined
  /** The endpoint's current config when the document is an update (a v1 PATCH, a GraphQL modify): fills what it does not set. */
  readonly base?: EndpointConfig | undefined
  /** Prices for GpuGroup.ANY and the remarks on unpriced pools: the `PriceCatalogs` service's (default: the built-in catalog). */
  readonly catalog?: PriceCatalog | undefined
}

/** What the importer read and how it decided. */
export interface Reading {
  readonly dialect: DialectId
  readonly detectedFrom: ReadonlyArray<string> | "forced"
  readonly envelope: string | undefined
  readonly result: ImportResult
}

/** Imports an endpoint config written in any dialect into the normalised v2 config. */
export const readEndpointConfig = (input: unknown, options: ImportOptions = {}): Reading => {
  const unwrapped = unwrapEnvelope(input, options.endpoint)
  if (Result.isFailure(unwrapped))
    return { dialect: unwrapped.failure.dialect as DialectId, detectedFrom: ["data"], envelope: "data", result: Result.fail(unwrapped.failure) }
  const { body, envelope } = unwrapped.success
  const catalog = options.catalog ?? defaultPriceCatalog
  if (options.from !== undefined)
    return { dialect: options.from, detectedFrom: "forced", envelope, result: importers[options.from](body, options.base, catalog) }
  const detected = envelope === undefined ? detectDialect(body) : { dialect: "graphql" as const, evidence: [envelope] }
  return { dialect: detected.dialect, detectedFrom: detected.evidence, envelope, result: importers[detected.dialect](body, options.base, catalog) }
}
