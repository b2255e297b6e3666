import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { beforeAll, describe, expect, it } from "vitest"
import { hasStackTrace, scalecast } from "./cli.ts"

let dir: string
const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "scalecast-validate-"))
})

/** Asserts a clean input error: exit 2, a short message on stderr, no stack trace, nothing on stdout. */
const expectInputError = (args: ReadonlyArray<string>, message: RegExp) => {
  const r = scalecast(args)
  expect(r.status).toBe(2)
  expect(r.stderr).toMatch(message)
  expect(hasStackTrace(r.stderr + r.stdout)).toBe(false)
  expect(r.stdout).toBe("")
}

describe("scalecast validate", () => {
  it("prints the normalised config with each field's origin, exit 0", () => {
    const path = file("flash.yaml", "name: api\ngpu: [GpuGroup.ADA_24]\nworkers: [1, 5]\nidle_timeout: 120\n")
    const r = scalecast(["validate", path])
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/read as Flash SDK \(detected from gpu, workers, idle_timeout\)/)
    expect(r.stdout).toMatch(/scaling\.idleTimeout\s+120\s+given as idle_timeout/)
    expect(r.stdout).toMatch(/timeout\s+0\s+default \(Flash SDK\)/)
    expect(r.stdout).toMatch(/workers\.min\s+1\s+converted from workers\[0\]/)
  })

  it("--json prints only the v2 JSON, ready to POST; warnings go to stderr", () => {
    const path = file("v1.json", JSON.stringify({ name: "ep", gpuTypeIds: ["NVIDIA L40S"], workersMax: 8, flashboot: true }))
    const r = scalecast(["validate", path, "--json"])
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({
      name: "ep",
      gpu: { pools: ["ADA_48_PRO"], count: 1 },
      workers: { min: 0, max: 8 },
      scaling: { type: "QUEUE_DELAY", value: 4, idleTimeout: 5 },
      timeout: 300000,
      flashboot: "FLASHBOOT",
      dataCenterIds: [],
      networkVolumes: []
    })
    expect(r.stderr).toMatch(/^warning: workers\.max: 8 exceeds RunPod's default account quota of 5 workers/m)
  })

  it("lists every problem on its own line and exits 2", () => {
    const path = file(
      "bad.json",
      JSON.stringify({ name: "x", image: "i", gpu: { pools: ["ADA_24"] }, scaling: { value: 0, idleTimeout: -1 }, workers: { min: 2, max: 1 } })
    )
    const r = scalecast(["validate", path])
    expect(r.status).toBe(2)
    expect(r.stdout).toContain("scaling.value: expected an integer >= 1, got 0")
    expect(r.stdout).toContain("scaling.idleTimeout: expected an integer >= 0, got -1")
    expect(hasStackTrace(r.stdout + r.stderr)).toBe(false)
    const json = scalecast(["validate", path, "--json"])
    expect(json.status).toBe(2)
    expect(json.stdout).toBe("")
    expect(json.stderr).toContain("scaling.value: expected an integer >= 1, got 0")
  })

  it("reads a number like 1e400 and says it is too large", () => {
    const path = file("huge.json", '{"name":"x","image":"i","gpu":{"pools":["ADA_24"]},"workers":{"max":1e400}}')
    const r = scalecast(["validate", path])
    expect(r.status).toBe(2)
    expect(r.stdout).toContain("workers.max: expected an integer >= 0, got a number too large to represent (Infinity)")
  })

  it("gives one clear line for files it cannot use", () => {
    expectInputError(["validate", join(dir, "missing.json")], /missing\.json: no such file$/m)
    expectInputError(["validate", dir], /: is a directory, not a file$/m)
    expectInputError(["validate", join(file("plain.json", "{}"), "x.json")], /a part of the path is not a folder$/m)
    expectInputError(["validate", file("empty.json", "")], /empty\.json: the file is empty; expected a JSON or YAML object$/m)
    expectInputError(["validate", file("broken.json", '{"name": "x",\n  "gpu": }')], /broken\.json: invalid JSON: /)
    expectInputError(["validate", file("broken.yaml", "name: x\n  bad: [")], /broken\.yaml: invalid YAML at line \d+, column \d+: /)
    expectInputError(["validate", file("big.json", Buffer.alloc(50 * 1024 * 1024, 32))], /big\.json: is 50\.0 MB; scalecast reads documents up to 10 MB$/m)
  })

  it("rejects bad usage with exit 2 and the usage line", () => {
    const path = file("ok.json", JSON.stringify({ name: "x", image: "i", gpu: { pools: ["ADA_24"] } }))
    expectInputError(["validate"], /validate: expected <config>, got nothing/)
    expectInputError(["validate", path, "--bogus"], /^scalecast validate: unknown option --bogus$/m)
    expectInputError(["validate", path, "--jsn"], /^scalecast validate: unknown option --jsn; did you mean --json\?$/m)
    expectInputError(["validate", path, "--json=yes"], /^scalecast validate: --json takes no value$/m)
    expectInputError(["validate", path, "--from", "v3"], /--from: expected one of v2, v1, graphql, flash, got "v3"/)
    expectInputError(["frobnicate"], /unknown command "frobnicate"/)
  })

  it("--base merges an update onto the endpoint's current config", () => {
    const seeds = fileURLToPath(new URL("../fixtures/seeds/", import.meta.url))
    const r = scalecast(["validate", `${seeds}graphql-save-modify-input.json`, "--base", `${seeds}v2-endpoint-object.json`, "--json"])
    expect(r.status).toBe(0)
    const merged = JSON.parse(r.stdout)
    expect(merged.workers.max).toBe(0) // the update's workersMax
    expect(merged.image).toBeDefined() // kept from the base: ready to POST
    const text = scalecast(["validate", `${seeds}graphql-save-modify-input.json`, "--base", `${seeds}v2-endpoint-object.json`])
    expect(text.stdout).toMatch(/scaling\.idleTimeout\s+\S+\s+kept from --base/)
    expectInputError(
      ["validate", `${seeds}graphql-save-modify-input.json`, "--base", file("base.json", "{}")],
      /^scalecast: --base .*base\.json: not a valid endpoint config\n {2}image: expected a value/m
    )
  })
})
