/**
 * Html: one self-contained HTML page per simulation (inline CSS and SVG, no script, no font or
 * image from the network), top to bottom: the question and answer, KPI tiles, four charts, the
 * percentile table, the endpoint config and the model's assumptions. Pure: report in, HTML out.
 */
import type { Slo } from "../models/Slo.ts"
import type { SimResult } from "../sim/SimResult.ts"
import { palette } from "./Chart.ts"
import { coldStartChart } from "./ColdStartChart.ts"
import { costChart } from "./CostChart.ts"
import { assumptions, endpointDescription, headline, kpis, percentileHeader, percentileTable } from "./Facts.ts"
import { latencyChart } from "./LatencyChart.ts"
import { runTargetLines, runVerdicts, targetsHeading, tileOf, type RunVerdict } from "./RunTargets.ts"
import { workersChart } from "./WorkersChart.ts"

export const escapeHtml = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")

export const pageCss = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2933; background: #f5f7fa; }
main { max-width: 840px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 32px 0 12px; }
.answer { font-size: 17px; margin: 8px 0 0; padding: 12px 16px; background: #fff; border-left: 4px solid ${palette.running}; }
.subtitle { color: #52606d; margin: 0; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 12px; }
.tile { background: #fff; border-radius: 6px; padding: 12px 14px; box-shadow: 0 1px 2px rgba(0,0,0,.06); }
.tile .label { color: #52606d; font-size: 13px; }
.tile .value { font-size: 22px; font-weight: 600; }
.tile .detail { color: #52606d; font-size: 12.5px; }
.chart { background: #fff; border-radius: 6px; padding: 8px; margin: 0 0 16px; box-shadow: 0 1px 2px rgba(0,0,0,.06); overflow-x: auto; }
.chart svg { display: block; width: 100%; min-width: 560px; height: auto; }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; background: #fff; width: 100%; }
th, td { padding: 6px 10px; border-bottom: 1px solid #e4e7eb; text-align: right; }
td { white-space: nowrap; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
th:first-child, td:first-child { text-align: left; }
pre { background: #fff; padding: 12px; overflow-x: auto; font-size: 13px; border-radius: 6px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; background: #fff; padding: 12px; border-radius: 6px; margin: 0; }
dt { color: #52606d; }
dd { margin: 0; }
footer { margin-top: 32px; color: #7b8794; font-size: 12px; }
@media (max-width: 480px) { main { padding: 16px 10px 32px; } th, td { padding: 6px 5px; } }
.tile.pass { box-shadow: inset 0 0 0 2px #2f9e8f; }
.tile.fail { box-shadow: inset 0 0 0 2px #d64545; }
.badge { display: block; font-size: 11.5px; font-weight: 600; }
.pass .badge { color: #1c6e63; }
.fail .badge { color: #b42323; }
.targets { list-style: none; padding: 0; margin: 12px 0 0; font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; }
.targets li { padding: 4px 8px; border-radius: 4px; margin-bottom: 4px; overflow-wrap: anywhere; }
.targets li.pass { background: #e3f4f1; }
.targets li.fail { background: #fdecec; }
`

export const htmlTable = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>, caption: string): string =>
  `<table><caption class="visually-hidden">${escapeHtml(caption)}</caption><thead><tr>${header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell, i) => (i === 0 ? `<th scope="row">${escapeHtml(cell)}</th>` : `<td>${escapeHtml(cell)}</td>`)).join("")}</tr>`)
    .join("")}</tbody></table>`

/** The KPI tiles; a tile a target reads is outlined and badged met or missed. */
export const tilesHtml = (r: SimResult, slos: ReadonlyArray<Slo>, verdicts: ReadonlyArray<RunVerdict>): string => {
  const marks = new Map<string, boolean>()
  slos.forEach((slo, i) => marks.set(tileOf(slo), (marks.get(tileOf(slo)) ?? true) && verdicts[i]!.meets))
  return kpis(r)
    .map((k) => {
      const mark = marks.get(k.label)
      const badge = mark === undefined ? "" : `<span class="badge">${mark ? "meets target" : "misses target"}</span>`
      return `<div class="tile${mark === undefined ? "" : mark ? " pass" : " fail"}" data-label="${escapeHtml(k.label)}"><div class="label">${escapeHtml(k.label)}${badge}</div><div class="value">${escapeHtml(k.value)}</div><div class="detail">${escapeHtml(k.detail)}</div></div>`
    })
    .join("\n")
}

/** The targets read on one run, one line each, marked met or missed. */
export const targetsHtml = (slos: ReadonlyArray<Slo>, verdicts: ReadonlyArray<RunVerdict>): string =>
  `<ul class="targets" aria-label="Targets">${runTargetLines(slos, verdicts)
    .map((line, i) => `<li class="${verdicts[i]!.meets ? "pass" : "fail"}">${escapeHtml(line)}</li>`)
    .join("")}</ul>`

/** The full HTML document; targets, when given, are read on the run and marked on the tiles. */
export const htmlReport = (r: SimResult, slos: ReadonlyArray<Slo> = []): string => {
  const verdicts = runVerdicts(r, slos)
  const endpoint = endpointDescription(r)
  const charts = [workersChart(r), latencyChart(r), costChart(r), coldStartChart(r)]
  const percentiles = percentileTable(r)
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`scalecast: ${r.scenario.name}`)}</title>
<style>${pageCss}</style>
</head>
<body>
<main>
<h1>${escapeHtml(r.scenario.name)}</h1>
<p class="subtitle">${escapeHtml(`${endpoint.gpus} · ${endpoint.scaling}`)}</p>
<p class="answer">${escapeHtml(headline(r))}</p>

${slos.length === 0 ? "" : `<h2>Targets</h2>\n${targetsHtml(slos, verdicts)}\n<p class="subtitle">${escapeHtml(targetsHeading)}</p>\n`}
<h2>Key figures</h2>
<div class="tiles">
${tilesHtml(r, slos, verdicts)}
</div>

<h2>Charts</h2>
${charts.map((svg) => `<figure class="chart">${svg}</figure>`).join("\n")}

<h2>${escapeHtml(percentiles.title)}</h2>
<div class="table-scroll">${htmlTable(percentileHeader, percentiles.rows, `Latency percentiles of completed requests, in ${percentiles.unit.name}`)}</div>

<h2>Endpoint config (normalised v2, ready to POST)</h2>
<pre>${escapeHtml(JSON.stringify(r.endpoint, null, 2))}</pre>

<h2>Model assumptions</h2>
<dl>
${assumptions(r)
  .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
  .join("\n")}
</dl>
<footer>Generated by scalecast from scenario “${escapeHtml(r.scenario.name)}”, seed ${r.scenario.seed}. Simulated figures, not measurements.</footer>
</main>
</body>
</html>
`
}
