// A long text's first lines, for a place that must not grow with it (a 100 KB intent above the chart).
export type Folded = { preview: string; folded: boolean; lines: number; bytes: number };

export function foldText(text: string, maxLines = 4, maxChars = 400): Folded {
  const lines = text.split("\n");
  let preview = lines.slice(0, maxLines).join("\n");
  if (preview.length > maxChars) preview = preview.slice(0, maxChars);
  const folded = preview.length < text.length;
  return { preview: folded ? preview.trimEnd() : text, folded, lines: lines.length, bytes: new TextEncoder().encode(text).length };
}

export function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
}
