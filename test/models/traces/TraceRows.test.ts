/** TraceRows: csv / jsonl / azure2021 rows in file order, the file:line:column of malformed rows, `shown` and `headerColumns`. */
import { fc, test } from "@fast-check/vitest"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { splitCsv } from "../../../src/models/traces/LineReader.ts"
import { fail, headerColumns, plainDecimal, RowReader, shown, TraceProblem, type Row, type RowFormat } from "../../../src/models/traces/TraceRows.ts"

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "scalecast-tracerows-"))
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

type Filter = { apps?: ReadonlyArray<string>; functions?: ReadonlyArray<string> }

/** Every row of `text` written as `name`, with the origin the reader ended with. */
const read = (name: string, text: string, format: RowFormat, filter: Filter = {}, origin = { value: Number.NaN }): Array<Row> => {
  writeFileSync(join(dir, name), text)
  const reader = new RowReader(name, join(dir, name), format, origin, filter)
  const out: Array<Row> = []
  while (reader.next()) out.push({ time: reader.time, exec: reader.exec, line: reader.line, column: reader.column })
  return out
}
const times = (rs: ReadonlyArray<Row>) => rs.map((r) => r.time)
const execs = (rs: ReadonlyArray<Row>) => rs.map((r) => r.exec)

/** The message of the TraceProblem reading `text` throws. */
const problem = (name: string, text: string, format: RowFormat, filter: Filter = {}): string => {
  try {
    read(name, text, format, filter)
  } catch (e) {
    expect(e).toBeInstanceOf(TraceProblem)
    return (e as Error).message
  }
  throw new Error(`expected ${name} to be refused`)
}

describe("rows: csv", () => {
  it("yields times and execution seconds in file order, skipping blank lines", () => {
    // Not sorted on purpose: RowReader reports file order; sorting is the replay's business.
    const rs = read("a.csv", "timestamp,executionSeconds,user\n10,0.5,a\n\n0.25,,b\n   \n3,2,c\n", "csv")
    expect(times(rs)).toEqual([10, 0.25, 3])
    expect(execs(rs)).toEqual([0.5, Number.NaN, 2])
    expect(rs.map((r) => r.line)).toEqual([2, 4, 6]) // the blank lines 3 and 5 still count
    expect(rs.map((r) => r.column)).toEqual([1, 1, 1])
  })

  it("finds the timestamp column wherever the header puts it, and ignores a missing executionSeconds column", () => {
    const rs = read("b.csv", "user,timestamp\nalice,1.5\nbob,4\n", "csv")
    expect(times(rs)).toEqual([1.5, 4])
    expect(execs(rs)).toEqual([Number.NaN, Number.NaN])
    expect(rs.map((r) => r.column)).toEqual([7, 5]) // "alice," is 6 characters, "bob," 4
  })

  it("reads ISO-8601 timestamps as seconds after the file's first and records that origin", () => {
    const origin = { value: Number.NaN }
    const rs = read("iso.csv", "timestamp\n2026-01-01T00:00:10Z\n2026-01-01T00:00:12.5Z\n2026-01-01T00:01:10Z\n", "csv", {}, origin)
    expect(times(rs)).toEqual([0, 2.5, 60]) // 10 s → 0, 12.5 s → 2.5, 1 min 10 s → 60
    expect(origin.value).toBe(Date.UTC(2026, 0, 1, 0, 0, 10))
  })

  it("measures ISO timestamps from an origin already set (the replay passes the prepared one)", () => {
    // Origin 5 s before the first row: 10 s → 5, 12.5 s → 7.5.
    const rs = read("iso2.csv", "timestamp\n2026-01-01T00:00:10Z\n2026-01-01T00:00:12.5Z\n", "csv", {}, { value: Date.UTC(2026, 0, 1, 0, 0, 5) })
    expect(times(rs)).toEqual([5, 7.5])
  })

  it("names the file, line and column of a malformed cell", () => {
    expect(problem("c1.csv", "user,timestamp\na,1\nb,soon\n", "csv")).toBe('c1.csv:3:3: timestamp: expected seconds or an ISO-8601 date-time, got "soon"')
    // A row too short for the timestamp column: the column just past the line's end ("ab" → 3).
    expect(problem("c2.csv", "user,x,timestamp\nab\n", "csv")).toBe('c2.csv:2:3: timestamp: expected seconds or an ISO-8601 date-time, got ""')
    expect(problem("c3.csv", "timestamp,executionSeconds\n1,2\n\n2,-1\n", "csv")).toBe('c3.csv:4:3: executionSeconds: expected a finite number >= 0, got "-1"')
    expect(problem("c4.csv", "timestamp,executionSeconds\n1,Infinity\n", "csv")).toBe(
      'c4.csv:2:3: executionSeconds: expected a finite number >= 0, got "Infinity"'
    )
    // 26 letters shown as the first 20 and an ellipsis.
    expect(problem("c5.csv", "timestamp,executionSeconds\n1,abcdefghijklmnopqrstuvwxyz\n", "csv")).toBe(
      'c5.csv:2:3: executionSeconds: expected a finite number >= 0, got "abcdefghijklmnopqrst…"'
    )
  })

  it("refuses an empty file and a header without a timestamp column", () => {
    expect(problem("e.csv", "", "csv")).toBe("e.csv:1:1: the file is empty; expected a header row")
    expect(problem("h.csv", "time,executionSeconds\n1,2\n", "csv")).toBe(
      'h.csv:1:1: expected a header row with a "timestamp" column (comma-separated), got a header without one'
    )
  })
})

describe("rows: csv read from bytes", () => {
  // A timestamp or execution time as a trace may write it: plain decimals (read from the line's
  // bytes) and every other form Number() accepts (read as text): spaces, quotes, exponents, "+3",
  // ".5", "5.", leading zeros, -0, more than 15 digits.
  const number = (min: number) =>
    fc.oneof(
      fc.tuple(fc.double({ min, max: 1e9, noNaN: true }), fc.integer({ min: 0, max: 9 })).map(([x, k]) => x.toFixed(k)),
      fc.integer({ min: Math.ceil(min), max: 2 ** 53 }).map(String),
      fc.double({ min, max: 1e300, noNaN: true }).map(String),
      fc.constantFrom(" 12.5", "12.5 ", '"7.25"', "+3", ".5", "5.", "007", "0.000", "1e3", "123456789012345.6", "1234567890123456"),
      ...(min < 0 ? [fc.constantFrom("-0", "-0.0", "-12.5")] : [])
    )
  const other = fc.oneof(fc.stringMatching(/^[a-zé ]{0,6}$/), fc.constantFrom('"a,b"', '"u,5,6"', '"say ""hi"""', ""))
  const file = fc.record({
    columns: fc.shuffledSubarray(["timestamp", "executionSeconds", "user", "region"], { minLength: 1 }).filter((c) => c.includes("timestamp")),
    rows: fc.array(fc.record({ time: number(-1e6), exec: fc.oneof(number(0), fc.constant("")), other, blank: fc.boolean() }), { maxLength: 30 }),
    crlf: fc.boolean()
  })

  it("leaves a line with quotes to the text reader, which splits it right", () => {
    // Split at every comma, "u,5,6" would put 5 in the timestamp column.
    expect(times(read("q.csv", 'user,timestamp\n"u,5,6",7\n', "csv"))).toEqual([7])
  })

  test.prop([file])("gives what reading each line as text gives: times, execution times, lines and columns", ({ columns, rows: cells, crlf }) => {
    const lines = [columns.join(",")]
    for (const r of cells) {
      if (r.blank) lines.push("")
      lines.push(columns.map((c) => (c === "timestamp" ? r.time : c === "executionSeconds" ? r.exec : r.other)).join(","))
    }
    const text = lines.join(crlf ? "\r\n" : "\n") + "\n"
    // The oracle: each line split as text, its cells read with Number().
    const expected: Array<Row> = []
    const [ts, ex] = [columns.indexOf("timestamp"), columns.indexOf("executionSeconds")]
    lines.forEach((line, i) => {
      if (i === 0 || line.trim() === "") return
      const f = splitCsv(line)
      expected.push({
        time: Number(f[ts]!.value),
        exec: ex >= 0 && f[ex]!.value !== "" ? Number(f[ex]!.value) : Number.NaN,
        line: i + 1,
        column: f[ts]!.column
      })
    })
    const got = read("p.csv", text, "csv")
    expect(got.length).toBe(expected.length)
    got.forEach((row, i) => {
      // Object.is: -0 stays -0, NaN equals NaN.
      expect(Object.is(row.time, expected[i]!.time), `time of line ${row.line}: ${row.time} vs ${expected[i]!.time}`).toBe(true)
      expect(Object.is(row.exec, expected[i]!.exec), `exec of line ${row.line}: ${row.exec} vs ${expected[i]!.exec}`).toBe(true)
      expect([row.line, row.column]).toEqual([expected[i]!.line, expected[i]!.column])
    })
  })
})

describe("plainDecimal", () => {
  const bytesOf = (s: string) => Buffer.from(s, "latin1")
  const of = (s: string) => plainDecimal(bytesOf(s), 0, s.length)

  it("reads -? digits (. digits)? of at most 15 digits, and nothing else", () => {
    expect([of("0"), of("12.5"), of("-0.25"), of("007"), of("999999999999999"), of("0.00000000000001")]).toEqual([0, 12.5, -0.25, 7, 999999999999999, 1e-14])
    expect(Object.is(of("-0"), -0)).toBe(true)
    for (const s of ["", "-", ".5", "5.", "+5", " 5", "5 ", "1e3", "1.2.3", "--1", "1234567890123456", "0.1234567890123456", "0x10", "NaN"])
      expect(of(s), s).toBeNaN()
  })

  it("reads the cell inside a line, between its bounds", () => {
    expect(plainDecimal(bytesOf("ab,3.75,x"), 3, 7)).toBe(3.75)
  })

  test.prop([fc.stringMatching(/^-?[0-9]{0,16}(\.[0-9]{0,16})?$/)])("is Number(text) exactly whenever it reads a number (Clinger's fast path)", (s) => {
    const v = of(s)
    if (!Number.isNaN(v)) expect(Object.is(v, Number(s))).toBe(true)
    else
      expect(s.replace(/[-.]/g, "").length === 0 || s.replace(/[-.]/g, "").length > 15 || s.endsWith(".") || s.startsWith(".") || s.startsWith("-.")).toBe(true)
  })

  test.prop([fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.integer({ min: 0, max: 3 })])("reads toFixed output of up to 15 digits exactly", (x, k) => {
    const s = x.toFixed(k)
    if (s.replace(/[-.]/g, "").length <= 15) expect(Object.is(of(s), Number(s))).toBe(true)
  })
})

describe("rows: jsonl", () => {
  it("yields each object's timestamp and executionSeconds, skipping blank lines", () => {
    const rs = read("a.jsonl", '{"timestamp":1,"executionSeconds":0.5}\n\n{"executionSeconds":2,"timestamp":"3"}\n{"timestamp":0.5,"other":[1]}\n', "jsonl")
    expect(times(rs)).toEqual([1, 3, 0.5])
    expect(execs(rs)).toEqual([0.5, 2, Number.NaN])
    expect(rs.map((r) => r.line)).toEqual([1, 3, 4])
    // The column of the "timestamp" key: 2 on lines 1 and 4; on line 3 after `{"executionSeconds":2,` (22 characters) → 23.
    expect(rs.map((r) => r.column)).toEqual([2, 23, 2])
  })

  it("reads ISO-8601 date-times relative to the first", () => {
    const rs = read(
      "iso.jsonl",
      '{"timestamp":"2026-11-23T10:00:00Z"}\n{"timestamp":"2026-11-23T10:00:02.5Z"}\n{"timestamp":"2026-11-23T09:59:59Z"}\n',
      "jsonl"
    )
    expect(times(rs)).toEqual([0, 2.5, -1])
  })

  it("names the line and column of a malformed line without quoting it", () => {
    // `{"timestamp" 1}`: V8 reports position 13 (0-based) → column 14.
    expect(problem("j1.jsonl", '{"timestamp":1}\n{"timestamp" 1}\n', "jsonl")).toBe("j1.jsonl:2:14: invalid JSON: expected ':' after property name")
    expect(problem("j2.jsonl", "5\n", "jsonl")).toBe("j2.jsonl:1:1: expected an object with a timestamp")
    expect(problem("j3.jsonl", '{"time":1}\n', "jsonl")).toBe("j3.jsonl:1:1: timestamp: expected seconds or an ISO-8601 date-time, got null")
    expect(problem("j4.jsonl", '{"timestamp":{"a":1}}\n', "jsonl")).toBe("j4.jsonl:1:2: timestamp: expected seconds or an ISO-8601 date-time, got an object")
    expect(problem("j5.jsonl", '{"timestamp":"yesterday at noon, roughly"}\n', "jsonl")).toBe(
      'j5.jsonl:1:2: timestamp: expected seconds or an ISO-8601 date-time, got "yesterday at noon, r…"'
    )
    // `{"timestamp":1,` is 15 characters, so "executionSeconds" starts at column 16.
    expect(problem("j6.jsonl", '{"timestamp":1,"executionSeconds":"2"}\n', "jsonl")).toBe(
      'j6.jsonl:1:16: executionSeconds: expected a finite number >= 0, got "2"'
    )
    expect(problem("j7.jsonl", '{"timestamp":1,"executionSeconds":-0.5}\n', "jsonl")).toBe(
      "j7.jsonl:1:16: executionSeconds: expected a finite number >= 0, got -0.5"
    )
  })
})

describe("rows: azure2021", () => {
  const trace = "app,func,end_timestamp,duration\na1,f1,10.5,0.5\na2,f2,12,3\n\na1,f2,20,1.25\n"

  it("gives arrival = end − duration, in file order (not sorted)", () => {
    const rs = read("a.csv", trace, "azure2021")
    expect(times(rs)).toEqual([10, 9, 18.75]) // 10.5 − 0.5, 12 − 3, 20 − 1.25
    expect(execs(rs)).toEqual([0.5, 3, 1.25])
    expect(rs.map((r) => r.line)).toEqual([2, 3, 5])
    expect(rs.map((r) => r.column)).toEqual([7, 7, 7]) // the end_timestamp cell, after "a1,f1,"
  })

  it("reads the columns the header names, in any order", () => {
    const rs = read("b.csv", "duration,end_timestamp,func,app\n2,5,f,a\n", "azure2021")
    expect(times(rs)).toEqual([3]) // 5 − 2
    expect(execs(rs)).toEqual([2])
  })

  it("keeps only the apps and functions asked for", () => {
    expect(times(read("c.csv", trace, "azure2021", { apps: ["a1"] }))).toEqual([10, 18.75])
    expect(times(read("c.csv", trace, "azure2021", { functions: ["f2"] }))).toEqual([9, 18.75])
    expect(times(read("c.csv", trace, "azure2021", { apps: ["a1"], functions: ["f2"] }))).toEqual([18.75])
    expect(read("c.csv", trace, "azure2021", { apps: ["nobody"] })).toEqual([])
    // A malformed row of an app left out is never looked at.
    expect(times(read("d.csv", "app,func,end_timestamp,duration\na1,f,4,1\nzz,f,x,-1\n", "azure2021", { apps: ["a1"] }))).toEqual([3])
  })

  it("names the file, line and column of a malformed row", () => {
    const head = "app,func,end_timestamp,duration\n"
    expect(problem("e1.csv", "app,func,end_timestamp\n", "azure2021")).toBe(
      "e1.csv:1:1: expected the Azure 2021 header app,func,end_timestamp,duration, got a header without duration"
    )
    expect(problem("e2.csv", "app,func,duration\n", "azure2021")).toBe(
      "e2.csv:1:1: expected the Azure 2021 header app,func,end_timestamp,duration, got a header without end_timestamp"
    )
    expect(problem("e3.csv", "", "azure2021")).toBe("e3.csv:1:1: the file is empty; expected a header row")
    expect(problem("e4.csv", `${head}a,f,1,1\na,f,x,1\n`, "azure2021")).toBe('e4.csv:3:5: end_timestamp: expected a number of seconds, got "x"')
    expect(problem("e5.csv", `${head}a,f,10,-2\n`, "azure2021")).toBe('e5.csv:2:8: duration: expected a number of seconds >= 0, got "-2"')
    expect(problem("e6.csv", `${head}a,f,10,\n`, "azure2021")).toBe('e6.csv:2:8: duration: expected a number of seconds >= 0, got ""')
    // "a,f" has no end_timestamp cell: the column just past the line (3 characters → 4).
    expect(problem("e7.csv", `${head}a,f\n`, "azure2021")).toBe('e7.csv:2:4: end_timestamp: expected a number of seconds, got ""')
  })
})

describe("fail and TraceProblem", () => {
  it("throws a TraceProblem whose message starts with file:line:column", () => {
    let caught: unknown
    try {
      fail("dir/t.csv", 3, 7, "boom")
    } catch (e) {
      caught = e
    }
    expect(caught).toBeInstanceOf(TraceProblem)
    expect(caught).toBeInstanceOf(Error)
    expect((caught as Error).message).toBe("dir/t.csv:3:7: boom")
  })
})

describe("shown", () => {
  it("quotes a cell of up to 20 characters whole, and a longer one as 20 characters and an ellipsis", () => {
    expect(shown("")).toBe('""')
    expect(shown("12345678901234567890")).toBe('"12345678901234567890"')
    expect(shown("123456789012345678901")).toBe('"12345678901234567890…"')
    expect(shown('a"b\n')).toBe('"a\\"b\\n"')
  })

  test.prop([fc.string({ maxLength: 60 })])("is a JSON string of the cell, or of its first 20 characters and …", (s) => {
    const back = JSON.parse(shown(s)) as string
    if (s.length <= 20) expect(back).toBe(s)
    else {
      expect(back).toHaveLength(21)
      expect(back.startsWith(s.slice(0, 20))).toBe(true)
      expect(back.endsWith("…")).toBe(true)
    }
  })
})

describe("headerColumns", () => {
  it("gives each name's first column, trimmed and unquoted, and -1 when absent", () => {
    const col = headerColumns('a,b,a, c ,"d,e",b')
    expect(col("a")).toBe(0) // not 2
    expect(col("b")).toBe(1) // not 5
    expect(col("c")).toBe(3)
    expect(col("d,e")).toBe(4)
    expect(col("d")).toBe(-1)
    expect(col("timestamp")).toBe(-1)
  })

  test.prop([fc.array(fc.constantFrom<string>("x", "y", "z", "w"), { minLength: 1, maxLength: 12 })])("agrees with the first index of each name", (names) => {
    const col = headerColumns(names.join(","))
    for (const n of ["x", "y", "z", "w", "v"]) expect(col(n)).toBe(names.indexOf(n))
  })
})
