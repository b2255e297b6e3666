/**
 * SweepReport: a sweep as a text table (terminal), and as an HTML page readable from phone to
 * desktop width: the answer, the cost/latency Pareto chart (SweepPareto), for two knobs the cost
 * heatmap (SweepHeatmap), the configs as an HTML table (a row per config; a column per knob, the
 * verdict and a column per figure; the recommended row highlighted; it scrolls sideways inside its
 * frame on a narrow screen, never the page) and the recommended config. Pure.
 */
import type { Interval, RunMetricName } from "../models/Slo.ts"
import type { ConfigResult, SweepResult } from "../sim/Sweep.ts"
import { palette } from "./Palette.ts"
import { formatFigure, formatInterval, hasUnreadable, unreadableNote } from "./Figures.ts"
import { escapeHtml } from "./HtmlPage.ts"
import { heatmap } from "./SweepHeatmap.ts"
import { paretoChart } from "./SweepPareto.ts"
import { alignedTable } from "./Table.ts"

// The charts live in SweepPareto and SweepHeatmap; callers of this module still find them here.
export { heatmap, paretoChart }

const columns: ReadonlyArray<readonly [string, RunMetricName]> = [
  ["$/h", "usdPerHour"],
  ["$/1k req", "usdPer1000"],
  ["delay p50", "delayTime.p50"],
  ["delay p95", "delayTime.p95"],
  ["delay p99", "delayTime.p99"],
  ["e2e p50", "endToEnd.p50"],
  ["e2e p95", "endToEnd.p95"],
  ["e2e p99", "endToEnd.p99"],
  ["cold %", "coldStartShare"],
  ["flash %", "flashbootShare"],
  ["unfinished %", "unfinishedShare"]
]

const verdict = (c: ConfigResult, slos: number): string =>
  c.invalid !== undefined
    ? "invalid"
    : c.runs === 0
      ? "not run"
      : slos === 0
        ? c.pareto
          ? "pareto"
          : ""
        : `${c.meetsAll ? "meets" : "misses"}${c.pareto ? ", pareto" : ""}`

/** What ran on which seeds, and how the figures and targets read. */
const intro = (s: SweepResult): [string, string] => [
  `${s.scenario.name}: ${s.configs.length} configs × ${s.replications} replications (seeds ${s.scenario.seed}–${s.scenario.seed + s.replications - 1}, the same for every config)${s.complete ? "" : ` — INCOMPLETE: ${s.runsDone} of ${s.runsTotal} runs`}`,
  `Figures: mean ±half-width of the 95 % confidence interval; latency in seconds, over every request that arrived.${s.slos.length > 0 ? ` Targets: ${s.slos.join(", ")} (met only if the interval's bound on the wrong side is).` : ""}`
]

/** Whether any figure in the table reads "—" or "∞" (then the table explains both). */
const unreadable = (s: SweepResult): boolean =>
  hasUnreadable(s.configs.flatMap((c) => (c.metrics === undefined ? [] : columns.map(([, key]) => c.metrics![key]))))

/** The sweep table: one row per config, mean ± half-width of the 95 % interval. */
export const sweepTable = (s: SweepResult): string => {
  const header = ["config", ...columns.map(([h]) => h), "targets"]
  const rows = s.configs.map((c) => [
    c.label,
    ...columns.map(([, key]) => (c.metrics === undefined ? "—" : formatInterval(key, c.metrics[key]))),
    verdict(c, s.slos.length)
  ])
  const invalid = s.configs.filter((c) => c.invalid !== undefined).map((c) => `  ${c.label}: ${c.invalid}`)
  return [
    ...intro(s),
    "",
    ...alignedTable(header, rows),
    ...(unreadable(s) ? ["", unreadableNote] : []),
    ...(invalid.length > 0 ? ["", "Invalid combinations (not run):", ...invalid] : []),
    "",
    s.message
  ].join("\n")
}

const knobName = (path: string) => path.replace(/^endpoint\./, "")
const knobValue = (v: unknown) => (v === undefined ? "—" : Array.isArray(v) ? v.join("+") : String(v))

/** A figure's cell: the mean, with the half-width of its interval beneath; "—" or "∞" alone. */
const figureCell = (metric: RunMetricName, ci: Interval | undefined): string => {
  if (ci === undefined || ci.mean === null || ci.high === null || !Number.isFinite(ci.mean))
    return `<td>${escapeHtml(formatFigure(metric, ci?.mean ?? null, false))}</td>`
  return `<td>${escapeHtml(formatFigure(metric, ci.mean, false))}<span class="pm">±${escapeHtml(formatFigure(metric, ci.high - ci.mean, false))}</span></td>`
}

/** The verdict cell: meets (✓) or misses (✗, with the targets missed), Pareto, recommended. */
const verdictCell = (c: ConfigResult, s: SweepResult): string => {
  const parts: Array<string> = []
  if (c.invalid !== undefined) parts.push(`<span class="verdict invalid">invalid</span>`)
  else if (c.runs === 0) parts.push(`<span class="verdict not-run">not run</span>`)
  else if (s.slos.length > 0 && c.meetsAll) parts.push(`<span class="verdict meets">✓ meets</span>`)
  else if (s.slos.length > 0) {
    // With one target, "misses" says which; with several, name the ones missed.
    const missed =
      s.slos.length === 1
        ? ""
        : ` ${c.slos
            .filter((v) => !v.meets)
            .map((v) => v.slo)
            .join(", ")}`
    parts.push(`<span class="verdict misses">✗ misses${escapeHtml(missed)}</span>`)
  }
  if (c.pareto) parts.push(`<span class="tag front">Pareto</span>`)
  if (c.label === s.recommendation?.label) parts.push(`<span class="tag recommended">★ recommended</span>`)
  return `<td class="verdict">${parts.join(" ")}</td>`
}

/** The row's classes: its verdict and whether it is the recommended config. */
const rowClass = (c: ConfigResult, s: SweepResult): string =>
  [
    c.invalid !== undefined ? "invalid" : c.runs === 0 ? "not-run" : s.slos.length === 0 ? "" : c.meetsAll ? "meets" : "misses",
    c.pareto ? "front" : "",
    c.label === s.recommendation?.label ? "recommended" : ""
  ]
    .filter((x) => x !== "")
    .join(" ")

/**
 * The configs as an HTML table, a row per config: a column per varied knob, the verdict (next to
 * the knobs, so a phone shows it without scrolling), and a column per figure.
 */
export const configsTable = (s: SweepResult): string => {
  const knobs = s.varied.map((v) => v.path)
  const head = [
    ...knobs.map((k) => `<th scope="col" class="knob">${escapeHtml(knobName(k))}</th>`),
    `<th scope="col" class="verdict">${s.slos.length > 0 ? "targets" : "front"}</th>`,
    ...columns.map(([h]) => `<th scope="col">${escapeHtml(h)}</th>`)
  ]
  const rows = s.configs.map((c) => {
    const cls = rowClass(c, s)
    return `<tr${cls === "" ? "" : ` class="${cls}"`} title="${escapeHtml(c.label)}">${knobs.map((k) => `<th scope="row">${escapeHtml(knobValue(c.settings[k]))}</th>`).join("")}${verdictCell(c, s)}${columns
      .map(([, key]) => figureCell(key, c.metrics?.[key]))
      .join("")}</tr>`
  })
  return `<div class="table-scroll" role="region" aria-label="Configs" tabindex="0"><table class="configs"><thead><tr>${head.join("")}</tr></thead><tbody>
${rows.join("\n")}
</tbody></table></div>`
}

const css = `*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2933;background:#f5f7fa}
main{max-width:1240px;margin:0 auto;padding:24px 16px 48px}
h1{font-size:24px;margin:0 0 12px;overflow-wrap:anywhere}
h2{font-size:18px;margin:28px 0 10px}
.answer{font-size:17px;margin:0;padding:12px 16px;background:#fff;border-left:4px solid ${palette.running};overflow-wrap:anywhere}
.note{color:#52606d;font-size:13px;margin:6px 0;overflow-wrap:anywhere}
figure{background:#fff;padding:8px;border-radius:6px;margin:16px 0;overflow-x:auto}
figure svg{display:block;width:100%;min-width:600px;max-width:1000px;height:auto;margin:0 auto}
.table-scroll{overflow-x:auto;background:#fff;border-radius:6px}
table.configs{border-collapse:collapse;width:100%;font-size:13px;font-variant-numeric:tabular-nums}
.configs th,.configs td{padding:6px 8px;border-bottom:1px solid #e4e7eb;vertical-align:top}
.configs thead th{text-align:right;font-weight:600;color:#52606d;vertical-align:bottom}
.configs td{text-align:right;white-space:nowrap}
.configs th.knob,.configs th[scope=row],.configs .verdict{text-align:left;white-space:nowrap}
.configs .pm{display:block;color:#7b8794;font-size:11px}
.configs span.meets{color:#17694f;font-weight:600}
.configs span.misses{color:#b42318;font-weight:600}
.configs span.invalid,.configs span.not-run{color:#7b8794}
.configs .tag{display:inline-block;padding:0 6px;border-radius:9px;font-size:11px;background:#e4e7eb}
.configs .tag.recommended{background:${palette.running};color:#fff}
.configs tr.recommended{background:#e8f0fa}
.configs tr.recommended th:first-child{box-shadow:inset 4px 0 0 ${palette.running}}
pre{background:#fff;padding:12px;overflow-x:auto;font-size:13px;border-radius:6px}`

/** The sweep as a self-contained HTML page. */
export const sweepHtml = (s: SweepResult, metric: RunMetricName): string => {
  const [ran, figures] = intro(s)
  const invalid = s.configs.filter((c) => c.invalid !== undefined)
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`scalecast sweep: ${s.scenario.name}`)}</title>
<style>${css}</style></head>
<body><main><h1>${escapeHtml(s.scenario.name)}: sweep</h1>
<p class="answer">${escapeHtml(s.message)}</p>
<figure>${paretoChart(s, metric)}</figure>
${s.varied.length === 2 ? `<figure>${heatmap(s)}</figure>` : ""}
<h2>Configs</h2>
<p class="note">${escapeHtml(ran)}</p>
<p class="note">${escapeHtml(figures)}</p>
${configsTable(s)}
${unreadable(s) ? `<p class="note">${escapeHtml(unreadableNote)}</p>` : ""}
${invalid.length === 0 ? "" : `<p class="note">Invalid combinations (not run):</p><ul class="note">${invalid.map((c) => `<li>${escapeHtml(`${c.label}: ${c.invalid}`)}</li>`).join("")}</ul>`}
${s.recommendation === null ? "" : `<h2>Recommended endpoint config (v2)</h2><pre>${escapeHtml(JSON.stringify(s.recommendation.endpoint, null, 2))}</pre>`}
</main></body></html>
`
}
