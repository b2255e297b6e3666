/**
 * Table: plain-text tables for the terminal: the first column left-aligned, the others right-aligned
 * (numbers), columns two spaces apart. Pure.
 */

/** The header and rows as aligned lines. */
export const alignedTable = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): Array<string> => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: ReadonlyArray<string>) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd()
  return [line(header), ...rows.map(line)]
}
