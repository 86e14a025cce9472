// Where a command named without a folder would be found, as execvp looks for it: the first executable file of
// that name in PATH's folders. Null when there is none.
import fs from "node:fs";
import path from "node:path";

export function findOnPath(executable: string, searchPath: string, cwd: string): string | null {
  if (executable.includes("/")) {
    const file = path.resolve(cwd, executable);
    return isExecutableFile(file) ? file : null;
  }
  for (const dir of searchPath.split(":").filter(Boolean)) {
    const file = path.resolve(cwd, dir, executable);
    if (isExecutableFile(file)) return file;
  }
  return null;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
