// Server-only: colours a parsed diff's code with highlight.js, chosen by the file's extension.
// Each hunk's old and new sides are highlighted as whole texts (so a comment spanning lines stays a
// comment), then cut back into lines.
import hljs from "highlight.js";
import type { DiffFile, DiffHunk } from "./parse-diff";

const BY_NAME: Record<string, string> = { makefile: "makefile", dockerfile: "dockerfile", "cmakelists.txt": "cmake", gemfile: "ruby", rakefile: "ruby" };
const MAX_HIGHLIGHT_CHARS = 200_000; // past this a hunk is shown plain: colouring it would stall the page
const MAX_LINE_CHARS = 2_000;

export function languageFor(path: string): string | null {
  const base = path.split("/").pop()?.toLowerCase() ?? "";
  if (BY_NAME[base]) return BY_NAME[base];
  const dot = base.lastIndexOf(".");
  if (dot < 0) return null;
  const extension = base.slice(dot + 1);
  return hljs.getLanguage(extension) ? extension : null;
}

// One HTML string per hunk line (escaped text with highlight.js spans); notes keep their plain text.
export function highlightHunk(hunk: DiffHunk, language: string | null): string[] {
  const oldSide = hunk.lines.filter((line) => line.kind === "context" || line.kind === "del").map((line) => line.text);
  const newSide = hunk.lines.filter((line) => line.kind === "context" || line.kind === "add").map((line) => line.text);
  const oldHtml = highlightLines(oldSide, language);
  const newHtml = highlightLines(newSide, language);
  let oldAt = 0;
  let newAt = 0;
  return hunk.lines.map((line) => {
    if (line.kind === "note") return escapeHtml(line.text);
    if (line.kind === "del") return oldHtml[oldAt++];
    if (line.kind === "add") return newHtml[newAt++];
    oldAt++;
    return newHtml[newAt++];
  });
}

// `plain` skips colouring (escaping only): the page's colouring budget is spent.
export function highlightFile(file: DiffFile, plain = false): string[][] {
  const language = plain ? null : languageFor(file.path);
  return file.hunks.map((hunk) => highlightHunk(hunk, language));
}

function highlightLines(lines: string[], language: string | null): string[] {
  const text = lines.join("\n");
  const tooBig = text.length > MAX_HIGHLIGHT_CHARS || lines.some((line) => line.length > MAX_LINE_CHARS);
  if (!language || tooBig) return lines.map(escapeHtml);
  try {
    return splitHtmlLines(hljs.highlight(text, { language, ignoreIllegals: true }).value, lines.length);
  } catch {
    return lines.map(escapeHtml);
  }
}

// Cuts highlight.js output at newlines, closing the spans open at each cut and reopening them after it.
export function splitHtmlLines(html: string, count: number): string[] {
  const lines: string[] = [];
  const open: string[] = [];
  let current = "";
  for (const token of html.split(/(<span[^>]*>|<\/span>|\n)/)) {
    if (token === "\n") {
      lines.push(current + "</span>".repeat(open.length));
      current = open.join("");
    } else if (token.startsWith("<span")) {
      open.push(token);
      current += token;
    } else if (token === "</span>") {
      open.pop();
      current += token;
    } else {
      current += token;
    }
  }
  lines.push(current);
  while (lines.length < count) lines.push("");
  return lines.slice(0, Math.max(count, 0));
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
