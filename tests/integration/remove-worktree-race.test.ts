// The root runner removes each iteration's worktree when the iteration ends, and a goal's home when the goal
// is deleted: folders the agent user owns or writes in. An agent process still running then (a daemon that
// left its group with setsid, which `sandbox: none` allows, or another goal's agent) can swap a folder for a
// link while root removes it. `rm -r` by path listed the folder, then removed each entry by its full path
// again, through the link: an agent had root delete every file of a root-only folder that way. Here the agent
// user plays that daemon against a real worktree, and nothing outside it goes.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, test } from "node:test";
import { removeTree } from "../../server/files/remove-tree";
import { resolveAgentUser } from "../../server/runner/agent-user";
import { removeWorktree } from "../../server/workspace/remove-worktree";
import { agentWorktree, asAgent, runAsAgent } from "../helpers/agent-worktree";

const root = process.getuid?.() === 0;
// Not under /tmp: the agent user must reach it, and /var/tmp is where a real data folder could be.
const dir = fs.mkdtempSync(path.join("/var/tmp", "setpoint-remove-race-"));
fs.chmodSync(dir, 0o755);

after(() => fs.rmSync(dir, { recursive: true, force: true }));

test("removing a worktree while an agent process swaps a folder in it for a link deletes nothing outside it", {
  skip: !root && "needs root: only a root runner removes what the agent user owns",
}, async () => {
  const user = (await resolveAgentUser(() => {}))!;
  const outside = path.join(dir, "data");
  fs.mkdirSync(outside, { mode: 0o700 });
  for (const name of ["precious", "admin-token"]) fs.writeFileSync(path.join(outside, name), `root's ${name}\n`, { mode: 0o600 });

  // On a busy machine the daemon may wake only once the folder is gone; it gets three tries to swap it midway.
  let swappedMidway = false;
  for (let attempt = 1; attempt <= 3 && !swappedMidway; attempt++) {
    const place = path.join(dir, `attempt-${attempt}`);
    fs.mkdirSync(place, { mode: 0o755 });
    const { repo, worktree } = await agentWorktree(place, { "README.md": "a repository\n" }, user);
    // The agent's folder: many files, and two named as root's files out there.
    await asAgent(user, worktree.dir, 'mkdir d && cd d && seq -f "f%05g" 1 20000 | xargs touch && touch precious admin-token');
    // The daemon: as soon as root's removal takes the first file it listed, d becomes a link out.
    const ready = path.join(worktree.dir, ".daemon-ready"); // where the agent user may write
    const daemon = runAsAgent(
      user,
      worktree.dir,
      `first=$(ls -U d | head -1); : > ${ready}; while [ -e "d/$first" ]; do :; done; mv d d.old && ln -s ${outside} d`,
    );
    for (let waited = 0; !fs.existsSync(ready); waited += 10) {
      assert.ok(waited < 30_000, "the daemon started");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await removeWorktree(repo, worktree.dir).catch(() => {}); // a folder swapped under it may fail to go; that is not the point
    swappedMidway = (await daemon).exitCode === 0;
    assert.deepEqual(fs.readdirSync(outside).sort(), ["admin-token", "precious"], "root's files outside the worktree are all still there");
    assert.equal(fs.readFileSync(path.join(outside, "precious"), "utf8"), "root's precious\n");
    // Once nothing runs in it any more, it goes whole, and the link's target stays.
    await removeWorktree(repo, worktree.dir);
    assert.equal(fs.existsSync(worktree.dir), false);
    assert.deepEqual(fs.readdirSync(outside).sort(), ["admin-token", "precious"]);
  }
  assert.ok(swappedMidway, "the daemon swapped d for a link while root was removing it");
});

test("a tree goes whole, its links removed and never followed, and a missing one is no error", async () => {
  const outside = path.join(dir, "kept");
  fs.mkdirSync(path.join(outside, "inner"), { recursive: true });
  fs.writeFileSync(path.join(outside, "inner", "file"), "kept\n");
  const tree = path.join(dir, "tree");
  fs.mkdirSync(path.join(tree, "a", "b", "c"), { recursive: true });
  fs.writeFileSync(path.join(tree, "a", "b", "c", "file"), "x");
  fs.symlinkSync(outside, path.join(tree, "a", "to-outside"));
  fs.symlinkSync(path.join(outside, "inner", "file"), path.join(tree, "file-link"));

  await removeTree(tree);
  assert.equal(fs.existsSync(tree), false);
  assert.equal(fs.readFileSync(path.join(outside, "inner", "file"), "utf8"), "kept\n");
  await removeTree(tree);
  await removeTree(path.join(dir, "never-made"));
});
