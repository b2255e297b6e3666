/**
 * BacktestReport: a backtest (prediction beside RunPod's records) as terminal text, Markdown and a
 * self-contained HTML page. The page overlays the observed and predicted delayTime distributions
 * (cumulative, log time axis) and, with `/health` polls, observed and predicted workers over time.
 * Pure: backtest in, text out.
 */
import type { Backtest, LatencyErrors } from "../sim/Backtest.ts"
import type { JobFigures, LatencyFigures } from "../sim/JobFigures.ts"
import { axes, chartSvg, type G, innerHeight, innerWidth, legend, pathOf, timeAxis } from "./Chart.ts"
import { palette } from "./Palette.ts"
import { absent, fixed, formatCount, formatRelativeError, formatSecondsCell, formatSecondsShort } from "./Format.ts"
import { htmlTable } from "./Html.ts"
import { escapeHtml, pageCss } from "./HtmlPage.ts"
import { alignedTable } from "./Table.ts"

const observedColor = palette.queued
const predictedColor = palette.running

const latencyRows = (name: string, o: LatencyFigures, p: LatencyFigures, e: LatencyErrors): Array<Array<string>> =>
  (["mean", "p50", "p90", "p95", "p99"] as const).map((k) => [`${name} ${k}`, formatSecondsCell(o[k]), formatSecondsCell(p[k]), formatRelativeError(e[k])])

const requestRows = (o: JobFigures, p: JobFigures): Array<Array<string>> =>
  (["completed", "failed", "timedOut", "cancelled", "inQueue", "inProgress"] as const)
    .filter((k) => o.requests[k] > 0 || p.requests[k] > 0)
    .map((k) => [`requests ${k}`, formatCount(o.requests[k]), formatCount(p.requests[k]), absent])

/** Every row of the comparison table: figure, observed, predicted, relative error. */
export const comparisonRows = (b: Backtest): Array<Array<string>> => [
  ["requests (all)", formatCount(b.observed.requests.total), formatCount(b.predicted.requests.total), absent],
  ...requestRows(b.observed, b.predicted),
  ...latencyRows("delayTime", b.observed.delayTime, b.predicted.delayTime, b.error.delayTime),
  ...latencyRows("end-to-end", b.observed.endToEnd, b.predicted.endToEnd, b.error.endToEnd),
  [
    "worker starts",
    b.observed.workerStarts === null ? absent : formatCount(b.observed.workerStarts),
    b.predicted.workerStarts === null ? absent : formatCount(b.predicted.workerStarts),
    formatRelativeError(b.error.workerStarts)
  ]
]

const header = ["figure", "observed", "predicted", "error"]

const distances = (b: Backtest): Array<string> => [
  `delayTime distributions differ by ${fixed(b.error.delayTimeKs, 3)} (Kolmogorov–Smirnov distance: 0 = identical, 1 = disjoint)`,
  ...(b.error.firstDelayKs === null ? [] : [`workers' first delays (where starts show) differ by ${fixed(b.error.firstDelayKs, 3)} (KS)`]),
  ...(b.health === null
    ? []
    : [
        `health polls: workers off by ${fixed(b.health.workersMeanAbsoluteError, 2)} on average, queue by ${fixed(b.health.inQueueMeanAbsoluteError, 2)} (${formatCount(b.health.atSeconds.length)} polls)`
      ])
]

/** The terminal summary. */
export const backtestText = (b: Backtest): string =>
  [
    `Backtest of ${b.scenario} on ${formatCount(b.replayed)} recorded jobs (seed ${b.seed})`,
    "",
    ...alignedTable(header, comparisonRows(b)),
    "",
    ...distances(b),
    ...(b.notes.length === 0 ? [] : ["", "Notes:", ...b.notes.map((n) => `  ${n}`)])
  ].join("\n")

/** The Markdown report. */
export const backtestMarkdown = (b: Backtest): string =>
  [
    `# Backtest: ${b.scenario}`,
    "",
    `${formatCount(b.replayed)} recorded jobs replayed through the scenario's endpoint (seed ${b.seed}). Error = (predicted − observed) / observed.`,
    "",
    `| ${header.join(" | ")} |`,
    `|${header.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`,
    ...comparisonRows(b).map((r) => `| ${r.join(" | ")} |`),
    "",
    ...distances(b).map((d) => `- ${d}`),
    ...(b.notes.length === 0 ? [] : ["", "## Notes", "", ...b.notes.map((n) => `- ${n}`)]),
    ""
  ].join("\n")

const floorSeconds = 0.001

/** Observed (solid) and predicted (dashed) paths with their legend. */
const overlay = (g: G, observed: string, predicted: string, width: number, labels: readonly [string, string]): void => {
  g.append("path").attr("class", "series series-observed").attr("fill", "none").attr("stroke", observedColor).attr("stroke-width", width).attr("d", observed)
  g.append("path")
    .attr("class", "series series-predicted")
    .attr("fill", "none")
    .attr("stroke", predictedColor)
    .attr("stroke-width", width)
    .attr("stroke-dasharray", "6 3")
    .attr("d", predicted)
  legend(g, [
    { label: labels[0], color: observedColor, kind: "line" },
    { label: labels[1], color: predictedColor, kind: "line" }
  ])
}

/** Observed and predicted delayTime as cumulative curves on a log time axis. */
export const delayCdfChart = (b: Backtest): string => {
  const q = b.delayQuantiles
  const hi = Math.max(floorSeconds * 10, ...q.observed, ...q.predicted) * 1.2
  return chartSvg(
    "chart-delay-cdf",
    "delayTime: observed against predicted",
    `Share of completed jobs at or below each delayTime, recorded (${formatCount(b.observed.requests.completed)} jobs) and simulated, on a logarithmic time axis. Observed p95 ${formatSecondsCell(b.observed.delayTime.p95)}, predicted ${formatSecondsCell(b.predicted.delayTime.p95)}.`,
    (g, d3) => {
      const x = d3.scaleLog().domain([floorSeconds, hi]).range([0, innerWidth]).clamp(true)
      const y = d3.scaleLinear().domain([0, 1]).range([innerHeight, 0])
      axes(g, d3, x, y, {
        xLabel: "delayTime, seconds (log scale)",
        yLabel: "share of jobs",
        xTicks: x.ticks(6).filter((t) => Math.log10(t) % 1 === 0),
        xFormat: (v) => (v === floorSeconds ? "≤ 1 ms" : formatSecondsShort(v)),
        yFormat: (v) => `${Math.round(v * 100)} %`
      })
      const curve = (values: ReadonlyArray<number>) =>
        values.length === 0 ? "" : pathOf([[x(floorSeconds), y(0)], ...values.map((v, i) => [x(Math.max(floorSeconds, v)), y(q.percents[i]! / 100)] as const)])
      overlay(g, curve(q.observed), curve(q.predicted), 2, ["observed (records)", "predicted (scalecast)"])
    }
  )
}

/** Workers /health counted (running + ready + initializing) against the run's, at each poll. */
export const healthChart = (b: Backtest): string => {
  const h = b.health!
  const end = Math.max(1, h.atSeconds[h.atSeconds.length - 1] ?? 1)
  const top = Math.max(1, ...h.observedWorkers, ...h.predictedWorkers) * 1.15
  return chartSvg(
    "chart-health",
    "Workers: observed (/health) against predicted",
    `Workers running, ready or initializing at each of ${formatCount(h.atSeconds.length)} health polls, as RunPod reported them and as the simulation had them. Mean absolute difference ${fixed(h.workersMeanAbsoluteError, 2)} workers.`,
    (g, d3) => {
      const axis = timeAxis(end)
      const x = d3.scaleLinear().domain([0, end]).range([0, innerWidth])
      const y = d3.scaleLinear().domain([0, top]).range([innerHeight, 0])
      axes(g, d3, x, y, { xLabel: axis.label, yLabel: "workers", xTicks: axis.ticks, xFormat: axis.format })
      const line = (values: ReadonlyArray<number>) => pathOf(values.map((v, i) => [x(h.atSeconds[i]!), y(v)] as const))
      overlay(g, line(h.observedWorkers), line(h.predictedWorkers), 1.5, ["observed (/health)", "predicted"])
    }
  )
}

/** The self-contained HTML page. */
export const backtestHtml = (b: Backtest): string => {
  const charts = [delayCdfChart(b), ...(b.health === null ? [] : [healthChart(b)])]
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`scalecast backtest: ${b.scenario}`)}</title>
<style>${pageCss}</style>
</head>
<body>
<main>
<h1>${escapeHtml(`Backtest: ${b.scenario}`)}</h1>
<p class="subtitle">${escapeHtml(`${formatCount(b.replayed)} recorded jobs replayed, seed ${b.seed}`)}</p>
<p class="answer">${escapeHtml(distances(b)[0]!)}</p>

<h2>Charts</h2>
${charts.map((svg) => `<figure class="chart">${svg}</figure>`).join("\n")}

<h2>Observed against predicted</h2>
<div class="table-scroll">${htmlTable(header, comparisonRows(b), "Observed and predicted figures with relative errors")}</div>
${b.notes.length === 0 ? "" : `<h2>Notes</h2>\n<ul>${b.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>`}
<footer>Generated by scalecast. Observed figures come from the job records; predicted ones from a simulation of the same submissions.</footer>
</main>
</body>
</html>
`
}
