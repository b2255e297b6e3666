/** Table: terminal tables put the first column left, the others right, two spaces apart, nothing trailing. */
import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { alignedTable } from "../../src/report/Table.ts"

describe("alignedTable", () => {
  it("left-aligns the first column and right-aligns the others, two spaces apart", () => {
    // widths: max("figure", "a", "bb") = 6, max("x", "1.5", "22") = 3, max("$/h", "—", "10.25") = 5
    expect(
      alignedTable(
        ["figure", "x", "$/h"],
        [
          ["a", "1.5", "—"],
          ["bb", "22", "10.25"]
        ]
      )
    ).toEqual(["figure    x    $/h", "a       1.5      —", "bb       22  10.25"])
  })

  it("trims trailing spaces: a short first cell alone on its line has none", () => {
    expect(alignedTable(["name"], [["a"], ["abcdef"]])).toEqual(["name", "a", "abcdef"])
    // the last column is empty everywhere: nothing after the first column
    expect(alignedTable(["k", ""], [["long key", ""]])).toEqual(["k", "long key"])
  })

  it("gives just the header when there are no rows", () => {
    expect(alignedTable(["a", "b"], [])).toEqual(["a  b"])
  })

  const cellText = fc.stringMatching(/^[a-z0-9.,$%—∞±-]{0,9}$/)
  test.prop([
    fc
      .integer({ min: 1, max: 5 })
      .chain((columns) =>
        fc.tuple(
          fc.array(cellText, { minLength: columns, maxLength: columns }),
          fc.array(fc.array(cellText, { minLength: columns, maxLength: columns }), { maxLength: 6 })
        )
      )
  ])("every cell sits in its column: left-padded for the first, right-padded for the others", ([header, rows]) => {
    const lines = alignedTable(header, rows)
    expect(lines).toHaveLength(rows.length + 1)
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
    const total = widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1)
    ;[header, ...rows].forEach((cells, k) => {
      const line = lines[k]!
      expect(line).toBe(line.trimEnd())
      expect(line.length).toBeLessThanOrEqual(total)
      const padded = line.padEnd(total)
      let start = 0
      cells.forEach((cell, i) => {
        const w = widths[i]!
        expect(padded.slice(start, start + w)).toBe(i === 0 ? cell.padEnd(w) : cell.padStart(w))
        if (i > 0) expect(padded.slice(start - 2, start)).toBe("  ")
        start += w + 2
      })
    })
  })
})
