/**
 * Azure2019: the Azure Functions 2019 public trace (invocations_per_function_md.anon.dNN.csv): one
 * row per function with its invocation counts in minute columns 1..1440, chosen by `functions`
 * (HashFunction), `apps` (HashApp) or the `top` N busiest; durations from the matching
 * function_durations_percentiles.anon.dNN.csv. The replay spreads each minute's invocations inside
 * the minute, `uniform` or `poisson`, from the run's arrival stream, one minute in memory at a time.
 */
import { percentileSampler, type PercentilePoints } from "../Distribution.ts"
import { LineReader, splitCsv } from "./LineReader.ts"
import { fail, headerColumns, shown } from "./TraceRows.ts"

/** A chosen function: its per-minute counts and duration percentiles (seconds), if known. */
export interface Azure2019Function {
  readonly hash: string
  readonly counts: ReadonlyArray<number>
  readonly durations: PercentilePoints | null
}

const azureDurationColumns = [
  "percentile_Average_0",
  "percentile_Average_1",
  "percentile_Average_25",
  "percentile_Average_50",
  "percentile_Average_75",
  "percentile_Average_99",
  "percentile_Average_100"
]
const azurePercents = [0, 1, 25, 50, 75, 99, 100]

const byTotalDescending = (x: { readonly total: number }, y: { readonly total: number }) => y.total - x.total

/** Which functions to replay, as the scenario names them (files as the user wrote them, for messages). */
export interface Azure2019Selection {
  readonly functions?: ReadonlyArray<string> | undefined
  readonly apps?: ReadonlyArray<string> | undefined
  readonly top?: number | undefined
  readonly durationsPath?: string | undefined
}

/**
 * Reads an Azure 2019 invocation file (`file` as written, `path` resolved) and picks its functions;
 * durations from the percentiles file at `durationsPath` (resolved), when given.
 */
export const prepareAzure2019 = (file: string, path: string, a: Azure2019Selection, durationsPath: string | undefined): Array<Azure2019Function> => {
  const reader = new LineReader(path)
  let chosen: Array<{ hash: string; counts: Array<number>; total: number }> = []
  const top = a.functions === undefined && a.apps === undefined ? (a.top ?? 1) : undefined
  try {
    const header = reader.next()
    if (header === undefined) fail(file, 1, 1, "the file is empty; expected the Azure 2019 header")
    const col = headerColumns(header!)
    const hashCol = col("HashFunction")
    const appCol = col("HashApp")
    const minuteCols = Array.from({ length: 1440 }, (_, m) => col(String(m + 1)))
    if (hashCol < 0 || minuteCols.some((c) => c < 0)) fail(file, 1, 1, "expected the Azure 2019 header HashOwner,HashApp,HashFunction,Trigger,1,…,1440")
    for (let line = reader.next(); line !== undefined; line = reader.next()) {
      if (line.trim() === "") continue
      const f = splitCsv(line)
      const hash = f[hashCol]?.value ?? ""
      if (a.functions !== undefined && !a.functions.includes(hash)) continue
      if (a.apps !== undefined && !a.apps.includes(f[appCol]?.value ?? "")) continue
      const counts = minuteCols.map((c, m) => {
        const cell = f[c]
        const n = cell === undefined ? Number.NaN : Number(cell.value)
        if (!Number.isSafeInteger(n) || n < 0 || cell!.value === "")
          fail(
            file,
            reader.lineNumber,
            cell?.column ?? line.length + 1,
            `minute ${m + 1}: expected a count (an integer from 0 to 2^53 - 1), got ${shown(cell?.value ?? "")}`
          )
        return n
      })
      const total = counts.reduce((s, n) => s + n, 0)
      chosen.push({ hash, counts, total })
      // The top N: trimmed to N whenever 2N rows are held, so a large N costs O(rows log N), not a sort per row.
      if (top !== undefined && chosen.length >= 2 * top) chosen = chosen.sort(byTotalDescending).slice(0, top)
    }
  } finally {
    reader.close()
  }
  if (top !== undefined) chosen = chosen.sort(byTotalDescending).slice(0, top)
  if (chosen.length === 0) {
    if (top !== undefined) fail(file, 1, 1, "the file has no function rows, only its header")
    fail(file, 1, 1, `no function matches ${a.functions !== undefined ? `functions ${JSON.stringify(a.functions)}` : `apps ${JSON.stringify(a.apps)}`}`)
  }
  const durations = new Map<string, PercentilePoints>()
  if (durationsPath !== undefined) {
    const dfile = a.durationsPath!
    const d = new LineReader(durationsPath)
    try {
      const header = d.next()
      if (header === undefined) fail(dfile, 1, 1, "the file is empty; expected the Azure 2019 durations header")
      const col = headerColumns(header!)
      const hashCol = col("HashFunction")
      const cols = azureDurationColumns.map(col)
      if (hashCol < 0 || cols.some((c) => c < 0)) fail(dfile, 1, 1, `expected a header with HashFunction and ${azureDurationColumns.join(", ")}`)
      const wanted = new Set(chosen.map((c) => c.hash))
      for (let line = d.next(); line !== undefined; line = d.next()) {
        if (line.trim() === "") continue
        const f = splitCsv(line)
        const hash = f[hashCol]?.value ?? ""
        if (!wanted.has(hash)) continue
        let previous = 0
        const points = cols.map((c, i) => {
          const cell = f[c]
          const ms = cell === undefined ? Number.NaN : Number(cell.value)
          if (!(ms >= previous) || cell!.value === "")
            fail(
              dfile,
              d.lineNumber,
              cell?.column ?? line.length + 1,
              `${azureDurationColumns[i]}: expected milliseconds >= the previous percentile (${previous}), got ${shown(cell?.value ?? "")}`
            )
          previous = ms
          return [azurePercents[i]!, ms / 1000] as const
        })
        durations.set(hash, points)
      }
    } finally {
      d.close()
    }
  }
  return chosen.map((c) => ({ hash: c.hash, counts: c.counts, durations: durations.get(c.hash) ?? null }))
}

/**
 * The chosen functions' requests from `fromSeconds` to `toSeconds`, as (trace seconds, execution
 * seconds or NaN) in time order, one minute spread at a time with the uniform draws `u`.
 */
export const azure2019Requests = (
  functions: ReadonlyArray<Azure2019Function>,
  spread: "uniform" | "poisson",
  fromSeconds: number,
  toSeconds: number
): ((u: () => number) => readonly [number, number] | undefined) => {
  let minute = Math.max(0, Math.floor(fromSeconds / 60))
  let buffer: Array<readonly [number, number]> = []
  let index = 0
  const durationSamplers = functions.map((f) => (f.durations === null ? null : percentileSampler(f.durations)))
  return (u) => {
    while (index >= buffer.length) {
      if (minute >= 1440 || minute * 60 >= toSeconds) return undefined
      buffer = []
      index = 0
      functions.forEach((f, fi) => {
        const n = f.counts[minute]!
        const sampler = durationSamplers[fi]!
        const add = (offset: number) => buffer.push([minute * 60 + offset, sampler === null ? Number.NaN : sampler(u)] as const)
        if (spread === "uniform") for (let k = 0; k < n; k++) add(u() * 60)
        else for (let s = -Math.log(u()) * (60 / Math.max(n, 1e-9)); n > 0 && s < 60; s -= Math.log(u()) * (60 / n)) add(s)
      })
      buffer.sort((x, y) => x[0] - y[0])
      minute++
    }
    return buffer[index++]
  }
}
