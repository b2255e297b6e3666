/**
 * The prebuilt command (dist/, built by `npm ci` through the `prepare` script): it exists on CI,
 * prints what the TypeScript sources print, runs sweeps on worker threads from dist/ too, and loads
 * only what a command uses: `validate`, `simulate --json` and `explore` never load jsdom (the
 * charts' DOM), `simulate --html` does; `explore` writes the page from scripts bundled at install,
 * the same page the sources write.
 */
import { spawnSync } from "node:child_process"
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { inProcess, scratchFolder, tinyScenario } from "./cli.ts"

const dist = fileURLToPath(new URL("../../dist/main.mjs", import.meta.url))
const folder = scratchFolder("scalecast-bundle-")

/** Runs dist/main.mjs; stderr ends with `loaded: …`, the packages named in `watch` whose CommonJS files were loaded. */
const prebuilt = (args: ReadonlyArray<string>, watch: ReadonlyArray<string> = []) => {
  const hook = join(folder.dir, "hook.cjs")
  writeFileSync(
    hook,
    `process.on("exit", () => {
       const seen = ${JSON.stringify(watch)}.filter((name) => Object.keys(require.cache).some((file) => file.includes("/node_modules/" + name + "/")))
       if (seen.length > 0) process.stderr.write("loaded: " + seen.join(",") + "\\n")
     })`
  )
  const r = spawnSync(process.execPath, ["--require", hook, dist, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

// Reason for skipIf: a working copy may not have run `npm run build`; on CI `npm ci` builds it (and CI=true fails below).
describe.skipIf(!existsSync(dist) && process.env.CI !== "true")("the prebuilt command in dist/", () => {
  it("is built by npm ci", () => {
    expect(existsSync(dist), "npm ci runs the prepare script, which builds dist/").toBe(true)
  })

  it("writes the explore page the sources write, from the scripts bundled at install", { timeout: 120_000 }, async () => {
    const scenario = folder.file("page.json", tinyScenario)
    const fromDist = join(folder.dir, "dist.html")
    const fromSources = join(folder.dir, "sources.html")
    expect(prebuilt(["explore", scenario, "--html", fromDist]).status).toBe(0)
    expect((await inProcess("explore")([scenario, "--html", fromSources])).exitCode).toBe(0)
    expect(readFileSync(fromDist, "utf8")).toBe(readFileSync(fromSources, "utf8"))
  })

  it("prints what the sources print: simulate --json, and a sweep on two worker threads", { timeout: 120_000 }, async () => {
    const scenario = folder.file("tiny.json", tinyScenario)
    const simulated = prebuilt(["simulate", scenario, "--json"])
    expect(simulated.status, simulated.stderr).toBe(0)
    expect(simulated.stdout.trimEnd()).toBe((await inProcess("simulate")([scenario, "--json"])).stdout)
    const swept = prebuilt(["sweep", scenario, "--vary", "scaling.value=1,2", "--replications", "2", "--workers", "2", "--json"])
    expect(swept.status, swept.stderr).toBe(0)
    expect(swept.stdout.trimEnd()).toBe((await inProcess("sweep")([scenario, "--vary", "scaling.value=1,2", "--replications", "2", "--json"])).stdout)
  })

  it("validate, simulate --json and explore do not load the charts' jsdom (nor explore esbuild); simulate --html does", () => {
    const config = fileURLToPath(new URL("../../examples/endpoints/sdxl-v2.json", import.meta.url))
    const validated = prebuilt(["validate", config], ["jsdom"])
    expect(validated.status, validated.stderr).toBe(0)
    expect(validated.stderr).not.toContain("loaded: jsdom")
    const simulated = prebuilt(["simulate", folder.file("plain.json", tinyScenario), "--json"], ["jsdom"])
    expect(simulated.status, simulated.stderr).toBe(0)
    expect(simulated.stderr).not.toContain("loaded: jsdom")
    const explored = prebuilt(["explore", folder.file("explored.json", tinyScenario), "--html", join(folder.dir, "e.html")], ["jsdom", "esbuild"])
    expect(explored.status, explored.stderr).toBe(0)
    expect(explored.stderr, "explore reads the scripts bundled at install").not.toMatch(/loaded: .*(jsdom|esbuild)/)
    const drawn = prebuilt(["simulate", folder.file("drawn.json", tinyScenario), "--html", join(folder.dir, "r.html")], ["jsdom"])
    expect(drawn.status, drawn.stderr).toBe(0)
    expect(drawn.stderr).toContain("loaded: jsdom")
  })
})
