// git is run from PATH's absolute folders only, found once per PATH and again once it moves: a `git` planted in
// the working folder (an agent's worktree) never runs, whatever PATH holds.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runGit } from "../../server/workspace/run-git";

function planted(dir: string, says: string): void {
  fs.writeFileSync(path.join(dir, "git"), `#!/bin/sh\necho ${says}\n`, { mode: 0o755 });
}

async function withPath<T>(searchPath: string, run: () => Promise<T>): Promise<T> {
  const saved = process.env.PATH;
  process.env.PATH = searchPath;
  try {
    return await run();
  } finally {
    process.env.PATH = saved;
  }
}

test("a git in the working folder is not run when PATH names the working folder (an empty or relative entry)", async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-git-path-"));
  planted(work, "PLANTED");
  try {
    for (const searchPath of [":/usr/bin:/bin", ".:/usr/bin:/bin", "/usr/bin:/bin:"]) {
      const { stdout } = await withPath(searchPath, () => runGit(["--version"], { cwd: work }));
      assert.match(stdout, /^git version /, `PATH=${searchPath}`);
    }
    await assert.rejects(
      withPath(".", () => runGit(["--version"], { cwd: work })),
      /could not run git: it is not in any absolute folder of PATH \(\.\)/,
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test("a git that was found and then removed is looked up again at the next call", async () => {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-git-bin-"));
  planted(bin, "WRAPPER");
  try {
    const searchPath = `${bin}:/usr/bin:/bin`;
    assert.equal((await withPath(searchPath, () => runGit(["--version"], { cwd: bin }))).stdout.trim(), "WRAPPER");
    fs.rmSync(path.join(bin, "git"));
    await assert.rejects(
      withPath(searchPath, () => runGit(["--version"], { cwd: bin })),
      /could not run git/,
    );
    assert.match((await withPath(searchPath, () => runGit(["--version"], { cwd: bin }))).stdout, /^git version /);
  } finally {
    fs.rmSync(bin, { recursive: true, force: true });
  }
});
