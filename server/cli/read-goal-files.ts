// Expands `apply -f` arguments into the YAML texts to parse: a file, every *.yaml/*.yml of a
// folder (sorted, so applies are repeatable), or stdin for `-`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { CliError } from "./cli-error";

export type GoalFileText = { source: string; text: string; baseDir: string };

export const STDIN_SOURCE = "<stdin>";

export async function readGoalFiles(args: readonly string[], readStdin: () => Promise<string> = readAllStdin, cwd = process.cwd()): Promise<GoalFileText[]> {
  const files: GoalFileText[] = [];
  for (const arg of args) {
    if (arg === "-") {
      files.push({ source: STDIN_SOURCE, text: await readStdin(), baseDir: cwd });
      continue;
    }
    const absolute = path.resolve(cwd, arg);
    const kind = statKind(absolute, arg);
    if (kind === "file") {
      files.push({ source: arg, text: readText(absolute, arg), baseDir: path.dirname(absolute) });
      continue;
    }
    const names = readdirSync(absolute).filter((name) => /\.ya?ml$/i.test(name) && statKind(path.join(absolute, name), name) === "file").sort();
    if (names.length === 0) throw new CliError(`${arg}: the folder holds no .yaml or .yml files`);
    for (const name of names) files.push({ source: path.join(arg, name), text: readText(path.join(absolute, name), name), baseDir: absolute });
  }
  return files;
}

function statKind(absolute: string, shown: string): "file" | "folder" {
  try {
    const stats = statSync(absolute);
    if (stats.isDirectory()) return "folder";
    if (stats.isFile()) return "file";
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new CliError(`${shown}: no such file or folder`);
    throw new CliError(`${shown}: cannot read it (${(error as Error).message})`);
  }
  throw new CliError(`${shown}: is neither a file nor a folder`);
}

function readText(absolute: string, shown: string): string {
  try {
    return readFileSync(absolute, "utf8");
  } catch (error) {
    throw new CliError(`${shown}: cannot read it (${(error as Error).message})`);
  }
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
