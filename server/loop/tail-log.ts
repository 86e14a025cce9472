// A failure explains itself at the end of its log: keep the last lines, whole, within a size.
export type LogTail = { text: string; shownLines: number; totalLines: number; cut: boolean };

export function tailLog(log: string, maxLines: number, maxChars: number): LogTail {
  const lf = log.replace(/\r\n?/g, "\n");
  // Not /\n+$/: over a long run of line breaks before the end, that regex takes quadratic time.
  let end = lf.length;
  while (end > 0 && lf[end - 1] === "\n") end -= 1;
  const trimmed = lf.slice(0, end);
  if (trimmed === "") return { text: "", shownLines: 0, totalLines: 0, cut: false };
  const lines = trimmed.split("\n");
  const kept: string[] = [];
  let size = 0;
  for (let i = lines.length - 1; i >= 0 && kept.length < maxLines; i--) {
    const added = lines[i].length + (kept.length > 0 ? 1 : 0);
    if (size + added > maxChars) {
      // Not even the last line fits whole: keep its end, marked as cut.
      if (kept.length === 0 && maxChars > 1) kept.push(`…${lines[i].slice(lines[i].length - (maxChars - 1))}`);
      break;
    }
    kept.unshift(lines[i]);
    size += added;
  }
  const text = kept.join("\n");
  return { text, shownLines: kept.length, totalLines: lines.length, cut: text !== trimmed };
}
