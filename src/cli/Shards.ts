/**
 * Shards: what `sweep --shard` and `plan --shard` share: reading `--shard I/N` or `auto/N` (the
 * index from a batch engine's environment), and printing a finished shard's part for `merge` or
 * `plan --screened` (an interrupted shard prints nothing). See sim/SweepShards.ts.
 */
import { Console, Effect } from "effect"
import type { Slo } from "../models/Slo.ts"
import type { PoolOutcome } from "../sim/RunPool.ts"
import type { SweepConfig } from "../sim/Sweep.ts"
import { sweepPart, type Shard, type SweepIdentity } from "../sim/SweepShards.ts"
import { failIfInterrupted } from "./Experiment.ts"

/** Where `--shard auto/N` reads its index: the batch engines' own variables (0-based after the offset). */
const shardIndexVariables = [
  ["JOB_COMPLETION_INDEX", undefined],
  ["SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN"],
  ["AWS_BATCH_JOB_ARRAY_INDEX", undefined]
] as const

/** Reads `--shard I/N` (1 ≤ I ≤ N) or `auto/N`; the error says what was expected. */
export const parseShard = (text: string, env: Readonly<Record<string, string | undefined>>): Shard | { readonly error: string } => {
  const m = /^(\d+|auto)\/(\d+)$/.exec(text.trim())
  if (m === null) return { error: `expected --shard I/N (e.g. 2/8, I from 1 to N) or auto/N, got ${JSON.stringify(text)}` }
  const count = Number(m[2])
  if (!Number.isSafeInteger(count) || count < 1 || count > 100_000) return { error: `expected a shard count from 1 to 100000, got ${m[2]}` }
  if (m[1] !== "auto") {
    const i = Number(m[1])
    return i >= 1 && i <= count ? { index: i - 1, count } : { error: `expected a shard from 1 to ${count}, got ${m[1]}` }
  }
  for (const [name, offsetName] of shardIndexVariables) {
    const raw = env[name]
    if (raw === undefined || raw === "") continue
    const offset = offsetName === undefined ? 0 : Number(env[offsetName] ?? 0)
    const index = Number(raw) - offset
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(offset) || !Number.isSafeInteger(index) || index < 0 || index >= count)
      return {
        error: `--shard auto/${count}: ${name}=${raw}${offsetName !== undefined && env[offsetName] !== undefined ? ` (${offsetName}=${env[offsetName]})` : ""} is not a shard from 0 to ${count - 1}`
      }
    return { index, count }
  }
  return { error: `--shard auto/${count}: none of ${shardIndexVariables.map(([n]) => n).join(", ")} is set; give the shard as I/${count}` }
}

/**
 * Prints shard `shard`'s part: `outcome` holds the runs `mine` (indices into `allTasks`, the
 * unsplit order), in that order. Fails as interrupted, printing nothing, when a run is missing.
 */
export const printPart = (
  outcome: PoolOutcome,
  mine: ReadonlyArray<number>,
  allTasks: ReadonlyArray<{ readonly config: number }>,
  shard: Shard,
  identity: SweepIdentity,
  slos: ReadonlyArray<Slo>,
  configs: ReadonlyArray<SweepConfig>
) =>
  Effect.gen(function* () {
    yield* failIfInterrupted(
      outcome,
      `${outcome.metrics.filter((m) => m !== undefined).length} of ${mine.length} runs of shard ${shard.index + 1} of ${shard.count} finished; no part printed`
    )
    const runs = mine.map((run, k) => ({ run, config: allTasks[run]!.config, metrics: outcome.metrics[k]! }))
    yield* Console.log(
      JSON.stringify(
        sweepPart(
          identity,
          shard,
          slos.map((s) => s.text),
          configs,
          allTasks.length,
          runs
        )
      )
    )
  })
