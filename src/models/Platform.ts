/**
 * Platform: how RunPod behaves where the endpoint config does not say, as scenario settings
 * (`platform:` in a scenario). Every field is optional; the defaults are runpod-model.md's, with the
 * document's section in each comment. `resolvePlatform` fills them in, so a report can list every
 * assumption a run made.
 */
import { Schema } from "effect"
import { Distribution, type Distribution as DistributionType } from "./Distribution.ts"
import { IntAtLeast, IntBetween, NumberAtLeast, NumberAbove, OneOf } from "./fields.ts"
import { poolIds, type PoolId } from "./GpuCatalog.ts"

/** Which idle worker takes the next job (section 3). */
export const dispatchRules = ["random", "newest", "mostRecentlyIdle", "longestIdle"] as const
export type DispatchRule = (typeof dispatchRules)[number]

/**
 * The largest queue a scenario may allow: RunPod caps it at 50,000 (the default); a million keeps a
 * queue's memory under 40 MB.
 */
export const maxQueueLimit = 1_000_000

/** The most hosts per pool a FlashBoot model may spread states over. */
export const maxFlashbootHosts = 100_000

const CapacityStep = Schema.Struct({ fromSeconds: NumberAtLeast(0), gpus: IntAtLeast(0) })

/** One pool's settings; capacity may be a number or a schedule of steps. */
export const PoolSettings = Schema.Struct({
  capacityGpus: Schema.optionalKey(
    Schema.Union([IntAtLeast(0), Schema.Array(CapacityStep).check(Schema.isMinLength(1, { expected: "at least one step" }))]).annotate({
      expected: "a GPU count or a list of {fromSeconds, gpus} steps"
    })
  ),
  speed: Schema.optionalKey(NumberAbove(0)),
  flexPerSecondUsd: Schema.optionalKey(NumberAtLeast(0)),
  activePerSecondUsd: Schema.optionalKey(NumberAtLeast(0))
})

export const PlatformSettings = Schema.Struct({
  scalerIntervalSeconds: Schema.optionalKey(NumberAtLeast(0)),
  dispatch: Schema.optionalKey(OneOf(dispatchRules)),
  coldStartSeconds: Schema.optionalKey(Distribution),
  flashboot: Schema.optionalKey(
    Schema.Struct({
      startSeconds: Schema.optionalKey(Distribution),
      retentionSeconds: Schema.optionalKey(NumberAtLeast(0)),
      priorityRetentionSeconds: Schema.optionalKey(NumberAtLeast(0)),
      priorityBypassesCapacity: Schema.optionalKey(Schema.Boolean),
      hosts: Schema.optionalKey(IntBetween(1, maxFlashbootHosts))
    })
  ),
  pools: Schema.optionalKey(
    Schema.Record(Schema.String, PoolSettings).check(
      Schema.makeFilter((pools) =>
        Object.keys(pools)
          .filter((key) => !(poolIds as ReadonlyArray<string>).includes(key))
          .map((key) => ({ path: [key], issue: `expected a pool id (${poolIds.join(", ")}), got ${JSON.stringify(key)}` }))
      )
    )
  ),
  activeWorkersStartWarm: Schema.optionalKey(Schema.Boolean),
  concurrencyPerWorker: Schema.optionalKey(IntAtLeast(1)),
  queueLimit: Schema.optionalKey(IntBetween(0, maxQueueLimit)),
  jobTtlSeconds: Schema.optionalKey(NumberAbove(0)),
  stopWorkerOnTimeout: Schema.optionalKey(Schema.Boolean),
  initTimeoutSeconds: Schema.optionalKey(NumberAtLeast(1)),
  requestCountScaleDown: Schema.optionalKey(OneOf(["idleTimeout", "aboveDesired"])),
  billing: Schema.optionalKey(
    Schema.Struct({
      roundUpPerSession: Schema.optionalKey(Schema.Boolean),
      containerDiskGb: Schema.optionalKey(NumberAtLeast(0))
    })
  ),
  drain: Schema.optionalKey(Schema.Boolean)
})
export type PlatformSettings = typeof PlatformSettings.Type

/** A pool's capacity as steps sorted by time (a constant capacity is one step at 0). */
export interface CapacityStep {
  readonly fromSeconds: number
  readonly gpus: number
}

export interface ResolvedPool {
  readonly capacity: ReadonlyArray<CapacityStep>
  readonly speed: number
  /** Price overrides; null = take the price catalog's. */
  readonly flexPerSecondUsd: number | null
  readonly activePerSecondUsd: number | null
}

/** Every platform setting with its default applied. */
export interface Platform {
  /** Seconds between scaler evaluations; 0 = at every arrival, worker start and completion (section 4). */
  readonly scalerIntervalSeconds: number
  readonly dispatch: DispatchRule
  /** Cold start (container start + model load), billed (section 6). */
  readonly coldStartSeconds: DistributionType
  readonly flashboot: {
    readonly startSeconds: DistributionType
    /** How long a stopped worker's state stays resumable under FLASHBOOT. */
    readonly retentionSeconds: number
    /** …and under PRIORITY_FLASHBOOT. */
    readonly priorityRetentionSeconds: number
    /** PRIORITY_FLASHBOOT starts are never throttled. */
    readonly priorityBypassesCapacity: boolean
    /**
     * Hosts per pool serving the endpoint (section 9): a stopped worker's state stays on its host, a
     * start lands on a host at random and resumes only a state kept there. 1 = every start on the
     * pool finds any retained state.
     */
    readonly hosts: number
  }
  readonly pools: Readonly<Record<PoolId, ResolvedPool>>
  readonly activeWorkersStartWarm: boolean
  readonly concurrencyPerWorker: number
  /** Queued requests beyond which an arrival is rejected (HTTP 429, section 2). */
  readonly queueLimit: number
  /** A request still queued this long after arrival expires (RunPod's TIMED_OUT). */
  readonly jobTtlSeconds: number
  /** An execution timeout stops the worker too (section 2). */
  readonly stopWorkerOnTimeout: boolean
  /** A start longer than this marks the worker unhealthy: it is stopped and replaced (section 6). */
  readonly initTimeoutSeconds: number
  /** REQUEST_COUNT scale-down: by idle timeout (default) or stopping idle workers above the target. */
  readonly requestCountScaleDown: "idleTimeout" | "aboveDesired"
  readonly billing: {
    /** Round each worker session up to a whole second (section 7). */
    readonly roundUpPerSession: boolean
    /** Container disk billed per 5-minute block while a worker runs; 0 = off (section 7). */
    readonly containerDiskGb: number
  }
  /** After arrivals stop, run until every request has an outcome. */
  readonly drain: boolean
}

export const platformDefaults = {
  scalerIntervalSeconds: 1,
  dispatch: "random",
  coldStartSeconds: { type: "lognormal", median: 20, p95: 60 },
  flashStartSeconds: { type: "lognormal", median: 1, p95: 2.3 },
  retentionSeconds: 600,
  priorityRetentionSeconds: 3600,
  queueLimit: 50_000,
  jobTtlSeconds: 24 * 3600,
  initTimeoutSeconds: 7 * 60
} as const

/** Applies the defaults. */
export const resolvePlatform = (s: PlatformSettings | undefined): Platform => {
  const pools = {} as Record<PoolId, ResolvedPool>
  for (const id of poolIds) {
    const p = s?.pools?.[id] as typeof PoolSettings.Type | undefined
    const cap = p?.capacityGpus
    // A schedule in time order; unlimited before its earliest step.
    const steps = typeof cap === "object" ? [...cap].sort((a, b) => a.fromSeconds - b.fromSeconds) : []
    pools[id] = {
      capacity:
        cap === undefined
          ? [{ fromSeconds: 0, gpus: Number.POSITIVE_INFINITY }]
          : typeof cap === "number"
            ? [{ fromSeconds: 0, gpus: cap }]
            : [...(steps[0]!.fromSeconds > 0 ? [{ fromSeconds: 0, gpus: Number.POSITIVE_INFINITY }] : []), ...steps],
      speed: p?.speed ?? 1,
      flexPerSecondUsd: p?.flexPerSecondUsd ?? null,
      activePerSecondUsd: p?.activePerSecondUsd ?? null
    }
  }
  return {
    scalerIntervalSeconds: s?.scalerIntervalSeconds ?? platformDefaults.scalerIntervalSeconds,
    dispatch: s?.dispatch ?? platformDefaults.dispatch,
    coldStartSeconds: s?.coldStartSeconds ?? platformDefaults.coldStartSeconds,
    flashboot: {
      startSeconds: s?.flashboot?.startSeconds ?? platformDefaults.flashStartSeconds,
      retentionSeconds: s?.flashboot?.retentionSeconds ?? platformDefaults.retentionSeconds,
      priorityRetentionSeconds: s?.flashboot?.priorityRetentionSeconds ?? platformDefaults.priorityRetentionSeconds,
      priorityBypassesCapacity: s?.flashboot?.priorityBypassesCapacity ?? true,
      hosts: s?.flashboot?.hosts ?? 1
    },
    pools,
    activeWorkersStartWarm: s?.activeWorkersStartWarm ?? true,
    concurrencyPerWorker: s?.concurrencyPerWorker ?? 1,
    queueLimit: s?.queueLimit ?? platformDefaults.queueLimit,
    jobTtlSeconds: s?.jobTtlSeconds ?? platformDefaults.jobTtlSeconds,
    stopWorkerOnTimeout: s?.stopWorkerOnTimeout ?? true,
    initTimeoutSeconds: s?.initTimeoutSeconds ?? platformDefaults.initTimeoutSeconds,
    requestCountScaleDown: s?.requestCountScaleDown ?? "idleTimeout",
    billing: {
      roundUpPerSession: s?.billing?.roundUpPerSession ?? true,
      containerDiskGb: s?.billing?.containerDiskGb ?? 0
    },
    drain: s?.drain ?? true
  }
}
