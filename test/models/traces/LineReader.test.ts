import { execFileSync } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { fc, test } from "@fast-check/vitest"
import { beforeAll, describe, expect, it } from "vitest"
import { LineReader, LineTooLongError, maxLineBytes } from "../../../src/models/traces/LineReader.ts"
import { runInChild } from "./child.ts"

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "scalecast-lines-"))
})

const all = (path: string): Array<string> => {
  const reader = new LineReader(path)
  const out: Array<string> = []
  for (let line = reader.next(); line !== undefined; line = reader.next()) out.push(line)
  return out
}

describe("LineReader", () => {
  it("returns lines across chunk boundaries, \\r\\n and a BOM, and multi-byte characters split between chunks", () => {
    const path = join(dir, "lines.txt")
    // Line 2 starts at byte 8 and is exactly maxLineBytes long; its "é" (2 bytes) straddles the first chunk's end.
    const long = "a".repeat(maxLineBytes - 9) + "é" + "b".repeat(7)
    writeFileSync(path, `\ufeffone\r\n${long}\ntwo\nthree`)
    expect(all(path)).toEqual(["one", long, "two", "three"])
  })

  /** What the reader should give: the text split at \n, a \r before it dropped, no line after a final \n, no BOM. */
  const oracle = (text: string): Array<string> => {
    const parts = text.replace(/^\ufeff/, "").split("\n")
    if (parts[parts.length - 1] === "") parts.pop()
    return parts.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l))
  }

  test.prop([fc.boolean(), fc.array(fc.stringMatching(/^[a-zé€\r ,]{0,12}$/), { maxLength: 20 }), fc.constantFrom("\n", "\r\n", "")])(
    "gives the text's lines: \r\n, blank lines, a last line with or without a break, multi-byte characters",
    (bom, lines, last) => {
      const path = join(dir, "p.txt")
      const text = (bom ? "\ufeff" : "") + lines.join("\n") + last
      writeFileSync(path, text)
      expect(all(path)).toEqual(oracle(text))
    }
  )

  it("gives the same lines when many of them straddle reads (a 3 MiB file), with their bytes and numbers", () => {
    const path = join(dir, "many.txt")
    const lines = Array.from({ length: 200_000 }, (_, i) => `${i},${"é".repeat(i % 5)}${"x".repeat(i % 13)}`)
    writeFileSync(path, lines.join("\r\n"))
    const reader = new LineReader(path)
    const read: Array<string> = []
    const numbers: Array<number> = []
    while (reader.nextLine()) {
      read.push(reader.bytes.toString("utf8", reader.lineStart, reader.lineEnd))
      numbers.push(reader.lineNumber)
    }
    expect(read).toEqual(lines)
    expect(numbers).toEqual(lines.map((_, i) => i + 1))
    expect(reader.next()).toBeUndefined()
  })

  it("refuses a line one byte longer than the limit, with its line number", () => {
    const path = join(dir, "long.txt")
    writeFileSync(path, `first\n${"x".repeat(maxLineBytes + 1)}\nlast\n`)
    const reader = new LineReader(path)
    expect(reader.next()).toBe("first")
    let error: unknown
    try {
      reader.next()
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(LineTooLongError)
    expect((error as LineTooLongError).line).toBe(2)
  })

  it("takes a line of exactly the limit ending in \\r\\n (the \\r is the line break's), and a BOM is not the first line's", () => {
    const path = join(dir, "limit.txt")
    const long = "y".repeat(maxLineBytes)
    writeFileSync(path, `\ufeff${long}\r\n${long}\r\nend`)
    expect(all(path)).toEqual([long, long, "end"])
    // The first read (2 MiB + 1) ends on that \r, before its \n: the line is not refused unfinished.
    const first = "w".repeat(maxLineBytes - 1)
    writeFileSync(path, `${first}\n${long}\r\nend\n`)
    expect(all(path)).toEqual([first, long, "end"])
  })

  it("gives no line after refusing one, and holds no file after a refusal", () => {
    const path = join(dir, "after.txt")
    writeFileSync(path, `${"z".repeat(3 * maxLineBytes)}\nlast\n`)
    const reader = new LineReader(path)
    expect(() => reader.next()).toThrow(LineTooLongError)
    expect(reader.next()).toBeUndefined()
  })

  it("refuses a file without line breaks after reading at most the limit (memory stays bounded)", () => {
    const path = join(dir, "oneline.bin")
    writeFileSync(path, Buffer.alloc(3 * maxLineBytes, 0))
    expect(() => all(path)).toThrow(LineTooLongError)
  })

  it("refuses a device and a FIFO when opened, without blocking", { timeout: 30_000 }, () => {
    const fifo = join(dir, "trace.fifo")
    execFileSync("mkfifo", [fifo])
    const reader = fileURLToPath(new URL("../../../src/models/traces/LineReader.ts", import.meta.url))
    // In a child: opening a FIFO blocks the thread, which no test timeout can interrupt.
    const out = runInChild(`
      import { LineReader } from ${JSON.stringify(reader)}
      for (const path of ["/dev/zero", ${JSON.stringify(fifo)}]) {
        try { new LineReader(path); console.log("opened") } catch (e) { console.log(e.message) }
      }`)
    expect(out).toBe(`/dev/zero: not a regular file\n${fifo}: not a regular file\n`)
  })
})
