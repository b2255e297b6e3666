/**
 * HtmlPage: what every scalecast HTML page shares without drawing: escaping text for HTML and the
 * pages' stylesheet. The pages (Html.ts, SweepReport.ts, BacktestReport.ts, the explore page) add
 * their own parts; nothing here loads the charts.
 */
import { palette } from "./Palette.ts"

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
