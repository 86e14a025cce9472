// Reads spec.context's files for a prompt: a repository path through the caller's reader (the runner's reads
// the iteration's starting commit with git; the web server's preview, which starts no process, the folder's
// checked-out files), an absolute path from this machine once SETPOINT_REPO_ROOTS allows it. Each file is
// cut at its cap, all together at the total cap.
import { constants } from "node:fs";
import fs from "node:fs/promises";
import type { ContextFile } from "../loop/project-context";
import { CONTEXT_LIMITS } from "../spec/context-spec";
import { normaliseRepoPath } from "../evaluation/normalise-repo-path";
import { judgeRepo, repoRoots } from "../workspace/repo-roots";

// Reads at most `limit` bytes of a normalised repository path: the text and the file's whole size, or why not.
export type RepoFileReader = (repoPath: string, limit: number) => Promise<{ text: string; totalBytes: number } | { missing: string }>;

// repo: how to read the repository's files, or why they cannot be read (a preview of a remote repository).
export async function readContextFiles(paths: string[], repo: RepoFileReader | { unreachable: string }): Promise<ContextFile[]> {
  let left: number = CONTEXT_LIMITS.totalBytes;
  const files: ContextFile[] = [];
  for (const name of paths) {
    if (left <= 0) {
      files.push({ name, missing: `the context files reached ${CONTEXT_LIMITS.totalBytes} bytes together` });
      continue;
    }
    const limit = Math.min(CONTEXT_LIMITS.fileBytes, left);
    const file = name.startsWith("/") ? await readAbsolute(name, limit) : await readFromRepo(name, repo, limit);
    if ("text" in file) left -= Buffer.byteLength(file.text, "utf8");
    files.push(file);
  }
  return files;
}

// Apply's check of the absolute context paths, each named by its field (the runner checks again before reading).
export function contextSourceProblems(paths: string[]): { path: string; message: string }[] {
  return paths.flatMap((name, index) => {
    const problem = absoluteProblem(name);
    return problem ? [{ path: `spec.context.${index}`, message: problem }] : [];
  });
}

// An absolute path is read by Setpoint's own process, whose environment and data folder hold its credentials
// (/proc/self/environ): only inside SETPOINT_REPO_ROOTS, which an operator chose, never anywhere while it is unset.
function absoluteProblem(name: string): string | null {
  if (!name.startsWith("/")) return null;
  const roots = repoRoots();
  if (!roots) return `${name} is an absolute path, allowed only inside SETPOINT_REPO_ROOTS, which is not set here; name a file in the repository instead`;
  const verdict = judgeRepo(name, roots);
  return verdict.allowed ? null : verdict.why;
}

async function readFromRepo(name: string, repo: RepoFileReader | { unreachable: string }, limit: number): Promise<ContextFile> {
  if ("unreachable" in repo) return { name, missing: repo.unreachable };
  const normal = normaliseRepoPath(name);
  if (!normal.ok) return { name, missing: normal.reason };
  return { name, ...(await repo(normal.path, limit)) };
}

async function readAbsolute(name: string, limit: number): Promise<ContextFile> {
  const problem = absoluteProblem(name);
  if (problem) return { name, missing: problem };
  const verdict = judgeRepo(name, repoRoots());
  if (!verdict.allowed) return { name, missing: verdict.why };
  let handle: fs.FileHandle | null = null;
  try {
    // The real path that was judged, so a symlink swapped in since leads nowhere else.
    handle = await fs.open(verdict.source, constants.O_RDONLY | constants.O_NOFOLLOW);
    return { name, ...(await readHead(handle, limit)) };
  } catch (error) {
    return { name, missing: cannotRead(error) };
  } finally {
    await handle?.close();
  }
}

// The first `limit` bytes of an open file, in whole characters, and its size.
export async function readHead(handle: fs.FileHandle, limit: number): Promise<{ text: string; totalBytes: number } | { missing: string }> {
  const stat = await handle.stat();
  if (!stat.isFile()) return { missing: "not a file" };
  const buffer = Buffer.alloc(Math.min(limit, stat.size));
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
  return { text: wholeCharacters(buffer.subarray(0, bytesRead)), totalBytes: stat.size };
}

export function cannotRead(error: unknown): string {
  return `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
}

// A cut can land inside a UTF-8 character: drop its partial bytes rather than show a replacement character.
// (A streaming decoder holds a trailing partial character back, and it is never flushed.)
function wholeCharacters(buffer: Buffer): string {
  return new TextDecoder().decode(buffer, { stream: true });
}
