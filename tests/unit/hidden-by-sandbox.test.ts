// Why "not found" under bwrap: an executable the runner's machine has where the sandbox cannot see it.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { hiddenBySandbox } from "../../server/process/hidden-by-sandbox";

function executableIn(dir: string, name = "agent-cli"): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, "#!/bin/sh\n", { mode: 0o755 });
  return file;
}

test("an executable under the host's /tmp, found on PATH or by its path, is said to be outside the sandbox", () => {
  const dir = fs.mkdtempSync(path.join("/tmp", "setpoint-hidden-"));
  const file = executableIn(dir);
  const sandbox = { network: false, writable: ["/work/tree"] };
  assert.match(
    hiddenBySandbox("agent-cli", { PATH: `${dir}:/usr/bin` } as unknown as NodeJS.ProcessEnv, sandbox, "/work/tree") ?? "",
    new RegExp(`^agent-cli exists outside the sandbox at ${file}, but not inside it: sandbox: bwrap gives every command a private, empty /tmp`),
  );
  assert.match(hiddenBySandbox(file, {} as NodeJS.ProcessEnv, sandbox, "/work/tree") ?? "", /exists outside the sandbox/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("one bound into the sandbox (the worktree), or outside /tmp, is not hidden; one in a hidden folder is, and says so", () => {
  const dir = fs.mkdtempSync(path.join("/tmp", "setpoint-bound-"));
  const file = executableIn(dir);
  assert.equal(hiddenBySandbox(file, {} as NodeJS.ProcessEnv, { network: false, writable: [dir] }, dir), null);
  assert.equal(hiddenBySandbox("sh", { PATH: "/bin:/usr/bin" } as unknown as NodeJS.ProcessEnv, { network: false, writable: [dir] }, dir), null);
  assert.equal(
    hiddenBySandbox("no-such-cli-anywhere", { PATH: "/bin:/usr/bin" } as unknown as NodeJS.ProcessEnv, { network: false, writable: [dir] }, dir),
    null,
  );
  const data = fs.mkdtempSync(path.join(os.homedir(), ".setpoint-hidden-data-"));
  try {
    const inData = executableIn(data);
    assert.match(
      hiddenBySandbox(inData, {} as NodeJS.ProcessEnv, { network: false, writable: [dir], hidden: [data] }, dir) ?? "",
      /but not inside it: the sandbox hides that folder\./,
    );
  } finally {
    fs.rmSync(data, { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
