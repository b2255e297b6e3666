// Builds dist/: the `scalecast` command and its worker-thread entry as plain JavaScript, so the
// command starts without transpiling TypeScript and loads only the code it uses. Run by `npm
// install` / `npm ci` (the `prepare` script) and `npm run build`. The TypeScript sources stay
// runnable through tsx (tests, `npx tsx scenarios/*.ts`); bin/scalecast.js falls back to them
// when dist/ is missing or older than a source file. effect and yaml are bundled (tree-shaken:
// importing effect's index alone takes ~0.4 s); d3-node (jsdom), esbuild, tsx and playwright-core
// stay external, loaded only by the commands that draw or bundle. Then the explore page's two
// scripts are bundled for the browser into dist/explore/ (see ExploreHtml.ts).
import { build } from "esbuild"
import { rmSync } from "node:fs"

const root = new URL("../", import.meta.url)
rmSync(new URL("dist/", root), { recursive: true, force: true })
await build({
  absWorkingDir: new URL(".", root).pathname,
  entryPoints: ["src/cli/main.ts", "src/sim/RunWorker.ts", "src/report/explore/ExploreHtml.ts"],
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["d3-node", "esbuild", "tsx", "playwright-core"],
  outdir: "dist",
  entryNames: "[name]",
  outExtension: { ".js": ".mjs" },
  // Bundled CommonJS packages (jsdom is external, but yaml's dependencies are not) may call require.
  banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
  logLevel: "warning"
})

// The explore page's scripts, bundled for the browser now rather than each time a page is written.
const { writeExploreBundles } = await import(new URL("dist/ExploreHtml.mjs", root).href)
await writeExploreBundles()
