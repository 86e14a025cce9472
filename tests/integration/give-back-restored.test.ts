// After a reviewer, the root runner's git puts the worktree back and hands what it restored to the agent user.
// An agent process still running then (a daemon that left its process group with setsid, which `sandbox: none`
// allows, or another goal's agent: goals share the agent user) can swap a folder it owns for a link to anywhere
// in the moment between git's clean and the hand-back. The hand-back once looked each path up by name and
// followed the link: root's files out there became the agent user's (an agent read the data folder's admin
// token and used the API as admin that way). Here the agent user makes that swap in that very moment, and no
// file outside the worktree changes hands, while what git restored inside it is still handed back.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, test } from "node:test";
import { resolveAgentUser } from "../../server/runner/agent-user";
import { giveBackRestored } from "../../server/runner/give-worktree";
import { undoChangesSince, worktreeStatus } from "../../server/workspace/undo-changes";
import { agentWorktree, asAgent } from "../helpers/agent-worktree";

const root = process.getuid?.() === 0;
// Not under /tmp: the agent user must reach it, and /var/tmp is where a real data folder could be.
const dir = fs.mkdtempSync(path.join("/var/tmp", "setpoint-give-back-"));
fs.chmodSync(dir, 0o755);

after(() => fs.rmSync(dir, { recursive: true, force: true }));

test("a folder swapped for a link after the reviewer's undo hands no file outside the worktree to the agent user", {
  skip: !root && "needs root: only a root runner hands files to the agent user",
}, async () => {
  const user = (await resolveAgentUser(() => {}))!;
  // Root's files outside the worktree, named as the files git restores.
  const outside = path.join(dir, "data");
  fs.mkdirSync(outside, { mode: 0o711 });
  for (const name of ["admin-token", "notes.txt"]) fs.writeFileSync(path.join(outside, name), `root's ${name}\n`, { mode: 0o600 });

  const { worktree } = await agentWorktree(dir, { "src/notes.txt": "notes\n", "docs/guide.md": "guide\n" }, user);

  // The reviewer edits two tracked files and leaves an untracked one; the runner undoes all three.
  const before = await worktreeStatus(worktree);
  await asAgent(user, worktree.dir, "echo reviewed >> src/notes.txt && echo reviewed >> docs/guide.md && mkdir z && echo x > z/admin-token");
  const undone = await undoChangesSince(worktree, before);
  assert.deepEqual([...undone].sort(), ["docs/guide.md", "src/notes.txt", "z/admin-token"]);
  assert.equal(fs.statSync(path.join(worktree.dir, "src", "notes.txt")).uid, 0, "git restored it as root");

  // The daemon's move: the untracked folder git cleaned away and a folder it owns become links out.
  await asAgent(user, worktree.dir, `ln -s ${outside} z && mv src src-old && ln -s ${outside} src`);
  await giveBackRestored(worktree.dir, undone, user);

  for (const name of ["admin-token", "notes.txt"]) {
    const stat = fs.statSync(path.join(outside, name));
    assert.equal(stat.uid, 0, `${name} outside the worktree must stay root's`);
    assert.equal(fs.readFileSync(path.join(outside, name), "utf8"), `root's ${name}\n`);
  }
  // What git restored where nothing was swapped is the agent's again, for the layers after the reviewer.
  assert.equal(fs.statSync(path.join(worktree.dir, "docs", "guide.md")).uid, user.uid);
  await asAgent(user, worktree.dir, "echo measured >> docs/guide.md");
});
