// The first bytes of a file as a commit holds it (git cat-file), and its whole size: what a prompt's
// context file is read from, so the working tree (the agent's to change) is never read back.
import type { RepoFileReader } from "../context/read-context-files";
import { runGit } from "./run-git";

export function fileAtCommit(repoDir: string, commit: string): RepoFileReader {
  return async (repoPath, limit) => {
    const read = await runGit(["cat-file", "blob", `${commit}:${repoPath}`], { cwd: repoDir, okCodes: [0, 128], stdoutLimitBytes: limit, timeoutMs: 30_000 });
    if (read.code !== 0) return { missing: `no such file in the repository at ${commit.slice(0, 12)}` };
    return { text: read.stdout, totalBytes: read.stdoutBytes };
  };
}
