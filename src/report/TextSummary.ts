/**
 * TextSummary: the terminal summary of one simulation, aligned to fit 80 columns (long lines wrap
 * under their label, nothing is cut). Pure: the report object in, text out. With `color`, section
 * labels are bold and the answer's figures (p95 end-to-end, cost per hour) stand out; the caller
 * decides (a TTY, and NO_COLOR unset).
 */
import type { LatencySummary, SimResult } from "../sim/SimResult.ts"
import { endpointDescription, startWaits, targetP95 } from "./Facts.ts"
import { fixed, formatCount, formatSecondsCell, formatShare, formatUsd, humanDuration } from "./Format.ts"

const bold = (s: string) => `\x1b[1m${s}\x1b[22m`
const cyan = (s: string) => `\x1b[36m${s}\x1b[39m`

/** Whether to colour output written to `stream`: a TTY and no NO_COLOR (https://no-color.org). */
export const useColor = (stream: { readonly isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>): boolean =>
  stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === "")

const latencyRow = (label: string, l: LatencySummary): string =>
  `  ${label.padEnd(15)}${[l.mean, l.p50, l.p90, l.p95, l.p99, l.max].map((x) => formatSecondsCell(x).padStart(9)).join("")}`

/** Under the latency table: what it covers when some requests did not complete. */
const unfinishedLines = (r: SimResult): Array<string> => {
  const q = r.requests
  if (q.completed === q.arrived) return []
  if (q.completed === 0) return [`  (no request completed: no latency figures)`]
  const share = formatShare(q.unfinishedShare)
  return r.figures["endToEnd.p95"] === Number.POSITIVE_INFINITY
    ? [`  (completed requests only; ${share} did not complete, so the end-to-end p95 targets read, counting them as infinitely late, is not reached)`]
    : [`  (completed requests only; ${share} did not complete; counting them as infinitely late, as targets do, end-to-end p95 is ${targetP95(r)})`]
}

export const textSummary = (r: SimResult, options: { readonly color?: boolean } = {}): string => {
  const q = r.requests
  const w = r.workers
  const c = r.cost
  const window = r.scenario.durationSeconds - r.scenario.warmupSeconds
  const lines = [
    `${r.scenario.name}: ${humanDuration(r.scenario.durationSeconds)} simulated${r.scenario.warmupSeconds > 0 ? ` (first ${humanDuration(r.scenario.warmupSeconds)} warm-up)` : ""}, seed ${r.scenario.seed}`,
    `Endpoint  ${endpointDescription(r).gpus}`,
    `          ${endpointDescription(r).scaling}`,
    `Traffic   ${r.workload.arrivals}`,
    `Execution ${r.workload.executionSeconds}`,
    "",
    `Requests  ${formatCount(q.arrived)} arrived: ${formatCount(q.completed)} completed, ${formatCount(q.failed)} failed, ${formatCount(q.expired)} expired, ${formatCount(q.rejected)} rejected${q.inSystemAtEnd > 0 ? `, ${formatCount(q.inSystemAtEnd)} still in the system at the end` : ""}`,
    "",
    `${"Latency (s)".padEnd(17)}${["mean", "p50", "p90", "p95", "p99", "max"].map((h) => h.padStart(9)).join("")}`.trimEnd(),
    latencyRow("delayTime", r.latency.delayTime),
    latencyRow("executionTime", r.latency.executionTime),
    latencyRow("end-to-end", r.latency.endToEnd),
    ...unfinishedLines(r),
    "",
    `Starts    ${formatCount(r.coldStarts.count)} cold, ${formatCount(r.coldStarts.flashboot)} FlashBoot${r.coldStarts.unhealthy > 0 ? `, ${formatCount(r.coldStarts.unhealthy)} unhealthy` : ""}; ${startWaits(r)}`,
    `Workers   peak ${formatCount(w.peak)}, mean ${fixed(w.mean, 2)} (running ${fixed(w.meanRunning, 2)}, ready ${fixed(w.meanReady, 2)}, starting ${fixed(w.meanInitializing, 2)})`,
    `          throttled ${fixed(w.meanThrottled, 2)}${w.meanRetained > 0 ? `, idle with FlashBoot state kept ${fixed(w.meanRetained, 2)}` : ""} on average; mean queue ${fixed(r.queue.meanLength, 2)}`,
    `Cost      ${formatUsd(c.totalUsd)} over ${humanDuration(window)}: ${formatUsd(c.perHourUsd)}/h, ${c.perThousandRequestsUsd === null ? "no completed requests" : `${formatUsd(c.perThousandRequestsUsd)} per 1,000 requests`}`,
    `          flex ${formatUsd(c.flexUsd)}, active ${formatUsd(c.activeUsd)}${c.containerDiskUsd > 0 ? `, disk ${formatUsd(c.containerDiskUsd)}` : ""}; ${formatShare(c.billedReadyShare)} of billed time spent ready`
  ]
  const fitted = lines.flatMap(wrap)
  if (options.color !== true) return fitted.join("\n")
  const p95 = formatSecondsCell(r.latency.endToEnd.p95).padStart(9)
  return fitted
    .map((line, i) => {
      const painted = i === 0 ? bold(line) : line.replace(/^([A-Z][a-z]+(?: \(s\))?)/, (label) => bold(label))
      if (line.startsWith("  end-to-end"))
        return painted.replace(new RegExp(`^(.{${17 + 27}})(.{9})`), (_, head: string, value: string) => `${head}${value === p95 ? cyan(value) : value}`)
      if (line.startsWith("Cost")) return painted.replace(`${formatUsd(c.perHourUsd)}/h`, cyan(`${formatUsd(c.perHourUsd)}/h`))
      return painted
    })
    .join("\n")
}

const width = 80

/**
 * Keeps a line within 80 columns by wrapping it at spaces; continuation lines are indented to the
 * line's label column (10 for "Requests  …", 2 for table notes). A single word longer than the
 * width (a long scenario name) is broken.
 */
export const wrap = (line: string): Array<string> => {
  if (line.length <= width) return [line]
  const indent = " ".repeat(/^[A-Z][a-z]+ +/.test(line) ? 10 : Math.min(10, /^ */.exec(line)![0].length + 2))
  const out: Array<string> = []
  let rest = line
  let prefix = ""
  while ((prefix + rest).length > width) {
    const room = width - prefix.length
    // Break at a space, never between a number and its unit ("1.1 %", "3 s").
    let cut = rest.lastIndexOf(" ", room)
    while (cut > 0 && /^ (%|s\b|h\b|min\b)/.test(rest.slice(cut))) cut = rest.lastIndexOf(" ", cut - 1)
    if (cut <= 0) cut = room
    out.push(`${prefix}${rest.slice(0, cut)}`.trimEnd())
    rest = rest.slice(cut).trimStart()
    prefix = indent
  }
  if (rest !== "") out.push(`${prefix}${rest}`)
  return out
}
