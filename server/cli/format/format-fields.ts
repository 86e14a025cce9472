// Text laid out the way `describe` lays it out.

// Label: value pairs with the values in one column; a multi-line value continues under itself.
export function fields(pairs: readonly (readonly [string, string])[], prefix = "", minWidth = 0): string {
  const width = Math.max(minWidth, ...pairs.map(([label]) => label.length + 2));
  return `${pairs
    .map(([label, value]) => {
      const lines = value.trim().split("\n");
      const head = `${prefix}${`${label}:`.padEnd(width)}${lines[0]}`;
      const rest = lines.slice(1).map((line) => `${prefix}${" ".repeat(width)}${line}`);
      return [head, ...rest].map((line) => line.trimEnd()).join("\n");
    })
    .join("\n")}\n`;
}

export function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => (line ? `  ${line}` : line))
    .join("\n");
}
