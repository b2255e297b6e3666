/** Document: JSON/YAML parsing by extension, its size, nesting, alias and duplicate-key limits, and messages naming file, line and column. */
import { fc, test } from "@fast-check/vitest"
import { Effect } from "effect"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { runCli } from "../../src/cli/Cli.ts"
import { InputError, maxAliasValues, maxDocumentBytes, maxNestingDepth, maxYamlBytes, parseDocumentText } from "../../src/cli/Document.ts"

const parsed = (file: string, text: string): unknown => Effect.runSync(parseDocumentText(file, text))
const failure = (file: string, text: string): string =>
  Effect.runSync(
    parseDocumentText(file, text).pipe(
      Effect.match({
        onFailure: (e) => {
          expect(e).toBeInstanceOf(InputError)
          return e.message
        },
        onSuccess: (v) => `succeeded with ${JSON.stringify(v)}`
      })
    )
  )

describe("the limits", () => {
  it("are the ones the README states", () => {
    expect(maxDocumentBytes).toBe(10 * 1024 * 1024)
    expect(maxYamlBytes).toBe(256 * 1024)
    expect(maxAliasValues).toBe(1_000_000)
    expect(maxNestingDepth).toBe(200)
  })

  it("refuses YAML over 256 KB but reads JSON of that size", () => {
    const big = `a: "${"x".repeat(maxYamlBytes)}"\n`
    expect(failure("big.yaml", big)).toBe("big.yaml: is 257 KB of YAML; scalecast reads YAML up to 256 KB (JSON up to 10 MB)")
    expect(parsed("big.json", JSON.stringify({ a: "x".repeat(maxYamlBytes) }))).toEqual({ a: "x".repeat(maxYamlBytes) })
    // Neither JSON nor small enough for YAML: both reasons, in one line.
    expect(failure("big.cfg", `{${"x".repeat(maxYamlBytes)}`)).toBe(
      "big.cfg: invalid JSON: line 1, column 2: expected property name or '}'; and at 257 KB too large to read as YAML: scalecast reads YAML up to 256 KB (JSON up to 10 MB)"
    )
  })

  it("refuses nesting beyond the limit before parsing, naming the line", () => {
    expect(failure("deep.json", `{"a":\n${"[".repeat(maxNestingDepth + 5)}${"]".repeat(maxNestingDepth + 5)}}`)).toBe(
      "deep.json: line 2 is nested too deeply (indentation and open brackets over 200); expected a config document"
    )
    expect(failure("deep.yaml", `a:\n${" ".repeat(maxNestingDepth)}b: 1\n`)).toMatch(/^deep\.yaml: line 2 is nested too deeply/)
    // 150 brackets are fine.
    expect(parsed("ok.json", `${"[".repeat(150)}${"]".repeat(150)}`)).toBeInstanceOf(Array)
  })

  it("stops an alias bomb instead of expanding it", () => {
    let text = 'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n'
    for (const [i, name] of ["b", "c", "d", "e", "f", "g"].entries()) text += `${name}: &${name} [${Array(10).fill(`*${"abcdef"[i]}`).join(",")}]\n`
    expect(failure("bomb.yaml", text)).toBe("bomb.yaml: too many YAML aliases (an alias bomb?); scalecast expands aliases to at most 1,000,000 values")
  })
})

describe("JSON or YAML by extension", () => {
  it("reads YAML in a .yaml/.yml file and any file not named .json", () => {
    expect(parsed("a.yaml", "a: 1\nb: [x, 2]\n")).toEqual({ a: 1, b: ["x", 2] })
    expect(parsed("a.YML", "a: true")).toEqual({ a: true })
    expect(parsed("a.txt", "a: 1")).toEqual({ a: 1 })
    expect(parsed("a.yaml", '{"a": 1}')).toEqual({ a: 1 })
    expect(parsed("a", '{"a": [1, 2]}')).toEqual({ a: [1, 2] })
  })

  it("reads a .json file as JSON only, saying where it broke", () => {
    expect(failure("a.json", "a: 1")).toMatch(/^a\.json: invalid JSON: unexpected token 'a'/)
    expect(failure("a.json", '{"a": 1,}')).toBe("a.json: invalid JSON: line 1, column 9: expected double-quoted property name")
    expect(failure("a.JSON", '{\n  "a": 1\n  "b": 2\n}')).toBe("a.JSON: invalid JSON: line 3, column 3: expected ',' or '}' after property value")
    expect(failure("a.json", '{"a":1}\n{"b":2}')).toMatch(/^a\.json: invalid JSON: line 2, column 1: unexpected non-whitespace character after JSON$/)
  })

  it("refuses empty files", () => {
    for (const text of ["", "   ", "\n\t\n"]) expect(failure("e.yaml", text)).toBe("e.yaml: the file is empty; expected a JSON or YAML object")
  })

  it("names the line and column of invalid YAML, without quoting the document", () => {
    expect(failure("b.yaml", "a: 1\nb: 'unterminated")).toBe("b.yaml: invalid YAML at line 2, column 17: Missing closing 'quote")
    expect(failure("b.yaml", "a: 1\nb: [1, 2")).toMatch(/^b\.yaml: invalid YAML at line 2, column 9: /)
    const secret = "s3cr3t-token-value"
    expect(failure("c.cfg", `a: [${secret}`)).toBe("c.cfg: neither valid JSON nor valid YAML (the YAML reading stops at line 1, column 23)")
  })

  it("refuses several YAML documents in one file", () => {
    expect(failure("two.yaml", "a: 1\n---\nb: 2\n")).toBe("two.yaml: expected one YAML document, found several (a second one starts at line 2)")
  })

  it("refuses duplicate keys, unknown aliases and keys that are not names", () => {
    expect(failure("d.yaml", "endpoint:\n  workers:\n    max: 1\n    max: 2\n")).toBe(
      'd.yaml: invalid YAML at line 4, column 5: the key "max" appears twice in one mapping'
    )
    expect(failure("d.yaml", "1: a\n1: b")).toBe('d.yaml: invalid YAML at line 2, column 1: the key "1" appears twice in one mapping')
    expect(failure("d.yaml", `${"k".repeat(40)}: 1\n${"k".repeat(40)}: 2`)).toBe(
      `d.yaml: invalid YAML at line 2, column 1: the key "${"k".repeat(20)}…" appears twice in one mapping`
    )
    expect(failure("d.yaml", "a: *nope")).toBe("d.yaml: invalid YAML at line 1, column 4: the alias *nope refers to no anchor before it")
    expect(failure("d.yaml", "a: &a [*a]")).toBe("d.yaml: invalid YAML at line 1, column 8: the alias *a refers to no anchor before it")
    expect(failure("d.yaml", "? [1, 2]\n: 3")).toBe("d.yaml: invalid YAML at line 1, column 3: expected a name as a key, got a list or mapping")
  })

  it("expands aliases to the anchored value and keeps __proto__ an own key", () => {
    expect(parsed("a.yaml", "a: &x {b: 1}\nc: *x")).toEqual({ a: { b: 1 }, c: { b: 1 } })
    for (const [file, text] of [
      ["p.yaml", "__proto__: {polluted: 1}\nb: 2"],
      ["p.json", '{"__proto__": {"polluted": 1}, "b": 2}']
    ] as const) {
      const doc = parsed(file, text) as Record<string, unknown>
      expect(Object.getPrototypeOf(doc)).toBe(Object.prototype)
      expect(Object.hasOwn(doc, "__proto__")).toBe(true)
      expect((doc as { polluted?: unknown }).polluted).toBeUndefined()
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined()
    }
  })

  const json = fc.jsonValue({ maxDepth: 4 }).filter((v) => v !== null && typeof v === "object" && !Array.isArray(v))
  test.prop([json])("any JSON object reads back the same from .json, .yaml and an unnamed file", (value) => {
    const text = JSON.stringify(value)
    const expected = JSON.parse(text) as unknown
    expect(parsed("x.json", text)).toEqual(expected)
    expect(parsed("x", text)).toEqual(expected)
    expect(parsed("x.yaml", JSON.stringify(value, null, 2))).toEqual(expected)
  })
})

describe("through the command line", () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "scalecast-document-"))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it("a YAML scenario with a duplicate key is exit 2, one line naming the file, line and key", async () => {
    const file = join(dir, "dup.yaml")
    writeFileSync(file, "name: a\ndurationSeconds: 60\nendpoint:\n  name: e\n  name: f\n")
    const out: Array<string> = []
    const console_ = Object.assign(Object.create(console) as Console, {
      log: (...a: ReadonlyArray<unknown>) => void out.push(a.join(" ")),
      error: (...a: ReadonlyArray<unknown>) => void out.push(a.join(" "))
    })
    const ending = await runCli(["simulate", file], { console: console_ })
    expect(ending).toEqual({ exitCode: 2, stderr: `scalecast: ${file}: invalid YAML at line 5, column 3: the key "name" appears twice in one mapping` })
    expect(out).toEqual([])
  })
})
