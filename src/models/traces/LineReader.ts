/**
 * LineReader: reads a text file line by line, synchronously, in fixed 1 MiB chunks, so a trace of
 * any length replays in bounded memory inside the (synchronous) simulation. Lines end in \n or \r\n;
 * a UTF-8 BOM at the start is dropped. A line longer than `maxLineBytes` throws `LineTooLongError`,
 * so a file without line breaks (a binary file, a 50 MB one-line JSON) cannot grow one line without
 * end. The file must be a regular file; it is opened without blocking, so a FIFO cannot hang it.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs"
import { StringDecoder } from "node:string_decoder"

/** The longest line the reader returns, in bytes without its line break (1 MiB). */
export const maxLineBytes = 1 << 20

/** Read size. Not above `maxLineBytes`, so only the line carried over from earlier chunks can be too long. */
const CHUNK = maxLineBytes

/** A line longer than `maxLineBytes`. The reader has closed its file. */
export class LineTooLongError extends Error {
  /** The path the reader was opened with. */
  readonly path: string
  /** 1-based number of the long line. */
  readonly line: number
  constructor(path: string, line: number) {
    super(`${path}:${line}: line longer than ${maxLineBytes} bytes`)
    this.path = path
    this.line = line
  }
}

export class LineReader {
  private readonly path: string
  private readonly fd: number
  private readonly buffer = Buffer.allocUnsafe(CHUNK)
  private readonly decoder = new StringDecoder("utf8")
  private pending = ""
  /** Bytes of the unfinished line in `pending`. */
  private pendingBytes = 0
  private lines: Array<string> = []
  private index = 0
  private eof = false
  private first = true
  /** 1-based number of the line last returned. */
  lineNumber = 0

  /** Opens `path`; throws the fs error, or an Error if it is not a regular file. */
  constructor(path: string) {
    this.path = path
    this.fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
    if (!fstatSync(this.fd).isFile()) {
      closeSync(this.fd)
      throw new Error(`${path}: not a regular file`)
    }
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
    if (n > 0) {
      // Counted in bytes before decoding: a \n byte is never part of a multi-byte UTF-8 character.
      // Every line before this call has been returned, so the unfinished one is lineNumber + 1.
      const chunk = this.buffer.subarray(0, n)
      const firstBreak = chunk.indexOf(10)
      const unfinished = this.pendingBytes + (firstBreak === -1 ? n : firstBreak)
      if (unfinished > maxLineBytes) {
        this.close()
        throw new LineTooLongError(this.path, this.lineNumber + 1)
      }
      this.pendingBytes = firstBreak === -1 ? unfinished : n - chunk.lastIndexOf(10) - 1
    }
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
