/**
 * Markdown: the HTML report's facts as Markdown tables, for pull requests and wikis. The
 * percentile table is in one unit, named in its heading; the over-time table gives every worker
 * count and queue length to 2 decimals. Pure.
 */
import type { Slo } from "../models/Slo.ts"
import type { SimResult } from "../sim/SimResult.ts"
import { runTargetLines, runVerdicts, targetsHeading } from "./RunTargets.ts"
import { assumptions, endpointDescription, headline, kpis, percentileHeader, percentileTable } from "./Facts.ts"
import { fixed } from "./Format.ts"

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\r\n|\r|\n/g, " ")

const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>, align: ReadonlyArray<"l" | "r">): string =>
  [
    `| ${header.map(cell).join(" | ")} |`,
    `|${align.map((a) => (a === "r" ? "---:" : ":---")).join("|")}|`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`)
  ].join("\n")

export const markdownReport = (r: SimResult, slos: ReadonlyArray<Slo> = []): string => {
  const verdicts = runVerdicts(r, slos)
  const targets =
    slos.length === 0
      ? ""
      : `## Targets

${targetsHeading}.

${runTargetLines(slos, verdicts)
  .map((line) => `- ${line.replace(/^(ok|FAIL) +/, (_, verdict: string) => (verdict === "ok" ? "✓ " : "✗ **missed**: "))}`)
  .join("\n")}

`
  const endpoint = endpointDescription(r)
  const t = r.timeline
  const percentiles = percentileTable(r)
  const row = (label: string, mean: number, series: ReadonlyArray<number>) => [label, fixed(mean, 2), fixed(Math.max(0, ...series), 2)]
  return `# ${r.scenario.name}

${endpoint.gpus} · ${endpoint.scaling}

**${headline(r)}**

${targets}## Key figures

${table(
  ["figure", "value", "detail"],
  kpis(r).map((k) => [k.label, k.value, k.detail]),
  ["l", "r", "l"]
)}

## ${percentiles.title}

${table(percentileHeader, percentiles.rows, ["l", "r", "r", "r", "r", "r", "r"])}

## Over time

${table(
  ["series", "mean", "peak interval average"],
  [
    row("running workers", r.workers.meanRunning, t.running),
    row("ready workers (warm, waiting)", r.workers.meanReady, t.ready),
    row("initializing workers", r.workers.meanInitializing, t.initializing),
    row("throttled workers", r.workers.meanThrottled, t.throttled),
    row("idle workers (scaled down, FlashBoot state kept)", r.workers.meanRetained, t.retained),
    row("queued requests", r.queue.meanLength, t.queued)
  ],
  ["l", "r", "r"]
)}

Averages over ${t.bucketSeconds}-second intervals; ${r.coldStarts.count} cold starts and ${r.coldStarts.flashboot} FlashBoot resumes in all.

## Endpoint config (normalised v2, ready to POST)

\`\`\`json
${JSON.stringify(r.endpoint, null, 2)}
\`\`\`

## Model assumptions

${table(["assumption", "value"], assumptions(r), ["l", "l"])}
`
}
