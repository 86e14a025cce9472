// Another user (Postgres's, the agents') must pass through every parent folder to reach its files;
// mkdtemp makes 0700 folders and /root is one. Passage is o+x alone: nothing can be listed.
import fs from "node:fs";
import path from "node:path";

// Returns the folders it had to open, so callers can say so.
export function makeTraversable(dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const opened: string[] = [];
  for (let current = path.resolve(dir); current !== path.dirname(current); current = path.dirname(current)) {
    const mode = fs.statSync(current).mode;
    if ((mode & 0o001) === 0) {
      fs.chmodSync(current, mode | 0o001);
      opened.push(current);
    }
  }
  return opened;
}
