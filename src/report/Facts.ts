/**
 * Facts: the statements every report format shows (HTML, Markdown, terminal), worded once: the
 * one-line question and answer, the KPI tiles, the assumptions, the percentile table. Pure.
 */
import type { SimResult } from "../sim/SimResult.ts"
import { absent, fixed, formatCount, formatSeconds, formatSecondsCell, formatShare, formatUsd, humanDuration, tableUnit, type TableUnit } from "./Format.ts"

/**
 * The end-to-end p95 as targets read it (requests that did not complete count as infinitely
 * late), in words: "4.12 s", "not reached: 12.0 % of requests did not complete", or
 * "— (no request completed)".
 */
export const targetP95 = (r: SimResult): string => {
  const p95 = r.figures["endToEnd.p95"]
  if (r.requests.completed === 0) return `${absent} (no request completed)`
  if (p95 === Number.POSITIVE_INFINITY) return `not reached: ${formatShare(r.requests.unfinishedShare)} of requests did not complete`
  return formatSeconds(p95)
}

/** "12.2 % of requests waited for a cold start, 3.0 % for a FlashBoot resume", or "no request completed". */
export const startWaits = (r: SimResult): string => {
  const c = r.coldStarts
  if (c.coldStartShare === null) return "no request completed"
  return `${formatShare(c.coldStartShare)} of requests waited for a cold start${c.flashbootShare !== null && (c.flashbootShare > 0 || c.flashboot > 0) ? `, ${formatShare(c.flashbootShare)} for a FlashBoot resume` : ""}`
}

/** "; 12.0 % of requests did not complete" when some did not, else "". */
export const unfinishedNote = (r: SimResult): string =>
  r.requests.unfinishedShare !== null && r.requests.unfinishedShare > 0 ? `; ${formatShare(r.requests.unfinishedShare)} of requests did not complete` : ""

/** The endpoint as a RunPod user thinks of it: its GPUs, then its scaling settings. */
export const endpointDescription = (r: SimResult): { readonly gpus: string; readonly scaling: string } => {
  const e = r.endpoint
  const scaler = e.scaling.type === "QUEUE_DELAY" ? `QUEUE_DELAY ${e.scaling.value} s` : `REQUEST_COUNT ${e.scaling.value}`
  return {
    gpus: `${e.name} on ${e.gpu.count > 1 ? `${e.gpu.count}× ` : ""}${e.gpu.pools.join(" > ")}`,
    scaling: `${scaler}, workers ${e.workers.min}–${e.workers.max}, idle timeout ${e.scaling.idleTimeout} s, FlashBoot ${e.flashboot}`
  }
}

/** The question and the answer in one line. */
export const headline = (r: SimResult): string => {
  const window = r.scenario.durationSeconds - r.scenario.warmupSeconds
  const head = `${r.endpoint.name} at ${r.workload.arrivals} for ${humanDuration(window)}`
  if (r.cost.perThousandRequestsUsd === null)
    return `${head}: no request completed (${formatCount(r.requests.arrived)} arrived); ${formatUsd(r.cost.perHourUsd)} per hour`
  return `${head}: p95 end-to-end ${targetP95(r)}, ${formatUsd(r.cost.perHourUsd)} per hour, ${formatUsd(r.cost.perThousandRequestsUsd)} per 1,000 requests`
}

export interface Kpi {
  readonly label: string
  readonly value: string
  readonly detail: string
}

/** The KPI tiles. */
export const kpis = (r: SimResult): ReadonlyArray<Kpi> => {
  const q = r.requests
  const l = r.latency
  const w = r.workers
  const c = r.cost
  return [
    {
      label: "Requests",
      value: formatCount(q.arrived),
      detail: `${formatCount(q.completed)} completed, ${formatCount(q.failed)} failed, ${formatCount(q.expired)} expired, ${formatCount(q.rejected)} rejected${q.inSystemAtEnd > 0 ? `, ${formatCount(q.inSystemAtEnd)} unfinished` : ""}`
    },
    {
      label: "End-to-end p95",
      value: q.completed === 0 ? absent : formatSeconds(r.figures["endToEnd.p95"]),
      detail:
        q.completed === 0
          ? "no request completed"
          : r.figures["endToEnd.p95"] === Number.POSITIVE_INFINITY
            ? `not reached: ${formatShare(q.unfinishedShare)} of requests did not complete (completed ones: p95 ${formatSeconds(l.endToEnd.p95)})`
            : `p50 ${formatSeconds(l.endToEnd.p50)}, p99 ${formatSeconds(l.endToEnd.p99)}${unfinishedNote(r)}`
    },
    {
      label: "delayTime p95",
      value: formatSeconds(l.delayTime.p95),
      detail: q.completed === 0 ? "no request completed" : `mean ${formatSeconds(l.delayTime.mean)}; ${formatShare(r.queue.waitProbability)} of requests waited`
    },
    {
      label: "executionTime p95",
      value: formatSeconds(l.executionTime.p95),
      detail: q.completed === 0 ? "no request completed" : `mean ${formatSeconds(l.executionTime.mean)}`
    },
    {
      label: "Cold starts",
      value: formatCount(r.coldStarts.count),
      detail: `${formatCount(r.coldStarts.flashboot)} FlashBoot resumes; ${startWaits(r)}`
    },
    {
      label: "Workers",
      value: `peak ${formatCount(w.peak)}`,
      detail: `mean ${fixed(w.mean, 2)}: running ${fixed(w.meanRunning, 2)}, ready ${fixed(w.meanReady, 2)}, initializing ${fixed(w.meanInitializing, 2)}; throttled ${fixed(w.meanThrottled, 2)}; idle with FlashBoot state kept ${fixed(w.meanRetained, 2)}`
    },
    {
      label: "Cost per hour",
      value: formatUsd(c.perHourUsd),
      detail: `${formatUsd(c.totalUsd)} in all: flex ${formatUsd(c.flexUsd)}, active ${formatUsd(c.activeUsd)}${c.containerDiskUsd > 0 ? `, disk ${formatUsd(c.containerDiskUsd)}` : ""}`
    },
    {
      label: "Billed time ready",
      value: formatShare(c.billedReadyShare),
      detail: c.perThousandRequestsUsd === null ? "no completed requests" : `${formatUsd(c.perThousandRequestsUsd)} per 1,000 requests`
    }
  ]
}

/** The model assumptions the run used, as label/value rows. */
export const assumptions = (r: SimResult): ReadonlyArray<readonly [string, string]> => {
  const a = r.assumptions
  const capacity = (c: (typeof a.pools)[number]["capacityGpus"]) =>
    typeof c === "number"
      ? `${c} GPUs`
      : c === "unlimited"
        ? "unlimited"
        : c.map((s) => `${s.gpus === "unlimited" ? "unlimited" : `${s.gpus} GPUs`} from ${humanDuration(s.fromSeconds)}`).join(", ")
  return [
    ["Traffic", `${r.workload.arrivals}; execution ${r.workload.executionSeconds} (mean ${formatSeconds(r.workload.meanExecutionSeconds)})`],
    ["Scaler", `${a.scaler}, evaluated ${a.scalerIntervalSeconds === 0 ? "at every event" : `every ${a.scalerIntervalSeconds} s`}`],
    ["Dispatch", a.dispatch],
    ["Cold start", a.coldStart],
    [
      "FlashBoot start",
      `${a.flashbootStart}; state retained ${a.flashbootRetentionSeconds} s${a.flashbootHosts > 1 ? ` on its host, ${a.flashbootHosts} hosts per pool (a start elsewhere misses it)` : ""}`
    ],
    ...a.pools.map(
      (p) =>
        [
          `Pool ${p.pool}`,
          `${capacity(p.capacityGpus)}, speed ×${p.speed}, flex $${p.flexPerSecondUsd}/s, active ${p.activePerSecondUsd === null ? "no price" : `$${p.activePerSecondUsd}/s`} per GPU`
        ] as const
    ),
    ["Price catalog", `as of ${a.priceCatalogAsOf}`],
    [
      "Requests",
      `queue limit ${formatCount(a.queueLimit)}, TTL ${humanDuration(a.jobTtlSeconds)}, execution timeout ${a.executionTimeoutSeconds === 0 ? "none" : `${a.executionTimeoutSeconds} s${a.stopWorkerOnTimeout ? " (stops the worker)" : ""}`}, ${a.concurrencyPerWorker} per worker`
    ],
    ["Workers", `active workers start ${a.activeWorkersStartWarm ? "warm" : "cold"}; init timeout ${a.initTimeoutSeconds} s`],
    [
      "Billing",
      `${a.billingRoundUpPerSession ? "rounded up per worker session" : "exact seconds"}${a.containerDiskGb > 0 ? `; container disk ${a.containerDiskGb} GB` : ""}`
    ],
    [
      "Run",
      `seed ${r.scenario.seed}, ${humanDuration(r.scenario.durationSeconds)}${r.scenario.warmupSeconds > 0 ? `, first ${humanDuration(r.scenario.warmupSeconds)} warm-up` : ""}; ${formatCount(r.run.events)} events`
    ]
  ]
}

/** The percentile table's header: the latency, then mean, p50, p90, p95, p99, max. */
export const percentileHeader = ["", "mean", "p50", "p90", "p95", "p99", "max"] as const

/**
 * The percentile table of completed requests: one row per latency (delayTime, executionTime,
 * end-to-end) with mean, p50, p90, p95, p99 and max, every cell in one unit chosen from the
 * table's largest value (`tableUnit`) and written without it ("—" when none completed); the title
 * names the unit: "Latency percentiles (seconds)".
 */
export const percentileTable = (
  r: SimResult
): { readonly unit: TableUnit; readonly title: string; readonly rows: ReadonlyArray<readonly [string, ...Array<string>]> } => {
  const latencies = [
    ["delayTime", r.latency.delayTime],
    ["executionTime", r.latency.executionTime],
    ["end-to-end", r.latency.endToEnd]
  ] as const
  const values = latencies.map(([name, l]) => [name, [l.mean, l.p50, l.p90, l.p95, l.p99, l.max]] as const)
  const unit = tableUnit(values.flatMap(([, v]) => v))
  return {
    unit,
    title: `Latency percentiles (${unit.name})`,
    rows: values.map(([name, v]) => [name, ...v.map((s) => formatSecondsCell(s, unit))] as const)
  }
}
