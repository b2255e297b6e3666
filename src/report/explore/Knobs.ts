/**
 * Knobs: the settings the explore page lets a user move, each named by its path (the `name` of its
 * form control and its key in the page's URL hash), with its RunPod meaning for the hover text.
 * `knobValues` reads them off a decoded scenario; `applyKnobs` builds the scenario a set of values
 * describes the same way a sweep builds its configs (endpoint paths on the normalised v2 config,
 * the traffic multiplier on the workload, the seed as an override), so the page and the CLI
 * simulate the same scenario. Pure; runs in Node and in the browser.
 */
import { Result } from "effect"
import type { PriceCatalog } from "../../models/PriceCatalog.ts"
import { problemLines } from "../../models/ConfigProblem.ts"
import { poolIds } from "../../models/GpuCatalog.ts"
import { decodeScenario, type Scenario } from "../../models/Scenario.ts"
import { setPath } from "../../models/Variation.ts"

export type KnobPath =
  | "scaling.type"
  | "scaling.value"
  | "scaling.idleTimeout"
  | "workers.min"
  | "workers.max"
  | "flashboot"
  | "gpu.pools"
  | "timeout"
  | "workload.arrivals.rateMultiplier"
  | "seed"

export type KnobValue = string | number

/** Every knob's value; `gpu.pools` as RunPod's priority order joined by commas. */
export type KnobValues = Readonly<Record<KnobPath, KnobValue>>

export interface Knob {
  readonly path: KnobPath
  readonly label: string
  /** What the setting means on RunPod, shown on hover. */
  readonly meaning: string
  readonly control: "select" | "number" | "pools"
  readonly options?: ReadonlyArray<string>
  /** Slider bounds and step of a number knob (the number box accepts any valid value). */
  readonly min?: number
  readonly max?: number
  readonly step?: number
  readonly unit?: string
}

export const knobs: ReadonlyArray<Knob> = [
  {
    path: "scaling.type",
    label: "Scaler",
    meaning:
      "QUEUE_DELAY adds a worker for each request that has waited longer than the value in seconds; REQUEST_COUNT keeps ceil((queued + in progress) / value) workers.",
    control: "select",
    options: ["QUEUE_DELAY", "REQUEST_COUNT"]
  },
  {
    path: "scaling.value",
    label: "Scaler value",
    meaning: "QUEUE_DELAY: seconds a request may wait before a worker is added for it. REQUEST_COUNT: requests per worker. At least 1.",
    control: "number",
    min: 1,
    max: 60,
    step: 1
  },
  {
    path: "scaling.idleTimeout",
    label: "Idle timeout",
    meaning: "Seconds a worker with no job stays up (billed) before RunPod stops it. RunPod's v2 default is 5.",
    control: "number",
    min: 0,
    max: 600,
    step: 1,
    unit: "s"
  },
  {
    path: "workers.min",
    label: "Active workers (workers.min)",
    meaning: "Workers kept running at all times, billed at the active (discounted) rate whether busy or not.",
    control: "number",
    min: 0,
    max: 20,
    step: 1
  },
  {
    path: "workers.max",
    label: "Max workers (workers.max)",
    meaning: "The most workers the endpoint may run at once; requests beyond them queue.",
    control: "number",
    min: 0,
    max: 30,
    step: 1
  },
  {
    path: "flashboot",
    label: "FlashBoot",
    meaning:
      "OFF: every start is a cold start. FLASHBOOT: a stopped worker's state is kept for a while and a start can resume it in about a second. PRIORITY_FLASHBOOT: as FLASHBOOT, with priority on GPU capacity.",
    control: "select",
    options: ["OFF", "FLASHBOOT", "PRIORITY_FLASHBOOT"]
  },
  {
    path: "gpu.pools",
    label: "GPU pools (priority order)",
    meaning: "The GPU pools a worker may start on, first choice first; a worker goes to the first pool with a free GPU.",
    control: "pools",
    options: poolIds
  },
  {
    path: "timeout",
    label: "Execution timeout",
    meaning: "Milliseconds a job may run before RunPod fails it; 0 = no limit. RunPod's v2 default is 300000 (5 minutes).",
    control: "number",
    min: 0,
    max: 600000,
    step: 1000,
    unit: "ms"
  },
  {
    path: "workload.arrivals.rateMultiplier",
    label: "Traffic ×",
    meaning: "Multiplies the scenario's arrival rate: 2 = twice the traffic, 0.5 = half.",
    control: "number",
    min: 0,
    max: 5,
    step: 0.1
  },
  {
    path: "seed",
    label: "Seed",
    meaning: "The random seed: the same scenario and seed give the same run, request by request.",
    control: "number",
    min: 0,
    max: 1000,
    step: 1
  }
]

/** The knob values of a decoded scenario (`rateMultiplier` 1 when the arrivals do not state one). */
export const knobValues = (scenario: Scenario): KnobValues => {
  const e = scenario.endpoint
  const arrivals = scenario.workload.arrivals as { readonly rateMultiplier?: number }
  return {
    "scaling.type": e.scaling.type,
    "scaling.value": e.scaling.value,
    "scaling.idleTimeout": e.scaling.idleTimeout,
    "workers.min": e.workers.min,
    "workers.max": e.workers.max,
    flashboot: e.flashboot,
    "gpu.pools": e.gpu.pools.join(","),
    timeout: e.timeout,
    "workload.arrivals.rateMultiplier": arrivals.rateMultiplier ?? 1,
    seed: scenario.seed
  }
}

/** Whether the scenario's traffic can be scaled (synthetic rates; not listed times or a trace). */
export const scalesTraffic = (scenario: Scenario): boolean => ["poisson", "piecewise", "diurnal", "bursts"].includes(scenario.workload.arrivals.type)

/** What explore starts from: the scenario as written and as decoded. */
export interface ExploreBase {
  readonly input: Record<string, unknown>
  readonly scenario: Scenario
  readonly durationSeconds: number
}

/**
 * The scenario the knob values describe, or its problems (one line each). Endpoint knobs change the
 * normalised v2 config, as a sweep does; the traffic multiplier is set on the scenario's arrivals.
 */
export const applyKnobs = (
  base: ExploreBase,
  values: KnobValues,
  catalog: PriceCatalog,
  maxEvents?: number
): { readonly scenario: Scenario } | { readonly problems: ReadonlyArray<string> } => {
  // A box left empty or holding no number ("1e400", "abc") names itself, rather than a NaN downstream.
  const unreadable = knobs
    .filter((k) => k.control === "number" && typeof values[k.path] === "number" && !Number.isFinite(values[k.path]))
    .filter((k) => k.path !== "workload.arrivals.rateMultiplier" || scalesTraffic(base.scenario))
    .map((k) => `${k.path}: expected a number, got ${values[k.path] === Number.POSITIVE_INFINITY ? "a number too large" : "no number"}`)
  const seed = typeof values.seed === "number" ? values.seed : values.seed.trim() === "" ? Number.NaN : Number(values.seed)
  if (Number.isFinite(seed) && (!Number.isSafeInteger(seed) || seed < 0))
    unreadable.push(`seed: expected a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got ${String(values.seed)}`)
  else if (typeof values.seed === "string" && !Number.isFinite(seed)) unreadable.push(`seed: expected a number, got ${JSON.stringify(values.seed)}`)
  if (unreadable.length > 0) return { problems: unreadable }
  const endpoint = JSON.parse(JSON.stringify(base.scenario.endpoint)) as Record<string, unknown>
  const input = JSON.parse(JSON.stringify(base.input)) as Record<string, unknown>
  for (const k of knobs) {
    const value = values[k.path]
    if (k.path === "seed") continue
    if (k.path === "workload.arrivals.rateMultiplier") {
      const stated = (base.scenario.workload.arrivals as { readonly rateMultiplier?: number }).rateMultiplier !== undefined
      if (scalesTraffic(base.scenario) && (stated || value !== 1)) setPath(input, k.path.split("."), value)
    } else if (k.path === "gpu.pools") {
      setPath(
        endpoint,
        ["gpu", "pools"],
        String(value)
          .split(",")
          .map((p) => p.trim())
          .filter((p) => p !== "")
      )
    } else setPath(endpoint, k.path.split("."), value)
  }
  const decoded = decodeScenario(input, catalog, {
    endpoint: { config: endpoint, dialect: base.scenario.endpointDialect, provenance: base.scenario.endpointProvenance },
    overrides: { seed, durationSeconds: base.durationSeconds },
    maxEvents
  })
  return Result.isSuccess(decoded) ? { scenario: decoded.success.scenario } : { problems: problemLines(decoded.failure.problems) }
}

/** The text with lone surrogates (which `encodeURIComponent` refuses) replaced by U+FFFD. */
const wellFormed = (text: string): string => text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD")

/** The knob values as a URL hash: `#scaling.value=4&workers.max=5` (only those that differ from `initial`). */
export const toHash = (values: KnobValues, initial: KnobValues): string => {
  const changed = knobs.filter((k) => String(values[k.path]) !== String(initial[k.path]))
  return changed.map((k) => `${k.path}=${encodeURIComponent(wellFormed(String(values[k.path])))}`).join("&")
}

/** Reads knob values from a URL hash over `initial`; unknown keys are ignored, numbers stay numbers. */
export const fromHash = (hash: string, initial: KnobValues): KnobValues => {
  const out: Record<string, KnobValue> = { ...initial }
  for (const part of hash.replace(/^#/, "").split("&")) {
    const eq = part.indexOf("=")
    if (eq <= 0) continue
    const path = part.slice(0, eq)
    const knob = knobs.find((k) => k.path === path)
    if (knob === undefined) continue
    let text: string
    try {
      text = decodeURIComponent(part.slice(eq + 1))
    } catch {
      continue
    }
    out[path] = knob.control === "number" ? (text.trim() === "" ? Number.NaN : Number(text)) : text
  }
  return out as KnobValues
}
