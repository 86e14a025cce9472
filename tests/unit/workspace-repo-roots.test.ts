import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { judgeRepo, parseRepoRoots, repoOutsideRoots } from "../../server/workspace/repo-roots";

const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-roots-")));
const allowed = path.join(tmp, "allowed");
const other = path.join(tmp, "other");
fs.mkdirSync(path.join(allowed, "app"), { recursive: true });
fs.mkdirSync(path.join(other, "secret"), { recursive: true });
fs.symlinkSync(path.join(other, "secret"), path.join(allowed, "link-out"));
fs.symlinkSync(path.join(allowed, "app"), path.join(other, "link-in"));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const roots = parseRepoRoots(`${allowed}, https://git.example.com/team/ ,git@github.com:acme/, ssh://git.example.com/srv/repos`);
const allows = (repo: string) => repoOutsideRoots(repo, roots) === null;

test("with no SETPOINT_REPO_ROOTS every repository is allowed", () => {
  assert.equal(parseRepoRoots(undefined), null);
  assert.equal(parseRepoRoots(" , "), null);
  assert.equal(repoOutsideRoots("/anything/at/all", null), null);
  assert.equal(repoOutsideRoots("https://evil.example.com/x.git", null), null);
});

test("a folder inside an allowed root is allowed, the root itself too, and a path not made yet", () => {
  assert.ok(allows(path.join(allowed, "app")));
  assert.ok(allows(allowed));
  assert.ok(allows(path.join(allowed, "not-yet", "repo")));
  assert.ok(allows(`file://${path.join(allowed, "app")}`));
});

test("'..' cannot climb out of a root, however it is written", () => {
  for (const repo of [`${allowed}/../other/secret`, `${allowed}/app/../../other/secret`, `${allowed}/./../other`]) {
    const why = repoOutsideRoots(repo, roots);
    assert.ok(why, repo);
    assert.match(why!, /is outside every allowed repository root; the allowed roots \(SETPOINT_REPO_ROOTS\) are /);
  }
});

test("a symlink inside a root that leads out of it is judged by where it leads", () => {
  assert.match(repoOutsideRoots(path.join(allowed, "link-out"), roots) ?? "", new RegExp(`\\(${path.join(other, "secret")}\\) is outside`));
  assert.ok(!allows(path.join(allowed, "link-out", "deeper")));
  // And one outside that leads in is allowed: it is the real folder that counts.
  assert.ok(allows(path.join(other, "link-in")));
});

test("a file:// URL may not climb with '..' through a symlink, however the '..' is written", () => {
  // link-out/.. is allowed/ as text, but other/ for git, which follows the link first.
  const written = [
    "../other/secret",
    "link-out/../secret",
    "link-out/%2e%2e/secret",
    "link-out/%2E./secret",
    "link-out/.%2e/secret",
    "link-out\\..\\secret",
    "link-out/%2e%2E%2fsecret",
    "link-out%2f..%5csecret",
    "link-out/.\t./secret",
  ];
  for (const tail of written) {
    for (const repo of [`file://${allowed}/${tail}`, `git+file://${allowed}/${tail}`, `file://localhost${allowed}/${tail}`]) {
      assert.match(repoOutsideRoots(repo, roots) ?? "", /climbs with '\.\.', which is refused while SETPOINT_REPO_ROOTS is set; the allowed roots/, repo);
    }
  }
  // A plain path is judged by its real path, so ".." in one is fine when it stays inside.
  assert.ok(allows(`${allowed}/app/../app`));
});

test("git is handed the real path that was judged, not the spec's words", () => {
  fs.symlinkSync(path.join(allowed, "app"), path.join(allowed, "app-link"));
  assert.deepEqual(judgeRepo(`file://${allowed}/app-link`, roots), { allowed: true, source: pathToFileURL(path.join(allowed, "app")).href });
  assert.deepEqual(judgeRepo(path.join(allowed, "app-link"), roots), { allowed: true, source: path.join(allowed, "app") });
  assert.deepEqual(judgeRepo("https://git.example.com/team/app.git", roots), { allowed: true, source: "https://git.example.com/team/app.git" });
  // With no roots set, nothing is judged and the spec's words are used as they are.
  assert.deepEqual(judgeRepo(`file://${allowed}/link-out/../x`, null), { allowed: true, source: `file://${allowed}/link-out/../x` });
});

test("a sibling folder whose name starts like the root is not inside it", () => {
  fs.mkdirSync(`${allowed}-evil`, { recursive: true });
  assert.ok(!allows(`${allowed}-evil`));
});

test("a URL is allowed under a prefix on a path boundary, with credentials and case of the host ignored", () => {
  assert.ok(allows("https://git.example.com/team/app.git"));
  assert.ok(allows("https://token@GIT.example.com/team/app.git"));
  assert.ok(allows("git+https://git.example.com/team/app.git"));
  assert.ok(allows("git@github.com:acme/app.git"));
  assert.ok(allows("ssh://git.example.com/srv/repos/app.git"));
  assert.ok(!allows("ssh://git.example.com/srv/repos-evil/app.git"));
  assert.ok(!allows("https://git.example.com/other/app.git"));
  assert.ok(!allows("https://git.example.com.evil.net/team/app.git"));
  assert.ok(!allows("http://git.example.com/team/app.git"));
  assert.ok(!allows("https://git.example.com/team@evil.net/x"));
  // scp-like paths are relative to a home folder: not the same as an ssh:// path.
  assert.ok(!allows("ssh://github.com/acme/app.git"));
  assert.ok(!allows("git@github.com:acme-evil/app.git"));
});

test("a URL that climbs with '..', plain or percent-encoded, is refused", () => {
  for (const repo of [
    "https://git.example.com/team/../other/x.git",
    "https://git.example.com/team/%2e%2e/other/x.git",
    "https://git.example.com/team/%2E./x",
    "git@github.com:acme/../evil/x.git",
    "https://git.example.com/team\\..\\other\\x.git",
  ]) {
    assert.match(repoOutsideRoots(repo, roots) ?? "", /climbs with '\.\.'|outside every allowed/, repo);
  }
});

test("a root that is a URL with '..' is a configuration error, said with the variable's name", () => {
  assert.throws(() => parseRepoRoots("https://git.example.com/a/../b"), /SETPOINT_REPO_ROOTS: 'https:\/\/git.example.com\/a\/..\/b' climbs with '..'/);
});
