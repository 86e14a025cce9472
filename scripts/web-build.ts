// Builds the dashboard when its sources changed since the last build, so `npm start` on a fresh
// clone (or after a pull) serves current pages without a separate build step.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const SOURCES = ["app", "components", "server", "public", "next.config.ts", "postcss.config.mjs", "package-lock.json", "tsconfig.json"];
const STAMP = ".next/setpoint-source-hash";

export async function ensureWebBuild(root: string, say: (line: string) => void): Promise<void> {
  const hash = sourceHash(root);
  const stamp = path.join(root, STAMP);
  if (fs.existsSync(path.join(root, ".next/BUILD_ID")) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === hash) return;
  say("building the dashboard (only when its sources changed; about a minute)…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error("the dashboard build failed (see the output above)");
  fs.writeFileSync(stamp, hash);
}

function sourceHash(root: string): string {
  const hash = crypto.createHash("sha256");
  for (const entry of SOURCES) visit(path.join(root, entry), hash);
  return hash.digest("hex");
}

function visit(file: string, hash: crypto.Hash): void {
  // Outputs, not sources: the Prisma client, and the runner's bundle (rebuilt at every start).
  if (!fs.existsSync(file) || file.includes(`${path.sep}generated`) || file.includes(`${path.sep}.build`)) return;
  const stat = fs.statSync(file);
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(file).sort()) visit(path.join(file, name), hash);
  } else {
    hash.update(`${file}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
}
