/**
 * ConfigReport: what `scalecast validate` shows: the dialect it read and why, the normalised v2
 * config with the origin of every field, the warnings, or the problems that make it invalid.
 * Pure: data in, text out.
 */
import { problemLines, type ConfigProblem } from "../models/ConfigProblem.ts"
import { endpointConfigPaths, missingToCreate, valueAt, type FieldOrigin } from "../models/EndpointConfig.ts"
import { dialectLabels, type Reading } from "../models/dialects/Dialect.ts"

const describeOrigin = (origin: FieldOrigin | undefined): string => {
  if (origin === undefined) return ""
  switch (origin.source) {
    case "given":
      return `given${origin.from.includes(".") || /^[a-z]+$/.test(origin.from) ? "" : ` as ${origin.from}`}`
    case "default":
      return `default (${origin.dialect})`
    case "converted":
      return `converted from ${origin.from}: ${origin.detail}`
    case "base":
      return "kept from --base (the update does not set it)"
  }
}

const list = (title: string, items: ReadonlyArray<ConfigProblem>): Array<string> => (items.length === 0 ? [] : ["", `${title}:`, ...problemLines(items, "  ")])

/** The header line: which dialect was read, and from which fields it was detected. */
export const readingHeader = (source: string, reading: Reading): string => {
  const how =
    reading.detectedFrom === "forced"
      ? "as told by --from"
      : reading.detectedFrom.length === 0
        ? "the default dialect; no dialect-specific field found"
        : `detected from ${reading.detectedFrom.join(", ")}`
  return `${source}: read as ${dialectLabels[reading.dialect]} (${how})`
}

/** The full text report of a reading. */
export const configReport = (source: string, reading: Reading): string => {
  const lines = [readingHeader(source, reading)]
  const r = reading.result
  if (r._tag === "Failure") {
    lines.push(
      ...list(`Invalid: ${r.failure.problems.length.toLocaleString("en-US")} problem${r.failure.problems.length === 1 ? "" : "s"}`, r.failure.problems)
    )
    lines.push(...list("Warnings", r.failure.warnings))
    return lines.join("\n")
  }
  const { config, provenance, warnings } = r.success
  const rows = endpointConfigPaths
    .filter((path) => valueAt(config, path) !== undefined)
    .map((path) => [path, JSON.stringify(valueAt(config, path)), describeOrigin(provenance[path])] as const)
  const w0 = Math.max(...rows.map((r) => r[0].length))
  const w1 = Math.min(40, Math.max(...rows.map((r) => r[1].length)))
  lines.push("", "Normalised v2 config (POST /v2/serverless):")
  for (const [path, value, origin] of rows) lines.push(`  ${path.padEnd(w0)}  ${value.padEnd(w1)}  ${origin}`)
  lines.push(...list("Warnings", warnings))
  const missing = missingToCreate(config)
  lines.push(
    "",
    missing.length === 0
      ? "Valid. `scalecast validate --json` prints this config alone, ready to POST."
      : `Valid for simulation. Not ready to POST: ${missing.join(", ")} missing (v2 requires it); \`scalecast validate --json\` prints the config without it.`
  )
  return lines.join("\n")
}
