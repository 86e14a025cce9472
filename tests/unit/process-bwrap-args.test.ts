import { test } from "node:test";
import assert from "node:assert/strict";
import { bwrapArgs } from "../../server/process/bwrap-args";
import { sandboxFor, sandboxProblem } from "../../server/process/require-sandbox";

const SHELL = ["/bin/sh", "-c", "npm test"];

// The value after each occurrence of a flag that takes `width` values.
function valuesOf(args: string[], flag: string, width = 1): string[][] {
  return args.flatMap((arg, index) => (arg === flag ? [args.slice(index + 1, index + 1 + width)] : []));
}

test("the root is read-only, the worktree alone writable, /tmp private, and the command comes last after --", () => {
  const args = bwrapArgs({ network: true, writable: ["/work/wt-1"] }, "/work/wt-1", SHELL);
  assert.deepEqual(valuesOf(args, "--ro-bind", 2), [["/", "/"]]);
  assert.deepEqual(valuesOf(args, "--bind", 2), [["/work/wt-1", "/work/wt-1"]]);
  assert.deepEqual(valuesOf(args, "--tmpfs"), [["/tmp"]]);
  assert.deepEqual(valuesOf(args, "--setenv", 2), [["TMPDIR", "/tmp"]]);
  assert.deepEqual(valuesOf(args, "--chdir"), [["/work/wt-1"]]);
  assert.deepEqual(args.slice(args.indexOf("--")), ["--", ...SHELL]);
  assert.equal(args.indexOf("--"), args.length - SHELL.length - 1, "nothing of the command is read as a bwrap option");
});

test("it always dies with its parent, drops every capability and has its own PID namespace", () => {
  const args = bwrapArgs({ network: true, writable: [] }, "/", SHELL);
  for (const flag of ["--die-with-parent", "--unshare-pid", "--dev", "--proc"]) assert.ok(args.includes(flag), flag);
  assert.deepEqual(valuesOf(args, "--cap-drop"), [["ALL"]]);
});

test("network: false cuts the network; true leaves it", () => {
  assert.ok(bwrapArgs({ network: false, writable: [] }, "/", SHELL).includes("--unshare-net"));
  assert.ok(!bwrapArgs({ network: true, writable: [] }, "/", SHELL).includes("--unshare-net"));
});

test("binds come after the private /tmp, so a worktree or prompt folder under /tmp is still there", () => {
  const args = bwrapArgs({ network: true, writable: ["/tmp/work/wt"], readable: ["/tmp/setpoint-prompt-x"] }, "/tmp/work/wt", SHELL);
  const tmpfs = args.indexOf("--tmpfs");
  assert.ok(args.indexOf("--bind") > tmpfs && args.lastIndexOf("--ro-bind") > tmpfs);
  assert.deepEqual(valuesOf(args, "--ro-bind", 2), [
    ["/", "/"],
    ["/tmp/setpoint-prompt-x", "/tmp/setpoint-prompt-x"],
  ]);
  assert.deepEqual(args.slice(0, 3), ["--ro-bind", "/", "/"], "the read-only root comes first");
});

test("a hidden folder (the data folder) is an empty tmpfs, mounted before the worktree inside it is bound back", () => {
  const args = bwrapArgs({ network: true, writable: ["/srv/.data/work/wt", "/srv/.data/work/homes/g"], hidden: ["/srv/.data"] }, "/srv/.data/work/wt", SHELL);
  assert.deepEqual(valuesOf(args, "--tmpfs"), [["/tmp"], ["/srv/.data"]]);
  const hidden = args.lastIndexOf("--tmpfs");
  assert.ok(args.indexOf("--bind") > hidden, "the worktree and the home are bound over the empty folder, not under it");
  assert.deepEqual(valuesOf(args, "--bind", 2), [
    ["/srv/.data/work/wt", "/srv/.data/work/wt"],
    ["/srv/.data/work/homes/g", "/srv/.data/work/homes/g"],
  ]);
});

test("the whole command line, as bwrap reads it: each option then its values, in order", () => {
  assert.deepEqual(bwrapArgs({ network: false, writable: ["/w"], readable: ["/p"] }, "/w", SHELL), [
    "--ro-bind",
    "/",
    "/",
    "--dev",
    "/dev",
    "--proc",
    "/proc",
    "--tmpfs",
    "/tmp",
    "--bind",
    "/w",
    "/w",
    "--ro-bind",
    "/p",
    "/p",
    "--setenv",
    "TMPDIR",
    "/tmp",
    "--unshare-pid",
    "--unshare-ipc",
    "--unshare-net",
    "--cap-drop",
    "ALL",
    "--die-with-parent",
    "--chdir",
    "/w",
    "--",
    "/bin/sh",
    "-c",
    "npm test",
  ]);
});

test("a goal's sandbox keeps the worktree's .git read-only: bound after the writable worktree, over it", () => {
  const sandbox = sandboxFor({ sandbox: "bwrap", network: false }, "/work/wt-1");
  assert.deepEqual(sandbox, { network: false, writable: ["/work/wt-1"], readable: ["/work/wt-1/.git"] });
  const args = bwrapArgs(sandbox!, "/work/wt-1", SHELL);
  assert.ok(args.lastIndexOf("--ro-bind") > args.indexOf("--bind"), "the read-only bind comes last, so it wins");
  assert.deepEqual(valuesOf(args, "--ro-bind", 2).at(-1), ["/work/wt-1/.git", "/work/wt-1/.git"]);
  assert.equal(sandboxFor({ sandbox: "none", network: true }, "/work/wt-1"), undefined);
});

test("a goal without a sandbox needs nothing; one asking for bwrap on a runner without it is told what to install", async () => {
  assert.equal(await sandboxProblem({ sandbox: "none" }, "runner-1", null, "/nonexistent/bwrap"), null);
  assert.equal(
    await sandboxProblem({ sandbox: "bwrap" }, "runner-1", null, "/nonexistent/bwrap"),
    "sandbox: bwrap was asked for but bwrap is not installed on runner runner-1: apt-get install bubblewrap",
  );
});

test("a bwrap that is there but cannot make its namespaces is refused with what it said", async () => {
  const problem = await sandboxProblem({ sandbox: "bwrap" }, "runner-2", null, "/bin/false");
  assert.match(problem ?? "", /^sandbox: bwrap was asked for but bwrap cannot run on runner runner-2: it needs unprivileged user namespaces/);
});
