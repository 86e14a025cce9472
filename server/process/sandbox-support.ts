// Whether `sandbox: bwrap` works on the machine this server runs on: the form proposes it for new goals
// when it does, and says why not when it does not. Runners on other machines probe for themselves before
// each goal (require-sandbox.ts); this answers for this one.
import { spawn } from "node:child_process";
import { BWRAP } from "./bwrap-args";
import { probeBwrap, type ProbeRun } from "./probe-bwrap";

export type SandboxSupport = { bwrap: boolean; problem: string | null };

const REPROBE_MS = 5 * 60_000; // someone may install bubblewrap meanwhile
let cached: { at: number; answer: Promise<SandboxSupport> } | null = null;

export function sandboxSupport(now = Date.now()): Promise<SandboxSupport> {
  if (cached && now - cached.at < REPROBE_MS) return cached.answer;
  const answer = probeBwrap(BWRAP, "this server", runDirectly).then((problem) => ({ bwrap: problem === null, problem }));
  cached = { at: now, answer };
  return answer;
}

// The web server spawns nothing else, so no spawn helper: one small child, its output kept for the reason.
// As root it asks as an unprivileged user (nobody): a root runner starts bwrap as its agent user, which
// needs unprivileged user namespaces where root would not.
const runDirectly: ProbeRun = (file, args) =>
  new Promise((resolve, reject) => {
    const unprivileged = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"], timeout: 10_000, ...unprivileged });
    const output: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output: Buffer.concat(output).toString("utf8") }));
  });
