// A git unified diff (as stored in Iteration.diff) read into files, hunks and numbered lines. Pure.
export type DiffLineKind = "context" | "add" | "del" | "note";
export type DiffLine = { kind: DiffLineKind; text: string; oldNumber: number | null; newNumber: number | null };
export type DiffHunk = { header: string; section: string; oldStart: number; newStart: number; lines: DiffLine[] };
export type DiffFileStatus = "modified" | "added" | "deleted" | "renamed";
export type DiffFile = {
  path: string; // the new path; the old one for a deleted file
  oldPath: string | null; // set when the file was renamed
  status: DiffFileStatus;
  binary: boolean;
  additions: number;
  deletions: number;
  hunks: DiffHunk[];
};
export type ParsedDiff = { files: DiffFile[]; truncated: string | null };

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;
const TRUNCATED = /^\[diff truncated: .*\]$/;

export function parseDiff(diff: string): ParsedDiff {
  const files: DiffFile[] = [];
  let truncated: string | null = null;
  let file: DiffFile | null = null;
  let hunk: DiffHunk | null = null;
  let oldLeft = 0;
  let newLeft = 0;
  let oldLine = 0;
  let newLine = 0;

  const startFile = (path: string): DiffFile => {
    const started: DiffFile = { path, oldPath: null, status: "modified", binary: false, additions: 0, deletions: 0, hunks: [] };
    files.push(started);
    hunk = null;
    return started;
  };

  const lines = diff.split("\n");
  if (lines.at(-1) === "") lines.pop();
  for (const raw of lines) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    // Inside a hunk its header's counts say how many lines belong to it, so "--- x" there is a removed line.
    if (hunk && file && (oldLeft > 0 || newLeft > 0 || line.startsWith("\\"))) {
      const marker = line[0] ?? " "; // some tools strip a context line's trailing space
      if (marker === " " && oldLeft > 0 && newLeft > 0) {
        hunk.lines.push({ kind: "context", text: line.slice(1), oldNumber: oldLine++, newNumber: newLine++ });
        oldLeft--;
        newLeft--;
        continue;
      }
      if (marker === "-" && oldLeft > 0) {
        hunk.lines.push({ kind: "del", text: line.slice(1), oldNumber: oldLine++, newNumber: null });
        oldLeft--;
        file.deletions++;
        continue;
      }
      if (marker === "+" && newLeft > 0) {
        hunk.lines.push({ kind: "add", text: line.slice(1), oldNumber: null, newNumber: newLine++ });
        newLeft--;
        file.additions++;
        continue;
      }
      if (marker === "\\") {
        hunk.lines.push({ kind: "note", text: line.slice(1).trim(), oldNumber: null, newNumber: null });
        continue;
      }
      // Anything else means the hunk was cut short (a truncated diff): read the line as a header.
      oldLeft = 0;
      newLeft = 0;
    }

    if (TRUNCATED.test(line)) {
      truncated = line.slice(1, -1);
      continue;
    }
    const gitHeader = line.match(/^diff --git (.+)$/);
    if (gitHeader) {
      file = startFile(pathFromGitHeader(gitHeader[1]));
      continue;
    }
    const hunkHeader = line.match(HUNK);
    if (hunkHeader && file) {
      oldLine = Number(hunkHeader[1]);
      newLine = Number(hunkHeader[3]);
      oldLeft = hunkHeader[2] === undefined ? 1 : Number(hunkHeader[2]);
      newLeft = hunkHeader[4] === undefined ? 1 : Number(hunkHeader[4]);
      hunk = { header: line, section: hunkHeader[5] ?? "", oldStart: oldLine, newStart: newLine, lines: [] };
      file.hunks.push(hunk);
      continue;
    }
    if (line.startsWith("--- ")) {
      // A plain unified diff (no "diff --git" line) starts its files here.
      if (!file || file.hunks.length > 0) file = startFile(stripPrefix(unquote(line.slice(4))) ?? "");
      const old = stripPrefix(unquote(line.slice(4)));
      if (old === null) file.status = "added";
      else if (!file.path) file.path = old;
      continue;
    }
    if (!file) continue;
    if (line.startsWith("+++ ")) {
      const next = stripPrefix(unquote(line.slice(4)));
      if (next === null) file.status = "deleted";
      else file.path = next;
    } else if (line.startsWith("new file mode")) {
      file.status = "added";
    } else if (line.startsWith("deleted file mode")) {
      file.status = "deleted";
    } else if (line.startsWith("rename from ")) {
      file.oldPath = unquote(line.slice("rename from ".length));
      file.status = "renamed";
    } else if (line.startsWith("rename to ")) {
      file.path = unquote(line.slice("rename to ".length));
      file.status = "renamed";
    } else if (line.startsWith("Binary files ") || line === "GIT binary patch") {
      file.binary = true;
    }
  }
  return { files, truncated };
}

// "a/x b/x" → "x". Paths with spaces are ambiguous here; the ---/+++ lines that follow settle them.
function pathFromGitHeader(rest: string): string {
  const quoted = rest.match(/^"a\/((?:[^"\\]|\\.)*)" /);
  if (quoted) return unquote(`"${quoted[1]}"`);
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest.startsWith("a/") && rest.slice(half + 1).startsWith("b/") && rest.slice(2, half) === rest.slice(half + 3)) {
    return rest.slice(2, half);
  }
  const split = rest.match(/^a\/(.+?) b\//);
  return split ? split[1] : rest;
}

// "a/src/x.ts" → "src/x.ts"; /dev/null → null.
function stripPrefix(path: string): string | null {
  const clean = path.replace(/\t.*$/, ""); // plain diffs may put a timestamp after a tab
  if (clean === "/dev/null") return null;
  return clean.replace(/^[ab]\//, "");
}

// git quotes paths holding special characters C-style: "a/caf\303\251.txt".
function unquote(path: string): string {
  if (!path.startsWith('"') || !path.endsWith('"') || path.length < 2) return path;
  const bytes: number[] = [];
  const body = path.slice(1, -1);
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, "\\": 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char !== "\\") {
      bytes.push(...new TextEncoder().encode(char));
      continue;
    }
    const octal = body.slice(i + 1, i + 4);
    if (/^[0-7]{3}$/.test(octal)) {
      bytes.push(parseInt(octal, 8));
      i += 3;
    } else {
      bytes.push(escapes[body[i + 1]] ?? body.charCodeAt(i + 1));
      i += 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
