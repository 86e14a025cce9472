// What a goal template reads from a repository's folder: its package manager (from the lockfile), the scripts
// package.json names, whether it has a tsconfig.json, and which test folders exist. Reads files only, runs nothing.
import fs from "node:fs";
import path from "node:path";
import { TemplateError } from "./template-error";

export const PACKAGE_MANAGERS = ["npm", "pnpm", "yarn", "bun"] as const;
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];

export type RepositoryFacts = {
  packageManager: PackageManager;
  lockfile: string | null;
  scripts: Record<string, string>;
  typescript: boolean; // a tsconfig.json at the top
  testFolders: string[]; // test, tests, __tests__ where they exist
};

const LOCKFILES: [string, PackageManager][] = [
  ["pnpm-lock.yaml", "pnpm"],
  ["yarn.lock", "yarn"],
  ["bun.lockb", "bun"],
  ["bun.lock", "bun"],
  ["package-lock.json", "npm"],
];

export function readRepositoryFacts(repo: string): RepositoryFacts {
  if (!fs.statSync(repo, { throwIfNoEntry: false })?.isDirectory()) throw new TemplateError(`${repo} is not a folder on this machine`);
  const exists = (name: string) => fs.existsSync(path.join(repo, name));
  // The runner works on a repository's top folder, never on a folder inside one: say so now, not when the goal runs.
  if (!exists(".git"))
    throw new TemplateError(`${repo} is not the top folder of a git repository (it has no .git): run git init there, or name the repository's top folder`);
  const lock = LOCKFILES.find(([file]) => exists(file)) ?? null;
  return {
    packageManager: lock?.[1] ?? "npm",
    lockfile: lock?.[0] ?? null,
    scripts: readScripts(path.join(repo, "package.json")),
    typescript: exists("tsconfig.json"),
    testFolders: ["test", "tests", "__tests__"].filter(exists),
  };
}

function readScripts(file: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return {}; // no package.json, or one that does not parse: the templates fall back to their defaults
  }
  const scripts = (parsed as { scripts?: unknown } | null)?.scripts;
  if (!scripts || typeof scripts !== "object") return {};
  return Object.fromEntries(Object.entries(scripts).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}
