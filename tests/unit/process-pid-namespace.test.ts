// Nothing a command starts outlives it, not even a process that left its process group with setsid (which
// the helper's group kill cannot reach): every command runs as PID 1 of a PID namespace of its own, as the
// runner itself or as another user (a root runner's agent user), and its exit code passes through.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { pidNamespaceFor } from "../../server/process/pid-namespace";
import { runProcess } from "../../server/process/run-process";

const LEFTOVERS = `(setsid sh -c 'sleep 0.3; echo hacked > escaped') & ( sleep 0.3; echo hacked > grouped ) & echo started; exit 7`;
const identities = [
  { name: "as the runner's own user", user: undefined },
  {
    name: "as another, unprivileged user",
    user: process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined,
    skip: process.getuid?.() !== 0 ? "only root can switch users" : false,
  },
];

for (const { name, user, skip } of identities) {
  test(`a command's leftover processes, setsid or not, die with it (${name})`, { skip }, async (t) => {
    const namespace = await pidNamespaceFor(user);
    if ("problem" in namespace) return t.skip(namespace.problem);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pid-namespace-"));
    fs.chmodSync(dir, 0o777);
    const result = await runProcess({ command: LEFTOVERS, cwd: dir, env: { PATH: "/usr/bin:/bin" } as unknown as NodeJS.ProcessEnv, timeoutMs: 10_000, user });
    assert.equal(result.exitCode, 7);
    assert.equal(result.output, "started\n");
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.deepEqual(fs.readdirSync(dir), [], "nothing wrote after the command ended");
  });
}
