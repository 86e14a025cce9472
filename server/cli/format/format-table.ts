// Plain columns as kubectl prints them: left-aligned, three spaces apart, no trailing spaces.
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => cellText(row[column]).length)));
  const line = (cells: readonly string[]) =>
    headers
      .map((_, column) => (column === headers.length - 1 ? cellText(cells[column]) : cellText(cells[column]).padEnd(widths[column])))
      .join("   ")
      .trimEnd();
  return `${[line(headers), ...rows.map(line)].join("\n")}\n`;
}

// A cell is one line: newlines would break the columns.
function cellText(value: string | undefined): string {
  return (value ?? "").replace(/\s*\n\s*/g, " ");
}
