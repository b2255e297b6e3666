/**
 * JobRecordsJsonl: job records written the way RunPod returns them from `/status/{id}`, one JSON
 * object per line, plus the `submittedAt` a client logs: `{id, status, delayTime, executionTime,
 * workerId, submittedAt}`, times in milliseconds (rounded, as RunPod reports them) and ISO-8601.
 * `simulate --jobs-out` writes a run's records so a team can try backtest and calibrate, and test
 * their own pipelines, before they have records of their own.
 */
import { jobStatuses, type JobRecords } from "../models/records/JobRecords.ts"

export const jobRecordsJsonl = (jobs: JobRecords): string => {
  const lines: Array<string> = []
  for (let i = 0; i < jobs.count; i++) {
    const delay = jobs.delaySeconds[i]!
    const exec = jobs.executionSeconds[i]!
    const w = jobs.worker[i]!
    lines.push(
      JSON.stringify({
        id: `job-${i + 1}`,
        status: jobStatuses[jobs.status[i]!],
        ...(Number.isNaN(delay) ? {} : { delayTime: Math.round(delay * 1000) }),
        ...(Number.isNaN(exec) ? {} : { executionTime: Math.round(exec * 1000) }),
        ...(w < 0 ? {} : { workerId: jobs.workerIds[w] }),
        submittedAt: new Date(Math.round(jobs.originMs + jobs.submittedSeconds[i]! * 1000)).toISOString()
      })
    )
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`
}
