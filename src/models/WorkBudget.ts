/**
 * WorkBudget: how much work one run will be, estimated before it starts, and scalecast's limit on
 * it. A run's cost is its events: about four per request (arrival, completion, and the expiry,
 * idle-timeout and start events a request brings with it) plus one per scaler evaluation, which
 * goes on every `scalerIntervalSeconds` over the window and the drain after it (while requests are
 * still queued or running). The drain lasts at most the longest queue wait, start and execution a
 * request can have. A run estimated beyond the budget is refused up front with the field that makes
 * it too large, instead of running for days or exhausting memory.
 */
import type { ResolvedArrivals } from "./Arrivals.ts"
import { arrivalProcess } from "./Arrivals.ts"
import type { ConfigProblem } from "./ConfigProblem.ts"
import { meanOf, upperBoundOf, type Distribution } from "./Distribution.ts"
import type { EndpointConfig } from "./EndpointConfig.ts"
import type { Platform } from "./Platform.ts"

/** scalecast's limit on one run: 10¹⁰ events, about half an hour at this engine's 5–7 M events/s. */
export const maxEventsPerRun = 1e10

/** Events a request brings at most, on average (measured 2–3.1 on the benchmark scenarios, 5 with zero idle timeout). */
export const eventsPerRequest = 5

/** What `estimateWork` reads: a decoded scenario's parts. */
export interface WorkInput {
  readonly durationSeconds: number
  readonly endpoint: EndpointConfig
  readonly workload: { readonly arrivals: ResolvedArrivals; readonly executionSeconds: Distribution }
  readonly platform: Platform
}

export interface WorkEstimate {
  /** Expected requests in the run. */
  readonly requests: number
  /** Estimated events (an upper estimate). */
  readonly events: number
  /** Simulated seconds the run may last: the window plus the longest drain. */
  readonly simulatedSeconds: number
  /** The field that contributes most, and why, for an error message. */
  readonly field: string
  readonly reason: string
}

const sci = (x: number): string => (!Number.isFinite(x) ? "infinitely many" : x < 1e6 ? Math.round(x).toLocaleString("en-US") : x.toExponential(1))

/** Expected requests, and the field that sets their number. */
const requestsOf = (input: WorkInput): { readonly requests: number; readonly field: string } => {
  const a = input.workload.arrivals
  const duration = input.durationSeconds
  switch (a.type) {
    case "list":
      return { requests: a.atSeconds.length, field: "workload.arrivals.atSeconds" }
    case "recorded":
      return { requests: a.submittedSeconds.length, field: "--jobs" }
    case "trace":
      return { requests: a.requests * a.rateMultiplier, field: a.rateMultiplier > 1 ? "workload.arrivals.rateMultiplier" : "workload.arrivals.path" }
    default: {
      const requests = arrivalProcess(a).meanRate(duration) * duration
      const m = a.rateMultiplier ?? 1
      const field =
        m > 1 && (requests / m) * eventsPerRequest <= maxEventsPerRun
          ? "workload.arrivals.rateMultiplier"
          : duration > 1e7
            ? "durationSeconds"
            : "workload.arrivals"
      return { requests, field }
    }
  }
}

/** The longest a request can stay after arrivals stop, by part, and the field behind each part. */
const drainParts = (input: WorkInput, requests: number): ReadonlyArray<readonly [seconds: number, field: string, what: string]> => {
  const { endpoint, platform, workload } = input
  const speeds = endpoint.gpu.pools.map((p) => platform.pools[p].speed)
  const slowest = speeds.reduce((a, b) => (b < a ? b : a), Number.POSITIVE_INFINITY)
  const recorded = workload.arrivals.type === "trace" || workload.arrivals.type === "recorded" ? workload.arrivals.maxExecutionSeconds : 0
  const execution =
    endpoint.timeout > 0
      ? ([endpoint.timeout / 1000, "endpoint.timeout", "the execution timeout"] as const)
      : ([
          Math.max(recorded, upperBoundOf(workload.executionSeconds, requests)) / slowest,
          "workload.executionSeconds",
          "the longest execution, with no endpoint.timeout"
        ] as const)
  const startBound = Math.max(upperBoundOf(platform.coldStartSeconds, requests), upperBoundOf(platform.flashboot.startSeconds, requests))
  const longestStart = Math.min(platform.initTimeoutSeconds, startBound)
  const start = [
    longestStart,
    startBound > platform.initTimeoutSeconds ? "platform.initTimeoutSeconds" : "platform.coldStartSeconds",
    "the longest worker start"
  ] as const
  // Requests wait for capacity until their TTL when no worker may be had; otherwise the backlog drains,
  // each job at worst followed by a new start (an execution timeout that stops the worker). With a
  // periodic scaler that replacement waits for the next evaluation, and once every worker has
  // stopped QUEUE_DELAY adds one at a time: such jobs are counted one after another.
  const capacityMayBlock = endpoint.workers.max === 0 || endpoint.gpu.pools.every((p) => platform.pools[p].capacity.some((step) => Number.isFinite(step.gpus)))
  const stopsOnTimeout = endpoint.timeout > 0 && platform.stopWorkerOnTimeout
  const slots = stopsOnTimeout && platform.scalerIntervalSeconds > 0 ? 1 : Math.max(1, endpoint.workers.max * platform.concurrencyPerWorker)
  const perJob = meanOf(workload.executionSeconds) / slowest + (stopsOnTimeout ? longestStart + platform.scalerIntervalSeconds : 0)
  const backlog = (Math.min(platform.queueLimit, requests) * perJob) / slots
  const queue =
    capacityMayBlock || backlog >= platform.jobTtlSeconds
      ? ([platform.jobTtlSeconds, "platform.jobTtlSeconds", "the job TTL (queued requests may wait for capacity that long)"] as const)
      : ([backlog, "platform.queueLimit", "working off a full queue"] as const)
  return [queue, start, execution]
}

/** Estimates one run's work before it starts. */
export const estimateWork = (input: WorkInput): WorkEstimate => {
  const { requests, field: requestField } = requestsOf(input)
  const { platform, durationSeconds } = input
  const interval = platform.scalerIntervalSeconds
  const parts = platform.drain ? drainParts(input, requests) : []
  const drainSeconds = parts.reduce((sum, [s]) => sum + s, 0)
  const simulatedSeconds = durationSeconds + drainSeconds
  const capacitySteps = input.endpoint.gpu.pools.reduce((sum, p) => sum + platform.pools[p].capacity.length, 0)
  const terms: Array<readonly [events: number, field: string, reason: string]> = [
    [requests * eventsPerRequest, requestField, `about ${sci(requests)} requests`]
  ]
  if (interval > 0) {
    // An interval under 10 ms is the cause whatever the durations (RunPod's scaler runs every few seconds).
    const tiny = interval < 0.01
    terms.push([
      durationSeconds / interval,
      tiny ? "platform.scalerIntervalSeconds" : "durationSeconds",
      `a scaler evaluation every ${interval} s for ${sci(durationSeconds)} s`
    ])
    const [longest] = [...parts].sort((a, b) => (b[0] > a[0] ? 1 : b[0] < a[0] ? -1 : 0))
    if (longest !== undefined) {
      terms.push([
        drainSeconds / interval,
        tiny ? "platform.scalerIntervalSeconds" : longest[1],
        `requests may stay ${sci(drainSeconds)} s after arrivals stop (${longest[2]}: ${sci(longest[0])} s), with a scaler evaluation every ${interval} s`
      ])
    }
  }
  // Generating arrivals: a Markov-modulated process switches state, a daily cycle draws candidates it may reject.
  const a = input.workload.arrivals
  if (a.type === "bursts" && a.random !== undefined)
    terms.push([
      (2 * durationSeconds) / (a.random.meanBurstSeconds + a.random.meanGapSeconds),
      "workload.arrivals.random",
      "burst and gap switches of the random bursts"
    ])
  if (a.type === "diurnal") {
    const peak = a.meanRatePerSecond * (a.rateMultiplier ?? 1) * (1 + a.amplitude) * (a.weekdayFactors ?? [1]).reduce((m, f) => Math.max(m, f), 0)
    terms.push([peak * durationSeconds, "workload.arrivals", "candidate arrivals of the daily cycle at its peak rate"])
  }
  // Starts longer than the init timeout fail and are retried: at worst every worker once per init timeout.
  const startBound = Math.max(upperBoundOf(platform.coldStartSeconds, requests), upperBoundOf(platform.flashboot.startSeconds, requests))
  if (startBound > platform.initTimeoutSeconds && Number.isFinite(simulatedSeconds)) {
    terms.push([
      (simulatedSeconds / platform.initTimeoutSeconds) * Math.max(1, input.endpoint.workers.max) * 2,
      "platform.initTimeoutSeconds",
      `worker starts failing every ${platform.initTimeoutSeconds} s (init timeout) and retried`
    ])
  }
  // A drain without end (an execution that may last forever, with no timeout) is refused whatever the interval.
  const [longest] = [...parts].sort((x, y) => (y[0] > x[0] ? 1 : y[0] < x[0] ? -1 : 0))
  if (longest !== undefined && !Number.isFinite(drainSeconds))
    terms.push([Number.POSITIVE_INFINITY, longest[1], `requests may stay forever after arrivals stop (${longest[2]})`])
  const events = terms.reduce((sum, [e]) => sum + e, capacitySteps)
  // Largest first; equal (even infinite) terms keep their order.
  const [, field, reason] = [...terms].sort((a, b) => (b[0] > a[0] ? 1 : b[0] < a[0] ? -1 : 0))[0]!
  return { requests, events: Number.isNaN(events) ? Number.POSITIVE_INFINITY : events, simulatedSeconds, field, reason }
}

/** The problem with a run beyond the budget, or none. */
export const workProblems = (input: WorkInput, budgetEvents: number = maxEventsPerRun): Array<ConfigProblem> => {
  const w = estimateWork(input)
  if (w.events <= budgetEvents) return []
  return [
    {
      path: w.field,
      message: `expected a run within scalecast's work budget of ${sci(budgetEvents)} events per run, got about ${sci(w.events)} events: ${w.reason}`
    }
  ]
}
