/**
 * ExploreHtml: the explore page as one self-contained HTML file. The page's script and its Web
 * Worker are bundled from scalecast's own sources (esbuild; the worker runs the same engine and
 * models as the CLI, the page draws with the same chart modules, `d3-node` mapped onto the
 * browser's DOM), and inlined with the styles and the scenario document: no network, no files.
 * The prebuilt command (dist/) carries both scripts bundled at install (`writeExploreBundles`, run
 * by scripts/build.mjs), so writing a page does not wait for esbuild; from the TypeScript sources
 * they are bundled when a page is written.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import type { Plugin } from "esbuild"
import { escapeHtml, pageCss } from "../HtmlPage.ts"
import type { ExploreData } from "./page.ts"

const fromSources = import.meta.url.endsWith(".ts")

/** A file of this folder's sources (from dist/, the prebuilt command, they are in src/report/explore/). */
const here = (file: string) => fileURLToPath(new URL(fromSources ? file : `../src/report/explore/${file}`, import.meta.url))

/** The page's two scripts: its own, and its Web Worker's. */
const scripts = ["page", "worker"] as const
type Script = (typeof scripts)[number]

/** Where dist/ keeps a script bundled at install. */
const prebuilt = (script: Script) => fileURLToPath(new URL(`./explore/${script}.js`, import.meta.url))

/** Node built-ins are only reached by trace and records reading, which explore refuses: stub them. */
const nodeBuiltins: Plugin = {
  name: "node-builtins",
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: "node-builtin" }))
    b.onLoad({ filter: /.*/, namespace: "node-builtin" }, (args) => ({
      contents: `module.exports = new Proxy({}, { get: (_, name) => () => { throw new Error(${JSON.stringify(args.path)} + "." + String(name) + " is not available in the browser") } })`,
      loader: "js"
    }))
  }
}

const bundle = async (script: Script): Promise<string> => {
  const { build } = await import("esbuild")
  const out = await build({
    entryPoints: [here(`./${script}.ts`)],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    charset: "utf8",
    logLevel: "silent",
    alias: { "d3-node": here("./BrowserD3Node.ts") },
    define: { "process.env.NODE_ENV": '"production"' },
    plugins: [nodeBuiltins]
  })
  // Inside <script>, "</script" (any case) and "<!--" would end or confuse the element; in JS text
  // they can only occur in strings, templates and regular expressions, where "<\/" and "\x3C!--" read the same.
  return out.outputFiles[0]!.text.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "\\x3C!--")
}

/** JSON safe inside a <script> element. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, "\\u003c")

const exploreCss = `
main { max-width: 1800px; }
.layout { display: grid; grid-template-columns: 300px minmax(0, 1fr); gap: 24px; align-items: start; }
#knobs { position: sticky; top: 12px; background: #fff; border-radius: 6px; padding: 12px 14px; box-shadow: 0 1px 2px rgba(0,0,0,.06); max-height: calc(100vh - 24px); overflow-y: auto; }
.knob { margin-bottom: 12px; }
.knob label { display: block; font-size: 13px; font-weight: 600; margin-bottom: 2px; cursor: help; }
.knob select, .knob input[type=text], .knob input[type=number] { width: 100%; font: inherit; padding: 4px 6px; border: 1px solid #9aa5b1; border-radius: 4px; background: #fff; }
.knob .pair { display: flex; gap: 6px; align-items: center; }
.knob .unit { color: #52606d; font-size: 13px; }
.knob input[type=range] { width: 100%; margin: 4px 0 0; }
.knob :focus-visible { outline: 2px solid #2f6fb0; outline-offset: 1px; }
.pools { display: flex; flex-wrap: wrap; gap: 4px; margin: 6px 0; }
.pool { display: inline-flex; align-items: center; gap: 2px; background: #e4e7eb; border-radius: 4px; padding: 1px 2px 1px 6px; font-size: 12.5px; }
.pool button { border: 0; background: transparent; cursor: pointer; padding: 0 4px; font: inherit; }
.pool button:disabled { opacity: .3; cursor: default; }
.bar { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; margin: 12px 0 0; color: #52606d; font-size: 13px; }
.bar button { font: inherit; padding: 4px 10px; border: 1px solid #9aa5b1; border-radius: 4px; background: #fff; cursor: pointer; }
#progress { width: 160px; }
#problems { background: #fdecec; border-left: 4px solid #d64545; padding: 8px 12px; margin: 12px 0; }
#problems ul { margin: 4px 0 0; padding-left: 20px; }
.stale .tiles, .stale figure, .stale table { opacity: .45; }
#targets .problem { color: #b42323; font-size: 13px; margin: 4px 0; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 640px), 1fr)); gap: 16px; }
.charts figure.chart { margin: 0; overflow-x: auto; }
.charts figure.chart svg { max-width: 900px; min-width: 560px; margin: 0 auto; }
@media (max-width: 860px) {
  .layout { grid-template-columns: minmax(0, 1fr); }
  #knobs { position: static; max-height: none; display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 0 12px; }
}
`

/** A script: prebuilt when running from dist/, else bundled now. */
const script = (name: Script): Promise<string> =>
  !fromSources && existsSync(prebuilt(name)) ? Promise.resolve(readFileSync(prebuilt(name), "utf8")) : bundle(name)

/** Bundles the page's scripts into dist/explore/ (scripts/build.mjs calls it on the freshly built dist/). */
export const writeExploreBundles = async (): Promise<void> => {
  mkdirSync(fileURLToPath(new URL("./explore/", import.meta.url)), { recursive: true })
  for (const name of scripts) writeFileSync(prebuilt(name), await bundle(name))
}

/** The page for a scenario document, its decoded run length and its knobs' starting values. */
export const exploreHtml = async (data: ExploreData): Promise<string> => {
  const [pageJs, workerJs] = await Promise.all([script("page"), script("worker")])
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' blob:; worker-src blob:; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(`scalecast explore: ${data.name}`)}</title>
<style>${pageCss}${exploreCss}</style>
</head>
<body>
<main>
<h1>${escapeHtml(data.name)}: explore</h1>
<p class="subtitle" id="subtitle"></p>
<div class="bar"><span id="status" role="status" aria-live="polite">loading…</span><progress id="progress" max="1" value="0" hidden></progress><button type="button" id="copy-v2">copy v2 JSON</button><span id="copy-note" aria-live="polite"></span><button type="button" id="reset">reset knobs</button></div>
<div id="problems" role="alert" hidden></div>
<div class="layout">
<form id="knobs" aria-label="Endpoint settings"></form>
<div id="results">
<p class="answer" id="headline"></p>
<div id="targets" hidden></div>
<h2>Key figures</h2>
<div class="tiles" id="tiles"></div>
<h2>Charts</h2>
<div class="charts">
<figure class="chart" id="fig-workers"></figure>
<figure class="chart" id="fig-latency"></figure>
<figure class="chart" id="fig-cost"></figure>
<figure class="chart" id="fig-coldstarts"></figure>
</div>
<h2 id="percentiles-title">Latency percentiles</h2>
<div class="table-scroll" id="percentiles"></div>
<h2>Endpoint config (v2, ready to POST)</h2>
<pre id="v2"></pre>
</div>
</div>
<footer>scalecast explore: every change re-simulates the scenario in this page (the same engine as the CLI, in a Web Worker). Simulated figures, not measurements.</footer>
</main>
<script type="application/json" id="scalecast-data">${scriptJson(data)}</script>
<script type="text/plain" id="scalecast-worker">${workerJs}</script>
<script>${pageJs}</script>
</body>
</html>
`
}
