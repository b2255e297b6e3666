/**
 * LineReader: reads a text file line by line, synchronously, through one fixed buffer (1 MiB reads),
 * so a trace of any length replays in bounded memory inside the (synchronous) simulation. Lines end
 * in \n or \r\n; a UTF-8 BOM at the start is dropped. A line longer than `maxLineBytes` throws
 * `LineTooLongError`, so a file without line breaks (a binary file, a 50 MB one-line JSON) cannot
 * grow one line without end. The file must be a regular file; it is opened without blocking, so a
 * FIFO cannot hang it.
 *
 * A line is found in bytes (`nextLine`, then `bytes[lineStart, lineEnd)`) and decoded only when
 * asked (`text`, or `next` for both): a reader that parses plain numbers straight from the bytes
 * (TraceRows' CSV fast path) makes no string per line. A \n byte is never part of a multi-byte
 * UTF-8 character, so decoding a line on its own is the same as decoding the file.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs"

/** The longest line the reader returns, in bytes without its line break (1 MiB). */
export const maxLineBytes = 1 << 20

/** Read size. */
const CHUNK = 1 << 20

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
  /** The unfinished line carried over (at most `maxLineBytes` and a \r) plus one read. */
  readonly bytes = Buffer.allocUnsafe(maxLineBytes + 1 + CHUNK)
  /** Unread bytes are `bytes[position, end)`; the last line break among them is at `lastBreak` (-1: none). */
  private position = 0
  private end = 0
  private lastBreak = -1
  private eof = false
  private closed = false
  /** The line last found is `bytes[lineStart, lineEnd)`, without its line break. */
  lineStart = 0
  lineEnd = 0
  /** 1-based number of the line last found. */
  lineNumber = 0

  /** Opens `path`; throws the fs error, or an Error if it is not a regular file. */
  constructor(path: string) {
    this.path = path
    this.fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
    if (!fstatSync(this.fd).isFile()) {
      closeSync(this.fd)
      throw new Error(`${path}: not a regular file`)
    }
    try {
      this.fill()
    } catch (e) {
      this.close()
      throw e
    }
    if (this.end >= 3 && this.bytes[0] === 0xef && this.bytes[1] === 0xbb && this.bytes[2] === 0xbf) this.position = 3
  }

  /** The next line without its line break, or undefined at the end (the file is then closed). */
  next(): string | undefined {
    return this.nextLine() ? this.text() : undefined
  }

  /** Finds the next line (`lineStart`, `lineEnd`); false at the end (the file is then closed). */
  nextLine(): boolean {
    for (;;) {
      const from = this.position
      if (from <= this.lastBreak) {
        const lf = this.bytes.indexOf(10, from)
        this.position = lf + 1
        return this.found(from, lf)
      }
      // Unfinished: it may yet end in \r\n, whose \r is not counted.
      if (this.end - from > maxLineBytes + 1) this.tooLong()
      if (this.eof) {
        if (from === this.end) {
          this.close()
          return false
        }
        this.position = this.end
        return this.found(from, this.end)
      }
      this.fill()
    }
  }

  /** The line last found, decoded. */
  text(): string {
    return this.bytes.toString("utf8", this.lineStart, this.lineEnd)
  }

  /** Closes the file; no line follows (nothing is left unread, so no break either). */
  close(): void {
    this.eof = true
    this.position = this.end
    if (!this.closed) {
      this.closed = true
      closeSync(this.fd)
    }
  }

  private found(from: number, to: number): true {
    const end = to > from && this.bytes[to - 1] === 13 ? to - 1 : to
    if (end - from > maxLineBytes) this.tooLong()
    this.lineStart = from
    this.lineEnd = end
    this.lineNumber++
    return true
  }

  private tooLong(): never {
    this.close()
    throw new LineTooLongError(this.path, this.lineNumber + 1)
  }

  /** Moves the unread bytes to the front and reads once after them. */
  private fill(): void {
    const bytes = this.bytes
    if (this.position > 0) {
      bytes.copyWithin(0, this.position, this.end)
      this.end -= this.position
      this.position = 0
    }
    const n = readSync(this.fd, bytes, this.end, bytes.length - this.end, null)
    if (n === 0) this.eof = true
    this.end += n
    this.lastBreak = n === 0 ? -1 : bytes.lastIndexOf(10, this.end - 1)
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
