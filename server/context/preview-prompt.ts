// The prompt iteration 1 would get, for a manifest in the form, without running anything: the goal's intent,
// targets (not measured yet) and project knowledge. The web server starts no process (no git), so context
// files are read from the repository's folder as checked out, when it is a folder on this machine; a runner
// reads them from the starting commit. A remote repository's files are said to be read when it runs.
import { constants, existsSync, realpathSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { isInside } from "../evaluation/hidden-source";
import { validateManifest } from "../goals/apply-goal";
import { buildPrompt } from "../loop/build-prompt";
import type { ProjectContext } from "../loop/project-context";
import { isGitUrl } from "../workspace/is-git-url";
import { cannotRead, readContextFiles, readHead, type RepoFileReader } from "./read-context-files";

export type PromptPreview = { prompt: string; repository: { read: true; folder: string } | { read: false; why: string } };

// An invalid manifest throws the same UserError (with field issues) that apply would.
export async function previewPrompt(input: unknown): Promise<PromptPreview> {
  const manifest = validateManifest(input);
  const { spec } = manifest;
  const folder = repositoryFolder(spec.workspace.repo);
  const context: ProjectContext | null =
    spec.context.length === 0 && !spec.contextCommand
      ? null
      : {
          files: await readContextFiles(
            spec.context,
            "dir" in folder ? checkedOutFiles(folder.dir) : { unreachable: `read when the iteration runs: ${folder.why}` },
          ),
          command: spec.contextCommand
            ? { command: spec.contextCommand, notRun: "its output is added when the iteration runs, from its worktree; the preview runs nothing" }
            : null,
        };
  const prompt = buildPrompt({
    goal: manifest.metadata.name,
    spec,
    iteration: 1,
    fromIteration: 0,
    previous: null,
    best: null,
    rejection: null,
    reverted: null,
    denied: null,
    context,
  });
  return { prompt, repository: "dir" in folder ? { read: true, folder: folder.dir } : { read: false, why: folder.why } };
}

// The repository's real folder when it is a git repository's top folder on this machine (apply's checks,
// SETPOINT_REPO_ROOTS included, have passed).
function repositoryFolder(repo: string): { dir: string } | { why: string } {
  if (isGitUrl(repo) || /^[a-z][a-z0-9+.-]*:\/\//i.test(repo)) return { why: `${repo} is a URL, cloned only by a runner` };
  let dir: string;
  try {
    dir = realpathSync(repo);
  } catch {
    return { why: `${repo} is not a folder on this server` };
  }
  if (!existsSync(path.join(dir, ".git"))) return { why: `${repo} is not the top folder of a git repository on this server` };
  return { dir };
}

// A file of the folder as checked out, never through a symlink leading out of it.
function checkedOutFiles(dir: string): RepoFileReader {
  return async (repoPath, limit) => {
    let real: string;
    try {
      real = await fs.realpath(path.join(dir, repoPath));
    } catch {
      return { missing: `no such file in ${dir}` };
    }
    if (!isInside(real, dir) || isInside(real, path.join(dir, ".git"))) return { missing: "a symlink leading out of the repository" };
    let handle: fs.FileHandle | null = null;
    try {
      handle = await fs.open(real, constants.O_RDONLY | constants.O_NOFOLLOW);
      return await readHead(handle, limit);
    } catch (error) {
      return { missing: cannotRead(error) };
    } finally {
      await handle?.close();
    }
  };
}
