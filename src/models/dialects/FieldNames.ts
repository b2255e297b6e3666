/**
 * FieldNames: what each endpoint setting is called in each dialect, so an unknown field written in
 * another dialect's words gets a precise suggestion ("did you mean scaling.value? scalerValue is the
 * v1 REST / GraphQL name"), and anything else gets the nearest known name at the same level.
 */
import { childPath, type ConfigProblem } from "../ConfigProblem.ts"
import { nearestName } from "../NearestName.ts"

export type DialectId = "v2" | "v1" | "graphql" | "flash"

export const dialectLabels: Record<DialectId, string> = {
  v2: "v2 REST",
  v1: "v1 REST",
  graphql: "GraphQL",
  flash: "Flash SDK"
}

/** One setting's name per dialect (absent where the dialect has no such field). */
const settings: ReadonlyArray<Partial<Record<DialectId, string>>> = [
  { v2: "workers.min", v1: "workersMin", graphql: "workersMin", flash: "workers" },
  { v2: "workers.max", v1: "workersMax", graphql: "workersMax", flash: "workers" },
  { v2: "scaling.type", v1: "scalerType", graphql: "scalerType", flash: "scaler_type" },
  { v2: "scaling.value", v1: "scalerValue", graphql: "scalerValue", flash: "scaler_value" },
  { v2: "scaling.idleTimeout", v1: "idleTimeout", graphql: "idleTimeout", flash: "idle_timeout" },
  { v2: "gpu.pools", v1: "gpuTypeIds", graphql: "gpuIds", flash: "gpu" },
  { v2: "gpu.count", v1: "gpuCount", flash: "gpu_count" },
  { v2: "timeout", v1: "executionTimeoutMs", graphql: "executionTimeoutMs", flash: "execution_timeout_ms" },
  { v2: "dataCenterIds", v1: "dataCenterIds", graphql: "locations", flash: "datacenter" },
  { v2: "networkVolumes", v1: "networkVolumeIds", graphql: "networkVolumeId", flash: "volume" },
  { v2: "image", v1: "templateId", graphql: "templateId", flash: "image" }
]

/**
 * The suggestion for an unknown field `key` under `parent`, if one is likely: another dialect's name
 * for a setting of `dialect` (when given), else the nearest known name at the same level.
 */
export const suggestFor = (dialect: DialectId | null, parent: string, key: string, knownHere: ReadonlyArray<string>): string | undefined => {
  const path = childPath(parent, key)
  for (const setting of settings) {
    const ours = dialect === null ? undefined : setting[dialect]
    if (ours === undefined) continue
    for (const other of Object.keys(setting) as Array<DialectId>) {
      const theirs = setting[other]!
      if (other === dialect || theirs === ours) continue
      if (theirs === path || (theirs === key && parent === "")) {
        const owners = (Object.keys(setting) as Array<DialectId>).filter((d) => d !== dialect && setting[d] === theirs).map((d) => dialectLabels[d])
        return `did you mean ${ours}? ${key} is the ${owners.join(" / ")} name`
      }
    }
  }
  const best = nearestName(key, knownHere)
  return best === undefined ? undefined : `did you mean ${childPath(parent, best)}?`
}

/** The warning for an unknown field. */
export const unknownFieldWarning = (dialect: DialectId | null, parent: string, key: string, knownHere: ReadonlyArray<string>): ConfigProblem => {
  const suggestion = suggestFor(dialect, parent, key, knownHere)
  return {
    path: childPath(parent, key),
    message: `unknown field, ignored${suggestion === undefined ? "" : ` (${suggestion})`}`
  }
}
