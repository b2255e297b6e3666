/**
 * Markdown: the HTML report's facts as Markdown tables, for pull requests and wikis. Pure.
 */
import type { SimResult } from "../sim/SimResult.ts"
import { assumptions, endpointDescription, headline, kpis, percentileHeader, percentileRows } from "./Facts.ts"

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\r\n|\r|\n/g, " ")

const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>, align: ReadonlyArray<"l" | "r">): string =>
  [
    `| ${header.map(cell).join(" | ")} |`,
    `|${align.map((a) => (a === "r" ? "---:" : ":---")).join("|")}|`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`)
  ].join("\n")

export const markdownReport = (r: SimResult): string => {
  const endpoint = endpointDescription(r)
  const t = r.timeline
  const peakQueue = Math.max(0, ...t.queued)
  return `# ${r.scenario.name}

${endpoint.gpus} · ${endpoint.scaling}

**${headline(r)}**

## Key figures

${table(
  ["figure", "value", "detail"],
  kpis(r).map((k) => [k.label, k.value, k.detail]),
  ["l", "r", "l"]
)}

## Latency percentiles (seconds)

${table(percentileHeader, percentileRows(r), ["l", "r", "r", "r", "r", "r", "r"])}

## Over time

${table(
  ["series", "mean", "peak interval average"],
  [
    ["running workers", String(r.workers.meanRunning), String(Math.max(0, ...t.running))],
    ["ready workers (warm, waiting)", String(r.workers.meanReady), String(Math.max(0, ...t.ready))],
    ["initializing workers", String(r.workers.meanInitializing), String(Math.max(0, ...t.initializing))],
    ["throttled workers", String(r.workers.meanThrottled), String(Math.max(0, ...t.throttled))],
    ["idle workers (scaled down, FlashBoot state kept)", String(r.workers.meanRetained), String(Math.max(0, ...t.retained))],
    ["queued requests", String(r.queue.meanLength), String(peakQueue)]
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
