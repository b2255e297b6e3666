/**
 * The explore page's script: builds the knob form, sends each change to the simulation worker
 * (ending a run still in progress and starting a fresh worker, which is how a run is cancelled),
 * and redraws the headline, KPI tiles (marked against `?slo=` targets), the report's four charts,
 * the percentile table and the v2 config from the run's report. The knob values live in the URL
 * hash, so a link reproduces the view. `window.scalecast` exposes the current report and state to
 * scripts and tests.
 */
import { parseSlo, type Slo } from "../../models/Slo.ts"
import type { EndpointConfig } from "../../models/EndpointConfig.ts"
import type { SimResult } from "../../sim/SimResult.ts"
import { coldStartChart } from "../ColdStartChart.ts"
import { costChart } from "../CostChart.ts"
import { endpointDescription, headline, percentileHeader, percentileTable } from "../Facts.ts"
import { htmlTable, targetsHtml, tilesHtml } from "../Html.ts"
import { escapeHtml } from "../HtmlPage.ts"
import { latencyChart } from "../LatencyChart.ts"
import { runVerdicts } from "../RunTargets.ts"
import { workersChart } from "../WorkersChart.ts"
import { fromHash, knobs, toHash, type Knob, type KnobPath, type KnobValues } from "./Knobs.ts"
import type { FromWorker, ToWorker } from "./worker.ts"

/** What the CLI embeds in the page. */
export interface ExploreData {
  readonly name: string
  readonly input: Record<string, unknown>
  readonly durationSeconds: number
  readonly initial: KnobValues
  readonly scalesTraffic: boolean
}

const data = JSON.parse(document.getElementById("scalecast-data")!.textContent!) as ExploreData
const workerUrl = URL.createObjectURL(new Blob([document.getElementById("scalecast-worker")!.textContent!], { type: "text/javascript" }))
const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const form = byId<HTMLFormElement>("knobs")
const status = byId<HTMLElement>("status")
const progress = byId<HTMLProgressElement>("progress")

const slos: Array<Slo> = []
const sloProblems: Array<string> = []
for (const text of new URLSearchParams(location.search).getAll("slo").flatMap((s) => s.split(","))) {
  const parsed = parseSlo(text)
  if ("slo" in parsed) slos.push(parsed.slo)
  else sloProblems.push(parsed.error)
}

let values: KnobValues = fromHash(location.hash, data.initial)
let shown: { readonly report: SimResult; readonly request: EndpointConfig; readonly values: KnobValues; readonly elapsedMs: number } | undefined
let worker: Worker | undefined
let running: number | undefined
let lastId = 0
let settledId = 0

const startWorker = (): Worker => {
  const w = new Worker(workerUrl)
  w.onmessage = (e: MessageEvent<FromWorker>) => receive(e.data)
  w.onerror = (e) => {
    running = undefined
    settledId = lastId
    showProblems([`the simulation stopped: ${e.message}`])
  }
  w.postMessage({ kind: "base", input: data.input, durationSeconds: data.durationSeconds } satisfies ToWorker)
  return w
}

/** Simulates the current values; a run still in progress is abandoned with its worker. */
const simulate = () => {
  if (running !== undefined && worker !== undefined) {
    worker.terminate()
    worker = undefined
  }
  worker ??= startWorker()
  running = ++lastId
  worker.postMessage({ kind: "run", id: running, values } satisfies ToWorker)
  setTimeout(() => {
    if (running === lastId) progress.hidden = false
  }, 150)
  status.textContent = "simulating…"
}

const receive = (m: FromWorker) => {
  if (m.id !== running) return
  if (m.kind === "progress") {
    progress.value = Math.min(0.99, m.simulatedSeconds / data.durationSeconds)
    status.textContent = `simulating… ${Math.round(progress.value * 100)} %`
    return
  }
  running = undefined
  settledId = m.id
  progress.hidden = true
  progress.value = 0
  if ("problems" in m.outcome) return showProblems(m.outcome.problems)
  shown = { report: m.outcome.result, request: m.outcome.request, values, elapsedMs: m.elapsedMs }
  render(shown.report, shown.request)
  status.textContent = `${m.outcome.result.requests.arrived.toLocaleString("en-US")} requests simulated in ${Math.round(m.elapsedMs).toLocaleString("en-US")} ms`
}

const showProblems = (problems: ReadonlyArray<string>) => {
  const box = byId<HTMLElement>("problems")
  box.hidden = false
  box.innerHTML = `<strong>This config cannot be simulated:</strong><ul>${problems.map((p) => `<li>${escapeHtml(p)}</li>`).join("")}</ul>`
  byId<HTMLElement>("results").classList.add("stale")
  status.textContent = "not simulated (see the problems above)"
}

const render = (r: SimResult, request: EndpointConfig) => {
  byId<HTMLElement>("problems").hidden = true
  byId<HTMLElement>("results").classList.remove("stale")
  const e = endpointDescription(r)
  byId<HTMLElement>("subtitle").textContent = `${e.gpus} · ${e.scaling}`
  byId<HTMLElement>("headline").textContent = headline(r)
  const verdicts = runVerdicts(r, slos)
  byId<HTMLElement>("tiles").innerHTML = tilesHtml(r, slos, verdicts)
  const targets = byId<HTMLElement>("targets")
  targets.hidden = slos.length === 0 && sloProblems.length === 0
  targets.innerHTML = targetsHtml(slos, verdicts) + sloProblems.map((p) => `<p class="problem">${escapeHtml(`?slo: ${p}`)}</p>`).join("")
  for (const [id, svg] of [
    ["fig-workers", workersChart(r)],
    ["fig-latency", latencyChart(r)],
    ["fig-cost", costChart(r)],
    ["fig-coldstarts", coldStartChart(r)]
  ] as const)
    byId<HTMLElement>(id).innerHTML = svg
  const percentiles = percentileTable(r)
  byId<HTMLElement>("percentiles-title").textContent = percentiles.title
  byId<HTMLElement>("percentiles").innerHTML = htmlTable(
    percentileHeader,
    percentiles.rows,
    `Latency percentiles of completed requests, in ${percentiles.unit.name}`
  )
  byId<HTMLElement>("v2").textContent = JSON.stringify(request, null, 2)
}

const field = (k: Knob): string => {
  const value = String(values[k.path])
  const help = `help-${k.path.replace(/\./g, "-")}`
  const disabled = k.path === "workload.arrivals.rateMultiplier" && !data.scalesTraffic
  const control =
    k.control === "select"
      ? `<select id="${k.path}" name="${k.path}" aria-describedby="${help}">${k.options!.map((o) => `<option${o === value ? " selected" : ""}>${o}</option>`).join("")}</select>`
      : k.control === "pools"
        ? `<input id="${k.path}" name="${k.path}" type="text" value="${escapeHtml(value)}" aria-describedby="${help}" spellcheck="false" autocomplete="off">
           <div class="pools" id="pool-list"></div>
           <select id="pool-add" aria-label="add a GPU pool"><option value="">add a pool…</option>${k.options!.map((o) => `<option>${o}</option>`).join("")}</select>`
        : `<div class="pair"><input id="${k.path}" name="${k.path}" type="number" value="${escapeHtml(value)}" step="any" aria-describedby="${help}"${disabled ? " disabled" : ""}>${k.unit === undefined ? "" : `<span class="unit">${k.unit}</span>`}</div>
           <input type="range" data-for="${k.path}" aria-label="${escapeHtml(k.label)} slider" min="${k.min}" max="${Math.max(k.max!, Number(values[k.path]) * 2)}" step="${k.step}" value="${escapeHtml(value)}"${disabled ? " disabled" : ""}>`
  return `<div class="knob" title="${escapeHtml(k.meaning)}"><label for="${k.path}">${escapeHtml(k.label)}</label>${control}<span class="visually-hidden" id="${help}">${escapeHtml(k.meaning)}${disabled ? " (this scenario's arrivals are listed times: the multiplier does not apply)" : ""}</span></div>`
}

const drawPools = () => {
  const pools = String(values["gpu.pools"])
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "")
  byId<HTMLElement>("pool-list").innerHTML = pools
    .map(
      (p, i) =>
        `<span class="pool">${escapeHtml(p)}<button type="button" data-pool-up="${i}" aria-label="move ${escapeHtml(p)} up"${i === 0 ? " disabled" : ""}>↑</button><button type="button" data-pool-remove="${i}" aria-label="remove ${escapeHtml(p)}">✕</button></span>`
    )
    .join("")
}

const setValue = (path: KnobPath, raw: string) => {
  const knob = knobs.find((k) => k.path === path)!
  values = { ...values, [path]: knob.control === "number" ? (raw.trim() === "" ? Number.NaN : Number(raw)) : raw }
  history.replaceState(null, "", `${location.pathname}${location.search}${toHash(values, data.initial) === "" ? "" : `#${toHash(values, data.initial)}`}`)
  simulate()
}

const setPools = (pools: ReadonlyArray<string>) => {
  const input = form.elements.namedItem("gpu.pools") as HTMLInputElement
  input.value = pools.join(",")
  setValue("gpu.pools", input.value)
  drawPools()
}

form.innerHTML = knobs.map(field).join("")
drawPools()
form.addEventListener("submit", (e) => e.preventDefault())
form.addEventListener("input", (e) => {
  const target = e.target as HTMLInputElement
  if (target.id === "pool-add") return
  const path = (target.dataset.for ?? target.name) as KnobPath
  if (target.type === "range") (form.elements.namedItem(path) as HTMLInputElement).value = target.value
  else if (target.type === "number") {
    const range = form.querySelector<HTMLInputElement>(`input[data-for="${path}"]`)
    if (range !== null) range.value = target.value
  }
  setValue(path, target.value)
  if (path === "gpu.pools") drawPools()
})
form.addEventListener("change", (e) => {
  const target = e.target as HTMLSelectElement
  if (target.id !== "pool-add" || target.value === "") return
  const pools = String(values["gpu.pools"])
    .split(",")
    .filter((p) => p !== "" && p !== target.value)
  setPools([...pools, target.value])
  target.value = ""
})
form.addEventListener("click", (e) => {
  const button = (e.target as HTMLElement).closest("button")
  if (button === null) return
  const pools = String(values["gpu.pools"])
    .split(",")
    .filter((p) => p !== "")
  if (button.dataset.poolUp !== undefined) {
    const i = Number(button.dataset.poolUp)
    ;[pools[i - 1], pools[i]] = [pools[i]!, pools[i - 1]!]
    setPools(pools)
  } else if (button.dataset.poolRemove !== undefined) setPools(pools.filter((_, i) => i !== Number(button.dataset.poolRemove)))
})

byId<HTMLButtonElement>("copy-v2").addEventListener("click", async () => {
  const text = byId<HTMLElement>("v2").textContent ?? ""
  const note = byId<HTMLElement>("copy-note")
  try {
    await navigator.clipboard.writeText(text)
    note.textContent = "copied"
  } catch {
    const range = document.createRange()
    range.selectNodeContents(byId<HTMLElement>("v2"))
    getSelection()?.removeAllRanges()
    getSelection()?.addRange(range)
    note.textContent = document.execCommand("copy") ? "copied" : "selected: press Ctrl+C to copy"
  }
})

byId<HTMLButtonElement>("reset").addEventListener("click", () => {
  values = data.initial
  history.replaceState(null, "", `${location.pathname}${location.search}`)
  form.innerHTML = knobs.map(field).join("")
  drawPools()
  simulate()
})

;(window as unknown as { scalecast: unknown }).scalecast = {
  /** The report of the values shown (what `scalecast simulate --json` prints for them). */
  report: () => shown?.report,
  /** The shown config as v2 `POST /v2/serverless` JSON. */
  request: () => shown?.request,
  /** The current knob values. */
  values: () => values,
  /** How long the worker took to simulate the values shown, in milliseconds. */
  elapsedMs: () => shown?.elapsedMs,
  /** Whether the latest change has been simulated (or found invalid). */
  idle: () => running === undefined && settledId === lastId
}

simulate()
