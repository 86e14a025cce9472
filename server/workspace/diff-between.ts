// What an iteration changed, per file and as a patch, capped so a huge change cannot flood the database or UI.
import { runGit } from "./run-git";
import { isFullSha, resolveCommit } from "./resolve-commit";

export type FileChange = { path: string; added: number; deleted: number; binary: boolean; from?: string }; // from: a rename's old path

export type DiffSummary = {
  files: FileChange[];
  diff: string; // unified diff, at most limitBytes of it, then a line saying where it was cut
  truncated: boolean;
};

export async function diffBetween(repoDir: string, from: string, to: string, limitBytes: number): Promise<DiffSummary> {
  if (!Number.isInteger(limitBytes) || limitBytes < 0) throw new Error(`limitBytes must be a non-negative integer, got ${limitBytes}`);
  const fromSha = isFullSha(from) ? from : await resolveCommit(repoDir, from);
  const toSha = isFullSha(to) ? to : await resolveCommit(repoDir, to);
  if (fromSha === toSha) return { files: [], diff: "", truncated: false };
  const common = ["diff", "--no-color", "--no-ext-diff", "--no-textconv", "-M"];
  const numstat = await runGit([...common, "--numstat", "-z", fromSha, toSha], { cwd: repoDir });
  const patch = await runGit([...common, fromSha, toSha], { cwd: repoDir, stdoutLimitBytes: limitBytes });
  if (!patch.truncated) return { files: parseNumstat(numstat.stdout), diff: patch.stdout, truncated: false };
  const kept = cutAtLineEnd(patch.stdout);
  const note = `[diff truncated: showing the first ${Buffer.byteLength(kept)} of ${patch.stdoutBytes} bytes]\n`;
  return { files: parseNumstat(numstat.stdout), diff: `${kept}${kept.endsWith("\n") || kept === "" ? "" : "\n"}${note}`, truncated: true };
}

// `--numstat -z` records: "added\tdeleted\tpath\0", or for a rename "added\tdeleted\t\0old\0new\0";
// binary files show "-" for both counts.
export function parseNumstat(output: string): FileChange[] {
  const parts = output.split("\0");
  const files: FileChange[] = [];
  for (let i = 0; i < parts.length; ) {
    const match = /^(\d+|-)\t(\d+|-)\t([\s\S]*)$/.exec(parts[i]);
    if (!match) {
      i++;
      continue;
    }
    const [, added, deleted, inline] = match;
    const renamed = inline === "";
    const file = renamed ? parts[i + 2] : inline;
    const from = parts[i + 1];
    i += renamed ? 3 : 1;
    const binary = added === "-" && deleted === "-";
    const counts = { added: binary ? 0 : Number(added), deleted: binary ? 0 : Number(deleted), binary };
    files.push(renamed ? { path: file, ...counts, from } : { path: file, ...counts });
  }
  return files;
}

// Prefer ending on a whole line, unless that would throw away more than half of what was kept.
function cutAtLineEnd(text: string): string {
  const lastNewline = text.lastIndexOf("\n");
  return lastNewline >= text.length / 2 ? text.slice(0, lastNewline + 1) : text;
}
