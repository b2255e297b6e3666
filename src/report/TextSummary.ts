/**
 * TextSummary: the terminal summary of one simulation, aligned to fit 80 columns. Pure: the report
 * object in, text out.
 */
import type { LatencySummary, SimResult } from "../sim/SimResult.ts"

const int = (n: number): string => Math.round(n).toLocaleString("en-US")
const num = (n: number, digits = 2): string => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
const secs = (s: number): string => (s >= 100 ? num(s, 0) : s >= 10 ? num(s, 1) : num(s, 2))
const usd = (x: number): string => `$${x >= 100 ? num(x, 0) : x >= 1 ? num(x, 2) : num(x, 4)}`
const pct = (share: number): string => `${num(share * 100, 1)} %`

/** A duration in the largest unit that keeps it readable: "45 s", "12 min", "1 h", "30 days". */
export const humanDuration = (seconds: number): string => {
  if (seconds < 120) return `${num(seconds, seconds % 1 === 0 ? 0 : 1)} s`
  if (seconds < 3600) return `${num(seconds / 60, seconds % 60 === 0 ? 0 : 1)} min`
  if (seconds < 172800) return `${num(seconds / 3600, seconds % 3600 === 0 ? 0 : 1)} h`
  return `${num(seconds / 86400, seconds % 86400 === 0 ? 0 : 1)} days`
}

const latencyRow = (label: string, l: LatencySummary): string =>
  `  ${label.padEnd(15)}${[l.mean, l.p50, l.p90, l.p95, l.p99, l.max].map((x) => secs(x).padStart(9)).join("")}`

/** Two lines describing the endpoint config the way a RunPod user thinks of it. */
export const endpointLines = (r: SimResult): [string, string] => {
  const e = r.endpoint as {
    name: string
    gpu: { pools: ReadonlyArray<string>; count: number }
    workers: { min: number; max: number }
    scaling: { type: string; value: number; idleTimeout: number }
    flashboot: string
  }
  const scaler = e.scaling.type === "QUEUE_DELAY" ? `QUEUE_DELAY ${e.scaling.value} s` : `REQUEST_COUNT ${e.scaling.value}`
  const gpus = `${e.gpu.count > 1 ? `${e.gpu.count}× ` : ""}${e.gpu.pools.join(" > ")}`
  return [`${e.name} on ${gpus}`, `${scaler}, workers ${e.workers.min}–${e.workers.max}, idle ${e.scaling.idleTimeout} s, FlashBoot ${e.flashboot}`]
}

export const textSummary = (r: SimResult): string => {
  const q = r.requests
  const w = r.workers
  const c = r.cost
  const window = r.scenario.durationSeconds - r.scenario.warmupSeconds
  const lines = [
    `${r.scenario.name}: ${humanDuration(r.scenario.durationSeconds)} simulated${r.scenario.warmupSeconds > 0 ? ` (first ${humanDuration(r.scenario.warmupSeconds)} warm-up)` : ""}, seed ${r.scenario.seed}`,
    `Endpoint  ${endpointLines(r)[0]}`,
    `          ${endpointLines(r)[1]}`,
    `Traffic   ${r.workload.arrivals}`,
    `Execution ${r.workload.executionSeconds}`,
    "",
    `Requests  ${int(q.arrived)} arrived: ${int(q.completed)} completed, ${int(q.failed)} failed, ${int(q.expired)} expired, ${int(q.rejected)} rejected${q.inSystemAtEnd > 0 ? `, ${int(q.inSystemAtEnd)} unfinished` : ""}`,
    "",
    `${"Latency (s)".padEnd(17)}${["mean", "p50", "p90", "p95", "p99", "max"].map((h) => h.padStart(9)).join("")}`.trimEnd(),
    latencyRow("delayTime", r.latency.delayTime),
    latencyRow("executionTime", r.latency.executionTime),
    latencyRow("end-to-end", r.latency.endToEnd),
    "",
    `Starts    ${int(r.coldStarts.count)} cold, ${int(r.coldStarts.flashboot)} FlashBoot${r.coldStarts.unhealthy > 0 ? `, ${int(r.coldStarts.unhealthy)} unhealthy` : ""}; ${pct(r.coldStarts.coldStartShare)} of requests waited for one`,
    `Workers   peak ${int(w.peak)}, mean ${num(w.mean)} (running ${num(w.meanRunning)}, idle ${num(w.meanIdle)}, starting ${num(w.meanInitializing)})`,
    `          throttled ${num(w.meanThrottled)} on average; mean queue ${num(r.queue.meanLength)}`,
    `Cost      ${usd(c.totalUsd)} over ${humanDuration(window)}: ${usd(c.perHourUsd)}/h, ${c.perThousandRequestsUsd === null ? "no completed requests" : `${usd(c.perThousandRequestsUsd)} per 1,000 requests`}`,
    `          flex ${usd(c.flexUsd)}, active ${usd(c.activeUsd)}${c.containerDiskUsd > 0 ? `, disk ${usd(c.containerDiskUsd)}` : ""}; ${pct(c.billedIdleShare)} of billed time idle`
  ]
  return lines.map(fit).join("\n")
}

/** Keeps a line within 80 columns (long endpoint or scenario names are cut with an ellipsis). */
const fit = (line: string): string => (line.length <= 80 ? line : `${line.slice(0, 79)}…`)
