/**
 * Files against hostile input: every refusal is an `InputError` naming the file, comes quickly (the
 * per-test timeouts fail a hang), and quotes nothing of the file's content.
 */
import { Effect } from "effect"
import { execFileSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { maxAliasValues, maxYamlBytes, parseDocumentText } from "../../src/cli/Document.ts"
import { checkWritable, Files, readDocument } from "../../src/cli/Files.ts"

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "scalecast-files-"))
})

const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

/** The InputError message of a failing Files effect, or "succeeded". */
const failure = <A>(effect: Effect.Effect<A, { readonly message: string }, Files>): Promise<string> =>
  Effect.runPromise(effect.pipe(Effect.provide(Files.layer), Effect.match({ onFailure: (e) => e.message, onSuccess: () => "succeeded" })))

const parsed = (name: string, text: string): Promise<unknown> => Effect.runPromise(parseDocumentText(name, text))
const parseFailure = (name: string, text: string): Promise<string> => failure(parseDocumentText(name, text))

/** The billion-laughs document: nine levels, each alias list nine times the one before (9⁹ values). */
const billionLaughs = (): string => {
  let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
  for (let level = 1; level < 9; level++) {
    const name = String.fromCharCode(97 + level)
    text += `${name}: &${name} [${Array(9)
      .fill(`*${String.fromCharCode(96 + level)}`)
      .join(",")}]\n`
  }
  return text
}

describe("reading a document", () => {
  it("refuses a device at once instead of reading it forever", { timeout: 5000 }, async () => {
    expect(await failure(readDocument("/dev/zero"))).toBe("/dev/zero: is not a regular file (a device, FIFO or socket); expected a JSON or YAML file")
  })

  it("refuses a FIFO without waiting for a writer", { timeout: 5000 }, async () => {
    const fifo = join(dir, "scenario.yaml.fifo")
    execFileSync("mkfifo", [fifo])
    expect(await failure(readDocument(fifo))).toBe(`${fifo}: is not a regular file (a device, FIFO or socket); expected a JSON or YAML file`)
  })

  it("still says a directory is a directory", async () => {
    expect(await failure(readDocument(dir))).toBe(`${dir}: is a directory, not a file`)
  })

  it.skipIf(!existsSync("/proc/self/pagemap"))("reads at most the limit from a file whose size says 0 but never ends", { timeout: 10_000 }, async () => {
    expect(statSync("/proc/self/pagemap").size).toBe(0)
    expect(await failure(readDocument("/proc/self/pagemap"))).toBe("/proc/self/pagemap: is larger than 10 MB; scalecast reads documents up to 10 MB")
  })
})

describe("parsing YAML", () => {
  it("refuses a billion-laughs alias bomb as an input error, quickly", { timeout: 2000 }, async () => {
    expect(await parseFailure("laughs.yaml", billionLaughs())).toBe(
      `laughs.yaml: too many YAML aliases (an alias bomb?); scalecast expands aliases to at most ${maxAliasValues.toLocaleString("en-US")} values`
    )
  })

  it("resolves many aliases in linear time (the yaml library's toJS takes minutes on this)", { timeout: 2000 }, async () => {
    const n = 400
    const text = `empty: &e []\nsome: &s [${Array(n).fill("*e").join(", ")}]\nmany: [${Array(n).fill("*s").join(", ")}]\n`
    const doc = (await parsed("aliases.yaml", text)) as { readonly many: ReadonlyArray<ReadonlyArray<unknown>> }
    expect(doc.many).toHaveLength(n)
    expect(doc.many[n - 1]).toHaveLength(n)
  })

  it("keeps anchors and aliases working, and an alias to its own anchor is no cycle", async () => {
    expect(await parsed("a.yaml", "base: &b {gpu: ADA_24, max: 3}\nother: *b\n")).toEqual({ base: { gpu: "ADA_24", max: 3 }, other: { gpu: "ADA_24", max: 3 } })
    expect(await parseFailure("a.yaml", "a: &a [1, *a]\n")).toBe("a.yaml: invalid YAML at line 1, column 11: the alias *a refers to no anchor before it")
  })

  it("says a file holds several documents in its own words, with the line of the second", async () => {
    const message = await parseFailure("multi.yaml", "name: a\nworkers: 1\n---\nname: b\n")
    expect(message).toBe("multi.yaml: expected one YAML document, found several (a second one starts at line 3)")
    expect(message).not.toMatch(/parseAllDocuments/)
  })

  it("refuses nesting deep enough to overflow the parser's stack, at once", { timeout: 2000 }, async () => {
    expect(await parseFailure("deep.yaml", "a: " + "[".repeat(100_000))).toMatch(/^deep\.yaml: line 1 is nested too deeply/)
    expect(await parseFailure("deep.json", "[".repeat(100_000) + "]".repeat(100_000))).toMatch(/^deep\.json: line 1 is nested too deeply/)
    expect(await parsed("ok.yaml", "a:\n  b:\n    - c: [1, [2, {d: 3}]]\n")).toEqual({ a: { b: [{ c: [1, [2, { d: 3 }]] }] } })
  })

  it("refuses YAML larger than the YAML limit (the parser is slow on hostile input); JSON reads up to 10 MB", async () => {
    const list = `times: [${Array(maxYamlBytes / 2)
      .fill("1")
      .join(",")}]\n`
    expect(await parseFailure("big.yaml", list)).toMatch(/^big\.yaml: is \d+ KB of YAML; scalecast reads YAML up to 256 KB \(JSON up to 10 MB\)$/)
    expect(((await parsed("big.json", JSON.stringify({ times: Array(maxYamlBytes).fill(1) }))) as { times: Array<number> }).times).toHaveLength(maxYamlBytes)
  })

  it("still refuses duplicate keys, and never lets __proto__ reach the prototype", async () => {
    expect(await parseFailure("dup.yaml", "name: a\nname: b\n")).toBe('dup.yaml: invalid YAML at line 2, column 1: the key "name" appears twice in one mapping')
    const doc = (await parsed("proto.yaml", "__proto__: {polluted: true}\n")) as Record<string, unknown>
    expect(Object.keys(doc)).toEqual(["__proto__"])
    expect((doc as { polluted?: unknown }).polluted).toBeUndefined()
  })
})

describe("parse errors quote nothing of the file", () => {
  it("JSON", async () => {
    const passwd = "root:x:0:0:root:/root:/bin/bash\n"
    expect(await parseFailure("passwd.json", passwd)).toBe("passwd.json: invalid JSON: unexpected token 'r'")
    const message = await parseFailure("secret.json", '{"name": "x",\n "token": hunter2hunter2}')
    expect(message).toMatch(/^secret\.json: invalid JSON: unexpected token 'h'$/)
    expect(await parseFailure("comma.json", '{"a": 1,\n "b": 2,}')).toBe("comma.json: invalid JSON: line 2, column 9: expected double-quoted property name")
  })

  it("YAML: a library message that quotes a token is cut short", async () => {
    const message = await parseFailure("block.yaml", `a: |${"x".repeat(500)}\n  text\n`)
    expect(message).toMatch(/^block\.yaml: invalid YAML at line 1, column \d+: Block scalar header includes extra characters: \|x+…$/)
    expect(message.length).toBeLessThan(200)
  })
})

describe("writing a file", () => {
  const run = (effect: Effect.Effect<void, unknown, Files>) => Effect.runPromise(effect.pipe(Effect.provide(Files.layer)))
  const tempFiles = (folder: string) => readdirSync(folder).filter((name) => name.endsWith(".tmp"))

  it("leaves no temp file when the target is a directory", async () => {
    const folder = mkdtempSync(join(dir, "out-"))
    mkdirSync(join(folder, "report.html"))
    expect(await failure(Files.use((f) => f.writeText(join(folder, "report.html"), "<html>")))).toBe(
      `${join(folder, "report.html")}: cannot write: is a directory, not a file`
    )
    expect(tempFiles(folder)).toEqual([])
  })

  it("leaves no temp file when the rename fails", async () => {
    const folder = mkdtempSync(join(dir, "out-"))
    mkdirSync(join(folder, "report.md"))
    writeFileSync(join(folder, "report.md", "inside"), "x") // a non-empty directory: rename fails even without the up-front check
    expect(await failure(Files.use((f) => f.writeText(join(folder, "report.md"), "# r")))).toMatch(/cannot write/)
    expect(tempFiles(folder)).toEqual([])
  })

  it("refuses to replace a FIFO (a rename would replace the node)", async () => {
    const folder = mkdtempSync(join(dir, "out-"))
    const fifo = join(folder, "out.json")
    execFileSync("mkfifo", [fifo])
    expect(await failure(Files.use((f) => f.writeText(fifo, "{}")))).toBe(`${fifo}: cannot write: is not a regular file (a device, FIFO or socket)`)
    expect(statSync(fifo).isFIFO()).toBe(true)
    expect(tempFiles(folder)).toEqual([])
  })

  it("writes atomically and leaves only the file", async () => {
    const folder = mkdtempSync(join(dir, "out-"))
    await run(Files.use((f) => f.writeText(join(folder, "plan.json"), "{}\n")))
    expect(readdirSync(folder)).toEqual(["plan.json"])
  })
})

describe("checkWritable", () => {
  it("fails for a missing folder, a directory, and a folder that is a file", async () => {
    expect(await failure(checkWritable(join(dir, "no-such-folder", "report.html")))).toBe(
      `${join(dir, "no-such-folder", "report.html")}: cannot write: the folder ${join(dir, "no-such-folder")} does not exist`
    )
    expect(await failure(checkWritable(dir))).toBe(`${dir}: cannot write: is a directory, not a file`)
    const plain = file("plain.txt", "x")
    expect(await failure(checkWritable(join(plain, "report.html")))).toBe(`${join(plain, "report.html")}: cannot write: a part of the path is not a folder`)
  })

  it("succeeds for a writable path and leaves nothing behind", async () => {
    const folder = mkdtempSync(join(dir, "check-"))
    expect(await failure(checkWritable(join(folder, "report.html")))).toBe("succeeded")
    expect(readdirSync(folder)).toEqual([])
    writeFileSync(join(folder, "existing.md"), "old")
    expect(await failure(checkWritable(join(folder, "existing.md")))).toBe("succeeded")
    expect(readdirSync(folder)).toEqual(["existing.md"])
  })
})
