/**
 * TraceReplay: a prepared trace (Trace.ts) as an arrival process. One instance per run: it reads the
 * file again as the run goes (bounded memory), or holds the window's rows sorted when `sort` (or
 * Azure 2021) asks for it. Times are shifted to start at `fromSeconds` and scaled by `timeScale`;
 * `rateMultiplier` m replays each request ⌊m⌋ or ⌈m⌉ times (thinning when m < 1), drawing from the
 * run's arrival stream, as does Azure 2019's spreading of each minute.
 */
import type { ArrivalProcess } from "../ArrivalProcess.ts"
import { azure2019Requests } from "./Azure2019.ts"
import type { PreparedTrace } from "./Trace.ts"
import { RowReader } from "./TraceRows.ts"

const filterOf = (t: PreparedTrace) => ({ apps: t.apps ?? undefined, functions: t.functionNames ?? undefined })

/** Replays a prepared trace. One instance per run (it reads the file as the run goes). */
export const traceProcess = (t: PreparedTrace): ArrivalProcess => {
  const replayed = (time: number) => (time - t.fromSeconds) * t.timeScale
  const inWindow = (time: number) => time >= t.fromSeconds && time < t.toSeconds
  let pending = 0
  let pendingTime = Number.POSITIVE_INFINITY
  let pendingExec = Number.NaN
  /** The raw request `source` last moved to. */
  let time = Number.NaN
  let exec = Number.NaN
  /** Moves to the next raw (time, exec) request in replay order, false at the end; `u` is the run's arrival stream. */
  let source: (u: () => number) => boolean
  /** Closes the file a streaming replay still holds open (the run will ask for no more arrivals). */
  let finish = (): void => undefined
  if (t.format === "azure2019") {
    // The minute spreading draws from the run's arrival stream, which `next` passes on.
    const requests = azure2019Requests(t.functions, t.spread, t.fromSeconds, t.toSeconds)
    source = (u) => {
      const r = requests(u)
      if (r === undefined) return false
      ;[time, exec] = r
      return true
    }
    return makeProcess()
  }
  const format = t.format
  if (t.sort) {
    const times: Array<number> = []
    const execs: Array<number> = []
    const row = new RowReader(t.path, t.path, format, { value: t.originMs }, filterOf(t))
    while (row.next()) {
      if (!inWindow(row.time)) continue
      times.push(row.time)
      execs.push(row.exec)
    }
    const order = Array.from(times.keys()).sort((a, b) => times[a]! - times[b]! || a - b)
    let i = 0
    source = () => {
      if (i === order.length) return false
      time = times[order[i]!]!
      exec = execs[order[i++]!]!
      return true
    }
  } else {
    // Opened at the first arrival asked for: a process made only for its meanRate holds no file.
    let row: RowReader | undefined
    source = () => {
      row ??= new RowReader(t.path, t.path, format, { value: t.originMs }, filterOf(t))
      if (!row.next()) return false
      time = row.time
      exec = row.exec
      return true
    }
    finish = () => row?.close()
  }
  return makeProcess()

  /** An arrival at or past the run's horizon is the last one the run asks for: let go of the file. */
  function ended(time: number, horizon: number): number {
    if (time >= horizon) finish()
    return time
  }

  function makeProcess(): ArrivalProcess {
    const process: ArrivalProcess = {
      lastExecutionSeconds: Number.NaN,
      next: (_now, u, horizon = Number.POSITIVE_INFINITY) => {
        if (pending > 0) {
          pending--
          process.lastExecutionSeconds = pendingExec
          return pendingTime
        }
        for (;;) {
          if (!source(u)) return ended(Number.POSITIVE_INFINITY, horizon)
          if (!inWindow(time)) {
            if (time >= t.toSeconds && !t.sort && t.format !== "azure2019") return ended(Number.POSITIVE_INFINITY, horizon)
            continue
          }
          let copies = 1
          if (t.rateMultiplier !== 1) {
            const whole = Math.floor(t.rateMultiplier)
            copies = whole + (u() < t.rateMultiplier - whole ? 1 : 0)
            if (copies === 0) continue
          }
          pending = copies - 1
          pendingTime = replayed(time)
          pendingExec = exec
          process.lastExecutionSeconds = exec
          return ended(pendingTime, horizon)
        }
      },
      meanRate: (duration) => (t.requests * t.rateMultiplier) / duration,
      rateAt: () => Number.NaN
    }
    return process
  }
}
