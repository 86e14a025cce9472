// How a transcript step reads: one line of at most 300 characters, and a file named from the worktree.
import path from "node:path";

const SUMMARY_CHARS = 300;

export function oneLine(text: string): string {
  const line = text.replace(/\s+/g, " ");
  return line.length > SUMMARY_CHARS ? `${line.slice(0, SUMMARY_CHARS)}…` : line;
}

// A path inside the worktree relative to it; any other as it was given.
export function fromWorktree(file: string, cwd: string): string {
  if (!file || !cwd) return file;
  const inside = path.relative(cwd, file);
  return inside && !inside.startsWith("..") && !path.isAbsolute(inside) ? inside : file;
}
