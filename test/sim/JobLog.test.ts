/**
 * JobLog: the job records a run leaves, as a growable struct-of-arrays turned into JobRecords in
 * submission order, with worker life numbers renamed w1, w2, … in the order they were first logged.
 */
import { describe, expect, it } from "vitest"
import { jobStatuses } from "../../src/models/records/JobRecords.ts"
import { COMPLETED, FAILED, IN_PROGRESS, IN_QUEUE, JobLog, TIMED_OUT } from "../../src/sim/JobLog.ts"

describe("JobLog", () => {
  it("the status constants are the indexes of their names in jobStatuses", () => {
    expect(COMPLETED).toBe(jobStatuses.indexOf("COMPLETED"))
    expect(FAILED).toBe(jobStatuses.indexOf("FAILED"))
    expect(TIMED_OUT).toBe(jobStatuses.indexOf("TIMED_OUT"))
    expect(IN_QUEUE).toBe(jobStatuses.indexOf("IN_QUEUE"))
    expect(IN_PROGRESS).toBe(jobStatuses.indexOf("IN_PROGRESS"))
    expect([COMPLETED, FAILED, TIMED_OUT, IN_QUEUE, IN_PROGRESS]).toEqual([0, 1, 2, 4, 5])
  })

  it("an empty log gives empty records", () => {
    const r = new JobLog().toRecords()
    expect(r.count).toBe(0)
    expect(r.originMs).toBe(0)
    expect(r.submittedSeconds.length).toBe(0)
    expect(r.worker.length).toBe(0)
    expect(r.workerIds).toEqual([])
    expect(r.notes).toEqual([])
  })

  it("records every field of a job, NaN passing through, and passes originMs through", () => {
    const log = new JobLog()
    log.record(1, 2, 3, COMPLETED, 7)
    log.record(4, Number.NaN, Number.NaN, IN_QUEUE, -1)
    log.record(5, 0.5, Number.NaN, IN_PROGRESS, 7)
    expect(log.count).toBe(3)
    const r = log.toRecords(1_767_225_600_000)
    expect(r.path).toBe("(simulated)")
    expect(r.format).toBe("jsonl")
    expect(r.originMs).toBe(1_767_225_600_000)
    expect(r.count).toBe(3)
    expect(Array.from(r.submittedSeconds)).toEqual([1, 4, 5])
    expect(Array.from(r.delaySeconds)).toEqual([2, Number.NaN, 0.5])
    expect(Array.from(r.executionSeconds)).toEqual([3, Number.NaN, Number.NaN])
    expect(Array.from(r.status)).toEqual([COMPLETED, IN_QUEUE, IN_PROGRESS])
    expect(Array.from(r.worker)).toEqual([0, -1, 0])
    expect(r.workerIds).toEqual(["w1"])
    expect(r.notes).toEqual([])
  })

  it("sorts by submission; ties keep the order they were logged in", () => {
    const log = new JobLog()
    // Logged as jobs end, not as they arrive.
    log.record(5, 10, 1, COMPLETED, 0)
    log.record(1, 11, 2, FAILED, 0)
    log.record(5, 12, 3, TIMED_OUT, -1)
    log.record(1, 13, 4, COMPLETED, 0)
    log.record(3, 14, 5, COMPLETED, 0)
    const r = log.toRecords()
    expect(Array.from(r.submittedSeconds)).toEqual([1, 1, 3, 5, 5])
    expect(Array.from(r.delaySeconds)).toEqual([11, 13, 14, 10, 12])
    expect(Array.from(r.executionSeconds)).toEqual([2, 4, 5, 1, 3])
    expect(Array.from(r.status)).toEqual([FAILED, COMPLETED, COMPLETED, COMPLETED, TIMED_OUT])
    expect(Array.from(r.worker)).toEqual([0, 0, 0, 0, -1])
  })

  it("numbers workers w1, w2, … in the order of their first logged job, whatever their life numbers", () => {
    const log = new JobLog()
    log.record(10, 0, 1, COMPLETED, 42) // first logged: w1, though submitted last
    log.record(2, 0, 1, COMPLETED, 7) // w2
    log.record(6, 0, 1, COMPLETED, 42)
    log.record(0, Number.NaN, Number.NaN, IN_QUEUE, -1)
    log.record(4, 0, 1, COMPLETED, 0) // life 0 is a worker, not "none": w3
    log.record(8, 0, 1, FAILED, 7)
    const r = log.toRecords()
    expect(r.workerIds).toEqual(["w1", "w2", "w3"])
    // In submission order: 0 (none), 2 (life 7), 4 (life 0), 6 (life 42), 8 (life 7), 10 (life 42).
    expect(Array.from(r.submittedSeconds)).toEqual([0, 2, 4, 6, 8, 10])
    expect(Array.from(r.worker)).toEqual([-1, 1, 2, 0, 1, 0])
  })

  it("grows past 1024 entries without losing or reordering any", () => {
    const n = 2500
    const log = new JobLog()
    // Submitted in reverse order of logging, so the records reverse the log.
    for (let i = 0; i < n; i++) log.record(n - i, i, i + 0.25, i % 3 === 0 ? FAILED : COMPLETED, i % 2 === 0 ? -1 : 1000 + i)
    expect(log.count).toBe(n)
    const r = log.toRecords(5)
    expect(r.count).toBe(n)
    expect(r.originMs).toBe(5)
    expect(r.submittedSeconds.length).toBe(n)
    expect(r.workerIds.length).toBe(n / 2)
    expect(r.workerIds[0]).toBe("w1")
    expect(r.workerIds[n / 2 - 1]).toBe(`w${n / 2}`)
    for (let k = 0; k < n; k++) {
      const i = n - 1 - k // the k-th record by submission is the i-th logged
      expect(r.submittedSeconds[k]).toBe(k + 1)
      expect(r.delaySeconds[k]).toBe(i)
      expect(r.executionSeconds[k]).toBe(i + 0.25)
      expect(r.status[k]).toBe(i % 3 === 0 ? FAILED : COMPLETED)
      // Odd i are workers, numbered in logging order: i = 1 → 0, 3 → 1, …
      expect(r.worker[k]).toBe(i % 2 === 0 ? -1 : (i - 1) / 2)
    }
  })

  it("toRecords returns copies: logging more does not change records already taken", () => {
    const log = new JobLog()
    log.record(1, 1, 1, COMPLETED, 3)
    const before = log.toRecords()
    log.record(0, 2, 2, COMPLETED, 4)
    expect(before.count).toBe(1)
    expect(Array.from(before.submittedSeconds)).toEqual([1])
    expect(before.workerIds).toEqual(["w1"])
    const after = log.toRecords()
    expect(Array.from(after.submittedSeconds)).toEqual([0, 1])
    expect(Array.from(after.worker)).toEqual([1, 0])
  })
})
