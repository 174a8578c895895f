// Plain-text tables for people (the --json forms are for programs).

/**
 * Rows as lines with every column padded to its widest cell, two spaces between columns and no
 * trailing spaces. Cells are ASCII here (serials, dates, fixed words), so width = length.
 */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ").trimEnd());
}
