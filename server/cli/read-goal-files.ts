// Expands `apply -f` arguments into the YAML texts to parse: a file, every *.yaml/*.yml of a
// folder (sorted, so applies are repeatable), or stdin for `-`. Each text is bounded in size and
// must be UTF-8 without NUL bytes, so a wrong file (a binary, /dev/zero, a huge log) is a clear error.
import { closeSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import path from "node:path";
import { CliError } from "./cli-error";
import { shorten } from "./shorten";

export type GoalFileText = { source: string; text: string; baseDir: string };

export const STDIN_SOURCE = "<stdin>";
// A goal spec is a few KB; the API takes at most 500 goals in one apply.
export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_FILES = 500;
const GOAL_FILE = "a goal file";

export async function readGoalFiles(args: readonly string[], readStdin: () => Promise<Buffer> = readAllStdin, cwd = process.cwd()): Promise<GoalFileText[]> {
  const files: GoalFileText[] = [];
  const add = (file: GoalFileText) => {
    if (files.length >= MAX_FILES) throw new CliError(`more than ${MAX_FILES} goal files in one apply; apply them in batches`);
    files.push(file);
  };
  for (const arg of args) {
    if (arg === "-") {
      add({ source: STDIN_SOURCE, text: decode(await readStdin(), STDIN_SOURCE), baseDir: cwd });
      continue;
    }
    const shown = shorten(arg);
    const absolute = path.resolve(cwd, arg);
    const kind = statKind(absolute, shown);
    if (kind === "file") {
      add({ source: arg, text: readText(absolute, shown), baseDir: path.dirname(absolute) });
      continue;
    }
    const names = readFolder(absolute, shown)
      .filter((name) => /\.ya?ml$/i.test(name) && statKind(path.join(absolute, name), name) === "file")
      .sort();
    if (names.length === 0) throw new CliError(`${shown}: the folder holds no .yaml or .yml files`);
    for (const name of names)
      add({ source: path.join(arg, name), text: readText(path.join(absolute, name), shorten(path.join(arg, name))), baseDir: absolute });
  }
  return files;
}

// One file, or stdin for `-`, bounded and checked as above: `what` says what the file should be ("a certificate").
export async function readTextArgument(arg: string, what: string, readStdin: () => Promise<Buffer> = readAllStdin, cwd = process.cwd()): Promise<string> {
  if (arg === "-") return decode(await readStdin(), STDIN_SOURCE, what);
  const shown = shorten(arg);
  const absolute = path.resolve(cwd, arg);
  if (statKind(absolute, shown) !== "file") throw new CliError(`${shown}: is a folder; expected ${what}`);
  return readText(absolute, shown, what);
}

function statKind(absolute: string, shown: string): "file" | "folder" {
  try {
    const stats = statSync(absolute);
    if (stats.isDirectory()) return "folder";
    if (stats.isFile()) return "file";
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") throw new CliError(`${shown}: no such file or folder`);
    if (code === "ERR_INVALID_ARG_VALUE" || code === "ERR_INVALID_ARG_TYPE")
      throw new CliError(`${shown}: is not a usable file name (it holds a NUL character)`);
    throw new CliError(`${shown}: cannot read it (${reasonOf(error)})`);
  }
  throw new CliError(`${shown}: is neither a file nor a folder`);
}

function readFolder(absolute: string, shown: string): string[] {
  try {
    return readdirSync(absolute);
  } catch (error) {
    throw new CliError(`${shown}: cannot read the folder (${reasonOf(error)})`);
  }
}

// Reads at most one byte more than allowed: a file that grows, or one in /proc that says it is empty, stays bounded.
function readText(absolute: string, shown: string, what = GOAL_FILE): string {
  let fd: number | undefined;
  try {
    fd = openSync(absolute, "r");
    const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) read = readSync(fd, buffer, length, buffer.length - length, null);
    return decode(buffer.subarray(0, length), shown, what);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${shown}: cannot read it (${reasonOf(error)})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function decode(bytes: Buffer, shown: string, what = GOAL_FILE): string {
  if (bytes.length > MAX_FILE_BYTES) throw new CliError(`${shown}: is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB; ${what} is a few KB`);
  const nul = bytes.indexOf(0);
  if (nul !== -1) throw new CliError(`${shown}: holds a NUL byte at line ${lineAt(bytes, nul)}; ${what} is UTF-8 text`);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const lenient = new TextDecoder("utf-8").decode(bytes);
    const line = lenient.slice(0, lenient.indexOf("\uFFFD")).split("\n").length;
    throw new CliError(`${shown}: is not valid UTF-8 (line ${line}); ${what} is UTF-8 text`);
  }
}

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let at = bytes.indexOf(10); at !== -1 && at < offset; at = bytes.indexOf(10, at + 1)) line++;
  return line;
}

function reasonOf(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return code ?? shorten(String(message), 200);
}

async function readAllStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    length += (chunk as Buffer).length;
    if (length > MAX_FILE_BYTES) break; // decode() says it is too large
  }
  return Buffer.concat(chunks);
}
