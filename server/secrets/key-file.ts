// A key kept in a file of the data folder (0600), made on first use by whichever process needs it first.
import fs from "node:fs";
import path from "node:path";

export function readOrMakeKeyFile(file: string, make: () => string): string {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, `${make()}\n`, { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error; // another process made it first
    }
  }
  return fs.readFileSync(file, "utf8").trim();
}
