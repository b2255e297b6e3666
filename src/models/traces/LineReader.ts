/**
 * LineReader: reads a text file line by line, synchronously, in fixed 1 MiB chunks, so a trace of
 * any length replays in bounded memory inside the (synchronous) simulation. Lines end in \n or \r\n;
 * a UTF-8 BOM at the start is dropped.
 */
import { closeSync, openSync, readSync } from "node:fs"
import { StringDecoder } from "node:string_decoder"

const CHUNK = 1 << 20

export class LineReader {
  private readonly fd: number
  private readonly buffer = Buffer.allocUnsafe(CHUNK)
  private readonly decoder = new StringDecoder("utf8")
  private pending = ""
  private lines: Array<string> = []
  private index = 0
  private eof = false
  private first = true
  /** 1-based number of the line last returned. */
  lineNumber = 0

  constructor(path: string) {
    this.fd = openSync(path, "r")
  }

  /** The next line without its line break, or undefined at the end (the file is then closed). */
  next(): string | undefined {
    while (this.index >= this.lines.length) {
      if (this.eof) return undefined
      this.fill()
    }
    this.lineNumber++
    return this.lines[this.index++]
  }

  close(): void {
    if (!this.eof) {
      this.eof = true
      closeSync(this.fd)
    }
  }

  private fill(): void {
    const n = readSync(this.fd, this.buffer, 0, CHUNK, null)
    let text = this.pending + (n > 0 ? this.decoder.write(this.buffer.subarray(0, n)) : this.decoder.end())
    if (this.first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
      this.first = false
    }
    const parts = text.split("\n")
    if (n > 0) this.pending = parts.pop()!
    else {
      this.pending = ""
      if (parts[parts.length - 1] === "") parts.pop()
      this.close()
    }
    this.lines = parts.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l))
    this.index = 0
  }
}

/** Splits one CSV line into fields (RFC 4180 quotes), with each field's 1-based column. */
export const splitCsv = (line: string): Array<{ readonly value: string; readonly column: number }> => {
  const out: Array<{ value: string; column: number }> = []
  let i = 0
  while (i <= line.length) {
    const column = i + 1
    if (line[i] === '"') {
      let value = ""
      i++
      for (;;) {
        if (i >= line.length) break
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"'
            i += 2
            continue
          }
          i++
          break
        }
        value += line[i++]
      }
      out.push({ value, column })
      i = line.indexOf(",", i) === -1 ? line.length + 1 : line.indexOf(",", i) + 1
    } else {
      const comma = line.indexOf(",", i)
      const end = comma === -1 ? line.length : comma
      out.push({ value: line.slice(i, end).trim(), column })
      i = end + 1
    }
  }
  return out
}
