/**
 * Variation: one knob of a sweep, `--vary <path>=<values>`. A path names an endpoint field in v2
 * words (`scaling.value`, `workers.max`, `flashboot`; `endpoint.` may prefix it) or any platform
 * setting (`platform.dispatch`, `platform.pools.ADA_24.capacityGpus`). Values are a list
 * (`5,30,120`, `OFF,FLASHBOOT`) or an integer range (`1..10`, `0..600:60`); `gpu.pools` takes
 * pool lists joined by `+` (`ADA_24+AMPERE_24,AMPERE_80`).
 */
import { endpointConfigPaths } from "./EndpointConfig.ts"

export type VariedValue = string | number | boolean | ReadonlyArray<string>

export interface Variation {
  /** `endpoint.<v2 path>` or `platform.<path>`. */
  readonly path: string
  readonly values: ReadonlyArray<VariedValue>
}

const variableEndpointPaths = endpointConfigPaths.filter((p) => !["name", "image", "args", "ports", "env", "registry", "disk"].includes(p))

const parseValue = (path: string, token: string): VariedValue => {
  if (path === "endpoint.gpu.pools") return token.split("+").map((s) => s.trim())
  if (token === "true" || token === "false") return token === "true"
  const n = Number(token)
  return token.trim() !== "" && Number.isFinite(n) ? n : token
}

/** Parses `path=values`; the error says what is wrong. */
export const parseVariation = (spec: string): { readonly variation: Variation } | { readonly error: string } => {
  const eq = spec.indexOf("=")
  if (eq <= 0)
    return { error: `cannot read --vary ${JSON.stringify(spec)}: expected <path>=<values>, e.g. scaling.value=1..10 or scaling.idleTimeout=5,30,120` }
  const raw = spec.slice(0, eq).trim()
  if (raw.split(".").some((key) => key === "__proto__" || key === "prototype" || key === "constructor")) return { error: `--vary ${raw}: not a setting` }
  const path = raw.startsWith("platform.") || raw.startsWith("endpoint.") ? raw : `endpoint.${raw}`
  if (path.startsWith("endpoint.") && !(variableEndpointPaths as ReadonlyArray<string>).includes(path.slice("endpoint.".length))) {
    return { error: `--vary ${raw}: expected an endpoint field (${variableEndpointPaths.join(", ")}) or platform.<setting>` }
  }
  const text = spec.slice(eq + 1).trim()
  const range = /^(-?\d+)\.\.(-?\d+)(?::(\d+))?$/.exec(text)
  if (range) {
    const [from, to, step] = [Number(range[1]), Number(range[2]), Number(range[3] ?? 1)]
    if (to < from || step <= 0) return { error: `--vary ${raw}: expected a range low..high[:step] with low <= high and step > 0, got ${text}` }
    const count = Math.floor((to - from) / step) + 1
    if (count > 1000) return { error: `--vary ${raw}: ${count} values is too many for one knob (at most 1000)` }
    return { variation: { path, values: Array.from({ length: count }, (_, i) => from + i * step) } }
  }
  if (text.includes("..") && path !== "endpoint.gpu.pools")
    return { error: `--vary ${raw}: expected a range of integers low..high[:step] (step a positive integer), got ${text}` }
  const tokens = text.split(",").map((t) => t.trim())
  if (text === "" || tokens.some((t) => t === ""))
    return { error: `--vary ${raw}: expected a list like 5,30,120 or a range like 1..10, got ${JSON.stringify(text)}` }
  return { variation: { path, values: tokens.map((t) => parseValue(path, t)) } }
}

/** Every combination of the variations' values, first variation outermost. */
export const combinations = (variations: ReadonlyArray<Variation>): Array<ReadonlyArray<readonly [string, VariedValue]>> =>
  variations.reduce<Array<ReadonlyArray<readonly [string, VariedValue]>>>(
    (acc, v) => acc.flatMap((combo) => v.values.map((value) => [...combo, [v.path, value] as const])),
    [[]]
  )

/** Sets `path` (dotted) in a JSON object, creating objects on the way. */
export const setPath = (target: Record<string, unknown>, path: ReadonlyArray<string>, value: unknown): void => {
  let node = target
  for (const key of path.slice(0, -1)) {
    const next = node[key]
    node = (node[key] = next !== null && typeof next === "object" && !Array.isArray(next) ? { ...(next as object) } : {}) as Record<string, unknown>
  }
  node[path[path.length - 1]!] = value
}

/** A combination as a short label: `scaling.value=4 workers.max=5`. */
export const labelOf = (combo: ReadonlyArray<readonly [string, VariedValue]>): string =>
  combo.length === 0 ? "as given" : combo.map(([p, v]) => `${p.replace(/^endpoint\./, "")}=${Array.isArray(v) ? v.join("+") : String(v)}`).join(" ")
