// A command named without a folder is found as execvp finds it: the first executable file of that name in PATH.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { findOnPath } from "../../server/process/find-on-path";

test("the first executable file on PATH is found; a plain file, a folder and a missing name are passed over", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-path-"));
  const [plain, folder, found, later] = ["plain", "folder", "found", "later"].map((name) => {
    fs.mkdirSync(path.join(root, name));
    return path.join(root, name);
  });
  fs.writeFileSync(path.join(plain, "tool"), "#!/bin/sh\n", { mode: 0o644 });
  fs.mkdirSync(path.join(folder, "tool"));
  fs.writeFileSync(path.join(found, "tool"), "#!/bin/sh\n", { mode: 0o755 });
  fs.writeFileSync(path.join(later, "tool"), "#!/bin/sh\n", { mode: 0o755 });
  try {
    assert.equal(findOnPath("tool", [path.join(root, "missing"), plain, folder, found, later].join(":"), "/"), path.join(found, "tool"));
    assert.equal(findOnPath("tool", [plain, folder].join(":"), "/"), null);
    assert.equal(findOnPath("tool", "found", root), path.join(found, "tool"), "a relative folder is read from the working folder");
    assert.equal(findOnPath("./later/tool", "", root), path.join(later, "tool"), "a name with a folder is not looked up on PATH");
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
