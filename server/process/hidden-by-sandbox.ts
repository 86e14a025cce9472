// Why a command that exists on the runner's machine is "not found" inside `sandbox: bwrap`: the sandbox
// sees the file system read-only but with a private, empty /tmp and the data folder hidden, so an
// executable installed there (npm i -g with a /tmp prefix, a CLI unpacked in /tmp) is not there for it.
// Null when the executable is not found outside either, or is visible inside (then "not found" is true).
import fs from "node:fs";
import type { Sandbox } from "./bwrap-args";
import { findOnPath } from "./find-on-path";

const PRIVATE_TMP = "/tmp";

export function hiddenBySandbox(executable: string, env: NodeJS.ProcessEnv, sandbox: Sandbox, cwd: string): string | null {
  const found = findOnPath(executable, env.PATH ?? "", cwd);
  if (!found) return null;
  // The path as named and where its links lead: both must be inside for the sandbox to run it.
  const real = safeRealpath(found);
  const unseen = [found, real].find((each) => each !== null && !visibleInSandbox(each, sandbox));
  if (!unseen) return null;
  const where = unseen === found ? found : `${found} (a link to ${unseen})`;
  const why = underAny(unseen, sandbox.hidden ?? [])
    ? "the sandbox hides that folder"
    : `sandbox: bwrap gives every command a private, empty ${PRIVATE_TMP}, so nothing installed under ${PRIVATE_TMP} on the runner's machine is seen inside`;
  return `${executable} exists outside the sandbox at ${where}, but not inside it: ${why}. Install it outside ${PRIVATE_TMP} (e.g. bash scripts/install-agent-clis.sh installs into /opt/setpoint/agent-clis) and point agent.command or PATH there`;
}

function visibleInSandbox(file: string, sandbox: Sandbox): boolean {
  if (underAny(file, sandbox.hidden ?? [])) return false;
  if (underAny(file, [...sandbox.writable, ...(sandbox.readable ?? [])])) return true;
  return !underAny(file, [PRIVATE_TMP]);
}

function underAny(file: string, folders: string[]): boolean {
  return folders.some((folder) => file === folder || file.startsWith(folder.endsWith("/") ? folder : `${folder}/`));
}

function safeRealpath(file: string): string | null {
  try {
    return fs.realpathSync(file);
  } catch {
    return null;
  }
}
