/**
 * Limits: how much work one command may take on, checked before anything runs, so input alone (a
 * typo, or an attacker's numbers) can never exhaust memory or run for days unannounced. Each limit
 * is stated in the README; tests provide smaller ones to fuzz the CLI cheaply.
 */
import { Context } from "effect"
import { availableParallelism } from "node:os"
import { maxEventsPerRun } from "../models/WorkBudget.ts"

export interface CommandLimits {
  /** Events one run may take (estimated before it starts). */
  readonly maxEventsPerRun: number
  /** Events all runs of one command may take together: about a day on two cores. */
  readonly maxEventsPerCommand: number
  /** Runs (configs × replications) one command may start. */
  readonly maxRuns: number
  /** Configs one sweep may hold. */
  readonly maxConfigs: number
  readonly maxReplications: number
  /** Worker threads: at most one per core (more only adds memory; the runs are CPU-bound). */
  readonly maxWorkers: number
  /** Worker threads when `--workers` is not given; 0 runs in-process. */
  readonly defaultWorkers: number
}

const cores = Math.max(1, availableParallelism())

export const Limits = Context.Reference<CommandLimits>("scalecast/Limits", {
  defaultValue: () => ({
    maxEventsPerRun,
    maxEventsPerCommand: 1e12,
    maxRuns: 100_000,
    maxConfigs: 10_000,
    maxReplications: 1000,
    maxWorkers: cores,
    defaultWorkers: cores
  })
})
